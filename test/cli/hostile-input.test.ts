// Hostile strings at every command-line field: each is refused with a message naming the field, or used only
// as data (a file name), never as code. In-process runs of the real CLI entry, on temp folders.
import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { CliIO } from '../../electron/cli/io';
import { tempDir } from '../support/sim';

const HOSTILE = [
  "'",
  '"',
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '$(calc)',
  '`whoami`',
  ';',
  '|',
  '&&',
  'x\ny',
  '\0',
  '..\\..\\',
  '../',
  '%SystemRoot%',
  '漢字',
  '\u202E',
];
/**
 * Always contains at least one hostile piece that no host name, id or scenario may contain (no plain space: a
 * target is trimmed, and a valid name would be looked up for real), so it is never valid by accident.
 */
const hostile = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 12 }))
  // A leading '-' would make it an option, which is a different (also refused) input.
  .map(([a, h, b]) => (a + h + b).replace(/^-+/, 'x'));
const longString = fc.integer({ min: 300, max: 5000 }).map((n) => 'a'.repeat(n));

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: { ...process.env, RDP_DOCTOR_HOME: cwd, RDP_DOCTOR_SIMULATED: '1' },
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const FIELDS: { name: string; field: string; args: (v: string) => string[] }[] = [
  { name: 'target', field: '--target:', args: (v) => ['diagnose', '--scenario', 'healthy', '--target', v] },
  { name: 'scenario', field: '--scenario', args: (v) => ['diagnose', '--scenario', v] },
  { name: 'report path', field: '--report', args: (v) => ['diagnose', '--scenario', 'healthy', '--report', v] },
  { name: 'check id', field: 'CHECK_ID', args: (v) => ['fix', v, '--scenario', 'healthy'] },
  { name: 'fix id', field: '--fix', args: (v) => ['fix', 'host.rdp-enabled', '--fix', v, '--scenario', 'healthy'] },
  { name: 'journal entry id', field: 'ENTRY_ID', args: (v) => ['rollback', v, '--state', 'x.json'] },
  { name: 'probe target', field: 'target:', args: (v) => ['probe', v] },
];

describe('hostile command-line input', () => {
  for (const f of FIELDS) {
    it(`${f.name}: refused with exit 2 naming ${f.field}, nothing written`, async () => {
      const cwd = tempDir();
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostile, longString), async (value) => {
          const r = await run(f.args(value), cwd);
          expect(r.code, `${JSON.stringify(value)} -> ${r.stderr}`).toBe(2);
          expect(r.stderr.toLowerCase()).toContain(f.field.toLowerCase());
          expect(r.stdout).toBe('');
        }),
        { numRuns: 60 },
      );
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  it('state path: control characters are refused; anything else is only ever a file name', async () => {
    const cwd = tempDir();
    for (const bad of ['a\nb.json', 'a\0b.json', 'x'.repeat(2000)]) {
      const r = await run(['diagnose', '--scenario', 'healthy', '--state', bad], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--state');
    }
    const names = ["o'neil$(calc).json", 'a;b|c`d.json', '\u2018q\u2019.json', '漢字.json'];
    for (const name of names) {
      const r = await run(['diagnose', '--scenario', 'healthy', '--state', name, '--side', 'host'], cwd);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(path.join(cwd, name))).toBe(true);
    }
  });
});

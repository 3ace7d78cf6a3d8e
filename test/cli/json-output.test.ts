// --json means one JSON document on stdout on every exit, errors included, so a script can always parse
// what it gets; the exit code still says which kind of outcome it was (README: 0, 1, 2, 3).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as runCliInProcess } from '../../electron/cli/main';
import type { CliIO } from '../../electron/cli/io';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

function oneDocument(stdout: string) {
  const lines = stdout.split('\n').filter((l) => l.trim());
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

describe('--json on every exit', () => {
  it.each([
    [['diagnose', '--target', 'bad host', '--json'], 2, '--target'],
    [['diagnose', '--bogus', '--json'], 2, '--bogus'],
    [['fix', 'host.nope', '--json'], 2, 'CHECK_ID'],
    [['rollback', 'not-an-id', '--state', 'x.json', '--json'], 2, 'ENTRY_ID'],
  ])('%j exits %i with an error document naming %s', async (args, code, field) => {
    const dir = tempDir();
    const r = await runCli(args, { cwd: dir, env: { RDP_DOCTOR_HOME: dir } });
    expect(r.code).toBe(code);
    expect(oneDocument(r.stdout)).toMatchObject({ error: { code: 'bad-input', field, message: expect.stringContaining(field) } });
    expect(r.stderr).toContain(field);
  });

  it('fix with nothing to fix, and rollback with nothing to roll back, still print a document', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'h.json');
    const nothing = await runCli(['fix', 'host.rdp-enabled', '--scenario', 'healthy', '--state', state, '--json']);
    expect(nothing.code).toBe(0);
    expect(oneDocument(nothing.stdout)).toMatchObject({ entry: null, finding: { status: 'pass' } });
    const none = await runCli(['rollback', '--last', '--state', state, '--json']);
    expect(none.code).toBe(1);
    expect(oneDocument(none.stdout)).toMatchObject({ entry: null, message: expect.stringMatching(/Nothing to roll back/) });
  });

  it('a failing check without a fix is not called "nothing to fix": exit 1, says to follow the verdict by hand', async () => {
    const state = path.join(tempDir(), 'p.json');
    const r = await runCli(['fix', 'host.port', '--scenario', 'port-mismatch', '--state', state, '--json']);
    expect(r.code).toBe(1);
    const doc = oneDocument(r.stdout);
    expect(doc).toMatchObject({ entry: null, finding: { status: 'fail' } });
    expect(doc.message).not.toMatch(/nothing to fix/);
    expect(doc.message).toMatch(/no automatic fix/);
  });

  it('a refused rollback (already rolled back) prints an error document and exits 1', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'h.json');
    const fix = await runCli(['fix', 'host.rdp-enabled', '--scenario', 'rdp-disabled', '--state', state, '--json']);
    const id = oneDocument(fix.stdout).entry.id;
    expect((await runCli(['rollback', id, '--state', state, '--json'])).code).toBe(0);
    const again = await runCli(['rollback', id, '--state', state, '--json']);
    expect(again.code).toBe(1);
    expect(oneDocument(again.stdout)).toMatchObject({
      error: { code: 'conflict', field: 'entryId', message: expect.stringMatching(/already rolled back/) },
    });
  });

  it('an internal error exits 3 with a document, and no stack trace unless RDP_DOCTOR_DEBUG=1', async () => {
    const { registerCommand } = await import('../../electron/cli/main');
    registerCommand('explode', async () => async () => {
      throw new TypeError('cannot read x of undefined');
    });
    const run = async (env: NodeJS.ProcessEnv) => {
      let out = '';
      let err = '';
      const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false, env, cwd: process.cwd() };
      return { code: await runCliInProcess(['explode', '--json'], io), out, err };
    };
    const plain = await run({});
    expect(plain.code).toBe(3);
    expect(oneDocument(plain.out)).toEqual({ error: { code: 'internal', message: 'internal error: cannot read x of undefined' } });
    expect(plain.err).not.toMatch(/\n\s+at /);
    expect((await run({ RDP_DOCTOR_DEBUG: '1' })).err).toMatch(/\n\s+at /);
  });

  it('no command at all is a usage error: help on stderr, exit 2, nothing on stdout', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage:/);
  });
});

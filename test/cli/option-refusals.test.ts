// Options that would otherwise be silently ignored or overridden: refused with the field named, nothing changed.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

describe('fix --revert-after on a fix that does not lower security', () => {
  it.each([[[]], [['--fix', 'enable-rdp-rules']]])(
    'is refused (exit 2, --revert-after) naming the fixes it is for; no state file %j',
    async (fixArgs) => {
      const dir = tempDir();
      const state = path.join(dir, 'ra.json');
      const args = [
        'fix',
        'host.firewall',
        ...fixArgs,
        '--scenario',
        'firewall-blocked',
        '--state',
        state,
        '--revert-after',
        '5m',
        '--json',
      ];
      const r = await runCli(args);
      expect(r.code).toBe(2);
      const error = JSON.parse(r.stdout).error;
      expect(error).toMatchObject({ code: 'bad-input', field: '--revert-after' });
      expect(error.message).toMatch(/only for fixes that lower security \(.*host\.nla --fix disable-nla.*\)/);
      expect(existsSync(state)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('a single-value option given twice', () => {
  it.each([
    [['fix', 'host.firewall', '--scenario', 'firewall-blocked', '--fix', 'enable-rdp-rules', '--fix', 'x'], '--fix'],
    [['diagnose', '--scenario', 'healthy', '--scenario', 'expired-cert'], '--scenario'],
  ])('%j is refused naming %s', async (args, field) => {
    const r = await runCli([...args, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'bad-input', field });
    expect(r.stderr).toContain(`${field}: given more than once`);
  });

  it('a boolean flag twice is harmless and accepted', async () => {
    const r = await runCli(['diagnose', '--scenario', 'healthy', '--side', 'host', '--json', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});

// Each refusal scenario of issue 14 fails exactly its check through the real CLI process.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

describe.each([
  ['user-not-allowed', 'host.user-rights'],
  ['session-limit-reached', 'host.session-limits'],
  ['sessions-held-disconnected', 'host.session-limits'],
  ['licensing-grace-expired', 'host.licensing'],
  ['listener-wrong-adapter', 'host.listener'],
])('rdp-doctor diagnose --scenario %s', (scenario, check) => {
  it(`fails exactly ${check}`, async () => {
    const r = await runCli(['diagnose', '--scenario', scenario, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    const bad = doc.findings
      .filter((f: { status: string }) => f.status === 'fail' || f.status === 'warn' || f.status === 'error')
      .map((f: { id: string }) => f.id);
    expect(bad).toEqual([check]);
    expect(doc.causes[0].checkId).toBe(check);
  });
});

describe('rdp-doctor fix host.session-limits --session ID', () => {
  const args = (state: string, ...more: string[]) => [
    'fix',
    'host.session-limits',
    '--scenario',
    'sessions-held-disconnected',
    '--state',
    state,
    '--yes',
    '--json',
    ...more,
  ];
  const sessionsIn = (state: string) =>
    (JSON.parse(readFileSync(state, 'utf8')) as { state: { sessions: { id: number }[] } }).state.sessions.map((s) => s.id);

  it('logs off exactly the session given, records it in the journal and says so', async () => {
    const state = path.join(tempDir(), 'state.json');
    const r = await runCli(args(state, '--session', '4'));
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.journalEntry.params).toEqual({ session: 4 });
    expect(doc.journalEntry.changes[0].what).toBe('Session 4 of CORP\\m.kuhn');
    expect(sessionsIn(state)).toContain(2);
    expect(sessionsIn(state)).not.toContain(4);
  });

  it.each([
    ['abc', /expected a whole number from 0 to 65535/],
    ['9', /session 9 is not a disconnected session .*disconnected now: 2, 4/],
  ])('--session %s exits 2 naming --session and changes nothing', async (value, message) => {
    const state = path.join(tempDir(), 'state.json');
    const r = await runCli(args(state, '--session', value));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ field: '--session', message: expect.stringMatching(message) });
    if (existsSync(state)) expect(sessionsIn(state)).toEqual(expect.arrayContaining([2, 4]));
  });

  it('--help documents --session', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/--session ID/);
  });
});

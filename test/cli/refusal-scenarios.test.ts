// Each refusal scenario of issue 14 fails exactly its check through the real CLI process.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

// The event log's evidence of the refusal (Security 4625 0xC000015B, licensing 1069) is a warning of
// host.events that points at the check; the check itself is the one failure and the top cause.
describe.each([
  ['user-not-allowed', 'host.user-rights', true],
  ['session-limit-reached', 'host.session-limits', false],
  ['sessions-held-disconnected', 'host.session-limits', false],
  ['licensing-grace-expired', 'host.licensing', true],
  ['listener-wrong-adapter', 'host.listener', false],
])('rdp-doctor diagnose --scenario %s', (scenario, check, logged) => {
  it(`fails exactly ${check}${logged ? ', and the event log points at it' : ''}`, async () => {
    const r = await runCli(['diagnose', '--scenario', scenario, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; status: string; related: string[] }[]; causes: { checkId: string }[] };
    const having = (...statuses: string[]) => doc.findings.filter((f) => statuses.includes(f.status)).map((f) => f.id);
    expect(having('fail', 'error')).toEqual([check]);
    expect(having('warn')).toEqual(logged ? ['host.events'] : []);
    if (logged) expect(doc.findings.find((f) => f.id === 'host.events')?.related).toContain(check);
    expect(doc.causes[0]?.checkId).toBe(check);
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

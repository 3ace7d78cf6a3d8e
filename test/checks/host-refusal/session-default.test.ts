// "Log off the session disconnected longest" is a default only when the host reported when each session was
// disconnected (WTSINFOW.DisconnectTime). Without those times there is no default: the technician must pick
// (--session on the command line, the dialog's picker), and nothing is logged off on a guess.
import { describe, expect, it } from 'vitest';
import { openSim } from '../../support/sim';

/** sessions-held-disconnected as a host that gave no disconnect times (WTSSessionInfo refused). */
async function withoutTimes() {
  const sim = await openSim('sessions-held-disconnected');
  for (const s of sim.host.state.sessions) s.disconnectedAt = null;
  return sim;
}

describe('host.session-limits: the default session to log off', () => {
  it('with disconnect times, the default is the session disconnected longest, even when it has the higher id', async () => {
    const sim = await openSim('sessions-held-disconnected');
    // Session 4 has the lower id once renumbered, yet 2 was disconnected earlier: the time decides.
    const s4 = sim.host.state.sessions.find((s) => s.id === 4)!;
    const s2 = sim.host.state.sessions.find((s) => s.id === 2)!;
    [s4.disconnectedAt, s2.disconnectedAt] = [s2.disconnectedAt, s4.disconnectedAt];
    await sim.check('host.session-limits');
    const applied = await sim.fix('host.session-limits', 'log-off-disconnected-session');
    expect(applied.entry.changes[0]).toMatchObject({ what: 'Session 4 of CORP\\m.kuhn' });
    expect(sim.host.state.sessions.map((s) => s.id)).toContain(2);
  });

  it('without disconnect times: no default; the fix asks for params.session and logs nothing off', async () => {
    const sim = await withoutTimes();
    const f = await sim.check('host.session-limits');
    expect(f.evidence.find((e) => e.label === 'Sessions in use')?.value).toBe(
      'session 2 (CORP\\a.berg, disconnected, since when unknown); session 4 (CORP\\m.kuhn, disconnected, since when unknown)',
    );
    const before = sim.snapshotState();
    await expect(sim.fix('host.session-limits', 'log-off-disconnected-session')).rejects.toThrow(
      /params\.session: the host did not report when these sessions were disconnected.*pick one.*disconnected now: 2, 4/,
    );
    expect(sim.snapshotState()).toBe(before);
    const applied = await sim.fix('host.session-limits', 'log-off-disconnected-session', true, { session: 4 });
    expect(applied.entry.changes[0]).toMatchObject({ what: 'Session 4 of CORP\\m.kuhn', before: 'disconnected' });
    expect(sim.host.state.sessions.map((s) => s.id)).toContain(2);
  });

  it('one disconnected session without a time is still the only choice', async () => {
    const sim = await withoutTimes();
    const s4 = sim.host.state.sessions.find((s) => s.id === 4)!;
    s4.state = 'Active';
    s4.station = 'RDP-Tcp#3';
    await sim.check('host.session-limits');
    const applied = await sim.fix('host.session-limits', 'log-off-disconnected-session');
    expect(applied.entry.changes[0]).toMatchObject({ what: 'Session 2 of CORP\\a.berg' });
  });
});

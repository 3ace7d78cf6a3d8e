// On a real client the host's certificate is known only from the probe, when a probe check ran in the same
// run (ctx.memo('probe')); the history and credential checks use it for the target and never start a probe.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../electron/engine/context';
import { evaluate } from '../../../electron/engine/evaluate';
import { findCheck } from '../../../electron/engine/checks';
import { PROBE_MEMO_KEY } from '../../../electron/probe/check-support';
import { openSim } from '../../support/sim';

const REMOTE = 'rds01.corp.example';
const SERVERS = `HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers\\${REMOTE}`;
const probeReport = (thumbprint: string, validFrom: string) => ({ layers: { tls: { certificate: { thumbprint, validFrom } } } });

async function run(checkId: string, memo: unknown) {
  const sim = await openSim('healthy');
  sim.host.state.registry[SERVERS] = { CertHash: { type: 'REG_BINARY', data: 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333' } };
  sim.host.state.credentials[`TERMSRV/${REMOTE}`] = {
    user: 'CORP\\helpdesk.tech',
    type: 'DomainPassword',
    lastWritten: '2025-01-01T00:00:00.000Z',
  };
  const ctx = createContext(sim.host, await sim.host.info(), { host: REMOTE, port: 3389 }, new AbortController().signal);
  if (memo) await ctx.memo(PROBE_MEMO_KEY, async () => memo);
  return (await evaluate(findCheck(checkId)!, ctx)).finding;
}

describe('the probe certificate for a remote target', () => {
  it('makes a different remembered CertHash and an older saved password stale', async () => {
    const report = probeReport('0123456789ABCDEF0123456789ABCDEF01234567', '2026-06-01T00:00:00.000Z');
    const history = await run('client.history', report);
    expect(history.status).toBe('warn');
    expect(history.evidence.some((e) => e.source === 'probe: TLS certificate of the target')).toBe(true);
    expect((await run('client.saved-credentials', report)).status).toBe('warn');
  });

  it('a matching certificate is not stale', async () => {
    expect((await run('client.history', probeReport('AAAABBBBCCCCDDDDEEEEFFFF0000111122223333', '2024-06-01T00:00:00.000Z'))).status).toBe(
      'pass',
    );
  });

  it('without a probe in the run nothing is judged stale, and no probe is started', async () => {
    expect((await run('client.history', null)).status).toBe('pass');
    expect((await run('client.saved-credentials', null)).status).toBe('pass');
  });
});

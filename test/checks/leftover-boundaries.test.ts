// Boundary tables of the two per-user leftover checks, through the simulated PC (which is also the target,
// so its own Remote Desktop certificate is "the host's current certificate"). Each row is one realistic
// history or Credential Manager state and the status the technician sees; each sits one plausible mistake
// away from another status: a case-sensitive thumbprint compare, "older than" read as "not newer than",
// an entry for another host or port counted against the target, a missing date read as stale.
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';
import type { WinState } from '../../electron/hosts/simulated/state';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const SECOND = 1000;
const DAY = 86_400_000;
const TARGET = 'ws-acct-042.corp.example';
const CLIENT = 'HKCU\\Software\\Microsoft\\Terminal Server Client';
/** The healthy scenario's self-signed certificate: the one this PC (the target) presents. */
const CURRENT = '3F1C0A2B4D5E6F708192A3B4C5D6E7F8091A2B3C';
const CERT_FROM = NOW - 30 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

async function judged(checkId: string, change: (s: WinState) => void, target: string | undefined = TARGET) {
  const sim = await openSim('healthy', { target });
  const s = sim.host.state;
  s.clock.now = iso(NOW);
  for (const c of Object.values(s.certificates['Remote Desktop']!))
    Object.assign(c, { notBefore: iso(CERT_FROM), notAfter: iso(NOW + 150 * DAY) });
  change(s);
  const f = await sim.check(checkId);
  return { status: f.status, verdict: f.verdict, fixes: f.fixes.map((x) => x.id) };
}

function remember(s: WinState, server: string, certHash: string | null): void {
  const key = (s.registry[`${CLIENT}\\Servers\\${server}`] ??= {});
  key.UsernameHint = { type: 'REG_SZ', data: 'CORP\\helpdesk.tech' };
  if (certHash !== null) key.CertHash = { type: 'REG_BINARY', data: certHash };
}

describe('client.history: a remembered CertHash against the certificate the host presents now', () => {
  // [what, server entry, CertHash, target (undefined: no target), expected]
  const rows: Array<[string, string, string | null, string | undefined, 'pass' | 'warn']> = [
    ['the same thumbprint', TARGET, CURRENT, TARGET, 'pass'],
    ['the same thumbprint in lower case (reg shows hex either way)', TARGET, CURRENT.toLowerCase(), TARGET, 'pass'],
    ['a thumbprint one hex digit off', TARGET, `${CURRENT.slice(0, -1)}D`, TARGET, 'warn'],
    ['the previous certificate', TARGET, '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2', TARGET, 'warn'],
    ['no CertHash (the user never accepted a certificate)', TARGET, null, TARGET, 'pass'],
    ['a stale entry with the port in its name', `${TARGET}:3389`, '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2', TARGET, 'warn'],
    [
      'a stale entry in upper case with a trailing dot',
      `${TARGET.toUpperCase()}.`,
      '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2',
      TARGET,
      'warn',
    ],
    ['a stale entry found without a target', TARGET, '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2', undefined, 'warn'],
    // Another host's entry: its current certificate is unknown in this run, so it is never called stale.
    ['an entry for another host, target set', 'other-host.corp.example', '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2', TARGET, 'pass'],
    ['an entry for another host, no target', 'other-host.corp.example', '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2', undefined, 'pass'],
  ];
  for (const [what, server, hash, target, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await judged('client.history', (s) => remember(s, server, hash), target);
      expect(r.status, r.verdict).toBe(expected);
      expect(r.fixes).toEqual(expected === 'warn' ? ['clear-stale-history'] : []);
      if (expected === 'warn') expect(r.verdict).toMatch(/no longer presents/);
    });
  }

  it('the stale entry of another target is left out of this target’s finding', async () => {
    const r = await judged(
      'client.history',
      (s) => remember(s, TARGET, '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2'),
      'other-host.corp.example',
    );
    expect(r.status, r.verdict).toBe('pass');
  });

  it('RDP Doctor elevated as another account than the desktop user: warn, no fix (it would edit the wrong HKCU)', async () => {
    const r = await judged('client.history', (s) => {
      s.computer.interactiveUser = 'CORP\\jane.doe';
      remember(s, TARGET, '9B2E61D07A4C3F58E1B0D92C6A7F4E3851C0B7D2');
    });
    expect(r.status).toBe('warn');
    expect(r.verdict).toMatch(/CORP\\jane\.doe/);
    expect(r.fixes).toEqual([]);
  });
});

describe('client.saved-credentials: saved before the host’s current certificate is stale, at the second', () => {
  // [what, lastWritten, credential target, expected]
  const rows: Array<[string, number, string, 'pass' | 'warn']> = [
    ['saved 200 days before the certificate', CERT_FROM - 200 * DAY, `TERMSRV/${TARGET}`, 'warn'],
    ['saved a second before the certificate', CERT_FROM - SECOND, `TERMSRV/${TARGET}`, 'warn'],
    ['saved the same second the certificate was made', CERT_FROM, `TERMSRV/${TARGET}`, 'pass'],
    ['saved a second after the certificate', CERT_FROM + SECOND, `TERMSRV/${TARGET}`, 'pass'],
    ['saved yesterday', NOW - DAY, `TERMSRV/${TARGET}`, 'pass'],
    ['lower-case termsrv/ prefix, saved long before', CERT_FROM - 200 * DAY, `termsrv/${TARGET}`, 'warn'],
    ['for another host, saved long before (its certificate is unknown)', CERT_FROM - 200 * DAY, 'TERMSRV/other-host.corp.example', 'pass'],
  ];
  for (const [what, lastWritten, target, expected] of rows) {
    it(`${what}: ${expected}`, async () => {
      const r = await judged(
        'client.saved-credentials',
        (s) => {
          s.credentials[target] = { user: 'CORP\\helpdesk.tech', type: 'DomainPassword', lastWritten: iso(lastWritten) };
        },
        undefined,
      );
      expect(r.status, r.verdict).toBe(expected);
      expect(r.fixes).toEqual(expected === 'warn' ? ['delete-stale-credentials'] : []);
      if (expected === 'warn') expect(r.verdict).toContain(target);
    });
  }

  it('a custom certificate bound by SSLCertificateSHA1Hash is the one compared, not the self-signed one', async () => {
    const bound = '4D8E1B2C3A4F5E6D7C8B9A0F1E2D3C4B5A697887';
    const r = await judged('client.saved-credentials', (s) => {
      // The custom certificate was installed 5 days ago; the credential (20 days old) predates it, not the self-signed one.
      s.certificates.My![bound] = {
        subject: `CN=${TARGET}`,
        issuer: 'CN=Corp Issuing CA 01',
        notBefore: iso(NOW - 5 * DAY),
        notAfter: iso(NOW + 360 * DAY),
        hasPrivateKey: true,
        keyFile: null,
        enhancedKeyUsage: ['Server Authentication'],
      };
      s.registry['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp']!.SSLCertificateSHA1Hash = {
        type: 'REG_BINARY',
        data: bound,
      };
      s.credentials[`TERMSRV/${TARGET}`] = { user: 'CORP\\helpdesk.tech', type: 'DomainPassword', lastWritten: iso(NOW - 20 * DAY) };
    });
    expect(r.status, r.verdict).toBe('warn');
  });
});

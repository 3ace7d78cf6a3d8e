// Issue 11 §2: an event log that could not be read is not an event log without errors. The .ps1 classifies each
// query by FullyQualifiedErrorId; the judgement must not pass on a System log it never read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSim } from '../support/sim';

describe('host.events: a log that could not be read', () => {
  it('warns (never passes) when the System log is unreadable, naming the log and the error id', async () => {
    const sim = await openSim('healthy');
    sim.host.state.unreadableLogs = ['System'];
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/Could not read System/);
    expect(f.verdict).toMatch(/1057\/1058/);
    expect(f.evidence.some((e) => /not readable by this account \(System\.UnauthorizedAccessException/.test(JSON.stringify(e.value)))).toBe(
      true,
    );
  });

  it('still reports what it found in a readable log beside an unreadable one', async () => {
    const sim = await openSim('machinekeys-acl');
    sim.host.state.unreadableLogs = ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'];
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.related).toEqual(['host.certificate', 'host.machinekeys']);
    expect(f.evidence.some((e) => /LocalSessionManager/.test(e.label) && /not readable/.test(JSON.stringify(e.value)))).toBe(true);
  });
});

describe('client.credssp: an unreadable System log', () => {
  it('warns that a refused host would not show, instead of passing', async () => {
    const sim = await openSim('healthy');
    sim.host.state.unreadableLogs = ['System'];
    const f = await sim.check('client.credssp');
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/not readable by this account/);
  });
});

describe('the event-log scripts query by XPath, never LogName with ProviderName', () => {
  for (const file of ['electron/engine/checks/host/events/events.ps1', 'electron/engine/checks/client/credssp/credssp.ps1']) {
    it(file, () => {
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.trim().startsWith('#'))
        .join('\n');
      expect(text).toMatch(/Get-WinEvent -LogName \S+ -FilterXPath/);
      expect(text).not.toMatch(/ProviderName\s*=/);
      expect(text).toMatch(/Provider\[@Name=/);
      expect(text).toMatch(/NoMatchingEventsFound/);
    });
  }
});

// A channel turned off (IsEnabled false: hardening baselines and image builders do this to the Operational logs)
// records nothing, so its silence is not "no errors". Get-WinEvent -ListLog says which are off.
describe('host.events: a log that is turned off', () => {
  const RDPCORETS = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational';

  it('warns that its errors cannot be ruled out, naming the log, instead of passing', async () => {
    const sim = await openSim('healthy');
    expect((await sim.check('host.events')).status).toBe('pass');
    sim.host.state.disabledLogs = [RDPCORETS];
    const f = await sim.check('host.events');
    expect(f.status).toBe('warn');
    expect(f.verdict).toContain(`${RDPCORETS} is turned off`);
    expect(f.verdict).toMatch(/cannot be ruled out/);
    expect(f.evidence.find((e) => e.label === RDPCORETS)?.value).toMatch(/disabled/);
  });

  it('errors found in the logs that are on still lead the verdict', async () => {
    const sim = await openSim('machinekeys-acl');
    sim.host.state.disabledLogs = [RDPCORETS];
    const f = await sim.check('host.events');
    expect(f.verdict).toMatch(/1057/);
    expect(f.evidence.some((e) => e.label === RDPCORETS)).toBe(true);
  });

  it('the script asks each queried log whether it is enabled (Get-WinEvent -ListLog, IsEnabled)', () => {
    const text = readFileSync('electron/engine/checks/host/events/events.ps1', 'utf8').replace(/^\s*#.*$/gm, '');
    expect(text).toMatch(/Get-WinEvent -ListLog \$log -ErrorAction Stop/);
    expect(text).toMatch(/-not \[bool\]\$config\.IsEnabled\) \{ \$disabled \+= \$log \}/);
    expect(text).toMatch(/disabledLogs = @\(\$disabled\)/);
  });
});

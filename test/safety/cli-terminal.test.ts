// Host and peer values reach the technician's terminal: the CLI's text output never passes their control
// characters through (cursor moves, screen clears, window titles, bidi overrides).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../electron/cli/terminal-safe';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

const HOSTILE = 'Windows \u001b]0;pwned\u0007\u001b[2J\u009b31m Server \u202eevil';

describe('CLI text output', () => {
  it('a hostile value from the host is printed inert by diagnose', async () => {
    const state = path.join(tempDir(), 'state.json');
    const host = SimulatedHost.open({ scenario: 'healthy', stateFile: state });
    host.state.computer.caption = HOSTILE;
    host.state.computer.name = `PC\u001b[1A${'x'}`;
    host.persist();
    const r = await runCli(['diagnose', '--state', state, '--side', 'host']);
    // eslint-disable-next-line no-control-regex -- asserts the output carries no raw control characters
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007');
  });

  it('keeps newlines and tabs, escapes the rest', () => {
    expect(terminalSafe('a\tb\nc\u001b[31md\u0000')).toBe('a\tb\nc\\u001b[31md\\u0000');
  });
});

describe('a state file that cannot be loaded', () => {
  it('an unknown scenario is quarantined like a damaged file, and diagnose exits non-zero', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'state.json');
    const host = SimulatedHost.open({ scenario: 'healthy', stateFile: state });
    (host as unknown as { scenario: string }).scenario = 'no-such-scenario';
    host.persist();
    const r = await runCli(['diagnose', '--state', state, '--side', 'host']);
    expect(r.stderr).toMatch(/unknown scenario "no-such-scenario".*kept as/);
    expect(r.code).not.toBe(0);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).some((n) => n.startsWith('state.json.corrupt-'))).toBe(true);
  });

  it('a damaged state file makes a healthy-looking diagnosis exit non-zero', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'state.json');
    const { writeFileSync } = await import('node:fs');
    // Cut short while being written: it begins the way the simulator writes every state file.
    writeFileSync(state, '{\n "format": "rdp-doctor-simulated-state",\n "version": 1,\n "scen');
    const r = await runCli(['diagnose', '--state', state, '--scenario', 'healthy', '--side', 'host']);
    expect(r.code).toBe(1);
  });
});

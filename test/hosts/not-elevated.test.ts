// `--not-elevated`: the simulated PC as a process without administrator rights sees it, on any scenario and after
// a scenario switch; the state file keeps the machine's own value, so the next elevated start is elevated again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('simulated host without elevation', () => {
  it('runs as a standard user, across a reset, without writing that into the machine', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-token-'));
    const stateFile = path.join(dir, 'state.json');
    const host = SimulatedHost.open({ scenario: 'expired-cert', stateFile, notElevated: true });
    expect((await host.info()).elevated).toBe(false);
    host.reset('rdp-disabled');
    expect((await host.info()).elevated).toBe(false);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { state: { computer: { elevated: boolean } } };
    expect(saved.state.computer.elevated).toBe(true);
    expect((await SimulatedHost.open({ scenario: 'rdp-disabled', stateFile }).info()).elevated).toBe(true);
  });
});

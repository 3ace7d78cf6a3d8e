// The simulated host's state file: a file from another version is kept aside under a name that says so, never
// overwritten, and the host still opens; another program's file is refused and left as it is.
import path from 'node:path';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ForeignStateFileError, SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { tempDir } from '../support/sim';

describe('simulated state file', () => {
  it('a state file of another format version is kept aside and reported as such', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.json');
    SimulatedHost.open({ scenario: 'healthy', stateFile: file });
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const newer = JSON.stringify({ ...doc, version: 2 });
    writeFileSync(file, newer);
    const host = SimulatedHost.open({ scenario: 'healthy', stateFile: file });
    expect(host.problems.join(' ')).toMatch(/another version of RDP Doctor \(state format 2/);
    const aside = readdirSync(dir).filter((n) => n.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(newer);
  });

  it('a foreign JSON file is not taken for a state file: opening it is refused and it is left as it is', () => {
    const dir = tempDir();
    const file = path.join(dir, 's.json');
    writeFileSync(file, '{"hello":"world"}');
    expect(() => SimulatedHost.open({ scenario: 'healthy', stateFile: file })).toThrow(ForeignStateFileError);
    expect(readFileSync(file, 'utf8')).toBe('{"hello":"world"}');
    expect(readdirSync(dir)).toEqual(['s.json']);
  });
});

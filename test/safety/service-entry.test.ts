// Audit G8: a service journal entry's status and start type are the values Get-Service prints, in a state the
// fix can have found; an edited start-rdp-services entry no longer makes rollback stop or disable services
// on invented states. Through the command line, as the audit reproduced it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/model';
import { runCli } from '../support/cli';
import { openSim, tempDir } from '../support/sim';

interface ServiceItem {
  name: string;
  status: string;
  startType: string;
}

const hostIn = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { state: Json }).state;

/** `fix host.service` on service-stopped with a state file; the state before, and the entry's file. */
async function fixed() {
  const state = path.join(tempDir(), 's1.json');
  const fresh = await runCli(['diagnose', '--scenario', 'service-stopped', '--state', state, '--side', 'host', '--json']);
  expect(fresh.code, fresh.stderr).toBe(1);
  const before = hostIn(state);
  const fix = await runCli(['fix', 'host.service', '--scenario', 'service-stopped', '--state', state, '--json']);
  expect(fix.code, fix.stderr).toBe(0);
  const id = (JSON.parse(fix.stdout) as { journalEntry: { id: string } }).journalEntry.id;
  const journalDir = path.join(
    path.dirname(state),
    readdirSync(path.dirname(state)).find((n) => n.endsWith('-journal'))!,
  );
  return { state, before, entryFile: path.join(journalDir, `${id}.json`) };
}

function edit(entryFile: string, services: (items: ServiceItem[]) => ServiceItem[]): void {
  const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { snapshot: { services: ServiceItem[] } };
  writeFileSync(entryFile, JSON.stringify({ ...entry, snapshot: { services: services(entry.snapshot.services) } }));
}

describe('an edited start-rdp-services entry (audit G8)', () => {
  it('the audit reproduction (TermService "Paused; rm -rf" / Boot, SessionEnv claimed Stopped and Disabled) is refused; nothing changes', async () => {
    const { state, before, entryFile } = await fixed();
    edit(entryFile, (items) =>
      items.map((s) =>
        s.name === 'TermService'
          ? { name: 'TermService', status: 'Paused; rm -rf', startType: 'Boot' }
          : s.name === 'SessionEnv'
            ? { name: 'SessionEnv', status: 'Stopped', startType: 'Disabled' }
            : s,
      ),
    );
    const afterFix = hostIn(state);
    const entryText = readFileSync(entryFile, 'utf8');
    const r = await runCli(['rollback', '--last', '--state', state]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/services\.0\.status: .*Running.*Nothing was changed/);
    expect(r.stdout).not.toMatch(/Rolled back/);
    expect(hostIn(state)).toEqual(afterFix);
    expect(readFileSync(entryFile, 'utf8')).toBe(entryText);
    // The changes shown for it are never the invented states.
    const journal = await runCli(['journal', '--state', state, '--json']);
    const [shown] = (JSON.parse(journal.stdout) as { entries: { changes: Json[] }[] }).entries;
    expect(JSON.stringify(shown!.changes)).not.toMatch(/rm -rf|Boot/);
    expect(before).not.toEqual(afterFix);
  }, 30_000);

  it('the entry as the fix wrote it still rolls back exactly', async () => {
    const { state, before } = await fixed();
    const r = await runCli(['rollback', '--last', '--state', state]);
    expect(r.code, r.stderr).toBe(0);
    expect(hostIn(state)).toEqual(before);
  }, 30_000);
});

describe('a service state the fix cannot have found is refused, in process (audit G8)', () => {
  const cases: [string, (items: ServiceItem[]) => ServiceItem[], RegExp][] = [
    ['a start type Get-Service never prints for a service (Boot)', (i) => i.map((s) => ({ ...s, startType: 'Boot' })), /startType/],
    ['a status that is no ServiceControllerStatus', (i) => i.map((s) => ({ ...s, status: 'Halted' })), /status/],
    [
      'a service stuck in StopPending (the fix is not offered then)',
      (i) => i.map((s) => (s.name === 'SessionEnv' ? { ...s, status: 'StopPending' } : s)),
      /SessionEnv as StopPending/,
    ],
    ['the same service twice', (i) => [...i, { ...i[0]!, status: 'Running', startType: 'Disabled' }], /TermService listed twice/],
    [
      'every service running and enabled (the fix had nothing to do)',
      (i) => i.map((s) => ({ ...s, status: 'Running', startType: 'Manual' })),
      /needed no start/,
    ],
  ];
  it.each(cases)('%s', async (_, change, pattern) => {
    const sim = await openSim('service-stopped');
    const { entry } = await sim.fix('host.service', 'start-rdp-services');
    const file = path.join(sim.journal.dir, `${entry.id}.json`);
    edit(file, change);
    const before = sim.snapshotState();
    await expect(sim.rollback(entry.id)).rejects.toThrow(pattern);
    expect(sim.snapshotState()).toEqual(before);
  });
});

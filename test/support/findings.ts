// Findings and journal entries for tests of the logic that reads them (fix order, cause ranking, the store):
// every field a test does not name gets a plain value, so each test shows only what its rule depends on.
import type { Finding, JournalEntry } from '../../shared/model';

/** A host-side certificate finding with no evidence, fixes or related checks unless `extra` says otherwise. */
export function makeFinding(id: string, status: Finding['status'], extra: Partial<Finding> = {}): Finding {
  return {
    id,
    side: 'host',
    layer: 'certificate',
    title: id,
    status,
    verdict: `${id} is ${status}`,
    evidence: [],
    fixes: [],
    related: [],
    durationMs: 1,
    ...extra,
  };
}

/** A reversible fix of `checkId`, applied on a simulated host and not rolled back, unless `extra` says otherwise. */
export function makeEntry(checkId: string, extra: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: '20261121T101610Z-0a1b2c3d',
    checkId,
    fixId: 'x',
    title: `fix ${checkId}`,
    state: 'applied',
    host: { kind: 'simulated', scenario: 'x', stateFile: null },
    createdAt: '2026-11-21T10:16:10Z',
    appliedAt: '2026-11-21T10:16:11Z',
    rolledBackAt: null,
    reversible: true,
    lowersSecurity: false,
    snapshot: null,
    changes: [],
    error: null,
    revertAt: null,
    rolledBackBy: null,
    ...extra,
  };
}

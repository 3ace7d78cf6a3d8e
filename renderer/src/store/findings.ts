// Pure helpers on the diagnosis the store holds.
import type { Diagnosis, Finding, Side } from '../../../shared/model';
import type { Mode } from './types';

export function sidesFor(mode: Mode): Side[] {
  return mode === 'client' ? ['client'] : ['host'];
}

/** The diagnosis with one check's new reading: the row, its evidence and the card all follow it. */
export function replaceFinding(diagnosis: Diagnosis | null, finding: Finding): Diagnosis | null {
  if (!diagnosis) return diagnosis;
  const known = diagnosis.findings.some((f) => f.id === finding.id);
  return {
    ...diagnosis,
    findings: known ? diagnosis.findings.map((f) => (f.id === finding.id ? finding : f)) : [...diagnosis.findings, finding],
  };
}

/** "Found first" keeps the first reading of each check; a re-run adds only checks that had not run yet. */
export function mergeBaseline(baseline: readonly Finding[], findings: readonly Finding[]): Finding[] {
  const known = new Set(baseline.map((f) => f.id));
  return [...baseline, ...findings.filter((f) => !known.has(f.id))];
}

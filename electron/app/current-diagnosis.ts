// What the service knows about the host now, for the report and "Copy summary": the findings of the first run
// on this host (what the technician came with) and the latest reading of every check, updated by each re-check,
// fix and rollback. Without the updates an export after a fix described the host as it was before it.
import type { Diagnosis, Finding } from '../../shared/model';
import { rankCauses } from '../engine/causes';

export class CurrentDiagnosis {
  private first: Finding[] = [];
  private last: Diagnosis | null = null;
  private probe: unknown = null;

  /** A finished run: the new "now"; its findings join "found first" for checks that had not run before. */
  record(diagnosis: Diagnosis, probe: unknown): void {
    const known = new Set(this.first.map((f) => f.id));
    this.first = [...this.first, ...diagnosis.findings.filter((f) => !known.has(f.id))];
    this.last = diagnosis;
    this.probe = probe;
  }

  /** One check read again (re-check, after a fix, after a rollback): the diagnosis and its causes follow. */
  update(finding: Finding | null): void {
    if (!finding || !this.last) return;
    const known = this.last.findings.some((f) => f.id === finding.id);
    const findings = known ? this.last.findings.map((f) => (f.id === finding.id ? finding : f)) : [...this.last.findings, finding];
    this.last = { ...this.last, findings, causes: rankCauses(findings) };
  }

  /** A new host (scenario switch): nothing measured before describes it. */
  reset(): void {
    this.first = [];
    this.last = null;
    this.probe = null;
  }

  get diagnosis(): Diagnosis | null {
    return this.last;
  }

  get firstFindings(): Finding[] {
    return this.first;
  }

  get lastProbe(): unknown {
    return this.probe;
  }
}

// What the service knows about the host now, for the report and "Copy summary": the findings of the first run
// on this host (what the technician came with) and the latest reading of every check, updated by each re-check,
// fix and rollback. Without the updates an export after a fix described the host as it was before it.
import type { Diagnosis, Finding } from '../../shared/model';
import { rankCauses } from '../engine/causes';

export class CurrentDiagnosis {
  private first: Finding[] = [];
  private last: Diagnosis | null = null;
  private probe: unknown = null;

  /**
   * A finished run: its findings join "found first" for checks that had not run before, and replace the latest
   * reading of the checks it ran. The checks it did not run keep their last reading: a client-only run after a
   * host run must not make the host's open problems vanish from "now" (the summary then said HEALTHY).
   */
  record(diagnosis: Diagnosis, probe: unknown): void {
    const known = new Set(this.first.map((f) => f.id));
    this.first = [...this.first, ...diagnosis.findings.filter((f) => !known.has(f.id))];
    const ran = new Set(diagnosis.findings.map((f) => f.id));
    const kept = (this.last?.findings ?? []).filter((f) => !ran.has(f.id));
    const findings = [...kept, ...diagnosis.findings];
    this.last = kept.length ? { ...diagnosis, findings, causes: rankCauses(findings) } : diagnosis;
    // A run without the client side keeps the probe of the run that had it.
    if (probe !== null && probe !== undefined) this.probe = probe;
    else if (diagnosis.findings.some((f) => f.side === 'client')) this.probe = probe;
  }

  /** One check read again (re-check, after a fix, after a rollback): the diagnosis and its causes follow. */
  update(finding: Finding | null): void {
    if (!finding || !this.last) return;
    const known = this.last.findings.some((f) => f.id === finding.id);
    const findings = known ? this.last.findings.map((f) => (f.id === finding.id ? finding : f)) : [...this.last.findings, finding];
    this.last = { ...this.last, findings, causes: rankCauses(findings) };
  }

  /**
   * After a fix or a rollback: the other checks that were not passing (and the event log) may have been its
   * consequences, so they are read again; the report then describes the host as it is, whoever exports it.
   */
  async refreshOthers(changedCheckId: string, read: (checkId: string) => Promise<Finding>): Promise<void> {
    // Also the checks that failed at first and pass now: an undo may bring their failure back.
    const failedFirst = new Set(this.first.filter((f) => f.status !== 'pass').map((f) => f.id));
    const ids = (this.last?.findings ?? [])
      .filter((f) => f.id !== changedCheckId && (f.status !== 'pass' || f.layer === 'events' || failedFirst.has(f.id)))
      .map((f) => f.id);
    for (const id of ids) this.update(await read(id));
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

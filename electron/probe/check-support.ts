// What the five client checks share: one probe per run (ctx.memo), and a pure judgement that picks the
// check's layers out of the probe's findings. Each check file only names its layers and its evidence.
import type { EvidenceItem, Json, Layer } from '../../shared/model';
import type { ProbeLayerName, ProbeReport } from '../../shared/probe';
import { formatTarget } from '../../shared/target';
import type { Check, CheckContext, Fix, Judgement } from '../engine/types';
import { worstStatus } from './judge';
import { runProbe } from './probe';

export interface ProbeData {
  target: string | null;
  report: ProbeReport | null;
  /** The probe itself failed (a bug, not a network result). */
  error: string | null;
}

export const PROBE_MEMO_KEY = 'probe';

/** Runs the probe once per diagnosis run, whichever client check asks first. */
export async function collectProbe(ctx: CheckContext): Promise<ProbeData> {
  if (!ctx.target) return { target: null, report: null, error: null };
  const target = ctx.target;
  try {
    const report = await ctx.memo(PROBE_MEMO_KEY, () => runProbe(target, { signal: ctx.signal }));
    return { target: formatTarget(target), report, error: null };
  } catch (err) {
    return { target: formatTarget(target), report: null, error: (err as Error).message };
  }
}

/** Evidence rows from one probe layer: [label, value] pairs, all with the same source. */
export function layerEvidence(source: string, rows: Array<[string, Json]>): EvidenceItem[] {
  return rows.map(([label, value]) => ({ label, value, source }));
}

export const NEEDS_TARGET =
  'Skipped: this check needs a target. Enter the name or IP address of the PC you connect to (host or host:port).';

export function judgeProbeLayers(data: ProbeData, layers: ProbeLayerName[], evidence: (report: ProbeReport) => EvidenceItem[]): Judgement {
  if (!data.target) return { status: 'skipped', verdict: NEEDS_TARGET, evidence: [] };
  if (!data.report) return { status: 'error', verdict: `The probe of ${data.target} failed: ${data.error ?? 'no result'}`, evidence: [] };
  const findings = data.report.findings.filter((f) => layers.includes(f.layer));
  const status = worstStatus(findings.map((f) => f.status));
  const related = [...new Set(findings.flatMap((f) => f.related ?? []))];
  const top = findings[0];
  const others = findings.slice(1).filter((f) => f.status !== 'skipped' || status === 'skipped');
  const verdict = top ? top.text : 'The probe recorded nothing for this layer';
  return {
    status,
    verdict,
    evidence: [
      { label: 'Target', value: data.report.target, source: 'probe' },
      ...evidence(data.report),
      ...(others.length ? [{ label: 'Also found', value: others.map((f) => `${f.status}: ${f.text}`), source: 'probe' }] : []),
    ],
    ...(related.length ? { related } : {}),
  };
}

export function probeCheck(spec: {
  id: string;
  layer: Layer;
  rank: number;
  title: string;
  reads: string;
  passWhen: string;
  source: string;
  probeLayers: ProbeLayerName[];
  evidence: (report: ProbeReport) => EvidenceItem[];
  /** Offered when the check warns or fails (client.dns: flush the DNS cache). */
  fixes?: Fix<ProbeData, Json>[];
  /** Which of `fixes` can help with what the probe saw; all of them when absent. */
  offerFixes?: (report: ProbeReport) => string[];
}): Check<ProbeData> {
  return {
    id: spec.id,
    side: 'client',
    layer: spec.layer,
    rank: spec.rank,
    title: spec.title,
    reads: spec.reads,
    passWhen: spec.passWhen,
    source: spec.source,
    scripts: [],
    needsTarget: true,
    collect: collectProbe,
    judge: (data) => {
      const j = judgeProbeLayers(data, spec.probeLayers, spec.evidence);
      return spec.offerFixes && data.report ? { ...j, fixes: spec.offerFixes(data.report) } : j;
    },
    fixes: spec.fixes ?? [],
  };
}

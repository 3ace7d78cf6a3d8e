// Ranks likely causes across layers. A failing finding that points (via `related`) at another failing finding
// is a symptom of it: it lends its evidence to that root and ranks below it. Earlier layers rank first,
// because a connection breaks at the first layer that fails.
import { LAYERS, type Cause, type Finding } from '../../shared/model';

const BASE = { fail: 0.7, warn: 0.4 } as const;
const MAX = 0.97;

function summarize(f: Finding): string {
  return `${f.title}: ${f.verdict}`;
}

export function rankCauses(findings: Finding[]): Cause[] {
  const problems = findings.filter((f) => f.status === 'fail' || f.status === 'warn');
  const byId = new Map(problems.map((f) => [f.id, f]));
  const support = new Map<string, string[]>();
  const symptom = new Set<string>();
  for (const f of problems) {
    const roots = f.related.filter((r) => r !== f.id && byId.has(r));
    if (roots.length === 0) continue;
    // Two findings that point at each other support each other; neither is the other's symptom.
    const realRoots = roots.filter((r) => !byId.get(r)!.related.includes(f.id));
    if (realRoots.length > 0) symptom.add(f.id);
    for (const r of roots) support.set(r, [...(support.get(r) ?? []), summarize(f)]);
  }
  const causes = problems.map((f) => {
    const supporting = support.get(f.id) ?? [];
    let confidence = BASE[f.status as 'fail' | 'warn'] + Math.min(0.25, supporting.length * 0.08);
    if (symptom.has(f.id)) confidence *= 0.5;
    if (f.layer === 'information') confidence *= 0.5;
    const fix = f.fixes.find((x) => !x.disabledReason) ?? f.fixes[0];
    return {
      id: `cause.${f.id}`,
      checkId: f.id,
      title: f.verdict,
      confidence: Math.round(Math.min(MAX, confidence) * 100) / 100,
      evidence: [
        ...f.evidence.slice(0, 4).map((e) => `${e.label}: ${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`),
        ...supporting,
      ],
      fix: fix ? `${f.id}/${fix.id}` : null,
      layerIndex: LAYERS.indexOf(f.layer),
    };
  });
  causes.sort((a, b) => b.confidence - a.confidence || a.layerIndex - b.layerIndex || a.checkId.localeCompare(b.checkId));
  return causes.map(({ layerIndex: _layer, ...c }) => c as Cause);
}

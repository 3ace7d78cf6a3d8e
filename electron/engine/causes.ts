// Ranks likely causes across layers. A failing finding that points (via `related`) at another failing finding
// is a symptom of it: it lends its evidence to that root and ranks below it. Earlier layers rank first,
// because a connection breaks at the first layer that fails.
import { plainValue } from '../util/plain-text';
import type { ErrorStage } from '../../shared/error-codes';
import { LAYERS, type Cause, type Finding } from '../../shared/model';

const BASE = { fail: 0.7, warn: 0.4 } as const;
const MAX = 0.97;

function summarize(f: Finding): string {
  return `${f.title}: ${f.verdict}`;
}

/**
 * Strongly connected components of the "points at" graph, in Tarjan's order: a component comes after every
 * component it points at, so roots come first.
 */
function components(ids: string[], edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return out;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** What the error Remote Desktop Connection showed says about where to look (shared/error-codes.ts). */
export interface ErrorHint {
  /** e.g. "0x904/0x7", quoted in the evidence. */
  label: string;
  stage: ErrorStage;
  /** Check ids that can explain the error, the likeliest first. */
  checks: readonly string[];
}

// Checks of the steps before the handshake: when the server answered and then refused, their failures are
// not what broke this connection (a name that resolves to the wrong PC is found by the identity probe).
const BEFORE_HANDSHAKE = new Set(['client.dns', 'client.tcp']);

function errorWeight(f: Finding, c: number, hint: ErrorHint | undefined): number {
  if (!hint) return c;
  let out = c;
  if (hint.stage === 'after-handshake' && BEFORE_HANDSHAKE.has(f.id)) out *= 0.5;
  const at = hint.checks.indexOf(f.id);
  // Named by the error: a lift that is larger for the checks the decoder lists first.
  if (at >= 0) out += 0.1 + 0.1 * (1 - at / hint.checks.length);
  return out;
}

export function rankCauses(findings: Finding[], hint?: ErrorHint): Cause[] {
  // Sorted by id, so neither the scores nor the evidence depend on the order the checks finished in.
  const problems = findings.filter((f) => f.status === 'fail' || f.status === 'warn').sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(problems.map((f) => [f.id, f]));
  const edges = new Map(problems.map((f) => [f.id, [...new Set(f.related)].filter((r) => r !== f.id && byId.has(r)).sort()]));
  const support = new Map<string, string[]>();
  for (const f of problems) for (const r of edges.get(f.id)!) support.set(r, [...(support.get(r) ?? []), summarize(f)]);
  // Findings in one cycle (two pointing at each other, or a longer loop) support each other: none is the
  // others' symptom. A finding that points out of its cycle is a symptom of what it points at.
  const sccs = components(
    problems.map((f) => f.id),
    edges,
  );
  const sccOf = new Map<string, number>();
  sccs.forEach((scc, i) => scc.forEach((id) => sccOf.set(id, i)));
  const confidence = new Map<string, number>();
  const depth = new Map<string, number>();
  for (const scc of sccs) {
    for (const id of scc) {
      const f = byId.get(id)!;
      const roots = edges.get(id)!.filter((r) => sccOf.get(r) !== sccOf.get(id));
      let c = BASE[f.status as 'fail' | 'warn'] + Math.min(0.25, (support.get(id)?.length ?? 0) * 0.08);
      if (roots.length > 0) c *= 0.5;
      if (f.layer === 'information') c *= 0.5;
      c = errorWeight(f, c, hint);
      // The dialled name reaches another PC: every other finding is about that PC, so this one comes first.
      if (f.id === 'client.identity' && f.status === 'fail') c = MAX;
      c = round(Math.min(MAX, c));
      // A symptom always ranks below what it points at, whatever their statuses and layers.
      if (roots.length > 0) c = Math.max(0.01, round(Math.min(c, ...roots.map((r) => confidence.get(r)! - 0.01))));
      confidence.set(id, c);
      depth.set(id, roots.length > 0 ? 1 + Math.max(...roots.map((r) => depth.get(r)!)) : 0);
    }
  }
  const causes = problems.map((f) => {
    const fix = f.fixes.find((x) => !x.disabledReason) ?? f.fixes[0];
    return {
      id: `cause.${f.id}`,
      checkId: f.id,
      title: f.verdict,
      confidence: confidence.get(f.id)!,
      evidence: [
        ...f.evidence.slice(0, 4).map((e) => `${e.label}: ${plainValue(e.value)}`),
        ...(support.get(f.id) ?? []),
        ...(hint?.checks.includes(f.id) ? [`Can explain the error shown (${hint.label})`] : []),
      ],
      fix: fix ? `${f.id}/${fix.id}` : null,
      layerIndex: LAYERS.indexOf(f.layer),
      depth: depth.get(f.id)!,
    };
  });
  causes.sort(
    (a, b) => b.confidence - a.confidence || a.depth - b.depth || a.layerIndex - b.layerIndex || a.checkId.localeCompare(b.checkId),
  );
  return causes.map(({ layerIndex: _layer, depth: _depth, ...c }) => c);
}

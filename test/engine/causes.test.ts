// Cause ranking: a symptom never ranks above what it points at, whatever the layers and statuses; findings
// that point at each other (in a cycle of any length) support each other; ties break the same way every time.
import { describe, expect, it } from 'vitest';
import type { Finding, Layer } from '../../shared/model';
import { rankCauses } from '../../electron/engine/causes';

function finding(id: string, status: Finding['status'], related: string[] = [], layer: Layer = 'services'): Finding {
  return { id, side: 'host', layer, title: id, status, verdict: `${id} is wrong`, evidence: [], related, fixes: [], durationMs: 0 };
}
const order = (fs: Finding[]) => rankCauses(fs).map((c) => c.checkId);

describe('rankCauses', () => {
  it('a failing symptom ranks below the warning it points at, even in the information layer', () => {
    const root = finding('host.os', 'warn', [], 'information');
    const symptom = finding('host.listener', 'fail', ['host.os']);
    expect(order([symptom, root])).toEqual(['host.os', 'host.listener']);
    const [r, s] = rankCauses([symptom, root]);
    expect(r!.confidence).toBeGreaterThan(s!.confidence);
  });

  it('a chain ranks root, then middle, then leaf', () => {
    const fs = [finding('host.c', 'fail', ['host.b']), finding('host.b', 'fail', ['host.a']), finding('host.a', 'warn')];
    expect(order(fs)).toEqual(['host.a', 'host.b', 'host.c']);
  });

  it('a cycle of three is one group of peers, not three symptoms', () => {
    const fs = [finding('host.a', 'fail', ['host.b']), finding('host.b', 'fail', ['host.c']), finding('host.c', 'fail', ['host.a'])];
    const causes = rankCauses(fs);
    expect(new Set(causes.map((c) => c.confidence)).size).toBe(1);
    expect(causes[0]!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(causes.map((c) => c.checkId)).toEqual(['host.a', 'host.b', 'host.c']);
  });

  it('the order does not depend on the order of the findings', () => {
    const fs = [
      finding('host.x', 'fail', ['host.y']),
      finding('host.y', 'warn', [], 'information'),
      finding('host.z', 'fail'),
      finding('host.w', 'fail', ['host.z', 'host.y']),
      finding('host.v', 'warn'),
    ];
    const expected = JSON.stringify(rankCauses(fs).map((c) => [c.checkId, c.confidence]));
    for (let i = 0; i < 10; i++) {
      const shuffled = [...fs].sort(() => Math.random() - 0.5);
      expect(JSON.stringify(rankCauses(shuffled).map((c) => [c.checkId, c.confidence]))).toBe(expected);
    }
  });
});

// History's "After" column and the report's changes table: for the fixes whose after value is derived from the
// snapshot (registry values, services, firewall rules), that value is what the host reads now, right after
// the fix: the same fix's snapshot taken again reads it back. A plan's wording ("(changed by the fix)") or a
// guessed start type would differ from what the host says.
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../electron/engine/checks';
import { describeRegValue } from '../../electron/engine/ops/registry';
import { openSim, type Sim } from '../support/sim';

const SHAPES = new Set(['registry-values', 'service-states', 'firewall-rules']);

/** What the simulated host holds now for a change's "what", in the words the journal uses; undefined if not a value. */
function readNow(sim: Sim, what: string): unknown {
  const state = sim.host.state;
  const service = /^Service (\S+)$/.exec(what);
  if (service) {
    const s = state.services[service[1]!];
    return s ? `${s.status}, start type ${s.startType}` : undefined;
  }
  const rule = /^Firewall rule (.+)$/.exec(what);
  if (rule) {
    const r = Object.entries(state.firewall.rules).find(([name]) => name === rule[1]);
    return r ? (r[1].enabled ? 'enabled' : 'disabled') : undefined;
  }
  const cut = what.lastIndexOf('\\');
  const key = Object.keys(state.registry).find((k) => k.toLowerCase() === what.slice(0, cut).toLowerCase());
  if (!key) return undefined;
  const value = state.registry[key]![what.slice(cut + 1)] ?? null;
  return describeRegValue(value);
}

const SITUATIONS: Array<{ scenario: string; setup?: (sim: Sim) => void }> = [
  { scenario: 'firewall-blocked' },
  { scenario: 'service-stopped' },
  {
    scenario: 'service-stopped',
    setup: (sim) => {
      for (const svc of Object.values(sim.host.state.services)) if (svc.status === 'Stopped') svc.startType = 'Disabled';
    },
  },
  { scenario: 'rdp-disabled' },
  { scenario: 'security-layer-rdp' },
  { scenario: 'nla-mismatch' },
  { scenario: 'multi-fault' },
];

describe('the After of a fix is the host as it reads now', () => {
  for (const [i, s] of SITUATIONS.entries()) {
    it(`${s.scenario}${s.setup ? ` (variant ${i})` : ''}: every registry, service and firewall change`, async () => {
      const probe = await openSim(s.scenario);
      s.setup?.(probe);
      const offered = (await probe.all()).flatMap((f) => f.fixes.filter((x) => !x.disabledReason).map((x) => [f.id, x.id] as const));
      let compared = 0;
      for (const [checkId, fixId] of offered) {
        const fix = findCheck(checkId)!.fixes.find((f) => f.id === fixId)!;
        if (!SHAPES.has(fix.touches.shape)) continue;
        const sim = await openSim(s.scenario);
        s.setup?.(sim);
        const applied = await sim.fix(checkId, fixId, true);
        const { entry } = sim.journal.read(applied.entry.id);
        for (const c of entry!.changes) {
          expect(c.after, `${checkId}/${fixId}: ${c.what}`).not.toMatch(/changed by the fix/);
          const now = readNow(sim, c.what);
          if (now === undefined) continue;
          expect(c.after, `${s.scenario}: ${checkId}/${fixId}: ${c.what}`).toEqual(now);
          compared++;
        }
      }
      expect(compared, `${s.scenario}: no change was compared`).toBeGreaterThan(0);
    });
  }
});

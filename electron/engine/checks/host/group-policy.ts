// host.group-policy: every value under the Remote Desktop policy key, named by the Group Policy setting that
// writes it. A policy value wins over the local one, so a local fix of that setting would be reverted at the
// next refresh: the check names the policy instead of editing anything.
import type { Json } from '../../../../shared/model';
import type { Check, Judgement } from '../../types';
import { readRegistry, type RegRead, type RegRef } from '../../ops/registry';
import { TS_POLICY_KEY } from '../../windows-paths';
import { TS_POLICIES, type TsPolicy } from './ts-policies';

interface Entry {
  policy: RegRead;
  local: RegRead | null;
}
interface Data {
  entries: Entry[];
}

const spec = (name: string): TsPolicy => TS_POLICIES.find((p) => p.name === name)!;

function conflict(e: Entry): string | null {
  const p = spec(e.policy.name);
  const data = e.policy.data as number | string | string[];
  const broken = p.breaks?.(data);
  if (broken) return `${p.name} = ${JSON.stringify(data)} ${broken}`;
  if (e.local?.exists && JSON.stringify(e.local.data) !== JSON.stringify(data)) {
    return `${p.name} = ${JSON.stringify(data)} overrides the local value ${JSON.stringify(e.local.data)}`;
  }
  return null;
}

function judgeGroupPolicy({ entries }: Data): Judgement {
  const set = entries.filter((e) => e.policy.exists);
  if (set.length === 0) {
    return { status: 'pass', verdict: 'No Remote Desktop Group Policy overrides the local settings.', evidence: [{ label: 'Policy values', value: '(none)', source: TS_POLICY_KEY }] };
  }
  const evidence = set.map((e) => ({
    label: `${e.policy.name} (set by policy)`,
    value: `${JSON.stringify(e.policy.data as Json)}: ${spec(e.policy.name).policy}`,
    source: TS_POLICY_KEY,
  }));
  const policies = [...new Set(set.map((e) => spec(e.policy.name).policy).filter((p) => !p.startsWith('no administrative template')))];
  const policy = policies.length > 0 ? { policy: policies.join('; ') } : {};
  const conflicting = set.filter((e) => conflict(e) !== null);
  const conflicts = conflicting.map((e) => conflict(e)!);
  // Pointing at the check that owns each overridden setting makes the two corroborate each other: the
  // setting's own check stays the first cause, and this one its evidence.
  const related = [...new Set(conflicting.map((e) => spec(e.policy.name).check).filter((c): c is string => !!c))];
  if (conflicts.length > 0) {
    return {
      status: 'warn',
      related,
      verdict: `Group Policy controls Remote Desktop settings that differ from what this PC would use: ${conflicts.join('; ')}. Change the policy, not the local value.`,
      evidence,
      ...policy,
      fixes: [],
    };
  }
  return {
    status: 'pass',
    verdict: `${set.length} Remote Desktop setting${set.length === 1 ? ' is' : 's are'} set by Group Policy and agree with the local configuration.`,
    evidence,
    ...policy,
  };
}

export const groupPolicy: Check<Data> = {
  id: 'host.group-policy',
  side: 'host',
  layer: 'policy',
  title: 'Group Policy for Remote Desktop',
  reads: `${TS_POLICIES.map((p) => p.name).join(', ')} under ${TS_POLICY_KEY}, and the local values they override`,
  passWhen: 'no policy value denies Remote Desktop, weakens it to a setting that breaks connections, or differs from the local value',
  source: 'beyond seeds',
  scripts: ['ops/registry-read'],
  async collect(ctx) {
    const refs: RegRef[] = TS_POLICIES.flatMap((p) => [{ key: TS_POLICY_KEY, name: p.name }, ...(p.local ? [p.local] : [])]);
    const reads = await readRegistry(ctx, refs);
    let i = 0;
    const entries = TS_POLICIES.map((p) => {
      const policy = reads[i++]!;
      const local = p.local ? reads[i++]! : null;
      return { policy, local };
    });
    return { entries };
  },
  judge: judgeGroupPolicy,
  fixes: [],
};

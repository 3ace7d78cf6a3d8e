// host.group-policy: every value under the Remote Desktop policy key, named by the Group Policy setting that
// writes it. A policy value wins over the local one, so a local fix of that setting would be reverted at the
// next refresh: the check names the policy instead of editing anything.
import type { Json } from '../../../../../shared/model';
import type { Check, Judgement } from '../../../types';
import { readRegistry, type RegRead, type RegRef } from '../../../ops/registry';
import { TS_POLICY_KEY } from '../../../windows-paths';
import { TS_POLICIES, type TsPolicy } from '../ts-policies';

interface Entry {
  policy: RegRead;
  local: RegRead | null;
}
interface Data {
  entries: Entry[];
}

const spec = (name: string): TsPolicy => TS_POLICIES.find((p) => p.name === name)!;

/** A policy value that stops or breaks Remote Desktop by itself: the only kind this check warns about. */
function breakage(e: Entry): string | null {
  const p = spec(e.policy.name);
  const data = e.policy.data as number | string | string[];
  const broken = p.breaks?.(data);
  return broken ? `${p.name} = ${JSON.stringify(data)} ${broken}` : null;
}

/**
 * A policy value that differs from the local one is how Group Policy is meant to work (a domain GPO requiring
 * NLA or TLS over a local default): the policy value applies, the local one is dormant. Said, not warned.
 */
function override(e: Entry): string | null {
  const p = spec(e.policy.name);
  if (!e.local?.exists || JSON.stringify(e.local.data) === JSON.stringify(e.policy.data)) return null;
  const data = JSON.stringify(e.policy.data);
  return p.ignored
    ? `${p.name} = ${data} under the policy key is ignored (Remote Desktop uses the local ${JSON.stringify(e.local.data)})`
    : `${p.name} = ${data} applies instead of the local ${JSON.stringify(e.local.data)}`;
}

function judgeGroupPolicy({ entries }: Data): Judgement {
  const set = entries.filter((e) => e.policy.exists);
  if (set.length === 0) {
    return {
      status: 'pass',
      verdict: 'No Remote Desktop Group Policy overrides the local settings.',
      evidence: [{ label: 'Policy values', value: '(none)', source: TS_POLICY_KEY }],
    };
  }
  const evidence = set.map((e) => ({
    label: `${e.policy.name} (set by policy)`,
    value: `${JSON.stringify(e.policy.data as Json)}: ${spec(e.policy.name).policy}`,
    source: TS_POLICY_KEY,
  }));
  const policies = [...new Set(set.map((e) => spec(e.policy.name).policy).filter((p) => !p.startsWith('no administrative template')))];
  const policy = policies.length > 0 ? { policy: policies.join('; ') } : {};
  const breaking = set.filter((e) => breakage(e) !== null);
  const overrides = set.map(override).filter((o): o is string => o !== null);
  const overrideNote = overrides.length > 0 ? ` ${overrides.join('; ')}; a local edit of these would be reverted.` : '';
  // Pointing at the check that owns each broken setting makes the two corroborate each other: the
  // setting's own check stays the first cause, and this one its evidence.
  const related = [...new Set(breaking.map((e) => spec(e.policy.name).check).filter((c): c is string => !!c))];
  if (breaking.length > 0) {
    return {
      status: 'warn',
      related,
      verdict: `Group Policy sets Remote Desktop values that break connections: ${breaking.map((e) => breakage(e)!).join('; ')}. Change the policy, not the local value.${overrideNote}`,
      evidence,
      ...policy,
      fixes: [],
    };
  }
  return {
    status: 'pass',
    verdict: `${set.length} Remote Desktop setting${set.length === 1 ? ' is' : 's are'} set by Group Policy, none of them one that breaks connections.${overrideNote}`,
    evidence,
    ...policy,
  };
}

export const check: Check<Data> = {
  id: 'host.group-policy',
  side: 'host',
  layer: 'policy',
  rank: 80,
  title: 'Group Policy for Remote Desktop',
  reads: `${TS_POLICIES.map((p) => p.name).join(', ')} under ${TS_POLICY_KEY}, and the local values they override`,
  passWhen:
    'no policy value denies Remote Desktop or weakens it to a setting that breaks connections (a policy that differs from the local value is reported, not warned)',
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

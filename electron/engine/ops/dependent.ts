// A read that needs a value from another read (derived-input.ts): one round trip on a host that batches, in
// turn elsewhere. Both ways resolve the value with the same rule, so a check judges the same answers.
import { applyDerived, type CallSpec, type Derive } from '../../hosts/derived-input';
import type { CheckContext } from '../types';

export async function runDependent<A, B>(
  ctx: CheckContext,
  first: CallSpec<A>,
  second: CallSpec<B> & { derive: Derive[] },
): Promise<[A, B]> {
  const options = { signal: ctx.signal };
  if (ctx.host.runDependent) return ctx.host.runDependent(first, second, options);
  const a = await ctx.host.run(first.script, first.input, first.schema, options);
  const b = await ctx.host.run(second.script, applyDerived(second.input, second.derive, a), second.schema, options);
  return [a, b];
}

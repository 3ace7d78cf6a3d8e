// Registry reads and writes through ops/registry-read.ps1 and ops/registry-write.ps1, and the generic
// registry fix: snapshot the values with their types, write the new ones, restore exactly on rollback
// (a value that did not exist is deleted again).
import { z } from 'zod';
import type { Json } from '../../../shared/model';
import type { CallSpec, Derive } from '../../hosts/derived-input';
import type { CheckContext, Fix, FixPlan } from '../types';
import { runDependent } from './dependent';

export const RegType = z.enum(['REG_DWORD', 'REG_QWORD', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_BINARY']);
export const RegData = z.union([z.number(), z.string(), z.array(z.string())]);
export const RegValue = z.object({ type: RegType, data: RegData });
export type RegValue = z.infer<typeof RegValue>;

export const RegRead = z.object({
  key: z.string(),
  name: z.string(),
  exists: z.boolean(),
  type: RegType.nullable(),
  data: RegData.nullable(),
});
export type RegRead = z.infer<typeof RegRead>;

const RegistryReadOutput = z.object({ values: z.array(RegRead) });
const RegistryWriteOutput = z.object({ written: z.number() });

export interface RegRef {
  key: string;
  name: string;
}
export interface RegWrite extends RegRef {
  value: RegValue | null;
}

export async function readRegistry(ctx: CheckContext, items: RegRef[]): Promise<RegRead[]> {
  const out = await ctx.host.run('ops/registry-read', { items: items.map((i) => ({ key: i.key, name: i.name })) }, RegistryReadOutput, {
    signal: ctx.signal,
  });
  return out.values;
}

/**
 * Reads registry values and, in the same round trip on a remote host, a script whose input takes some of them
 * (`fromRegistry`), e.g. the listener's sockets on the port PortNumber names.
 */
export async function readRegistryThen<B>(
  ctx: CheckContext,
  items: RegRef[],
  second: CallSpec<B> & { derive: Derive[] },
): Promise<[RegRead[], B]> {
  const input = { items: items.map((i) => ({ key: i.key, name: i.name })) };
  const [out, b] = await runDependent(ctx, { script: 'ops/registry-read', input, schema: RegistryReadOutput }, second);
  return [out.values, b];
}

/** Fills `into` with the data of the index-th value read (the fallback when it is not set or not of the type). */
export function fromRegistry(index: number, into: Derive['into'], type: Derive['type'], fallback: Derive['fallback']): Derive {
  return { into, pick: ['values', index, 'data'], type, fallback };
}

export async function writeRegistry(ctx: CheckContext, items: RegWrite[]): Promise<void> {
  await ctx.host.run('ops/registry-write', { items: items as unknown as Json }, RegistryWriteOutput, { signal: ctx.signal });
}

const REG_KINDS = 'REG_DWORD, REG_QWORD, REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_BINARY';

export function regValueOf(read: RegRead): RegValue | null {
  return read.exists && read.type !== null && read.data !== null ? { type: read.type, data: read.data } : null;
}

export function describeRegValue(v: RegValue | null): Json {
  return v === null ? '(not set)' : `${v.data as string | number} (${v.type})`;
}

export interface RegistrySnapshot {
  [key: string]: Json;
  items: { key: string; name: string; value: { type: string; data: Json } | null; after?: { type: string; data: Json } | null }[];
}

export interface RegistryFixSpec<Data> extends Omit<Fix<Data, RegistrySnapshot>, 'snapshot' | 'plan' | 'apply' | 'rollback'> {
  /** The values this fix writes (null deletes). */
  writes: (data: Data, ctx: CheckContext) => RegWrite[];
  warnings?: (data: Data, ctx: CheckContext) => string[];
}

export function registryFix<Data>(spec: RegistryFixSpec<Data>): Fix<Data, RegistrySnapshot> {
  const { writes, warnings, ...info } = spec;
  return {
    ...info,
    async snapshot(ctx, data) {
      const planned = writes(data, ctx);
      const reads = await readRegistry(ctx, planned);
      // A value that exists in a kind this snapshot cannot hold (REG_NONE, REG_LINK, ...) would be "not set" in the
      // journal, and rollback would delete it: refuse before anything changes.
      const odd = reads.find((r) => r.exists && regValueOf(r) === null);
      if (odd)
        throw new Error(
          `${odd.key}\\${odd.name} exists as a registry kind RDP Doctor cannot save and restore (only ${REG_KINDS}); nothing was changed. Set it by hand (regedit) after exporting the key.`,
        );
      // The value written is kept beside the prior one so the journal can show the change from the snapshot alone.
      return { items: reads.map((r, i) => ({ key: r.key, name: r.name, value: regValueOf(r), after: planned[i]?.value ?? null })) };
    },
    plan(snapshot, ctx, data): FixPlan {
      const after = writes(data, ctx);
      return {
        changes: snapshot.items.map((item, i) => ({
          what: `${item.key}\\${item.name}`,
          before: describeRegValue(item.value as RegValue | null),
          after: describeRegValue(after[i]?.value ?? null),
        })),
        warnings: warnings?.(data, ctx) ?? [],
      };
    },
    async apply(ctx, _snapshot, data) {
      await writeRegistry(ctx, writes(data, ctx));
    },
    ...(spec.reversible
      ? {
          async rollback(ctx: CheckContext, snapshot: RegistrySnapshot) {
            await writeRegistry(
              ctx,
              snapshot.items.map((i) => ({ key: i.key, name: i.name, value: i.value as RegValue | null })),
            );
          },
        }
      : {}),
  };
}

// The host-enforced time box of a security downgrade: a one-time scheduled task on the host, as SYSTEM, that
// runs RDP Doctor's own validated rollback of one journal entry (ops/revert-task.ps1; the simulator models
// Task Scheduler with its clock). Registered before the downgrade is applied, so a closed app, a crash or a
// lost connection still reverts on time.
import { z } from 'zod';
import type { CheckContext } from '../types';

const TaskOutput = z.object({ name: z.string(), registered: z.boolean(), removed: z.number() });

export async function scheduleRevert(ctx: CheckContext, entryId: string, at: Date): Promise<string> {
  const out = await ctx.host.run('ops/revert-task', { action: 'register', entryId, at: at.toISOString() }, TaskOutput, {
    signal: ctx.signal,
  });
  return out.name;
}

export async function cancelRevert(ctx: CheckContext, entryId: string): Promise<void> {
  await ctx.host.run('ops/revert-task', { action: 'unregister', entryId }, TaskOutput, { signal: ctx.signal });
}

// This PC's DNS client cache through ops/dns-cache.ps1.
import { z } from 'zod';
import type { CheckContext } from '../types';

export const DnsCacheState = z.object({ entries: z.number(), names: z.array(z.string()), flushed: z.boolean(), registered: z.boolean() });
export type DnsCacheState = z.infer<typeof DnsCacheState>;

export function dnsCache(ctx: CheckContext, action: 'count' | 'flush'): Promise<DnsCacheState> {
  return ctx.host.run('ops/dns-cache', { action }, DnsCacheState, { signal: ctx.signal });
}

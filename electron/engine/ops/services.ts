// Service control through ops/service-control.ps1.
import { z } from 'zod';
import type { CheckContext } from '../types';

export const ServiceState = z.object({ name: z.string(), status: z.string(), startType: z.string() });
export type ServiceState = z.infer<typeof ServiceState>;

export type ServiceAction = 'start' | 'stop' | 'restart' | 'set-start-type';

export async function controlService(ctx: CheckContext, name: string, action: ServiceAction, startType?: string): Promise<ServiceState> {
  return ctx.host.run('ops/service-control', { name, action, ...(startType ? { startType } : {}) }, ServiceState, {
    signal: ctx.signal,
    timeoutMs: 90_000,
  });
}

/** Restarting TermService drops every RDP session, this app's own included when it runs inside one. */
export function termServiceRestartWarnings(ctx: CheckContext): string[] {
  const w = ['Restarting the Remote Desktop Services drops every Remote Desktop session on this host.'];
  if (ctx.hostInfo.inRdpSession) {
    w.unshift('RDP Doctor itself is running inside a Remote Desktop session: this session will be disconnected. Reconnect afterwards to see the result.');
  }
  return w;
}

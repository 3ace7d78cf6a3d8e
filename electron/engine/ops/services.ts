// Service control through ops/service-control.ps1.
import { z } from 'zod';
import type { CheckContext } from '../types';

export const ServiceState = z.object({
  name: z.string(),
  status: z.string(),
  startType: z.string(),
  /** Still not stopped when the script stopped waiting (STOP_PENDING); nothing was started on top of it. */
  stuck: z.boolean(),
  processId: z.number().nullable(),
});
export type ServiceState = z.infer<typeof ServiceState>;

/** How long a stop may take before the service counts as stuck (the host's own timeout is longer). */
export const STOP_SECONDS = 60;

class ServiceStuckError extends Error {
  override name = 'ServiceStuckError';
}

/** What to do about a service stuck stopping, in words a technician can act on from a console session. */
function stuckAdvice(s: ServiceState): string {
  const pid = s.processId ? `taskkill /F /PID ${s.processId}` : 'taskkill /F /FI "SERVICES eq ' + s.name + '"';
  return (
    `${s.name} did not stop within ${STOP_SECONDS} s and is stuck in STOP_PENDING (${s.status}); it was not started again. ` +
    `From a console session (Hyper-V/VMware console, Azure Serial Console or Run Command): end its process (${pid}), then start it (Start-Service ${s.name}); or restart the computer.`
  );
}

export type ServiceAction = 'start' | 'stop' | 'restart' | 'set-start-type';

export async function controlService(ctx: CheckContext, name: string, action: ServiceAction, startType?: string): Promise<ServiceState> {
  const state = await ctx.host.run(
    'ops/service-control',
    { name, action, stopSeconds: STOP_SECONDS, ...(startType ? { startType } : {}) },
    ServiceState,
    {
      signal: ctx.signal,
      timeoutMs: (STOP_SECONDS + 30) * 1000,
    },
  );
  if (state.stuck) throw new ServiceStuckError(stuckAdvice(state));
  return state;
}

/** The first words of a plan warning that says the change disconnects the session RDP Doctor runs in. */
export const OWN_SESSION_DISCONNECTED = 'RDP Doctor itself is running inside a Remote Desktop session: this session will be disconnected';

/** Whether a plan's warnings say it disconnects the session RDP Doctor runs in (confirmed like an irreversible fix). */
export function endsOwnSession(warnings: readonly string[]): boolean {
  return warnings.some((w) => w.startsWith(OWN_SESSION_DISCONNECTED));
}

/** Restarting TermService drops every RDP session, this app's own included when it runs inside one. */
export function termServiceRestartWarnings(ctx: CheckContext): string[] {
  const w = ['Restarting the Remote Desktop Services drops every Remote Desktop session on this host.'];
  if (ctx.hostInfo.inRdpSession) w.unshift(`${OWN_SESSION_DISCONNECTED}. Reconnect afterwards to see the result.`);
  return w;
}

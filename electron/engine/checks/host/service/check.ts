// host.service: Remote Desktop Services (TermService) runs and can start; its helpers SessionEnv (configuration,
// certificate) and UmRdpService (device redirection) run too. The fix starts what is stopped; rollback puts
// every service back to the status and start type it had, so a Disabled service is Disabled and Stopped again.
import { z } from 'zod';
import type { Json } from '../../../../../shared/model';
import type { Check, Fix, Judgement } from '../../../types';
import { controlService } from '../../../ops/services';

export const ServiceView = z.object({
  name: z.string(),
  /** null when the service could not be read (see unreadable). */
  exists: z.boolean().nullable(),
  displayName: z.string().nullable(),
  status: z.string().nullable(),
  startType: z.string().nullable(),
  processId: z.number().nullable(),
  /** Why Get-Service could not read it ('access denied' or the error's message); null when read or not installed. */
  unreadable: z.string().nullable().default(null),
});
export type ServiceView = z.infer<typeof ServiceView>;
export const ServiceOutput = z.object({ services: z.array(ServiceView) });

/** In start order: TermService first, its dependents after it. */
const RDP_SERVICES = [
  { name: 'TermService', role: 'accepts Remote Desktop connections', essential: true },
  { name: 'SessionEnv', role: 'configures Remote Desktop and its certificate', essential: false },
  { name: 'UmRdpService', role: 'redirects printers, drives and ports into sessions', essential: false },
] as const;

interface Data {
  services: ServiceView[];
}

const needsStart = (s: ServiceView) => s.exists && (s.status !== 'Running' || s.startType === 'Disabled');

interface ServicesSnapshot {
  [key: string]: Json;
  services: { name: string; status: string; startType: string }[];
}

const startRdpServices: Fix<Data, ServicesSnapshot> = {
  id: 'start-rdp-services',
  touches: { shape: 'service-states', services: RDP_SERVICES.map((s) => s.name) },
  title: 'Start the Remote Desktop services',
  description: 'Starts TermService, SessionEnv and UmRdpService where they are stopped; a Disabled one is set to Manual first.',
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: false,
  async snapshot(_ctx, data) {
    return {
      services: data.services
        .filter((s) => s.exists)
        .map((s) => ({ name: s.name, status: s.status ?? 'Stopped', startType: s.startType ?? 'Manual' })),
    };
  },
  plan(snapshot) {
    const changing = snapshot.services.filter((s) => s.status !== 'Running' || s.startType === 'Disabled');
    return {
      changes: changing.map((s) => ({
        what: `Service ${s.name}`,
        before: `${s.status}, start type ${s.startType}`,
        after: `Running, start type ${s.startType === 'Disabled' ? 'Manual' : s.startType}`,
      })),
      warnings: changing
        .filter((s) => s.startType === 'Disabled')
        .map((s) => `${s.name} was Disabled, perhaps on purpose (a hardening baseline or a policy); it is set to Manual so it can start.`),
    };
  },
  async apply(ctx, snapshot) {
    for (const s of snapshot.services) {
      if (s.startType === 'Disabled') await controlService(ctx, s.name, 'set-start-type', 'Manual');
      if (s.status !== 'Running') await controlService(ctx, s.name, 'start');
    }
  },
  // Dependents first, so stopping TermService does not find them still running.
  async rollback(ctx, snapshot) {
    for (const s of [...snapshot.services].reverse()) {
      if (s.status !== 'Running') await controlService(ctx, s.name, 'stop');
      if (s.startType === 'Disabled') await controlService(ctx, s.name, 'set-start-type', s.startType);
    }
  },
};

function judgeServices({ services }: Data): Judgement {
  const evidence = services.map((s) => ({
    label: s.name,
    value: s.unreadable
      ? `could not read (${s.unreadable})`
      : s.exists
        ? `${s.status}, start type ${s.startType}${s.processId ? `, PID ${s.processId}` : ''}`
        : '(not installed)',
    source: 'Get-Service',
  }));
  const fails: string[] = [];
  const warns: string[] = [];
  const unreadable: string[] = [];
  for (const spec of RDP_SERVICES) {
    const s = services.find((x) => x.name.toLowerCase() === spec.name.toLowerCase());
    const into = spec.essential ? fails : warns;
    if (s?.unreadable) unreadable.push(`${spec.name} (${s.unreadable})`);
    else if (!s || !s.exists) into.push(`${spec.name} (${spec.role}) is not installed`);
    else if (s.status !== 'Running')
      into.push(`${spec.name} (${spec.role}) is ${s.status}${s.startType === 'Disabled' ? ' and Disabled' : ''}`);
    else if (s.startType === 'Disabled') warns.push(`${spec.name} runs but is Disabled, so it will not start again after a restart`);
  }
  // A service stuck stopping cannot be started (the SCM refuses until it has stopped): say what to do instead.
  const stuck = services.find((x) => x.exists && x.status === 'StopPending');
  if (stuck) {
    const kill = stuck.processId ? `taskkill /F /PID ${stuck.processId}` : `taskkill /F /FI "SERVICES eq ${stuck.name}"`;
    return {
      status: 'fail',
      verdict: `${stuck.name} is stuck in STOP_PENDING: it cannot be started until it has stopped. From a console session (Hyper-V/VMware console, Azure Serial Console or Run Command) end its process (${kill}), then start it (Start-Service ${stuck.name}); or restart the computer.`,
      evidence,
      fixes: [],
    };
  }
  const fixes = services.some(needsStart) ? ['start-rdp-services'] : [];
  // A service this account may not read is neither running nor missing: say so, never pass over it.
  if (unreadable.length > 0 && fails.length === 0) {
    return {
      status: 'warn',
      verdict: `Could not read ${unreadable.join(', ')}: whether it runs is unknown; run RDP Doctor as an administrator, or check the service's permissions (sc.exe sdshow).${warns.length ? ` Also: ${warns.join('; ')}.` : ''}`,
      evidence,
      fixes,
    };
  }
  if (fails.length > 0)
    return {
      status: 'fail',
      verdict: `${[...fails, ...warns, ...unreadable.map((u) => `could not read ${u}`)].join('; ')}.`,
      evidence,
      fixes,
    };
  if (warns.length > 0) return { status: 'warn', verdict: `${warns.join('; ')}.`, evidence, fixes };
  return { status: 'pass', verdict: 'Remote Desktop Services and its helper services are running.', evidence };
}

export const check: Check<Data> = {
  id: 'host.service',
  side: 'host',
  layer: 'services',
  rank: 40,
  title: 'Remote Desktop services are running',
  reads: 'Status and start type of TermService, SessionEnv and UmRdpService (Get-Service, Win32_Service)',
  passWhen: 'all three run and none has start type Disabled',
  source: 'all three',
  scripts: ['checks/host/service/service'],
  async collect(ctx) {
    return ctx.host.run('checks/host/service/service', { names: RDP_SERVICES.map((s) => s.name) }, ServiceOutput, { signal: ctx.signal });
  },
  judge: judgeServices,
  fixes: [startRdpServices],
};

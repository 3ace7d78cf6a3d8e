// N simulated hosts behind a simulated WinRM link: each round trip costs the link's latency; whether 5985
// answers follows the host's own state (the WinRM service, its firewall rule), access follows its local
// Administrators group, and a scenario may make the link drop right after a batch changed the host (the
// answer is lost, the change is not). The hosts are the same SimulatedHost the rest of the app uses.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { canonicalJson } from '../../util/canonical-json';
import { HostScriptError } from '../../hosts/host-adapter';
import { applyDerived } from '../../hosts/derived-input';
import { SimulatedHost } from '../../hosts/simulated/simulated-host';
import { scenariosRoot } from '../../paths';
import { ManagementPathError, type PreflightStep, type RemoteSession, type RemotingTransport, type ScriptCall } from '../transport';

export interface SimHostSpec {
  name: string;
  scenario: string;
  stateFile?: string | null;
}

interface Endpoint {
  name: string;
  host: SimulatedHost;
  /** The scenario's link behaviour: drop the connection right after the first batch that changes the host. */
  dropAfterChange: boolean;
}

const LinkSpec = z.object({ dropAfterChange: z.boolean().default(false) }).default({ dropAfterChange: false });

function linkSpecOf(scenario: string): z.infer<typeof LinkSpec> {
  try {
    const raw = JSON.parse(readFileSync(path.join(scenariosRoot(), `${scenario}.json`), 'utf8')) as { link?: unknown };
    return LinkSpec.parse(raw.link);
  } catch {
    return { dropAfterChange: false };
  }
}

function sidFor(name: string): string {
  const h = createHash('sha256').update(`machine:${name.toLowerCase()}`).digest();
  return `S-1-5-21-${h.readUInt32BE(0)}-${h.readUInt32BE(4)}-${h.readUInt32BE(8)}`;
}

function uuidFor(seed: string): string {
  const h = createHash('sha256').update(`uuid:${seed.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class SimulatedLink {
  private readonly endpoints = new Map<string, Endpoint>();
  /** Round trips made over the link, for the tests that count them (one batch = one). */
  roundTrips = 0;

  constructor(readonly latencyMs = 50) {}

  add(spec: SimHostSpec): SimulatedHost {
    const key = spec.name.toLowerCase();
    const existing = this.endpoints.get(key);
    if (existing) return existing.host;
    const host = SimulatedHost.open({ scenario: spec.scenario, stateFile: spec.stateFile ?? null });
    // Every simulated host is its own machine, even when two share a scenario or a name: each state file gets
    // its own machine SID and SMBIOS UUID, kept in it.
    if (!host.state.remoting?.machineSid || !host.state.remoting.uuid) {
      const seed = `${spec.name}|${spec.stateFile ? path.resolve(spec.stateFile) : ''}`;
      host.state.remoting = { ...host.state.remoting, machineSid: host.state.remoting?.machineSid ?? sidFor(seed), uuid: uuidFor(seed) };
      host.persist();
    }
    this.endpoints.set(key, { name: spec.name, host, dropAfterChange: linkSpecOf(spec.scenario).dropAfterChange });
    return host;
  }

  host(name: string): SimulatedHost | undefined {
    return this.endpoints.get(name.toLowerCase())?.host;
  }

  transport(name: string, options: { https?: boolean; user?: string | null } = {}): RemotingTransport {
    return new SimulatedTransport(this, name, Boolean(options.https), options.user ?? null);
  }

  endpoint(name: string): Endpoint | undefined {
    return this.endpoints.get(name.toLowerCase());
  }

  async roundTrip(signal?: AbortSignal): Promise<void> {
    this.roundTrips++;
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal });
  }
}

const DEFAULT_USER = 'CORP\\helpdesk.tech';

class SimulatedTransport implements RemotingTransport {
  readonly via = 'simulated-winrm' as const;

  constructor(
    private readonly link: SimulatedLink,
    readonly target: string,
    private readonly https: boolean,
    private readonly user: string | null,
  ) {}

  private fail(failure: ConstructorParameters<typeof ManagementPathError>[0], detail: string): never {
    throw new ManagementPathError(failure, this.via, this.target, detail);
  }

  /** What TCP 5985/5986 does, from the host's state: no host, service stopped, rule off. */
  private portState(ep: Endpoint | undefined): { open: true } | { open: false; detail: string } {
    const port = this.https ? 5986 : 5985;
    if (!ep) return { open: false, detail: `TCP ${port}: no such host on the simulated network` };
    const s = ep.host.state;
    const svc = s.services['WinRM'];
    if (svc && svc.status !== 'Running') return { open: false, detail: `TCP ${port}: connection refused (WinRM service ${svc.status})` };
    const rule = s.firewall.rules[this.https ? 'WINRM-HTTPS-In-TCP' : 'WINRM-HTTP-In-TCP'];
    if (this.https && !rule) return { open: false, detail: 'TCP 5986: connection refused (no HTTPS listener)' };
    if (rule && !rule.enabled)
      return {
        open: false,
        detail: `TCP ${port}: no answer (firewall rule ${this.https ? 'WINRM-HTTPS-In-TCP' : 'WINRM-HTTP-In-TCP'} disabled)`,
      };
    return { open: true };
  }

  private authorize(ep: Endpoint): void {
    const admins = ep.host.state.remoting?.administrators;
    const user = this.user ?? DEFAULT_USER;
    if (admins && !admins.some((a) => a.toLowerCase() === user.toLowerCase())) {
      this.fail('access-denied', `Access is denied for ${user}`);
    }
  }

  /** The session the preflight opened: the first connect() uses it rather than open a second one. */
  private kept: RemoteSession | null = null;

  /** One round trip: the port answers, WS-Management answers, and a session opens for this user. */
  async preflight(signal?: AbortSignal): Promise<PreflightStep[]> {
    this.kept = await this.open(signal);
    return [
      { step: 'port', ok: true, detail: `TCP ${this.https ? 5986 : 5985} answers` },
      { step: 'wsman', ok: true, detail: 'Test-WSMan answered' },
      { step: 'session', ok: true, detail: 'a PSSession opened (kept for the diagnosis)' },
    ];
  }

  async connect(signal?: AbortSignal): Promise<RemoteSession> {
    const kept = this.kept;
    this.kept = null;
    return kept ?? this.open(signal);
  }

  private async open(signal?: AbortSignal): Promise<RemoteSession> {
    await this.link.roundTrip(signal);
    const ep = this.link.endpoint(this.target);
    const port = this.portState(ep);
    if (!port.open) this.fail('winrm-port-closed', port.detail);
    this.authorize(ep!);
    let broken = false;
    return {
      invoke: async (calls, sig) => {
        if (broken) this.fail('session-dropped', 'the session is broken');
        await this.link.roundTrip(sig);
        // Only a link armed to drop needs to see whether the batch changed the host.
        const before = ep!.dropAfterChange ? canonicalJson(ep!.host.state) : null;
        const out = await runCalls(ep!.host, calls);
        if (before !== null && canonicalJson(ep!.host.state) !== before) {
          // The change landed; its answer is lost with the connection. Once per link, like a real blip.
          ep!.dropAfterChange = false;
          broken = true;
          this.fail('session-dropped', 'the connection was reset while the batch was running');
        }
        return out;
      },
      close: async () => {
        broken = true;
      },
    };
  }
}

/**
 * Runs each call on the simulated host and renders its answer as the .ps1 would print it. A derived input is
 * filled here, on the host's side of the link, from the earlier answer, as the composed batch does on Windows.
 */
export async function runCalls(host: SimulatedHost, calls: ScriptCall[]): Promise<string[]> {
  const out: string[] = [];
  for (const call of calls) {
    try {
      const input = call.derive ? applyDerived(call.input, call.derive.rules, parsedAnswer(out[call.derive.from])) : call.input;
      out.push(JSON.stringify(await host.runOverRemoting(call.script, input, z.unknown())));
    } catch (err) {
      if (err instanceof HostScriptError)
        out.push(JSON.stringify({ error: { message: err.message.replace(`${call.script}: `, ''), type: err.type } }));
      else throw err;
    }
  }
  return out;
}

/** An earlier answer as the host parses it; an error answer or no answer leaves every derived value at its fallback. */
function parsedAnswer(text: string | undefined): unknown {
  try {
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

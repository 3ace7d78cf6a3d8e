// The real fleet path on Windows: WinRM does the fan-out. The batches that the hosts' diagnoses ask for at
// the same moment (each diagnosis goes through a few dependent stages) travel in ONE
// `Invoke-Command -ComputerName <all> -ThrottleLimit N -FilePath <batch> -ArgumentList <data>`; each host picks
// its own calls from the data by its computer name. A host WinRM could not reach comes back as an error record
// naming it, which becomes that host's named management-path failure.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ShellFactory, PsShell } from '../../hosts/powershell/powershell-host';
import { scriptsRoot } from '../../paths';
import { probePort } from '../port-probe';
import { ManagementPathError, type PreflightStep, type RemoteSession, type RemotingTransport, type ScriptCall } from '../transport';
import { clientSidePreflight, type WinrmClientOutput } from '../winrm/client-trust';
import { batchScript, fanOutPayload, fleetCommand } from '../winrm/compose';
import { interactiveShellFactory } from '../winrm/shell';
import { classifyRemotingError } from '../winrm/winrm-transport';

const FanOutAnswer = z.object({
  ok: z.literal(true),
  hosts: z.array(z.object({ name: z.string(), output: z.string() })).default([]),
  failed: z.array(z.object({ name: z.string(), message: z.string(), type: z.string() })).default([]),
});
const HostOutput = z.object({ key: z.string(), results: z.array(z.string()) });

interface Waiting {
  name: string;
  calls: ScriptCall[];
  resolve(results: string[]): void;
  reject(err: unknown): void;
}

/** The key a host finds its calls under: its NetBIOS name, the first label of the name used, lowercased. */
export function fanOutKey(name: string): string {
  return name.split('.')[0]!.slice(0, 15).toLowerCase();
}

export class WinrmFanOut {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private shell: Promise<PsShell> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Fan-out commands sent, for tests and numbers. */
  readonly sent: string[] = [];

  constructor(
    private readonly options: {
      https: boolean;
      throttle?: number;
      shell?: ShellFactory;
      engineRoot?: string;
      workDir?: string;
      gatherMs?: number;
      /** This PC's WinRM client settings, read once for the fleet: the preflight judges each name before trying. */
      clientSettings?: () => Promise<WinrmClientOutput>;
    },
  ) {}

  transport(name: string): RemotingTransport {
    const via = this.options.https ? ('winrm-https' as const) : ('winrm-http' as const);
    return {
      via,
      target: name,
      preflight: async (signal) => {
        const port = this.options.https ? 5986 : 5985;
        const tcp = await probePort(name, port, 5000, signal);
        if (!tcp.open) throw new ManagementPathError('winrm-port-closed', via, name, `TCP ${port}: ${tcp.detail}`);
        const steps: PreflightStep[] = [{ step: 'port', ok: true, detail: `TCP ${port} answers` }];
        if (!this.options.clientSettings) return steps;
        const client = await this.options.clientSettings();
        const https = this.options.https;
        const endpoint = { host: name, port: 5986 };
        return [...steps, ...(await clientSidePreflight({ computer: name, https, via, client, endpoint, now: new Date() }))];
      },
      connect: async (): Promise<RemoteSession> => ({
        invoke: (calls) => new Promise<string[]>((resolve, reject) => this.enqueue({ name, calls, resolve, reject })),
        close: async () => undefined,
      }),
    };
  }

  private enqueue(w: Waiting): void {
    this.waiting.push(w);
    // Gather what every host asks for now: the hosts' diagnoses reach each stage at about the same time.
    this.timer ??= setTimeout(() => {
      this.timer = null;
      const group = this.waiting;
      this.waiting = [];
      this.chain = this.chain.then(() => this.send(group));
    }, this.options.gatherMs ?? 20);
  }

  private async send(group: Waiting[]): Promise<void> {
    const via = this.options.https ? 'winrm-https' : 'winrm-http';
    try {
      const text = batchScript(
        this.options.engineRoot ?? scriptsRoot(),
        group.flatMap((w) => w.calls.map((c) => c.script)),
        true,
      );
      const command = fleetCommand({
        computers: group.map((w) => w.name),
        https: this.options.https,
        throttle: this.options.throttle ?? 32,
        file: this.writeBatch(text),
        payload: fanOutPayload(group.map((w) => ({ key: fanOutKey(w.name), calls: w.calls }))),
      });
      this.sent.push(command);
      this.shell ??= (this.options.shell ?? interactiveShellFactory)();
      const { raw } = await (await this.shell).invoke(command);
      const answer = FanOutAnswer.parse(JSON.parse(raw.trim().split(/\r?\n/).pop() ?? '{}'));
      for (const w of group) {
        const key = fanOutKey(w.name);
        const out = answer.hosts.find((h) => fanOutKey(h.name) === key);
        const failed = answer.failed.find((f) => fanOutKey(f.name) === key);
        if (out) w.resolve(HostOutput.parse(JSON.parse(out.output.trim().split(/\r?\n/).pop() ?? '{}')).results);
        else if (failed)
          w.reject(new ManagementPathError(classifyRemotingError(failed.type, failed.message), via, w.name, failed.message.slice(0, 300)));
        else w.reject(new ManagementPathError('session-dropped', via, w.name, 'no answer from this host in the fan-out'));
      }
    } catch (err) {
      for (const w of group) w.reject(err);
    }
  }

  private writeBatch(text: string): string {
    const dir = this.options.workDir ?? path.join(tmpdir(), 'rdp-doctor-batches');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `fanout-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.ps1`);
    writeFileSync(file, '\uFEFF' + text, 'utf8');
    return file;
  }

  async close(): Promise<void> {
    const s = this.shell;
    this.shell = null;
    if (s) await (await s).dispose();
  }
}

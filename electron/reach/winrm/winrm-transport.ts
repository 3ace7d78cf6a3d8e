// The real WinRM transport: the helpdesk PC's Windows PowerShell 5.1 (through node-powershell) holds one
// PSSession per host and runs each batch there with Invoke-Command -Session -FilePath -ArgumentList.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { PsShell, ShellFactory } from '../../hosts/powershell/powershell-host';
import { scriptsRoot } from '../../paths';
import { probePort } from '../port-probe';
import {
  ManagementPathError,
  type ManagementFailure,
  type PreflightStep,
  type RemoteSession,
  type RemotingTransport,
  type ScriptCall,
} from '../transport';
import { clientSidePreflight, type WinrmClientOutput } from './client-trust';
import { batchPayload, batchScript, closeSessionCommand, invokeBatchCommand, openSessionCommand, testWsmanCommand } from './compose';

const Answer = z.union([
  z.object({ ok: z.literal(true) }).passthrough(),
  z.object({ error: z.object({ message: z.string(), type: z.string() }) }),
]);
const BatchOutput = z.object({ results: z.array(z.string()) });

/**
 * Names a New-PSSession / Invoke-Command failure by its FullyQualifiedErrorId first (language-neutral), then
 * by the English text as a fallback. 12175 is WinHTTP's ERROR_WINHTTP_SECURE_FAILURE (certificate not trusted).
 */
export function classifyRemotingError(type: string, message: string): ManagementFailure {
  if (/AccessDenied/i.test(type) || /access is denied/i.test(message)) return 'access-denied';
  if (/ServerNotTrusted/i.test(type) || /TrustedHosts/i.test(message)) return 'trusted-hosts';
  if (/^12175|^12045|^12038/.test(type) || /certificate/i.test(message)) return 'https-certificate-untrusted';
  if (/Timeout|TimedOut/i.test(type) || /timed out|timeout/i.test(message)) return 'timeout';
  if (/Broken|Disconnected|PSRemotingTransportException/i.test(type)) return 'session-dropped';
  return 'winrm-not-enabled';
}

export interface WinrmOptions {
  computer: string;
  https: boolean;
  user: string | null;
  /** Starts the helpdesk PC's PowerShell; interactive, so Get-Credential can show Windows' prompt. */
  shell: ShellFactory;
  engineRoot?: string;
  /** Where the batch files are written (read back by -FilePath). */
  workDir?: string;
  /** Every command text sent, for the tests that prove no value reaches it except as base64. */
  sent?: string[];
  /** This PC's WinRM client settings (ops/winrm-client.ps1 run here); unset: the preflight cannot judge them ahead. */
  clientSettings?: (includeRoots: boolean) => Promise<WinrmClientOutput>;
  /** Where the preflight's TCP and TLS probes go (tests: a loopback server); default the computer on 5985/5986. */
  probeEndpoint?: { host: string; port: number };
  now?: () => Date;
}

export class WinrmTransport implements RemotingTransport {
  readonly via: 'winrm-http' | 'winrm-https';
  readonly target: string;
  private shell: Promise<PsShell> | null = null;

  constructor(private readonly options: WinrmOptions) {
    this.via = options.https ? 'winrm-https' : 'winrm-http';
    this.target = options.computer;
  }

  private getShell(): Promise<PsShell> {
    this.shell ??= this.options.shell();
    return this.shell;
  }

  async send(command: string): Promise<z.infer<typeof Answer>> {
    this.options.sent?.push(command);
    const { raw } = await (await this.getShell()).invoke(command);
    const line =
      raw
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .pop() ?? '';
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ManagementPathError('winrm-not-enabled', this.via, this.target, `unexpected answer from PowerShell: ${line.slice(0, 200)}`);
    }
    return Answer.parse(value);
  }

  private fail(answer: z.infer<typeof Answer>): never {
    const e =
      'error' in answer && answer.error && typeof answer.error === 'object'
        ? (answer.error as { message: string; type: string })
        : { message: 'no answer', type: '' };
    throw new ManagementPathError(classifyRemotingError(e.type, e.message), this.via, this.target, e.message.slice(0, 300));
  }

  async preflight(signal?: AbortSignal): Promise<PreflightStep[]> {
    const port = this.options.https ? 5986 : 5985;
    const at = this.options.probeEndpoint ?? { host: this.options.computer, port };
    const tcp = await probePort(at.host, at.port, 5000, signal);
    if (!tcp.open) throw new ManagementPathError('winrm-port-closed', this.via, this.target, `TCP ${port}: ${tcp.detail}`);
    const steps: PreflightStep[] = [{ step: 'port', ok: true, detail: `TCP ${port} answers` }];
    steps.push(...(await this.judgeClientSide()));
    const wsman = await this.send(testWsmanCommand({ computer: this.options.computer, https: this.options.https }));
    if (!('ok' in wsman)) this.fail(wsman);
    steps.push({ step: 'wsman', ok: true, detail: 'Test-WSMan answered' });
    // The preflight's session is the one the diagnosis then uses: opening a PSSession costs a round trip or more.
    this.kept = await this.openSession();
    steps.push({ step: 'session', ok: true, detail: 'a PSSession opened (kept for the diagnosis)' });
    return steps;
  }

  private kept: RemoteSession | null = null;

  async connect(): Promise<RemoteSession> {
    const kept = this.kept;
    this.kept = null;
    return kept ?? this.openSession();
  }

  /**
   * Before any WinRM traffic: will this PC's client authenticate the name (Kerberos, else TrustedHosts or HTTPS),
   * and, over HTTPS, trust the listener's certificate (this PC's roots, the name, the dates)? Each refusal is
   * named with its fix here rather than read out of New-PSSession's error later.
   */
  private async judgeClientSide(): Promise<PreflightStep[]> {
    const read = this.options.clientSettings;
    if (!read) return [];
    const { computer, https } = this.options;
    return clientSidePreflight({
      computer,
      https,
      via: this.via,
      client: await read(https),
      endpoint: this.options.probeEndpoint ?? { host: computer, port: 5986 },
      now: (this.options.now ?? (() => new Date()))(),
    });
  }

  private async openSession(): Promise<RemoteSession> {
    const id = randomBytes(8).toString('hex');
    const opened = await this.send(
      openSessionCommand({ id, computer: this.options.computer, https: this.options.https, user: this.options.user }),
    );
    if (!('ok' in opened)) this.fail(opened);
    return {
      invoke: (calls) => this.invokeBatch(id, calls),
      close: async () => {
        await this.send(closeSessionCommand(id));
      },
    };
  }

  private async invokeBatch(id: string, calls: ScriptCall[]): Promise<string[]> {
    const file = this.writeBatch(calls.map((c) => c.script));
    const answer = await this.send(invokeBatchCommand({ id, file, payload: batchPayload(calls) }));
    if (!('ok' in answer)) this.fail(answer);
    const sent = (answer as { output?: unknown }).output;
    const output = typeof sent === 'string' ? sent : '';
    const results = BatchOutput.parse(JSON.parse(output.trim().split(/\r?\n/).pop() ?? '{}')).results;
    if (results.length !== calls.length)
      throw new ManagementPathError('session-dropped', this.via, this.target, `${results.length} answers for ${calls.length} scripts`);
    return results;
  }

  /** Batch files are named by their content's hash, so a fleet writes each distinct batch once. */
  private writeBatch(scripts: string[]): string {
    const text = batchScript(this.options.engineRoot ?? scriptsRoot(), scripts);
    const dir = this.options.workDir ?? path.join(tmpdir(), 'rdp-doctor-batches');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `batch-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.ps1`);
    // UTF-8 with BOM: Windows PowerShell 5.1 reads a BOM-less file as the ANSI code page.
    writeFileSync(file, '\uFEFF' + text, 'utf8');
    return file;
  }
}

// The real host: one persistent Windows PowerShell 5.1 session (session.ts, framed so that it also works in
// ConstrainedLanguage). Each check's .ps1 runs with its input as data; its one JSON object is validated
// against the check's schema.
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { z } from 'zod';
import { z as zod } from 'zod';
import type { HostInfo, Json } from '../../../shared/model';
import { scriptsRoot } from '../../paths';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../host-adapter';
import { buildInlineInvocation, buildInvocation, parseScriptOutput } from './invocation';
import { SCRIPT_ID as POWERSHELL_PROBE } from '../../engine/checks/host/powershell/schema';
import { powershellExecutable } from './executable';
import { SessionEndedError, startPowerShellSession } from './session';
import { PromiseSlot } from '../../util/promise-slot';

export interface PsShell {
  /** `stderr`: what the session wrote outside the command's own (folded) streams, for the error message. */
  invoke(command: string): Promise<{ raw: string; hadErrors: boolean; stderr?: string }>;
  dispose(): Promise<void>;
}

export type ShellFactory = () => Promise<PsShell>;

const SCRIPT_NAME = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Scripts sent as command text (see buildInlineInvocation); they get the scripts folder, nothing else. */
const INLINE_SCRIPTS = new Set([POWERSHELL_PROBE]);

export async function nodePowerShellFactory(): Promise<PsShell> {
  // Our own framing (session.ts), not node-powershell's: its [Console]::Out.WriteLine markers hang in
  // ConstrainedLanguage. The executable is Windows PowerShell 5.1 by absolute path (executable.ts), never
  // found through PATH or NODE_POWERSHELL.
  return startPowerShellSession({
    executable: powershellExecutable(),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'],
  });
}

export const HostInfoOutput = zod.object({
  computerName: zod.string(),
  os: zod.string(),
  build: zod.string(),
  elevated: zod.boolean(),
  user: zod.string(),
  sessionName: zod.string(),
  /** SM_REMOTESESSION of the script's own process; null when it could not be asked (ConstrainedLanguage). */
  remoteSession: zod.boolean().nullable().optional(),
});

export class PowerShellHost implements HostAdapter {
  readonly kind = 'powershell' as const;
  /** One session, one command at a time (run() queues); the runner schedules host checks accordingly. */
  readonly concurrency = 1;
  private readonly shell = new PromiseSlot<PsShell>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Every command text sent, for the tests that prove no raw user value reaches the script text. */
  readonly sent: string[] = [];

  constructor(
    private readonly factory: ShellFactory = nodePowerShellFactory,
    private readonly root: string = scriptsRoot(),
    private readonly recordSent = false,
  ) {}

  scriptPath(script: string): string {
    if (!SCRIPT_NAME.test(script)) throw new HostScriptError(script, 'not a valid script name', 'ArgumentError');
    return path.join(this.root, ...script.split('/')) + '.ps1';
  }

  private session(): Promise<PsShell> {
    return this.shell.get(() => this.factory());
  }

  async info(): Promise<HostInfo> {
    let out: z.infer<typeof HostInfoOutput>;
    try {
      out = await this.run('ops/host-info', {}, HostInfoOutput);
    } catch (err) {
      // Scripts refused (AllSigned by Group Policy) or constrained: the diagnosis must still start, so that
      // host.powershell can say why. Node knows this PC (PowerShellHost is always local); elevation is not
      // claimed, so no fix is offered.
      if (!(err instanceof HostScriptError)) throw err;
      return this.infoWithoutScripts();
    }
    return {
      kind: 'powershell',
      scenario: null,
      scenarioSummary: null,
      computerName: out.computerName,
      os: out.os,
      build: out.build,
      elevated: out.elevated,
      user: out.user,
      // SESSIONNAME is empty under over-the-shoulder elevation; SM_REMOTESESSION is not.
      inRdpSession: out.remoteSession ?? /^RDP-Tcp/i.test(out.sessionName),
    };
  }

  private infoWithoutScripts(): HostInfo {
    const release = os.release();
    return {
      kind: 'powershell',
      scenario: null,
      scenarioSummary: null,
      computerName: os.hostname(),
      os: `Windows ${release}`,
      build: release.split('.')[2] ?? release,
      elevated: false,
      user: os.userInfo().username,
      inRdpSession: /^RDP-Tcp/i.test(process.env.SESSIONNAME ?? ''),
    };
  }

  private commandFor(script: string, file: string, input: Json): string {
    if (!INLINE_SCRIPTS.has(script)) return buildInvocation(file, input);
    return buildInlineInvocation(readFileSync(file, 'utf8'), { RdScriptsRoot: this.root });
  }

  run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options: RunOptions = {}): Promise<z.output<S>> {
    // One session runs one command at a time; queueing here keeps a slow script from interleaving output.
    const next = this.queue.then(() => this.runNow(script, input, schema, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options: RunOptions): Promise<z.output<S>> {
    if (options.signal?.aborted) throw new HostScriptError(script, 'cancelled', 'OperationCanceled');
    const file = this.scriptPath(script);
    if (!existsSync(file) && (!this.recordSent || INLINE_SCRIPTS.has(script)))
      throw new HostScriptError(script, `script file missing: ${file}`, 'FileNotFound');
    const command = this.commandFor(script, file, input);
    if (this.recordSent) this.sent.push(command);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HostScriptError(script, `no answer within ${timeoutMs} ms`, 'Timeout')), timeoutMs);
    });
    try {
      // The deadline covers starting the session too: a powershell.exe that never comes up must not hang the
      // queue (and every check behind it) forever.
      const result = await Promise.race([this.session().then((shell) => shell.invoke(command)), timeout]);
      const parsed = parseScriptOutput(script, result.raw);
      if (!parsed.ok) {
        const extra = result.stderr?.trim() ? ` (PowerShell said: ${result.stderr.trim().slice(0, 300)})` : '';
        throw new HostScriptError(script, parsed.message + extra, parsed.type);
      }
      const checked = schema.safeParse(parsed.value);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new HostOutputError(script, `${issue?.path.join('.')}: ${issue?.message}`);
      }
      return checked.data;
    } catch (err) {
      if (err instanceof SessionEndedError) {
        // powershell.exe died (killed, crashed): the next script starts a new one instead of failing forever.
        this.shell.clear();
        throw new HostScriptError(script, err.message, 'SessionEnded');
      }
      if (err instanceof HostScriptError && err.type === 'Timeout') {
        // A hung script holds the session; start a new one rather than queue behind it forever.
        void this.shell
          .take()
          ?.then((s) => s.dispose())
          .catch(() => undefined);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    const s = this.shell.take();
    if (s) await (await s).dispose();
  }
}

// The real host: one persistent Windows PowerShell 5.1 session driven through node-powershell. Each check's
// .ps1 runs with its input as data; its one JSON object is validated against the check's schema.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { z as zod } from 'zod';
import type { HostInfo, Json } from '../../../shared/model';
import { scriptsRoot } from '../../paths';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../host-adapter';
import { buildInvocation, parseScriptOutput } from './invocation';
import { powershellExecutable } from './executable';

export interface PsShell {
  invoke(command: string): Promise<{ raw: string; hadErrors: boolean }>;
  dispose(): Promise<void>;
}

export type ShellFactory = () => Promise<PsShell>;

const SCRIPT_NAME = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const DEFAULT_TIMEOUT_MS = 30_000;

export async function nodePowerShellFactory(): Promise<PsShell> {
  const { PowerShell } = await import('node-powershell');
  const executable = powershellExecutable();
  // node-powershell prefers NODE_POWERSHELL over any executable given; this subclass always starts ours.
  class SystemPowerShell extends PowerShell {
    protected override setExecutable(): string {
      return executable;
    }
  }
  const shell = new SystemPowerShell({
    executable,
    executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass', '-NoLogo': true },
    throwOnInvocationError: false,
  });
  return {
    invoke: async (command) => {
      const r = await shell.invoke(command);
      return { raw: r.raw, hadErrors: r.hadErrors };
    },
    dispose: () => shell.dispose(),
  };
}

export const HostInfoOutput = zod.object({
  computerName: zod.string(),
  os: zod.string(),
  build: zod.string(),
  elevated: zod.boolean(),
  user: zod.string(),
  sessionName: zod.string(),
});

export class PowerShellHost implements HostAdapter {
  readonly kind = 'powershell' as const;
  /** One session, one command at a time (run() queues); the runner schedules host checks accordingly. */
  readonly concurrency = 1;
  private shell: Promise<PsShell> | null = null;
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
    if (!this.shell) {
      const started = this.factory();
      this.shell = started;
      // A session that failed to start is not kept: the next script tries a new one instead of failing
      // with the same error until the app restarts.
      started.catch(() => {
        if (this.shell === started) this.shell = null;
      });
    }
    return this.shell;
  }

  async info(): Promise<HostInfo> {
    const out = await this.run('ops/host-info', {}, HostInfoOutput);
    return {
      kind: 'powershell',
      scenario: null,
      scenarioSummary: null,
      computerName: out.computerName,
      os: out.os,
      build: out.build,
      elevated: out.elevated,
      user: out.user,
      inRdpSession: /^RDP-Tcp/i.test(out.sessionName),
    };
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
    if (!existsSync(file) && !this.recordSent) throw new HostScriptError(script, `script file missing: ${file}`, 'FileNotFound');
    const command = buildInvocation(file, input);
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
      if (!parsed.ok) throw new HostScriptError(script, parsed.message, parsed.type);
      const checked = schema.safeParse(parsed.value);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new HostOutputError(script, `${issue?.path.join('.')}: ${issue?.message}`);
      }
      return checked.data;
    } catch (err) {
      if (err instanceof HostScriptError && err.type === 'Timeout') {
        // A hung script holds the session; start a new one rather than queue behind it forever.
        const old = this.shell;
        this.shell = null;
        void old?.then((s) => s.dispose()).catch(() => undefined);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    const s = this.shell;
    this.shell = null;
    if (s) await (await s).dispose();
  }
}

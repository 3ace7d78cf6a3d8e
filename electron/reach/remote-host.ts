// The host adapter over a remoting transport: every check and fix runs unchanged against a host reached from
// the helpdesk PC. Calls made together (a diagnosis starts all its checks at once) are coalesced into one
// batch, one round trip; batches run one after another on the one session, like PowerShellHost's queue.
import type { z } from 'zod';
import type { HostInfo, Json } from '../../shared/model';
import type { CallSpec, Derive } from '../hosts/derived-input';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../hosts/host-adapter';
import { HostInfoOutput } from '../hosts/powershell/powershell-host';
import { parseScriptOutput } from '../hosts/powershell/invocation';
import { cutsManagementPath } from './guard';
import { IdentityOutput, identityKey, type HostIdentity } from './identity';
import { ManagementPathError, type RemoteSession, type RemotingTransport, type ScriptCall } from './transport';
import { PromiseSlot } from '../util/promise-slot';

interface Pending {
  call: ScriptCall;
  /** A read whose input takes values from another call's answer: sent after it, in the same batch. */
  after?: { pending: Pending; rules: Derive[] };
  schema: z.ZodTypeAny;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** What a dropped session left unknown: the scripts of the batch whose answer was lost. */
export interface Interruption {
  scripts: string[];
  detail: string;
}

export class RemoteHost implements HostAdapter {
  readonly kind = 'remote' as const;
  /** Checks may all start at once: their host calls coalesce into one batch (one round trip). */
  readonly concurrency = 64;
  identity: HostIdentity | null = null;
  /** Set when a session dropped with a batch in flight; cleared by reconnect(). */
  interrupted: Interruption | null = null;
  /** The last management-path failure a batch met (the fleet names it for a host that never answered). */
  pathError: ManagementPathError | null = null;
  /** Batches sent, for tests and the fleet's numbers. */
  batches = 0;
  private readonly session = new PromiseSlot<RemoteSession>();
  private pending: Pending[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly transport: RemotingTransport) {}

  get identityKey(): string | undefined {
    return this.identity ? identityKey(this.identity) : undefined;
  }

  private open(): Promise<RemoteSession> {
    return this.session.get(() => this.transport.connect());
  }

  /** Re-establishes the session after a drop; the caller reads the state back before anything else. */
  async reconnect(): Promise<void> {
    await this.session
      .take()
      ?.then((s) => s.close())
      .catch(() => undefined);
    await this.open();
    this.interrupted = null;
  }

  run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options: RunOptions = {}): Promise<z.output<S>> {
    if (options.signal?.aborted) return Promise.reject(new HostScriptError(script, 'cancelled', 'OperationCanceled'));
    const cut = cutsManagementPath(script, input);
    if (cut) {
      return Promise.reject(
        new HostScriptError(
          script,
          `refused over PowerShell Remoting: ${cut}, which would cut the connection this change travels on. Do it at the host's console.`,
          'ManagementPathGuard',
        ),
      );
    }
    return this.enqueue({ script, input }, schema) as Promise<z.output<S>>;
  }

  /** Both calls in the same batch: the host fills the second's derived input from the first's answer. */
  runDependent<A, B>(first: CallSpec<A>, second: CallSpec<B> & { derive: Derive[] }, options: RunOptions = {}): Promise<[A, B]> {
    if (options.signal?.aborted) return Promise.reject(new HostScriptError(first.script, 'cancelled', 'OperationCanceled'));
    const a = this.enqueue({ script: first.script, input: first.input }, first.schema) as Promise<A>;
    const from = this.pending[this.pending.length - 1]!;
    const b = this.enqueue({ script: second.script, input: second.input }, second.schema, {
      pending: from,
      rules: second.derive,
    }) as Promise<B>;
    return Promise.all([a, b]);
  }

  private enqueue(call: ScriptCall, schema: z.ZodTypeAny, after?: Pending['after']): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ call, schema, resolve, reject, after });
      if (!this.scheduled) {
        this.scheduled = true;
        // Everything asked for in this turn of the event loop goes in one batch.
        setImmediate(() => {
          this.scheduled = false;
          this.chain = this.chain.then(() => this.sendBatch());
        });
      }
    });
  }

  private async sendBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let raws: string[];
    try {
      const session = await this.open();
      this.batches++;
      raws = await session.invoke(batchCalls(batch));
    } catch (err) {
      if (err instanceof ManagementPathError) this.pathError = err;
      if (err instanceof ManagementPathError && err.failure === 'session-dropped') {
        this.session.clear();
        this.interrupted = { scripts: batch.map((p) => p.call.script), detail: err.detail };
      }
      for (const p of batch)
        p.reject(
          err instanceof ManagementPathError ? new HostScriptError(p.call.script, err.message, `ManagementPath:${err.failure}`) : err,
        );
      return;
    }
    batch.forEach((p, i) => settle(p, raws[i] ?? ''));
  }

  private readonly cachedInfo = new PromiseSlot<HostInfo>();

  /** Read once per host: who and what the host is does not change during a session. */
  info(): Promise<HostInfo> {
    return this.cachedInfo.get(() => this.readInfo());
  }

  private async readInfo(): Promise<HostInfo> {
    const [out, id] = await Promise.all([this.run('ops/host-info', {}, HostInfoOutput), this.run('ops/host-identity', {}, IdentityOutput)]);
    const vmId = id.uuid && /^[0-9a-f-]{36}$/i.test(id.uuid) ? id.uuid.toLowerCase() : null;
    this.identity = { name: this.transport.target, computerName: id.computerName, machineSid: id.machineSid, vmId };
    return {
      kind: 'remote',
      scenario: null,
      scenarioSummary: null,
      computerName: out.computerName,
      os: out.os,
      build: out.build,
      elevated: out.elevated,
      user: out.user,
      // A remoting session is never an RDP session of the app itself.
      inRdpSession: false,
      remote: { via: this.transport.via, name: this.transport.target, machineSid: id.machineSid, vmId },
    };
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.session
      .take()
      ?.then((x) => x.close())
      .catch(() => undefined);
  }
}

/** The batch as sent: a dependent call names the index of the call it takes values from. */
function batchCalls(batch: Pending[]): ScriptCall[] {
  return batch.map((p) => {
    if (!p.after) return p.call;
    const from = batch.indexOf(p.after.pending);
    if (from < 0 || from >= batch.indexOf(p)) throw new Error(`internal: ${p.call.script} was batched apart from the call it depends on`);
    return { ...p.call, derive: { from, rules: p.after.rules } };
  });
}

function settle(p: Pending, raw: string): void {
  const parsed = parseScriptOutput(p.call.script, raw);
  if (!parsed.ok) return p.reject(new HostScriptError(p.call.script, parsed.message, parsed.type));
  const checked = p.schema.safeParse(parsed.value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return p.reject(new HostOutputError(p.call.script, `${issue?.path.join('.')}: ${issue?.message}`));
  }
  p.resolve(checked.data);
}

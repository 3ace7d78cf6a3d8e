// Replays a capture bundle: each check collects from the recorded outputs (through its own schema) and is
// judged as on a live host. A recorded output that no longer fits its schema shows as that check's error.
import type { z } from 'zod';
import type { Finding, HostInfo, Json } from '../../shared/model';
import { createContext } from '../engine/context';
import { evaluate } from '../engine/evaluate';
import type { AnyCheck } from '../engine/types';
import { HostOutputError, HostScriptError, type HostAdapter } from '../hosts/host-adapter';
import type { Bundle } from './bundle';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

class ReplayHost implements HostAdapter {
  readonly kind = 'powershell' as const;
  readonly concurrency = 1;
  /** Script runs the bundle did not record (a check now asks for something new). */
  readonly unmatched: string[] = [];
  private readonly used = new Set<number>();
  constructor(
    private readonly bundle: Bundle,
    private readonly hostInfo: HostInfo,
  ) {}
  async info(): Promise<HostInfo> {
    return this.hostInfo;
  }
  async run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S): Promise<z.output<S>> {
    const at = this.bundle.runs.findIndex((r, i) => !this.used.has(i) && r.script === script && same(r.input, input));
    const fallback = at >= 0 ? at : this.bundle.runs.findIndex((r) => r.script === script && same(r.input, input));
    if (fallback < 0) {
      this.unmatched.push(script);
      throw new HostScriptError(script, 'not in the capture bundle', 'NotCaptured');
    }
    this.used.add(fallback);
    const run = this.bundle.runs[fallback]!;
    if (run.error) throw new HostScriptError(script, run.error.message, run.error.type);
    const checked = schema.safeParse(run.raw);
    if (!checked.success)
      throw new HostOutputError(script, `${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
    return checked.data;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

interface Replayed {
  findings: Finding[];
  /** Checks whose recorded output no longer fits its schema. */
  schemaMismatches: Finding[];
  unmatched: string[];
}

export async function replayBundle(bundle: Bundle, checks: AnyCheck[], hostInfo: HostInfo): Promise<Replayed> {
  const host = new ReplayHost(bundle, hostInfo);
  const ctx = createContext(host, hostInfo, null, new AbortController().signal);
  const findings: Finding[] = [];
  for (const check of checks.filter((c) => c.scripts.length > 0 && !c.needsTarget)) findings.push((await evaluate(check, ctx)).finding);
  return {
    findings,
    schemaMismatches: findings.filter((f) => f.status === 'error' && /does not match its schema/.test(f.verdict)),
    unmatched: host.unmatched,
  };
}

// rdp-doctor capture: runs every check's collection (never a fix) on this host through a recording adapter,
// and returns one bundle with each script's raw output and where it came from.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { HostInfo, Json } from '../../shared/model';
import { createContext } from '../engine/context';
import { evaluate } from '../engine/evaluate';
import type { AnyCheck } from '../engine/types';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../hosts/host-adapter';
import { Bundle, BUNDLE_FORMAT, WRITE_SCRIPTS, type CapturedRun } from './bundle';
import { redactBundle } from './redact';

/** Records what each script printed before any schema; refuses every script that changes the host. */
class RecordingHost implements HostAdapter {
  readonly runs: CapturedRun[] = [];
  constructor(private readonly inner: HostAdapter) {}
  get kind() {
    return this.inner.kind;
  }
  get concurrency() {
    return this.inner.concurrency;
  }
  info(): Promise<HostInfo> {
    return this.inner.info();
  }
  async run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options?: RunOptions): Promise<z.output<S>> {
    if (WRITE_SCRIPTS.has(script))
      throw new HostScriptError(script, 'a capture never runs a script that changes the host', 'CaptureReadOnly');
    const started = performance.now();
    let raw: unknown;
    try {
      raw = await this.inner.run(script, input, z.unknown(), options);
    } catch (err) {
      const type = err instanceof HostScriptError ? err.type : err instanceof Error ? err.name : 'Error';
      this.runs.push({
        script,
        input,
        raw: null,
        error: { type, message: err instanceof Error ? err.message : String(err) },
        durationMs: Math.round(performance.now() - started),
      });
      throw err;
    }
    this.runs.push({ script, input, raw, error: null, durationMs: Math.round(performance.now() - started) });
    const checked = schema.safeParse(raw);
    if (!checked.success)
      throw new HostOutputError(script, `${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
    return checked.data;
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function rawOf(runs: CapturedRun[], script: string): Record<string, unknown> {
  const r = runs.find((x) => x.script === script && x.raw && typeof x.raw === 'object');
  return (r?.raw as Record<string, unknown>) ?? {};
}

function scriptHashes(runs: CapturedRun[], scriptsRoot: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const script of new Set(runs.map((r) => r.script))) {
    const file = path.join(scriptsRoot, ...script.split('/')) + '.ps1';
    out[script] = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '(file not found)';
  }
  return out;
}

interface CaptureOptions {
  appVersion: string;
  scriptsRoot: string;
  redact: boolean;
  now?: Date;
}

export async function captureBundle(host: HostAdapter, checks: AnyCheck[], options: CaptureOptions): Promise<Bundle> {
  const recorder = new RecordingHost(host);
  const info = await recorder.info();
  const ctx = createContext(recorder, info, null, new AbortController().signal);
  // One at a time, in the app's order (host.powershell among the first): the bundle reads like a diagnosis.
  for (const check of checks.filter((c) => c.scripts.length > 0 && !c.needsTarget)) await evaluate(check, ctx);
  // This PC's WinRM client settings (TrustedHosts, domain): read by the reach preflight, not by a check. A
  // failure is already in the bundle as that run's error.
  await recorder.run('ops/winrm-client', { includeRoots: false }, z.unknown()).catch(() => undefined);
  const os = rawOf(recorder.runs, 'checks/host/os/os');
  const ps = rawOf(recorder.runs, 'checks/host/powershell/powershell');
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: 1,
    provenance: {
      capturedAt: (options.now ?? new Date()).toISOString(),
      appVersion: options.appVersion,
      hostKind: host.kind,
      windows: {
        caption: str(os.caption),
        build: str(os.build),
        editionId: str(os.editionId),
        displayVersion: str(os.displayVersion),
        uiCulture: str(ps.uiCulture),
      },
      powershell: {
        version: str(ps.psVersion),
        sessionLanguageMode: str(ps.sessionLanguageMode),
        scriptLanguageMode: str(ps.scriptLanguageMode),
      },
      redacted: options.redact,
      scripts: scriptHashes(recorder.runs, options.scriptsRoot),
    },
    runs: recorder.runs,
  };
  return options.redact ? redactBundle(bundle, info) : Bundle.parse(bundle);
}

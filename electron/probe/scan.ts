// Many targets through a bounded pool: at most `concurrency` probes in flight, results in input order.
import type { ProbeReport, ScanRow } from '../../shared/probe';
import { formatTarget, parseTarget, type Target } from '../../shared/target';
import { prettyTls, worstStatus } from './judge';
import { ownSignal, runProbe, type ProbeOptions } from './probe';

export const DEFAULT_SCAN_CONCURRENCY = 32;

export interface ScanProgress {
  done: number;
  total: number;
  row: ScanRow;
}

export interface ScanOptions extends Omit<ProbeOptions, 'signal'> {
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  /** Keep each row's full report (the UI's detail pane); the bench turns it off to measure the pool alone. */
  keepReports?: boolean;
}

/** One line for the scan table: the worst finding, or what the server offers when all is well. */
export function summarizeReport(report: ProbeReport): { status: ScanRow['status']; summary: string } {
  const status = worstStatus(report.findings.map((f) => f.status));
  const worst = report.findings[0];
  if (status !== 'pass' && status !== 'skipped' && worst) return { status, summary: worst.text };
  const neg = report.layers.negotiation?.attempts.find((a) => a.request === 'hybrid-ex');
  const tls = report.layers.tls;
  const parts = [
    neg?.selectedName ? `selects ${neg.selectedName}` : null,
    tls?.version ? prettyTls(tls.version) : null,
    tls?.certificate ? `certificate valid ${tls.certificate.daysLeft} more days` : null,
  ].filter(Boolean);
  return { status, summary: parts.length ? `OK: ${parts.join(', ')}` : (worst?.text ?? 'OK') };
}

export async function scanTargets(targets: ReadonlyArray<Target | string>, opts: ScanOptions = {}): Promise<ScanRow[]> {
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_SCAN_CONCURRENCY, 1024));
  const { signal, release } = ownSignal(opts.signal);
  try {
    return await pool(targets, { ...opts, signal }, concurrency);
  } finally {
    release();
  }
}

async function pool(
  targets: ReadonlyArray<Target | string>,
  opts: ScanOptions & { signal: AbortSignal },
  concurrency: number,
): Promise<ScanRow[]> {
  const rows = new Array<ScanRow>(targets.length);
  let next = 0;
  let done = 0;
  const probeOne = async (input: Target | string): Promise<ScanRow> => {
    const start = Date.now();
    const parsed = typeof input === 'string' ? parseTarget(input) : ({ ok: true, target: input } as const);
    if (!parsed.ok)
      return {
        target: typeof input === 'string' ? input : formatTarget(input),
        status: 'error',
        summary: parsed.error,
        durationMs: 0,
        report: null,
      };
    const label = formatTarget(parsed.target);
    if (opts.signal?.aborted) return { target: label, status: 'skipped', summary: 'The scan was cancelled', durationMs: 0, report: null };
    try {
      const report = await runProbe(parsed.target, { ...opts, signal: opts.signal });
      const { status, summary } = summarizeReport(report);
      return { target: label, status, summary, durationMs: report.durationMs, report: opts.keepReports === false ? null : report };
    } catch (err) {
      return {
        target: label,
        status: 'error',
        summary: `The probe failed: ${(err as Error).message}`,
        durationMs: Date.now() - start,
        report: null,
      };
    }
  };
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const row = await probeOne(targets[index]!);
      rows[index] = row;
      done++;
      opts.onProgress?.({ done, total: targets.length, row });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return rows;
}

export interface ScanFileLine {
  line: number;
  text: string;
}

const HEADER = /^(host(name)?|target|name|address|ip|ip ?address|server|computer(name)?|fqdn|dns ?name|machine)$/i;

/** Targets from a scan file: one per line, or CSV with the target in the first column. */
export function parseScanFile(content: string): ScanFileLine[] {
  const out: ScanFileLine[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let seenData = false;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const first = firstCsvField(trimmed).trim();
    if (!seenData && HEADER.test(first)) return;
    seenData = true;
    if (first !== '') out.push({ line: i + 1, text: first });
  });
  return out;
}

function firstCsvField(line: string): string {
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    return end === -1 ? line.slice(1) : line.slice(1, end);
  }
  const cut = line.search(/[,;\t]/);
  return cut === -1 ? line : line.slice(0, cut);
}

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
  /** host or host:port, for parseTarget; absent when the line is refused (error). */
  text: string;
  error?: string;
}

const HEADER = /^(host(name)?|target|name|address|ip|ip ?address|server|computer(name)?|fqdn|dns ?name|machine)$/i;
const PORT_HEADER = /^(rdp ?)?port$/i;

/** Which column holds what: from a header row when there is one, else host first and an optional port second. */
interface Columns {
  host: number;
  port: number | null;
  /** A header named the columns, so the others (owner, notes, ...) are known to be something else. */
  named: boolean;
}

/**
 * Targets from a scan file: one host[:port] per line, or CSV. A header row names the host column (host, target,
 * address, ...) and optionally a port column (port, rdp port); other named columns are ignored. Without a header the
 * second field, when present, must be the port (1-65535), and a third is refused: a column that is silently
 * dropped would probe a target the file never named.
 */
export function parseScanFile(content: string): ScanFileLine[] {
  const out: ScanFileLine[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let columns: Columns | null = null;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = csvFields(trimmed).map((f) => f.trim());
    if (columns === null) {
      const host = fields.findIndex((f) => HEADER.test(f));
      columns = host === -1 ? { host: 0, port: null, named: false } : { host, port: indexOrNull(fields, PORT_HEADER), named: true };
      if (host !== -1) return;
    }
    const entry = scanLine(fields, columns, i + 1);
    if (entry) out.push(entry);
  });
  return out;
}

function indexOrNull(fields: string[], re: RegExp): number | null {
  const i = fields.findIndex((f) => re.test(f));
  return i === -1 ? null : i;
}

function scanLine(fields: string[], columns: Columns, line: number): ScanFileLine | null {
  const host = fields[columns.host] ?? '';
  if (host === '') return null;
  let port = columns.port === null ? '' : (fields[columns.port] ?? '');
  if (!columns.named) {
    if (fields.length > 2)
      return {
        line,
        text: host,
        error: `${fields.length} columns; expected host, or host and port (e.g. 127.0.0.1,3390), or a header row naming the columns`,
      };
    port = fields[1] ?? '';
  }
  if (port === '') return { line, text: host };
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)
    return {
      line,
      text: host,
      error: `"${port.slice(0, 20)}" is not a port (1-65535)${columns.named ? '' : '; the second column is the port'}`,
    };
  if (/^\[.*\]:\d+$|^[^:]*:\d+$/.test(host)) return { line, text: host, error: `${host} already names a port; give it once` };
  return { line, text: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}` };
}

/** The fields of one CSV line (comma, semicolon or tab, whichever comes first), "quoted" fields with "" inside. */
function csvFields(line: string): string[] {
  const sep = /[,;\t]/.exec(line.replace(/"[^"]*"/g, ''))?.[0];
  if (sep === undefined) return [line.startsWith('"') && line.endsWith('"') ? line.slice(1, -1) : line];
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '"' && line[j + 1] === '"') {
          value += '"';
          j++;
        } else if (line[j] === '"') break;
        else value += line[j];
      }
      const next = line.indexOf(sep, j);
      fields.push(value);
      i = next === -1 ? line.length + 1 : next + 1;
    } else {
      const next = line.indexOf(sep, i);
      fields.push(line.slice(i, next === -1 ? undefined : next));
      i = next === -1 ? line.length + 1 : next + 1;
    }
  }
  return fields;
}

// Small text helpers every renderer shares, so the PDF, the HTML and the ticket summary say the same words.
import type { Json, Status } from '../../shared/model';
import type { OverallVerdict } from '../../shared/report';

/** Word and icon for each status: print and colour-blind readers get the word, not only the colour. */
export const STATUS_LABEL: Record<Status, { icon: string; word: string }> = {
  pass: { icon: '✔', word: 'Pass' },
  warn: { icon: '⚠', word: 'Warning' },
  fail: { icon: '✖', word: 'Fail' },
  skipped: { icon: '⊘', word: 'Skipped' },
  error: { icon: '‼', word: 'Error' },
};

export const VERDICT_LABEL: Record<OverallVerdict, { icon: string; word: string }> = {
  healthy: { icon: '✔', word: 'Healthy' },
  warnings: { icon: '⚠', word: 'Warnings' },
  problems: { icon: '✖', word: 'Problems found' },
  incomplete: { icon: '‼', word: 'Incomplete' },
};

/** ISO time as "2026-11-21 10:15:03 UTC": one zone for everyone reading the ticket. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function formatPercent(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}

/** A JSON value as one line of text: strings as they are, the rest as compact JSON. */
export function jsonText(value: Json | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return value.length === 0 ? '[]' : value.map((v) => jsonText(v)).join(', ');
  }
  if (!Array.isArray(value)) {
    // One level of "key: value" reads better than JSON; deeper structure stays JSON.
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : jsonText(v)}`).join(', ');
  }
  return JSON.stringify(value);
}

/**
 * Hex octets as a dump: 16 per line, each line led by its offset. Single spaces only, so text extraction
 * from the PDF (a ticket system's search, pdftotext) keeps each line in one piece.
 */
export function hexDump(hex: string): string[] {
  const octets = hex.split(' ').filter(Boolean);
  const lines: string[] = [];
  for (let i = 0; i < octets.length; i += 16) {
    lines.push(`${i.toString(16).padStart(4, '0')}: ${octets.slice(i, i + 16).join(' ')}`);
  }
  return lines;
}

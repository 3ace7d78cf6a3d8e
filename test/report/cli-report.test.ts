// The report through the real CLI, as a technician would make it: on scenario multi-fault, apply a fix and roll
// it back, leave a security downgrade in place, then `diagnose --state F --report x.pdf`, and read the PDF.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyToReadme, loose, pdfPageCount, pdfText, pdfWords, renderPages, statusOfRow } from './pdf-tools';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/rdp-doctor.cjs');
const SCENARIO = process.env.REPORT_CLI_SCENARIO ?? 'multi-fault';

interface CliFix { id: string; title: string; reversible: boolean; lowersSecurity: boolean; disabledReason?: string }
interface CliFinding { id: string; title: string; status: string; fixes: CliFix[] }
interface CliDiagnosis { findings: CliFinding[]; causes: Array<{ id: string; title: string; fix: string | null; checkId: string }> }

function cli(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, RDP_DOCTOR_HOME: cwd }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(args: string[], cwd: string, okCodes = [0, 1]): T {
  const r = cli([...args, '--json'], cwd);
  if (!okCodes.includes(r.code)) throw new Error(`rdp-doctor ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function scenarioExists(): boolean {
  if (!existsSync(BIN)) return false;
  const r = spawnSync(process.execPath, [BIN, 'scenarios', '--json'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes(`"${SCENARIO}"`);
}

const available = scenarioExists();
if (!available) process.stderr.write(`test/report/cli-report: skipped, the CLI has no scenario "${SCENARIO}" yet\n`);

describe.skipIf(!available)('diagnose --report through the CLI on multi-fault', () => {
  it('shows the causes, every check, the applied and rolled-back changes and the open risk', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-report-cli-'));
    const state = path.join(dir, 'state.json');

    const before = json<CliDiagnosis>(['diagnose', '--scenario', SCENARIO, '--state', state], dir);
    const causes = before.causes.slice(0, 3);
    // multi-fault has three faults; REPORT_CLI_SCENARIO lets a developer try the flow on a single-fault one.
    expect(causes).toHaveLength(SCENARIO === 'multi-fault' ? 3 : before.causes.length);
    const fixOf = (ref: string) => {
      const [checkId, fixId] = ref.split('/') as [string, string];
      return { checkId, fix: before.findings.find((f) => f.id === checkId)!.fixes.find((f) => f.id === fixId)! };
    };

    // A real fix for a cause, then rolled back: the fault is back, the journal remembers both.
    const undone = causes.map((c) => (c.fix ? fixOf(c.fix) : null)).find((x) => x && x.fix.reversible && !x.fix.lowersSecurity)!;
    expect(undone, 'one of the causes has a reversible fix').toBeDefined();
    const applied = json<{ entry: { id: string; state: string } }>(['fix', undone.checkId, '--fix', undone.fix.id, '--state', state, '--yes'], dir);
    const rolledBack = json<{ entry: { id: string; state: string } }>(['rollback', applied.entry.id, '--state', state], dir);
    expect(rolledBack.entry.state).toBe('rolled-back');

    // A security downgrade (they apply only where their check fails), applied and left in place.
    const downgrade = before.findings.flatMap((f) => f.fixes.filter((x) => x.lowersSecurity && !x.disabledReason).map((x) => ({ checkId: f.id, fix: x })))[0];
    if (!downgrade) process.stderr.write(`test/report/cli-report: ${SCENARIO} offers no security-lowering fix, so no open risk can be left in place\n`);
    const risk = downgrade ? json<{ entry: { id: string; state: string } }>(['fix', downgrade.checkId, '--fix', downgrade.fix.id, '--state', state, '--yes'], dir) : null;
    if (risk) expect(risk.entry.state).toBe('applied');

    const after = json<CliDiagnosis>(['diagnose', '--state', state], dir);
    const file = path.join(dir, 'x.pdf');
    const run = cli(['diagnose', '--state', state, '--report', file], dir);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(existsSync(file)).toBe(true);

    const text = pdfText(file);
    const flat = loose(text);
    const words = pdfWords(file);
    // The three causes: each still ranked, or answered by the downgrade left in place (which the PDF shows).
    for (const c of causes) {
      const stillRanked = after.causes.some((a) => a.id === c.id);
      if (stillRanked) expect(flat, c.title).toContain(loose(c.title));
      else expect(downgrade?.checkId, `${c.id} is gone only because its downgrade fix was applied`).toBe(c.checkId);
    }
    for (const c of after.causes) expect(flat, c.title).toContain(loose(c.title));
    const words4status = { pass: 'Pass', warn: 'Warning', fail: 'Fail', skipped: 'Skipped', error: 'Error' } as Record<string, string>;
    for (const f of after.findings) {
      expect(flat, f.title).toContain(loose(f.title));
      expect(statusOfRow(words, f), f.id).toBe(words4status[f.status]);
    }
    expect(flat).toContain(loose('Changes made in this session'));
    expect(flat).toContain(loose(undone.fix.title));
    expect(flat).toContain(loose(applied.entry.id));
    expect(flat).toContain(loose('Rolled back'));
    if (downgrade && risk) {
      expect(flat).toContain(loose(downgrade.fix.title));
      expect(flat).toContain(loose('Open risks: 1 security downgrade is still in place'));
      expect(flat).toContain(loose(`rdp-doctor rollback ${risk.entry.id}`));
    } else {
      expect(flat).toContain(loose('Open risks: none'));
    }

    // Pages for a human, and page 1 for the README.
    const pages = pdfPageCount(file);
    const [page1] = renderPages(file, SCENARIO, [1, Math.max(2, Math.ceil(pages / 2))]);
    if (SCENARIO === 'multi-fault') copyToReadme(page1!);
  });

  it('names --report when the extension is not one it can write', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-report-cli-'));
    const r = cli(['diagnose', '--scenario', SCENARIO, '--report', 'out.docx'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report/);
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).not.toContain('out.docx');
  });
});

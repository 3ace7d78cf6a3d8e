// The report through the real CLI, as a technician would make it: on scenario multi-fault, apply a fix and roll
// it back, leave a security downgrade in place, then `diagnose --state F --report x.pdf`, and read the PDF.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Status } from '../../shared/model';
import { renderPages } from './pdf-tools';
import { STATUS_WORD, blocksInHtml, footerProblems, missingFromPdf, pdfPages, statusesInHtml } from './report-facts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/rdp-doctor.cjs');
const SCENARIO = process.env.REPORT_CLI_SCENARIO ?? 'multi-fault';

interface CliFix {
  id: string;
  title: string;
  reversible: boolean;
  lowersSecurity: boolean;
  disabledReason?: string;
}
interface CliFinding {
  id: string;
  title: string;
  status: string;
  fixes: CliFix[];
}
interface CliDiagnosis {
  runId: string;
  findings: CliFinding[];
  causes: Array<{ id: string; title: string; fix: string | null; checkId: string }>;
}

function cli(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, RDP_DOCTOR_HOME: cwd },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(args: string[], cwd: string, okCodes = [0, 1]): T {
  const r = cli([...args, '--json'], cwd);
  if (!okCodes.includes(r.code)) throw new Error(`rdp-doctor ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describe('diagnose --report through the CLI on multi-fault', () => {
  // A CLI that cannot list its scenarios is a failure to report, never a reason to skip.
  it(`lists the scenario "${SCENARIO}"`, () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build`).toBe(true);
    const r = spawnSync(process.execPath, [BIN, 'scenarios', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`"${SCENARIO}"`);
  });

  it('shows the causes, every check, the applied and rolled-back changes and the open risk', { timeout: 120_000 }, async () => {
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
    const applied = json<{ entry: { id: string; state: string } }>(
      ['fix', undone.checkId, '--fix', undone.fix.id, '--state', state, '--yes'],
      dir,
    );
    const rolledBack = json<{ entry: { id: string; state: string } }>(['rollback', applied.entry.id, '--state', state], dir);
    expect(rolledBack.entry.state).toBe('rolled-back');

    // A security downgrade (they apply only where their check fails), applied and left in place.
    const downgrade = before.findings.flatMap((f) =>
      f.fixes.filter((x) => x.lowersSecurity && !x.disabledReason).map((x) => ({ checkId: f.id, fix: x })),
    )[0];
    if (!downgrade)
      process.stderr.write(`test/report/cli-report: ${SCENARIO} offers no security-lowering fix, so no open risk can be left in place\n`);
    const risk = downgrade
      ? json<{ entry: { id: string; state: string } }>(
          ['fix', downgrade.checkId, '--fix', downgrade.fix.id, '--state', state, '--yes'],
          dir,
        )
      : null;
    if (risk) expect(risk.entry.state).toBe('applied');

    const file = path.join(dir, 'x.pdf');
    // --json with --report prints the diagnosis that was written, so its run id is the one on the pages.
    const after = json<CliDiagnosis>(['diagnose', '--state', state, '--report', file], dir);
    expect(existsSync(file)).toBe(true);

    // The HTML that is printed, as a DOM: each check's status beside its title.
    const htmlFile = path.join(dir, 'x.html');
    const shown = json<CliDiagnosis>(['diagnose', '--state', state, '--report', htmlFile], dir);
    const found = await statusesInHtml(
      readFileSync(htmlFile, 'utf8'),
      shown.findings.map((f) => ({ ...f, status: f.status as Status })),
    );
    expect(found).toEqual(Object.fromEntries(shown.findings.map((f) => [f.id, STATUS_WORD[f.status as Status]])));
    // The rolled-back fix and the downgrade left in place, each beside its own journal entry.
    const html = readFileSync(htmlFile, 'utf8');
    const entryState = /\b(Applied|Rolled back|Failed|Pending)\b/;
    const [undoneBlock, riskBlock] = await blocksInHtml(
      html,
      [[undone.fix.title, applied.entry.id], ...(risk && downgrade ? [[downgrade.fix.title, risk.entry.id]] : [])],
      entryState,
    );
    expect(undoneBlock).toMatch(/\bRolled back\b/);
    if (risk) expect(riskBlock).not.toMatch(/\bRolled back\b/);

    // The PDF: page X of Y and the run id on every page, and every fact printed somewhere.
    const pages = pdfPages(file);
    expect(pages.length).toBeGreaterThan(1);
    expect(footerProblems(pages, after.runId)).toEqual([]);
    const printed = [
      ...after.causes.map((c) => c.title),
      ...after.findings.map((f) => f.title),
      'Changes made in this session',
      undone.fix.title,
      applied.entry.id,
      'Rolled back',
      ...(downgrade && risk
        ? [downgrade.fix.title, 'Open risks: 1 security downgrade is still in place', `rdp-doctor rollback ${risk.entry.id}`]
        : ['Open risks: none']),
    ];
    expect(missingFromPdf(pages, printed)).toEqual([]);
    // The three causes: each still ranked, or answered by the downgrade left in place (which the PDF shows).
    for (const c of causes) {
      if (!after.causes.some((a) => a.id === c.id))
        expect(downgrade?.checkId, `${c.id} is gone only because its downgrade fix was applied`).toBe(c.checkId);
    }

    // Pages as PNG under artifacts/ for a human; the README's copy is made by `npm run docs:images`, not here.
    renderPages(file, SCENARIO, [1, Math.max(2, Math.ceil(pages.length / 2))]);
  });

  it('names --report when the extension is not one it can write', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-report-cli-'));
    const r = cli(['diagnose', '--scenario', SCENARIO, '--report', 'out.docx'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report/);
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).not.toContain('out.docx');
  });
});

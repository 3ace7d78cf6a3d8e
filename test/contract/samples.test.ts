// The contract between each .ps1 and the check that reads it. Hand-written samples (electron/engine/**/samples/
// <script>.json: outputs written from the Microsoft documents each file names in "source", never run on
// Windows) and, when any exist, bundles captured on a real host (test/fixtures/captured/*.json) go through the
// real host's path (parseScriptOutput, the check's zod schema) into the check's judge. The check must reach
// the judgement a reader of that output expects: the status, the words of the verdict that carry it and,
// where given, the fixes offered. A schema that accepts the output is not enough.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Finding } from '../../shared/model';
import { allChecks } from '../../electron/engine/checks';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import type { AnyCheck } from '../../electron/engine/types';
import { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';
import { sampleFileOf } from '../support/samples';
import {
  CapturedBundle,
  capturedBundles,
  FedHost,
  findingOn,
  judgementProblems,
  readJsonFile,
  SampleFile,
  sampleFilesUnder,
  type Expectation,
  type Sample,
} from './feed';

const repo = path.resolve(import.meta.dirname, '../..');
// The overrides let the test be tried against a scratch copy with deliberately wrong samples or bundles.
const engineDir = process.env.RDP_DOCTOR_SAMPLES_ENGINE_DIR ?? path.join(repo, 'electron', 'engine');
const capturedDir = process.env.RDP_DOCTOR_CAPTURED_DIR ?? path.join(repo, 'test', 'fixtures', 'captured');

/**
 * Scripts a check runs that have no sample yet: named here, printed on every run, and a script on this list that
 * gains a sample fails the run, so the list cannot outlive its reason. Empty: every script has samples written
 * from the Microsoft documents each sample file names.
 */
const AWAITING_SAMPLES = new Set<string>([]);

const checksWithScripts = allChecks.filter((c) => c.scripts.length > 0);
const scriptsInUse = [...new Set(checksWithScripts.flatMap((c) => c.scripts))].sort();
const usersOf = (script: string) => checksWithScripts.filter((c) => c.scripts.includes(script));
const scriptOfSampleFile = (rel: string) => rel.replace(/\/samples\/([^/]+)\.json$/, '/$1');

const files = sampleFilesUnder(engineDir).map((rel) => ({
  rel,
  script: scriptOfSampleFile(rel),
  ...readJsonFile(path.join(engineDir, rel), SampleFile),
}));
const samplesOf = (script: string): Sample[] => files.find((f) => f.script === script)?.value?.samples ?? [];
/**
 * The day the samples describe: their dates (certificate validity, event times) are written around it, so the
 * judgements do not drift with the calendar. A captured bundle is replayed at the instant it was captured.
 */
const SAMPLES_NOW = new Date('2026-11-21T12:00:00Z');
const healthy = () => SimulatedHost.open({ scenario: 'healthy', now: () => SAMPLES_NOW });

/** A host that answers `script` with the sample's output and everything else as the healthy simulator does. */
function sampleHost(script: string, sample: Sample, anyInput: boolean): FedHost {
  const key = canonicalJson(sample.input);
  return new FedHost(
    healthy(),
    (s, input) => (s === script && (anyInput || canonicalJson(input) === key) ? sample.output : undefined),
    'simulator',
  );
}

function expectJudgement(finding: Finding, want: Expectation | undefined, label: string): void {
  expect(Finding.safeParse(finding).success, JSON.stringify(finding)).toBe(true);
  if (!want) {
    expect.fail(
      `${label}: no "expect" entry for this check. It concluded ${finding.status}: "${finding.verdict}"; write what a reader of this output expects.`,
    );
  }
  const problems = judgementProblems(finding, want);
  expect(problems, `${label}:\n  ${problems.join('\n  ')}`).toEqual([]);
}

describe('sample files', () => {
  it('are well-formed, name the Microsoft documents they follow, and belong to a script that exists', () => {
    const problems = files.flatMap((f) => [
      ...(f.problem ? [f.problem] : []),
      ...(existsSync(path.join(engineDir, `${f.script}.ps1`)) ? [] : [`${f.rel}: no ${f.script}.ps1 beside it`]),
    ]);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every script a check runs has samples', () => {
    const missing = scriptsInUse.filter((s) => samplesOf(s).length === 0 && !AWAITING_SAMPLES.has(s));
    expect(missing.map((s) => `${s}.ps1 -> ${path.relative(repo, sampleFileOf(s, engineDir))}`)).toEqual([]);
  });

  it('scripts awaiting samples are named loudly, and leave the list once they have one', () => {
    const awaiting = [...AWAITING_SAMPLES].filter((s) => samplesOf(s).length === 0);
    if (awaiting.length > 0) {
      console.warn(`[samples] NO SAMPLE YET (not judged by this contract test):\n${awaiting.map((s) => `  ${s}.ps1`).join('\n')}`);
    }
    const unknown = [...AWAITING_SAMPLES].filter((s) => !scriptsInUse.includes(s));
    expect(unknown, 'AWAITING_SAMPLES names scripts no check runs').toEqual([]);
    const sampled = [...AWAITING_SAMPLES].filter((s) => samplesOf(s).length > 0);
    expect(sampled, 'these scripts have samples now: remove them from AWAITING_SAMPLES').toEqual([]);
  });

  it('expectations name only checks that run the script', () => {
    const stray = files.flatMap((f) =>
      (f.value?.samples ?? []).flatMap((s) =>
        Object.keys(s.expect ?? {})
          .filter((id) => !usersOf(f.script).some((c) => c.id === id))
          .map((id) => `${f.rel} "${s.name}": ${id} does not run ${f.script}`),
      ),
    );
    expect(stray).toEqual([]);
  });
});

// A script only one check runs: every sample of it is that check's answer, whatever input the check sends.
const exclusive = scriptsInUse
  .filter((s) => usersOf(s).length === 1)
  .flatMap((script) => samplesOf(script).map((sample) => ({ check: usersOf(script)[0]!, script, sample })))
  .filter((c) => !c.sample.fix);

// A script only a fix runs: its samples are the answers a fix gets while it is applied.
const fixAnswers = scriptsInUse.flatMap((script) =>
  samplesOf(script)
    .filter((sample) => sample.fix)
    .map((sample) => ({ script, sample, fix: sample.fix! })),
);

// A shared script (ops/registry-read, ...): a sample answers only the call with exactly its input.
const shared = scriptsInUse
  .filter((s) => usersOf(s).length > 1)
  .flatMap((script) => samplesOf(script).map((sample) => ({ script, sample })));

describe('hand-written samples through each check reach the expected judgement', () => {
  it.for(exclusive.map((c) => [`${c.check.id} <- ${c.script} "${c.sample.name}"`, c] as const))('%s', async ([label, c]) => {
    const host = sampleHost(c.script, c.sample, true);
    const finding = await findingOn(host, c.check, c.sample.target);
    if (!host.fed.has(c.script)) expect.fail(`${c.check.id} never ran ${c.script}, though its scripts list names it`);
    expect(host.schemaFailures, `the sample does not match the schema ${c.check.id} uses`).toEqual([]);
    expectJudgement(finding, c.sample.expect?.[c.check.id], label);
  });

  it.for(shared.map((c) => [`${c.script} "${c.sample.name}"`, c] as const))('%s', async ([label, c]) => {
    const reached: string[] = [];
    for (const check of usersOf(c.script)) {
      const host = sampleHost(c.script, c.sample, false);
      const finding = await findingOn(host, check, c.sample.target);
      if (!host.fed.has(c.script)) continue;
      reached.push(check.id);
      expect(host.schemaFailures, `the sample does not match the schema ${check.id} uses`).toEqual([]);
      expectJudgement(finding, c.sample.expect?.[check.id], `${label} -> ${check.id}`);
    }
    expect(reached, 'no check sends this input: write the sample with the input a check uses').not.toEqual([]);
    expect(Object.keys(c.sample.expect ?? {}).sort(), 'expectations for checks this input never reaches').toEqual(reached.sort());
  });
});

describe('hand-written samples of scripts a fix runs: the fix reaches the expected outcome', () => {
  it.for(fixAnswers.map((c) => [`${c.fix.id} <- ${c.script} "${c.sample.name}"`, c] as const))('%s', async ([label, c]) => {
    const [checkId, fixId] = c.fix.id.split('/') as [string, string];
    const check = allChecks.find((k) => k.id === checkId);
    if (!check?.scripts.includes(c.script)) expect.fail(`${label}: ${checkId} does not name ${c.script} in its scripts`);
    // The scenario's simulator answers the reads; the fix's own script answers with the sample, whatever its input.
    const sim = SimulatedHost.open({ scenario: c.fix.scenario, now: () => SAMPLES_NOW });
    const host = new FedHost(sim, (s) => (s === c.script ? c.sample.output : undefined), 'simulator');
    const ctx = createContext(host, await host.info(), null, new AbortController().signal);
    const journal = new Journal(path.join(mkdtempSync(path.join(tmpdir(), 'rdp-doctor-samples-')), 'journal'));
    const ref = { kind: 'powershell' as const, scenario: null, stateFile: null };
    const options = { confirmed: true, ...(c.fix.params ? { params: c.fix.params } : {}) };
    const outcome = await applyFix(check, fixId, ctx, journal, ref, options).then(
      (r) => ({ state: 'applied' as const, text: JSON.stringify(r.entry) }),
      (err: unknown) => ({ state: 'failed' as const, text: err instanceof Error ? err.message : String(err) }),
    );
    expect(host.fed.has(c.script), `${label}: the fix never ran ${c.script}`).toBe(true);
    expect(host.schemaFailures, `${label}: the sample does not match the schema the fix reads`).toEqual([]);
    expect(outcome.state, `${label}: ${outcome.text}`).toBe(c.fix.expect.outcome);
    for (const words of c.fix.expect.says ?? []) expect(outcome.text.toLowerCase()).toContain(words.toLowerCase());
  });
});

const bundles = capturedBundles(capturedDir).map((file) => ({ file, ...readJsonFile(file, CapturedBundle) }));

/** Replays a captured run: each check whose every call is in the bundle is judged on the real outputs. */
async function replay(bundle: CapturedBundle): Promise<{ check: AnyCheck; finding: Finding; host: FedHost }[]> {
  const answers = new Map(bundle.runs.map((r) => [`${r.script} ${canonicalJson(r.input)}`, r.output]));
  const out = [];
  for (const check of checksWithScripts) {
    const sim = SimulatedHost.open({ scenario: 'healthy', now: () => new Date(bundle.capturedAt) });
    const host = new FedHost(sim, (s, input) => answers.get(`${s} ${canonicalJson(input)}`), 'none');
    const finding = await findingOn(host, check);
    if (host.unanswered.length === 0 && host.fed.size > 0) out.push({ check, finding, host });
  }
  return out;
}

describe.skipIf(bundles.length === 0)('bundles captured on real Windows hosts (test/fixtures/captured)', () => {
  it.for(bundles.map((b) => [path.relative(repo, b.file), b] as const))('%s', async ([label, b]) => {
    if (!b.value) expect.fail(b.problem);
    const judged = await replay(b.value);
    expect(judged.length, `${label}: no check could be judged entirely from this bundle`).toBeGreaterThan(0);
    for (const { check, finding, host } of judged) {
      expect(host.schemaFailures, `${label}: real output that ${check.id}'s schema rejects`).toEqual([]);
      expect(finding.status, `${label}: ${check.id}: ${finding.verdict}`).not.toBe('error');
      const want = b.value.expect?.[check.id];
      if (want) expect(judgementProblems(finding, want), `${label}: ${check.id}`).toEqual([]);
    }
  });
});

describe('the same checks on the simulated healthy host', () => {
  it.each(checksWithScripts.map((c) => [c.id, c] as const))('%s passes', async (_id, check) => {
    const finding = await findingOn(healthy(), check);
    expect(Finding.safeParse(finding).success, JSON.stringify(finding)).toBe(true);
    expect(finding.status, finding.verdict).toBe('pass');
  });
});

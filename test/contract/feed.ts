// What the contract test feeds to the checks: hand-written samples of each .ps1's output (electron/engine/
// **/samples/<script>.json, written from Microsoft's documentation, never run on Windows) and bundles captured
// on a real host (test/fixtures/captured/*.json). Both go through the path a real host's stdout takes
// (parseScriptOutput, then the check's own zod schema) and into the check's judge.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Finding, Status, type HostInfo, type Json } from '../../shared/model';
import { parseTarget } from '../../shared/target';
import { createContext } from '../../electron/engine/context';
import { evaluate } from '../../electron/engine/evaluate';
import type { AnyCheck } from '../../electron/engine/types';
import { HostOutputError, HostScriptError, type HostAdapter, type RunOptions } from '../../electron/hosts/host-adapter';
import { parseScriptOutput } from '../../electron/hosts/powershell/invocation';
import type { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';

/** What a person who read the output expects the check to conclude: its status and the words that carry it. */
export const Expectation = z
  .object({
    status: Status,
    /** Each must appear in the verdict (case-insensitive): the substance, not the exact wording. */
    verdict: z.array(z.string().min(1)).min(1),
    /** The fixes the finding must offer, exactly (ids); leave out to not judge the fixes. */
    fixes: z.array(z.string()).optional(),
    /** Each must appear in some evidence value: what the output showed that the verdict rests on. */
    evidence: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type Expectation = z.infer<typeof Expectation>;

const Sample = z
  .object({
    name: z.string().min(1),
    input: z.json(),
    output: z.json(),
    /** The host the technician diagnoses (host name or address[:port]); 127.0.0.1 when left out. */
    target: z.string().min(1).optional(),
    /** Per check id that runs this script with this input: the judgement it must reach. */
    expect: z.record(z.string(), Expectation).optional(),
    /**
     * A script only a fix runs (no check's collect does): the fix applied on a scenario where it is offered, the
     * script answering with this output, and what must come of it: applied, or refused with these words.
     */
    fix: z
      .object({
        id: z.string().regex(/^(client|host)\.[a-z0-9-]+\/[a-z0-9-]+$/),
        scenario: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        expect: z.object({ outcome: z.enum(['applied', 'failed']), says: z.array(z.string().min(1)).optional() }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Sample = z.infer<typeof Sample>;

export const SampleFile = z
  .object({
    /** The Microsoft documents the sample outputs follow (cmdlet, WMI class, registry value, KB article). */
    source: z.array(z.url().startsWith('https://learn.microsoft.com/')).min(1),
    samples: z.array(Sample).min(1),
  })
  .strict();

/**
 * A run captured on a real Windows host by the capture command: every script the diagnosis ran, with its input
 * and its stdout as parsed JSON, and optionally the judgements a person confirmed on that host.
 */
export const CapturedBundle = z.object({
  /** When the outputs were captured: the checks judge dates (certificate validity, event age) against it. */
  capturedAt: z.iso.datetime({ offset: true }),
  host: z.object({ os: z.string(), build: z.string().optional(), locale: z.string().optional() }).passthrough(),
  runs: z.array(z.object({ script: z.string(), input: z.json(), output: z.json() }).passthrough()).min(1),
  expect: z.record(z.string(), Expectation).optional(),
});
export type CapturedBundle = z.infer<typeof CapturedBundle>;

export function readJsonFile<T>(file: string, schema: z.ZodType<T>): { value?: T; problem?: string } {
  try {
    return { value: schema.parse(JSON.parse(readFileSync(file, 'utf8'))) };
  } catch (err) {
    return { problem: `${file}: ${(err as Error).message.slice(0, 600)}` };
  }
}

/** Every samples/*.json under a folder, as paths relative to it. */
export function sampleFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /(^|\/)samples\/[^/]+\.json$/.test(f))
    .sort();
}

export function capturedBundles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Answers a script call from fed outputs, as a real host would; what it cannot answer goes to the fallback. */
export class FedHost implements HostAdapter {
  readonly kind = 'powershell' as const;
  readonly schemaFailures: string[] = [];
  readonly fed = new Set<string>();
  readonly unanswered: string[] = [];

  constructor(
    private readonly sim: SimulatedHost,
    private readonly answer: (script: string, input: Json) => Json | undefined,
    private readonly fallback: 'simulator' | 'none',
  ) {}

  async info(): Promise<HostInfo> {
    return { ...(await this.sim.info()), kind: 'powershell', scenario: null, scenarioSummary: null };
  }

  /** The checks judge dates against the host's clock: the simulator's, fixed by the test. */
  now(): Date {
    return this.sim.now();
  }

  async run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options?: RunOptions): Promise<z.output<S>> {
    const output = this.answer(script, input);
    if (output === undefined) {
      if (this.fallback === 'simulator') return this.sim.run(script, input, schema, options);
      this.unanswered.push(`${script} ${canonicalJson(input)}`);
      throw new HostScriptError(script, 'not in the captured bundle', 'NotCaptured');
    }
    this.fed.add(script);
    // The same steps the PowerShell host applies to a script's stdout.
    const parsed = parseScriptOutput(script, JSON.stringify(output));
    if (!parsed.ok) throw new HostScriptError(script, parsed.message, parsed.type);
    const checked = schema.safeParse(parsed.value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const err = new HostOutputError(script, `${issue?.path.join('.')}: ${issue?.message}`);
      this.schemaFailures.push(err.message);
      throw err;
    }
    return checked.data;
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

export async function findingOn(host: HostAdapter, check: AnyCheck, target = '127.0.0.1'): Promise<Finding> {
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new Error(`not a target: ${target}`);
  const ctx = createContext(host, await host.info(), parsed.target, new AbortController().signal);
  return (await evaluate(check, ctx)).finding;
}

/** What differs between the finding and the expectation, in words; empty when the judgement holds. */
export function judgementProblems(finding: Finding, want: Expectation): string[] {
  const problems: string[] = [];
  if (finding.status !== want.status) problems.push(`status ${finding.status}, expected ${want.status}`);
  const verdict = finding.verdict.toLowerCase();
  for (const words of want.verdict) if (!verdict.includes(words.toLowerCase())) problems.push(`the verdict does not say "${words}"`);
  const evidence = finding.evidence
    .map((e) => `${e.label}: ${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`)
    .join('\n')
    .toLowerCase();
  for (const words of want.evidence ?? []) if (!evidence.includes(words.toLowerCase())) problems.push(`no evidence shows "${words}"`);
  if (want.fixes) {
    const offered = finding.fixes.map((f) => f.id).sort();
    if (canonicalJson(offered) !== canonicalJson([...want.fixes].sort()))
      problems.push(`offers fixes [${offered.join(', ')}], expected [${want.fixes.join(', ')}]`);
  }
  if (problems.length) problems.push(`verdict: ${finding.verdict}`);
  return problems;
}

// The runner: bounded concurrency, per-check deadlines, cancellation, progress, and errors as findings.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { runChecks } from '../../electron/engine/runner';
import { evaluate } from '../../electron/engine/evaluate';
import type { Check } from '../../electron/engine/types';
import type { Progress } from '../../shared/model';
import { fakeCheck, healthyContext, healthyHost } from '../support/fake-checks';

const fake = (id: string, behaviour: (signal: AbortSignal) => Promise<unknown>, judge?: Check['judge']): Check =>
  fakeCheck(id, (c) => behaviour(c.signal), judge);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

describe('runner', () => {
  it('never runs more checks at once than the limit, and reports each start and finish', async () => {
    let running = 0;
    let peak = 0;
    const checks = Array.from({ length: 12 }, (_, i) =>
      fake(`host.c${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
      }),
    );
    const events: Progress[] = [];
    const findings = await runChecks(checks, await healthyContext(), { runId: 'r', concurrency: 3, onProgress: (p) => events.push(p) });
    expect(peak).toBe(3);
    expect(findings.map((f) => f.id)).toEqual(checks.map((c) => c.id));
    expect(events.filter((e) => e.phase === 'started')).toHaveLength(12);
    expect(events.filter((e) => e.phase === 'finished').map((e) => e.done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('turns a check that hangs into an error finding at its deadline, and aborts its work', async () => {
    let aborted = false;
    const hang = fake(
      'host.hang',
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('x'))))),
    );
    const t0 = performance.now();
    const { finding } = await evaluate(hang, await healthyContext(), 150);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(finding.status).toBe('error');
    expect(finding.verdict).toMatch(/did not finish within/);
    expect(aborted).toBe(true);
  });

  it('reports a throwing check or judge as an error finding, not a crash', async () => {
    const [a, b] = await runChecks(
      [
        fake('host.throws', async () => Promise.reject(new Error('boom'))),
        fake(
          'host.badjudge',
          async () => 1,
          () => {
            throw new Error('judge broke');
          },
        ),
      ],
      await healthyContext(),
      { runId: 'r' },
    );
    expect(a).toMatchObject({ status: 'error', verdict: expect.stringMatching(/boom/) });
    expect(b).toMatchObject({ status: 'error', verdict: expect.stringMatching(/judge broke/) });
  });

  it('cancellation stops the run quickly and marks unfinished checks skipped', async () => {
    const controller = new AbortController();
    const checks = Array.from({ length: 6 }, (_, i) => fake(`host.s${i}`, (signal) => sleep(5000, signal)));
    setTimeout(() => controller.abort(), 50);
    const t0 = performance.now();
    const findings = await runChecks(checks, await healthyContext(controller.signal), { runId: 'r', concurrency: 2 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(findings.every((f) => f.status === 'skipped')).toBe(true);
  });

  it('queues checks for a one-session host: they never overlap, and waiting does not count against a deadline', async () => {
    const oneSession = Object.assign(Object.create(healthyHost), { concurrency: 1 });
    let running = 0;
    let peak = 0;
    const checks = Array.from({ length: 5 }, (_, i) => ({
      ...fake(`host.q${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(120);
        running--;
      }),
      scripts: ['ops/registry-read'],
    }));
    const c = createContext(oneSession, await healthyHost.info(), null, new AbortController().signal);
    // Five 120 ms checks in one lane take 600 ms in all; a 300 ms deadline per check still holds for each.
    const findings = await runChecks(checks, c, { runId: 'r', concurrency: 5, timeoutMs: 300 });
    expect(peak).toBe(1);
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });
});

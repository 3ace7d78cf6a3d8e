// What the runner must survive: a progress listener that throws (a closed window), a run cancelled before
// some checks start (they must not touch the host), collect/judge throwing synchronously, many runs on one
// signal (no listener leak), and a memo whose first computation failed.
import { describe, expect, it, vi } from 'vitest';
import { runChecks } from '../../electron/engine/runner';
import { evaluate } from '../../electron/engine/evaluate';
import type { Progress } from '../../shared/model';
import { fakeCheck, healthyContext } from '../support/fake-checks';

describe('runner robustness', () => {
  it('a progress listener that throws does not lose the run', async () => {
    const checks = Array.from({ length: 4 }, (_, i) => fakeCheck(`host.p${i}`, async () => i));
    const findings = await runChecks(checks, await healthyContext(), {
      runId: 'r',
      onProgress: () => {
        throw new Error('Object has been destroyed');
      },
    });
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('progress: each check starts before it finishes, done counts up to total, once per check', async () => {
    const checks = Array.from({ length: 9 }, (_, i) => fakeCheck(`host.o${i}`, () => new Promise((r) => setTimeout(r, (i * 7) % 5))));
    const events: Progress[] = [];
    await runChecks(checks, await healthyContext(), { runId: 'r', concurrency: 3, onProgress: (p) => events.push(p) });
    for (const c of checks) {
      const mine = events.filter((e) => e.checkId === c.id).map((e) => e.phase);
      expect(mine).toEqual(['started', 'finished']);
    }
    expect(events.filter((e) => e.phase === 'finished').map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('after cancellation, checks not yet started are skipped without running their collect', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const checks = Array.from({ length: 6 }, (_, i) =>
      fakeCheck(`host.k${i}`, async (c) => {
        started.push(`host.k${i}`);
        if (i === 0) controller.abort();
        if (c.signal.aborted) throw new Error('aborted');
        return i;
      }),
    );
    const findings = await runChecks(checks, await healthyContext(controller.signal), { runId: 'r', concurrency: 1 });
    expect(started).toEqual(['host.k0']);
    expect(findings.slice(1).map((f) => f.verdict)).toEqual(Array(5).fill('Cancelled before it started.'));
  });

  it('collect or judge throwing synchronously becomes an error finding', async () => {
    const syncCollect = fakeCheck('host.sync', () => {
      throw new Error('sync collect');
    });
    const { finding } = await evaluate(syncCollect, await healthyContext());
    expect(finding).toMatchObject({ status: 'error', verdict: expect.stringMatching(/sync collect/) });
  });

  it('a non-number concurrency still runs every check', async () => {
    const checks = Array.from({ length: 3 }, (_, i) => fakeCheck(`host.n${i}`, async () => i));
    const findings = await runChecks(checks, await healthyContext(), { runId: 'r', concurrency: Number.NaN });
    expect(findings.map((f) => f?.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('many checks on one run signal leave no listener behind and raise no MaxListeners warning', async () => {
    const warn = vi.fn();
    process.on('warning', warn);
    const controller = new AbortController();
    const checks = Array.from({ length: 60 }, (_, i) => fakeCheck(`host.l${i}`, async () => i));
    await runChecks(checks, await healthyContext(controller.signal), { runId: 'r', concurrency: 30 });
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', warn);
    expect(warn.mock.calls.filter(([w]) => /MaxListeners/.test(String(w?.name ?? w)))).toEqual([]);
  });

  it('a failed memo computation is retried by the next caller, a successful one is shared', async () => {
    const c = await healthyContext();
    let calls = 0;
    const flaky = () => (++calls === 1 ? Promise.reject(new Error('first fails')) : Promise.resolve(calls));
    await expect(c.memo('k', flaky)).rejects.toThrow('first fails');
    await new Promise((r) => setTimeout(r, 0));
    expect(await c.memo('k', flaky)).toBe(2);
    expect(await c.memo('k', flaky)).toBe(2);
  });
});

// Each refusal scenario of issue 14 fails exactly its check through the real CLI process.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

describe.each([
  ['user-not-allowed', 'host.user-rights'],
  ['session-limit-reached', 'host.session-limits'],
  ['licensing-grace-expired', 'host.licensing'],
  ['listener-wrong-adapter', 'host.listener'],
])('rdp-doctor diagnose --scenario %s', (scenario, check) => {
  it(`fails exactly ${check}`, async () => {
    const r = await runCli(['diagnose', '--scenario', scenario, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    const bad = doc.findings
      .filter((f: { status: string }) => f.status === 'fail' || f.status === 'warn' || f.status === 'error')
      .map((f: { id: string }) => f.id);
    expect(bad).toEqual([check]);
    expect(doc.causes[0].checkId).toBe(check);
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding, FixInfo } from '../../../shared/model';
import { primaryFix, secondaryFixes, withCheckTitles } from './fix-choice';

const fix = (id: string, extra: Partial<FixInfo> = {}): FixInfo => ({
  id,
  title: id,
  description: 'd',
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: false,
  ...extra,
});
const finding = (fixes: FixInfo[]): Finding => ({
  id: 'host.nla',
  side: 'host',
  layer: 'host-configuration',
  title: 'NLA',
  status: 'fail',
  verdict: 'v',
  evidence: [],
  fixes,
  related: [],
  durationMs: 1,
});

describe('fix choice', () => {
  it('never makes a security downgrade the primary fix, and prefers the gentler lasting fix', () => {
    expect(primaryFix(finding([fix('disable-nla', { lowersSecurity: true })]))).toBeNull();
    expect(primaryFix(finding([fix('disable-nla', { lowersSecurity: true }), fix('enable-nla')]))?.id).toBe('enable-nla');
    expect(primaryFix(finding([fix('rename', { dropsSessions: true }), fix('repair')]))?.id).toBe('repair');
    expect(
      secondaryFixes(finding([fix('off', { lowersSecurity: true }), fix('rename', { dropsSessions: true }), fix('repair')])).map(
        (f) => f.id,
      ),
    ).toEqual(['rename', 'off']);
  });

  it('names checks by title, never by id', () => {
    const f = { ...finding([]), id: 'host.machinekeys', title: 'MachineKeys folder and key permissions' };
    expect(withCheckTitles('repair host.machinekeys first', [f])).toBe('repair “MachineKeys folder and key permissions” first');
  });
});

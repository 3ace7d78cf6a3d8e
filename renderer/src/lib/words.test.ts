import { describe, expect, it } from 'vitest';
import { LAYERS, type Finding } from '../../../shared/model';
import { explainError, formatValue, groupByLayer, isElevationReason, LAYER_WORDS, typedListError } from './words';

const f = (id: string, layer: Finding['layer'], status: Finding['status']): Finding => ({
  id,
  side: 'host',
  layer,
  title: id,
  status,
  verdict: '',
  evidence: [],
  fixes: [],
  related: [],
  durationMs: 1,
});

describe('words', () => {
  it('names every layer of the model', () => {
    expect(Object.keys(LAYER_WORDS).sort()).toEqual([...LAYERS].sort());
  });

  it('groups by layer with failing groups first and failures first inside', () => {
    const groups = groupByLayer(
      [f('a', 'network', 'pass'), f('b', 'certificate', 'pass'), f('c', 'certificate', 'fail'), f('d', 'services', 'warn')],
      LAYERS,
    );
    expect(groups.map((g) => g.layer)).toEqual(['certificate', 'services', 'network']);
    expect(groups[0]!.findings.map((x) => x.id)).toEqual(['c', 'b']);
  });

  it('puts the check of a likelier cause first among equal statuses', () => {
    const groups = groupByLayer([f('a', 'network', 'fail'), f('b', 'network', 'fail'), f('c', 'network', 'pass')], LAYERS, ['b', 'a']);
    expect(groups[0]!.findings.map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('shows lists and records as text, not JSON', () => {
    expect(formatValue([])).toBe('(none)');
    expect(formatValue(['a', 'b'])).toBe('a, b');
    expect(formatValue({ sent: '0300', received: null })).toBe('sent: 0300; received: (not set)');
    expect(formatValue(true)).toBe('yes');
  });

  it('names the line of the box, not the CLI field or command, when a typed list is refused', () => {
    expect(typedListError('text line 4: scenario "nosuch" does not exist; run "rdp-doctor scenarios" to list them')).toBe(
      'Line 4: scenario "nosuch" does not exist; the scenarios are listed under Diagnose, in the host card’s Scenario list',
    );
    expect(typedListError('text line 2: "bad_name!" is not a host name')).toBe('Line 2: "bad_name!" is not a host name');
  });

  it('explains errors in plain words with a next step', () => {
    expect(explainError({ code: 'internal', message: 'boom' })).toMatch(/^Something went wrong inside RDP Doctor: boom\. Try again/);
    expect(explainError({ code: 'cancelled', message: 'x' })).toMatch(/Cancelled/);
    expect(isElevationReason('Run RDP Doctor as administrator')).toBe(true);
    expect(isElevationReason('Set by policy')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { splitTerms } from './glossary';

describe('glossary', () => {
  it('marks each technical term once, longest match first, and leaves the text whole', () => {
    const text = 'The host requires NLA and this client cannot do CredSSP (0x904/0x7); NLA again.';
    const pieces = splitTerms(text);
    const terms = pieces.filter((p) => typeof p !== 'string').map((p) => (p as { term: string }).term);
    expect(terms).toEqual(['NLA', 'CredSSP', '0x904/0x7']);
    expect(pieces.map((p) => (typeof p === 'string' ? p : p.text)).join('')).toBe(text);
  });

  it('does not mark parts of other words or check ids', () => {
    const terms = (t: string) => splitTerms(t).filter((p) => typeof p !== 'string');
    expect(terms('TLSv1.3 and RDP-Tcp and host.nla')).toEqual([]);
  });
});

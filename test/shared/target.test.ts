// The target field's rules, shared by the UI (validation as you type), the CLI and the engine.
import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from '../../shared/target';

describe('parseTarget', () => {
  it.each([
    ['ws-acct-042', { host: 'ws-acct-042', port: 3389 }],
    ['ws-acct-042.corp.example.', { host: 'ws-acct-042.corp.example', port: 3389 }],
    ['10.0.0.5:3390', { host: '10.0.0.5', port: 3390 }],
    ['  server01:443 ', { host: 'server01', port: 443 }],
    ['[::1]:3389', { host: '::1', port: 3389 }],
    ['fe80::1', { host: 'fe80::1', port: 3389 }],
    ['[2001:db8::192.0.2.1]:50000', { host: '2001:db8::192.0.2.1', port: 50000 }],
    ['2001:db8:0:0:0:0:0:1', { host: '2001:db8:0:0:0:0:0:1', port: 3389 }],
  ])('accepts %s', (text, target) => {
    expect(parseTarget(text)).toEqual({ ok: true, target });
  });

  it.each([
    ['', /is empty/],
    ['host:0', /port "0"/],
    ['host:65536', /port "65536"/],
    ['host:-1', /port/],
    ['300.1.1.1', /not a valid IPv4/],
    [':::', /not a host name, IPv4 or IPv6/],
    ['1::2::3', /not a host name, IPv4 or IPv6/],
    ['[::1', /not a host name, IPv4 or IPv6/],
    ['[12345::1]:3389', /not an IPv6 address/],
    ['a_b.example', /not a valid host name/],
    ['-lead.example', /not a valid host name/],
    ['host name', /not a valid host name/],
    ["host';calc", /not a valid host name/],
    ['x'.repeat(300), /longer than 260/],
  ])('refuses %j naming the field', (text, message) => {
    const r = parseTarget(text, '--target');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^--target: /);
      expect(r.error).toMatch(message);
    }
  });

  it('accepts exactly the IPv6 addresses Node accepts', () => {
    fc.assert(
      fc.property(fc.ipV6(), (addr) => {
        expect(parseTarget(addr).ok).toBe(true);
        expect(parseTarget(`[${addr}]:3389`).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', 'a', 'f', ':', '.'), maxLength: 20 }), (text) => {
        const r = parseTarget(`[${text}]`);
        expect(r.ok).toBe(isIP(text) === 6);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats back what it parses', () => {
    for (const t of ['server01', 'server01:3390', '[::1]:3390', '10.0.0.5']) {
      const r = parseTarget(t);
      if (!r.ok) throw new Error(r.error);
      expect(formatTarget(r.target)).toBe(t);
    }
  });

  it('tells a pasted web address apart from a port: "enter a computer name or address, not a web address"', () => {
    for (const t of ['http://x', 'https://pc-042/', 'rdp://10.0.0.5']) {
      const r = parseTarget(t, 'Target');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toContain('enter a computer name or address, not a web address');
        expect(r.error).not.toMatch(/port/);
      }
    }
  });
});

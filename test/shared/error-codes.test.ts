// The decoder of Remote Desktop Connection's error numbers: the whole ExtendedDisconnectReasonCode enumeration,
// the common disconnect reasons, checks that exist, and refusals of anything it does not know.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../electron/engine/checks';
import { decodeError, DISCONNECT_REASONS, EXTENDED_REASONS, parseCodeNumber, parseErrorPair } from '../../shared/error-codes';

// The enumeration as Microsoft publishes it (ExtendedDisconnectReasonCode, learn.microsoft.com).
const ENUM = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 768];

describe('error codes', () => {
  it('covers every value of ExtendedDisconnectReasonCode, licensing included', () => {
    expect(EXTENDED_REASONS.map((e) => e.value)).toEqual(ENUM);
    for (const v of ENUM) expect(decodeError(0x904, v).ok).toBe(true);
    expect(decodeError(0x904, 0x10c9).ok).toBe(true); // protocol range
  });

  it('names only checks that exist', () => {
    const ids = new Set(allChecks.map((c) => c.id));
    for (const e of [...DISCONNECT_REASONS, ...EXTENDED_REASONS]) for (const c of e.checks) expect(ids, `${e.name} -> ${c}`).toContain(c);
  });

  it('0x904/0x7 is the server refusing after the handshake, host checks first', () => {
    const r = decodeError(0x904, 7);
    if (!r.ok) throw new Error(r.error);
    expect(r.decoded.extendedName).toBe('exDiscReasonServerDeniedConnection');
    expect(r.decoded.stage).toBe('after-handshake');
    expect(r.decoded.checks[0]).toBe('host.user-rights');
    expect(r.decoded.checks).not.toContain('client.dns');
  });

  it('refuses unknown codes naming the field, with a hint for hex typed without 0x', () => {
    expect(decodeError(0x905, null)).toMatchObject({ ok: false, field: 'code' });
    const r = decodeError(904, null);
    expect(r.ok ? '' : r.error).toMatch(/Did you mean 0x904/);
    expect(decodeError(0x904, 13)).toMatchObject({ ok: false, field: 'extended' });
    expect(decodeError(0x904, 0x8000)).toMatchObject({ ok: false, field: 'extended' });
  });

  it('parses the forms a technician types', () => {
    expect(parseCodeNumber('0x904', 'code')).toEqual({ ok: true, value: 2308 });
    expect(parseCodeNumber('2308', 'code')).toEqual({ ok: true, value: 2308 });
    expect(parseCodeNumber('0xZZ', 'code').ok).toBe(false);
    expect(parseErrorPair('0x904/0x7', 'e')).toEqual({ ok: true, code: 2308, extended: 7 });
    expect(parseErrorPair(' 0x904 0x7 ', 'e')).toEqual({ ok: true, code: 2308, extended: 7 });
    expect(parseErrorPair('0x904/0x7/1', 'e').ok).toBe(false);
  });
});

// The probe's DER reader (electron/probe/der.ts) on hostile input: lengths past the data, truncated headers,
// high tag numbers and over-long length fields are errors at once, never a hang or a huge allocation.
import { describe, expect, it } from 'vitest';
import { childrenOf, oidOf, parseDer, timeOf, TAG } from '../../electron/probe/der';

describe('DER reader', () => {
  it.each([
    ['truncated header', [0x30]],
    ['length past the data', [0x30, 0x05, 0x01, 0x01]],
    ['long-form length of 5 bytes', [0x30, 0x85, 1, 0, 0, 0, 0]],
    ['long-form length of 0 bytes', [0x30, 0x80]],
    ['huge length field', [0x30, 0x84, 0xff, 0xff, 0xff, 0xff]],
    ['high tag number', [0x1f, 0x81, 0x01, 0x00]],
  ])('%s is refused', (_name, bytes) => {
    expect(() => parseDer(Buffer.from(bytes))).toThrow(/DER:/);
  });

  it('a child whose length runs past its parent is refused', () => {
    expect(() => childrenOf(parseDer(Buffer.from([0x30, 0x03, 0x04, 0x05, 0x00])))).toThrow(/DER:/);
  });

  it('reads OIDs and both time forms (UTCTime 50-99 is 19xx)', () => {
    expect(oidOf({ tag: TAG.OID, body: Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x36, 0x01, 0x02]) })).toBe(
      '1.3.6.1.4.1.311.54.1.2',
    );
    expect(timeOf({ tag: TAG.UTC_TIME, body: Buffer.from('491231235959Z') })?.toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(timeOf({ tag: TAG.UTC_TIME, body: Buffer.from('500101000000Z') })?.toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(timeOf({ tag: TAG.GENERALIZED_TIME, body: Buffer.from('20500101000000Z') })?.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(timeOf({ tag: TAG.UTC_TIME, body: Buffer.from('2501') })).toBeNull();
  });
});

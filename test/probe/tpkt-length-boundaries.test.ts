// The TPKT length field of a server's reply at its limits (RFC 1006: a 4-byte header, then the TPDU; an X.224
// Connection Confirm is at least 7 bytes in all, and the probe caps a confirm at 1024). A reply announcing
// less than a header plus a TPDU, or a huge length, is a clear "not a valid RDP reply", never a wait for
// bytes that will not come and never a frame passed on to the parser.
import { describe, expect, it } from 'vitest';
import { extractTpkt, TPKT_MAX_CONFIRM, TPKT_MIN } from '../../electron/probe/x224';

function reply(announced: number, have = Math.max(4, Math.min(announced, 2048))): Buffer {
  const b = Buffer.alloc(have, 0);
  b[0] = 0x03;
  b[1] = 0x00;
  b.writeUInt16BE(announced, 2);
  if (have > 5) b[5] = 0xd0;
  return b;
}

describe('TPKT length boundaries', () => {
  // [announced length, expected: a frame or the error code]
  const rows: Array<[number, 'frame' | 'tpkt-too-short' | 'tpkt-too-long']> = [
    [0, 'tpkt-too-short'],
    [4, 'tpkt-too-short'],
    [5, 'tpkt-too-short'],
    [TPKT_MIN - 1, 'tpkt-too-short'],
    [TPKT_MIN, 'frame'],
    [11, 'frame'],
    [19, 'frame'],
    [TPKT_MAX_CONFIRM, 'frame'],
    [TPKT_MAX_CONFIRM + 1, 'tpkt-too-long'],
    [0xffff, 'tpkt-too-long'],
  ];
  it('the limits are the documented ones', () => {
    expect([TPKT_MIN, TPKT_MAX_CONFIRM]).toEqual([7, 1024]);
  });
  for (const [announced, expected] of rows) {
    it(`a reply announcing ${announced} bytes: ${expected}`, () => {
      const r = extractTpkt(reply(announced));
      if (expected === 'frame') {
        expect(r.kind).toBe('frame');
        if (r.kind === 'frame') expect(r.frame.length).toBe(announced);
      } else {
        expect(r).toMatchObject({ kind: 'error', code: expected });
        if (r.kind === 'error') expect(r.message).toMatch(new RegExp(`announces ${announced} bytes.*not a valid RDP reply`));
      }
    });
  }
  it('a header announcing a valid length waits for the rest, and says how much', () => {
    expect(extractTpkt(reply(19, 8))).toEqual({ kind: 'need', have: 8, want: 19 });
  });
});

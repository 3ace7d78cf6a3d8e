// The wire format of CHECKLIST.md, byte for byte, and the TPKT reader's bounds.
import { describe, expect, it } from 'vitest';
import { buildConnectionRequest, extractTpkt, parseConnectionConfirm, protocolNames } from '../../electron/probe/x224';
import { decodeKeyUsage } from '../../electron/probe/certificate';
import { isKeyUsageRejection } from '../../electron/probe/tls';
import { ServerFlightReader, buildClientHello } from '../../electron/probe/tls-fallback';
import { confirm, negFailure, negResponse } from '../support/fake-peers';

describe('X.224 Connection Request', () => {
  it('matches the example request for SSL|HYBRID', () => {
    expect(buildConnectionRequest(3).toString('hex')).toBe('030000130ee000000000000100080003000000');
  });
  it('has no negotiation data for a legacy request', () => {
    expect(buildConnectionRequest(null).toString('hex')).toBe('0300000b06e00000000000');
  });
  it('names protocol bits', () => {
    expect(protocolNames(0)).toEqual(['RDP']);
    expect(protocolNames(11)).toEqual(['SSL', 'HYBRID', 'HYBRID_EX']);
    expect(protocolNames(0x101)).toEqual(['SSL', '0x100']);
  });
});

describe('Connection Confirm', () => {
  it('reads RDP_NEG_RSP', () => {
    expect(parseConnectionConfirm(negResponse(2, 0x1f))).toEqual({ kind: 'response', selected: 2, flags: 0x1f, notes: [] });
  });
  it('reads RDP_NEG_FAILURE codes 1..6 by name', () => {
    const names = [1, 2, 3, 4, 5, 6].map((c) => {
      const r = parseConnectionConfirm(negFailure(c));
      return r.kind === 'failure' ? r.name : null;
    });
    expect(names).toEqual([
      'SSL_REQUIRED_BY_SERVER',
      'SSL_NOT_ALLOWED_BY_SERVER',
      'SSL_CERT_NOT_ON_SERVER',
      'INCONSISTENT_FLAGS',
      'HYBRID_REQUIRED_BY_SERVER',
      'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
    ]);
    const unknown = parseConnectionConfirm(negFailure(99));
    expect(unknown.kind === 'failure' && unknown.name).toBeNull();
  });
  it('reads a legacy confirm and a disconnect request', () => {
    expect(parseConnectionConfirm(confirm(null)).kind).toBe('legacy');
    expect(parseConnectionConfirm(Buffer.from('0300000b06800000000000', 'hex')).kind).toBe('refused');
  });
  it('notes a length indicator that disagrees, and still reads the data', () => {
    const frame = negResponse(1);
    frame[4] = 6;
    const r = parseConnectionConfirm(frame);
    expect(r.kind).toBe('response');
    expect(r.kind === 'response' && r.notes[0]).toMatch(/length indicator/);
  });
  it('rejects other TPDUs and short negotiation data', () => {
    expect(parseConnectionConfirm(Buffer.from('0300000b06f00000000000', 'hex')).kind).toBe('invalid');
    expect(parseConnectionConfirm(Buffer.from('0300000f0ad000000000000201', 'hex').subarray(0, 13)).kind).toBe('invalid');
  });
});

describe('TPKT framing', () => {
  const frame = negResponse(1);
  it('waits for the whole announced length, across segments', () => {
    expect(extractTpkt(frame.subarray(0, 2))).toEqual({ kind: 'need', have: 2, want: null });
    expect(extractTpkt(frame.subarray(0, 10))).toEqual({ kind: 'need', have: 10, want: 19 });
    const whole = extractTpkt(Buffer.concat([frame, Buffer.from([0x16])]));
    expect(whole.kind === 'frame' && whole.frame.length).toBe(19);
    expect(whole.kind === 'frame' && whole.rest.length).toBe(1);
  });
  it('rejects lengths below 7 and above the bound', () => {
    expect(extractTpkt(Buffer.from('03000003', 'hex'))).toMatchObject({ kind: 'error', code: 'tpkt-too-short' });
    expect(extractTpkt(Buffer.from('0300ffff', 'hex'))).toMatchObject({ kind: 'error', code: 'tpkt-too-long' });
    expect(extractTpkt(Buffer.from('03000200', 'hex'), 1024).kind).toBe('need');
  });
  it('recognises HTTP, SSH and TLS answers', () => {
    expect(extractTpkt(Buffer.from('HTTP/1.1 400 Bad Request'))).toMatchObject({ code: 'http' });
    expect(extractTpkt(Buffer.from('SSH-2.0-OpenSSH'))).toMatchObject({ code: 'ssh' });
    expect(extractTpkt(Buffer.from('160303003a', 'hex'))).toMatchObject({ code: 'tls' });
    expect(extractTpkt(Buffer.from('deadbeef', 'hex'))).toMatchObject({ code: 'not-tpkt' });
  });
});

describe('TLS helpers', () => {
  it('decodes key usage bits', () => {
    expect(decodeKeyUsage(Buffer.from([0x05, 0xa0]))).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(decodeKeyUsage(Buffer.from([0x07, 0x20]))).toEqual(['keyEncipherment']);
    expect(decodeKeyUsage(Buffer.from([0x07, 0x00, 0x80]))).toEqual(['decipherOnly']);
  });
  it('recognises the BoringSSL key usage rejection', () => {
    expect(isKeyUsageRejection({ code: 'ERR_SSL_KEY_USAGE_BIT_INCORRECT', message: '' })).toBe(true);
    expect(isKeyUsageRejection({ code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: 'x:KEY_USAGE_BIT_INCORRECT:y' })).toBe(true);
    expect(isKeyUsageRejection({ code: 'ECONNRESET', message: 'socket hang up' })).toBe(false);
  });
  it('offers TLS 1.2 and no TLS 1.3 in its ClientHello', () => {
    const hello = buildClientHello('server.example');
    expect(hello.subarray(0, 3).toString('hex')).toBe('160301');
    expect(hello.subarray(9, 11).toString('hex')).toBe('0303');
    expect(hello.includes(Buffer.from('002b', 'hex'))).toBe(false);
    expect(hello.includes(Buffer.from('server.example'))).toBe(true);
    expect(buildClientHello('10.0.0.1').includes(Buffer.from('10.0.0.1'))).toBe(false);
  });
  it('reports a server alert in words', () => {
    expect(new ServerFlightReader().push(Buffer.from('15030300020228', 'hex'))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/handshake failure/),
    });
  });
});

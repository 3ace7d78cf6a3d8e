// Scan lists and fleet files as Windows writes them: Windows PowerShell 5.1's `>` and Out-File save UTF-16LE with a
// byte-order mark; `-Encoding bigendianunicode` UTF-16BE; `-Encoding utf8` UTF-8 with a BOM. Each one is read
// through the real CLI bundle; a file in no such form is refused naming the file and the form to save it in.
import { readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUserText } from '../../electron/util/text-file';
import { runCli } from '../support/cli';
import { tempDir } from '../support/sim';

/** What PowerShell 5.1 writes for `"line1","line2" > file` (UTF-16LE, BOM, CRLF). */
function utf16le(lines: string[]): Buffer {
  return Buffer.from('\uFEFF' + lines.map((l) => `${l}\r\n`).join(''), 'utf16le');
}
const utf16be = (lines: string[]) => utf16le(lines).swap16();
const utf8bom = (lines: string[]) => Buffer.from('\uFEFF' + lines.map((l) => `${l}\r\n`).join(''), 'utf8');

/** A loopback port nobody listens on: the probe is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const REFUSAL = /"[^"]*hosts\.txt" is not UTF-8 text \(.+\): save it as UTF-8 \(PowerShell: Out-File -Encoding utf8\)/;

describe('rdp-doctor scan FILE saved by Windows PowerShell', () => {
  it.each([
    ['UTF-16LE with BOM (> and Out-File)', utf16le],
    ['UTF-16BE with BOM', utf16be],
    ['UTF-8 with BOM', utf8bom],
  ])('%s: every line is a target', async (_name, encode) => {
    const dir = tempDir();
    const port = await closedPort();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, encode(['# helpdesk list', `127.0.0.1:${port}`, `localhost:${port}`]));
    const r = await runCli(['scan', file, '--json', '--timeout', '1000']);
    expect(r.stderr).not.toMatch(/not a valid host|not UTF-8/);
    const rows = JSON.parse(r.stdout) as { target: string; status: string }[];
    expect(rows.map((row) => row.target)).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
    expect(r.code).toBe(1);
  });
});

describe('rdp-doctor fleet FILE --simulate saved by Windows PowerShell', () => {
  it.each([
    ['UTF-16LE with BOM (> and Out-File)', utf16le],
    ['UTF-16BE with BOM', utf16be],
  ])('%s: each host runs its scenario', async (_name, encode) => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, encode(['pc-001 scenario=healthy', 'pc-002 scenario=expired-cert']));
    const r = await runCli(['fleet', file, '--simulate', '--json'], { env: { RDP_DOCTOR_SIM_LATENCY_MS: '1', RDP_DOCTOR_HOME: dir } });
    expect(r.stderr).not.toMatch(/is not an option|not UTF-8/);
    const doc = JSON.parse(r.stdout) as { hosts: { name: string; status: string; failed: string[] }[] };
    expect(doc.hosts.map((h) => [h.name, h.status])).toEqual([
      ['pc-001', 'ok'],
      ['pc-002', 'problems'],
    ]);
    expect(doc.hosts[1]!.failed).toContain('host.certificate');
  });
});

describe('a file in no form RDP Doctor reads is refused, naming it and the form to save it in, changing nothing', () => {
  const text = 'pc-001 scenario=healthy\r\n';
  const cases: [string, Buffer][] = [
    ['UTF-16LE without a BOM (NUL bytes)', Buffer.from(text, 'utf16le')],
    [
      'ANSI (Windows-1252) text: "# Büro" is 0xFC, not UTF-8',
      Buffer.concat([Buffer.from('# B'), Buffer.from([0xfc]), Buffer.from('ro\r\n' + text)]),
    ],
    ['a UTF-16LE BOM and an odd number of bytes', Buffer.concat([utf16le(['pc-001']), Buffer.from([0x41])])],
    ['UTF-32LE (Out-File -Encoding utf32)', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('p\0\0\0c\0\0\0')])],
  ];
  it.each(cases)('%s: fleet and scan exit 2 with field FILE', async (_name, bytes) => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    writeFileSync(file, bytes);
    for (const args of [
      ['fleet', file, '--simulate', '--json'],
      ['scan', file, '--json'],
    ]) {
      const r = await runCli(args, { env: { RDP_DOCTOR_HOME: dir } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(REFUSAL);
      expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'bad-input', field: 'FILE', message: expect.stringMatching(REFUSAL) } });
    }
    expect(readdirSync(dir)).toEqual(['hosts.txt']);
  });
});

describe('decodeUserText', () => {
  it('decodes by byte-order mark and drops it; text without one is UTF-8', () => {
    expect(decodeUserText(utf16le(['pc-ü']), 'f')).toBe('pc-ü\r\n');
    expect(decodeUserText(utf16be(['pc-ü']), 'f')).toBe('pc-ü\r\n');
    expect(decodeUserText(utf8bom(['pc-ü']), 'f')).toBe('pc-ü\r\n');
    expect(decodeUserText(Buffer.from('pc-ü\n'), 'f')).toBe('pc-ü\n');
    expect(decodeUserText(Buffer.alloc(0), 'f')).toBe('');
  });

  it('refuses a lone UTF-16 surrogate and a NUL character, naming the file', () => {
    expect(() => decodeUserText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), 'list.txt')).toThrow(
      /^"list\.txt" is not UTF-8 text \(a UTF-16 byte-order mark, but text that is not valid UTF-16\)/,
    );
    expect(() => decodeUserText(Buffer.from('\uFEFFa\0b', 'utf16le'), 'list.txt')).toThrow(/NUL characters/);
  });
});

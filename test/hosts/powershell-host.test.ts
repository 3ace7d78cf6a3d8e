// PowerShellHost sends only our script path and base64 data; no value can become script text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildInvocation, parseScriptOutput, psSingleQuoted } from '../../electron/hosts/powershell/invocation';
import { PowerShellHost, type PsShell } from '../../electron/hosts/powershell/powershell-host';
import { HostOutputError, HostScriptError } from '../../electron/hosts/host-adapter';

const HOSTILE = [
  "'",
  '"',
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '\u201C',
  '\u201D',
  '$(calc)',
  '`',
  ';',
  '|',
  '&',
  '\n',
  '\r',
  '\0',
  '${env:PATH}',
  '@(',
  '#',
  '<#',
  'é',
  '漢',
  '\u202E',
];
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));
const INVOCATION = /^& '([^'\u2018-\u201B]|'')*' -InputBase64 '[A-Za-z0-9+/=]*'$/;

function fakeShell(reply: (command: string) => string): { factory: () => Promise<PsShell>; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    factory: async () => ({
      invoke: async (command) => {
        sent.push(command);
        return { raw: reply(command), hadErrors: false };
      },
      dispose: async () => undefined,
    }),
  };
}

describe('PowerShell invocation', () => {
  it('carries any value only as base64 data that decodes back to it', () => {
    fc.assert(
      fc.property(hostileString, fc.string(), (value, key) => {
        const input = { target: value, nested: { [key]: [value, 1, null] } };
        const cmd = buildInvocation('C:\\Program Files\\RDP Doctor\\resources\\ps\\checks\\host\\firewall.ps1', input);
        expect(cmd).toMatch(INVOCATION);
        expect(cmd.includes('\n')).toBe(false);
        const b64 = /-InputBase64 '([^']*)'$/.exec(cmd)![1]!;
        expect(JSON.parse(Buffer.from(b64, 'base64').toString('utf8'))).toEqual(JSON.parse(JSON.stringify(input)));
        if (value.length >= 6) expect(cmd).not.toContain(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('doubles every kind of single quote PowerShell recognizes in the script path', () => {
    expect(psSingleQuoted("C:\\o'neil\u2019s\\x.ps1")).toBe("'C:\\o''neil\u2019\u2019s\\x.ps1'");
  });

  it('sends exactly the validated command through the session, and rejects hostile script names', async () => {
    const shell = fakeShell(() => '{"ok":true}');
    const host = new PowerShellHost(shell.factory, '/opt/rdp-doctor/ps', true);
    await fc.assert(
      fc.asyncProperty(hostileString, async (value) => {
        await host.run('ops/registry-read', { items: [{ key: value, name: value }] }, z.object({ ok: z.boolean() }));
      }),
      { numRuns: 300 },
    );
    expect(shell.sent.length).toBe(300);
    for (const cmd of shell.sent) expect(cmd).toMatch(INVOCATION);
    for (const bad of ["ops/x'; calc", '../../evil', 'ops/$(calc)', 'OPS/Registry']) {
      await expect(host.run(bad, {}, z.object({}))).rejects.toThrow(/not a valid script name/);
    }
    expect(shell.sent.length).toBe(300);
  });

  it('turns a script error object into HostScriptError and a wrong shape into HostOutputError', async () => {
    const replies = [
      '{"error":{"message":"Access is denied","type":"UnauthorizedAccessException"}}',
      '{"value":"x"}',
      'WARNING: junk\n{"a":1}',
      'not json',
      '[1,2]',
    ];
    const shell = fakeShell(() => replies.shift()!);
    const host = new PowerShellHost(shell.factory, '/opt/ps', true);
    const schema = z.object({ value: z.number() });
    await expect(host.run('ops/host-info', {}, schema)).rejects.toThrow(HostScriptError);
    await expect(host.run('ops/host-info', {}, schema)).rejects.toThrow(HostOutputError);
    await expect(host.run('ops/host-info', {}, schema)).rejects.toThrow(/expected one JSON line, got 2/);
    await expect(host.run('ops/host-info', {}, schema)).rejects.toThrow(/not JSON/);
    await expect(host.run('ops/host-info', {}, schema)).rejects.toThrow(/not a JSON object/);
  });

  it('gives up on a hung script within its timeout and starts a new session for the next one', async () => {
    let sessions = 0;
    const factory = async (): Promise<PsShell> => {
      sessions++;
      const n = sessions;
      return {
        invoke: () => (n === 1 ? new Promise(() => undefined) : Promise.resolve({ raw: '{"ok":true}', hadErrors: false })),
        dispose: async () => undefined,
      };
    };
    const host = new PowerShellHost(factory, '/opt/ps', true);
    const t0 = Date.now();
    await expect(host.run('ops/host-info', {}, z.object({ ok: z.boolean() }), { timeoutMs: 200 })).rejects.toThrow(
      /no answer within 200 ms/,
    );
    expect(Date.now() - t0).toBeLessThan(1500);
    await expect(host.run('ops/host-info', {}, z.object({ ok: z.boolean() }))).resolves.toEqual({ ok: true });
    expect(sessions).toBe(2);
  });

  it('parses a BOM-prefixed single line', () => {
    expect(parseScriptOutput('x', '\uFEFF{"a":1}\r\n')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('PowerShellHost.info: inside an RDP session', () => {
  const info = (extra: Record<string, unknown>) =>
    JSON.stringify({ computerName: 'H', os: 'Windows Server 2022', build: '20348', elevated: true, user: 'CORP\\adm', ...extra });

  it('believes SM_REMOTESESSION over an empty SESSIONNAME (over-the-shoulder elevation), so a TermService restart warns', async () => {
    const host = new PowerShellHost(fakeShell(() => info({ sessionName: '', remoteSession: true })).factory, '/opt/ps', true);
    expect((await host.info()).inRdpSession).toBe(true);
  });

  it('falls back to SESSIONNAME when SM_REMOTESESSION could not be asked (ConstrainedLanguage)', async () => {
    const rdp = new PowerShellHost(fakeShell(() => info({ sessionName: 'RDP-Tcp#3', remoteSession: null })).factory, '/opt/ps', true);
    expect((await rdp.info()).inRdpSession).toBe(true);
    const consoleSession = new PowerShellHost(
      fakeShell(() => info({ sessionName: 'Console', remoteSession: false })).factory,
      '/opt/ps',
      true,
    );
    expect((await consoleSession.info()).inRdpSession).toBe(false);
  });
});

// The real WinRM transport's PowerShell text: every command parses under tree-sitter-powershell, uses only
// cmdlets and parameters of the Windows PowerShell 5.1 reference, and carries every value (computer, user,
// file path, script input) only inside one base64 literal.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../electron/engine/checks';
import type { PsShell } from '../../electron/hosts/powershell/powershell-host';
import { lintSource, libraryFunctions } from '../../electron/tools/ps-lint';
import {
  batchPayload,
  batchScript,
  closeSessionCommand,
  fleetCommand,
  invokeBatchCommand,
  openSessionCommand,
  testWsmanCommand,
} from '../../electron/reach/winrm/compose';
import { classifyRemotingError, WinrmTransport } from '../../electron/reach/winrm/winrm-transport';

const engineRoot = path.resolve('electron/engine');
const libFunctions = libraryFunctions(engineRoot);
const HOSTILE = [
  "pc-042'; Remove-Item C:\\ -Recurse; '",
  'a$(Stop-Computer)b',
  'x`ny',
  'q\u2019s\u201Bt',
  'line\nbreak',
  '"double"',
  '@{x=1}',
];

function lint(text: string) {
  return lintSource(text, { role: 'lib', libFunctions, file: 'composed' }).map((f) => `${f.line}: [${f.rule}] ${f.message}`);
}

/** The command with its one base64 literal replaced: what is left is code RDP Doctor wrote, nothing else. */
function skeleton(command: string): string {
  const literals = command.match(/'[A-Za-z0-9+/=]*'/g) ?? [];
  expect(literals.filter((l) => l.length > 40).length).toBeLessThanOrEqual(1);
  return command.replace(/^\$rdData = '[A-Za-z0-9+/=]*'$/m, "$rdData = '<data>'");
}

function dataOf(command: string): unknown {
  const b64 = /^\$rdData = '([A-Za-z0-9+/=]*)'$/m.exec(command)![1]!;
  return JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
}

const commands = (value: string) => [
  openSessionCommand({ id: 'a1', computer: value, https: true, user: value }),
  openSessionCommand({ id: 'a1', computer: value, https: false, user: null }),
  testWsmanCommand({ computer: value, https: false }),
  invokeBatchCommand({ id: 'a1', file: value, payload: batchPayload([{ script: 'checks/host/nla/nla', input: { x: value } }]) }),
  closeSessionCommand(value),
  fleetCommand({ computers: [value, 'pc-1'], https: false, throttle: 32, file: value, payload: value }),
];

describe('composed remoting commands', () => {
  it('parse under tree-sitter-powershell and use only 5.1 cmdlets and parameters', () => {
    for (const c of commands('pc-042')) expect(lint(c), c).toEqual([]);
  });

  it('the password is asked by Windows (Get-Credential), never built from text', () => {
    const open = openSessionCommand({ id: 'a1', computer: 'pc-042', https: false, user: 'CORP\\helpdesk' });
    expect(open).toMatch(/Get-Credential -UserName \(\[string\]\$rdArgs\.user\)/);
    for (const c of commands('pc-042')) expect(c).not.toMatch(/ConvertTo-SecureString|AsPlainText|PSCredential|Password/i);
  });

  it('no value reaches the command text except as base64 data', () => {
    const plain = commands('pc-042').map(skeleton);
    for (const hostile of HOSTILE) {
      const cs = commands(hostile);
      // Whatever the value, the code around the data literal is the same text...
      expect(cs.map(skeleton)).toEqual(plain);
      for (const c of cs) {
        // ...the value itself appears nowhere in it...
        expect(c.includes(hostile)).toBe(false);
        // ...and it comes back intact from the data.
        expect(JSON.stringify(dataOf(c))).toContain(JSON.stringify(hostile).slice(1, -1));
      }
    }
  });

  it('the batch file of every host script parses, lints and holds each script once', () => {
    const scripts = [
      ...new Set(allChecks.filter((c) => c.side === 'host').flatMap((c) => c.scripts)),
      'ops/host-info',
      'ops/host-identity',
      'ops/registry-write',
      'ops/firewall-rules-set',
      'ops/service-control',
    ];
    const text = batchScript(engineRoot, scripts);
    expect(lint(text)).toEqual([]);
    // The fan-out and Run Command forms too (host picks its calls; gzip+base64 within the output budget).
    expect(lint(batchScript(engineRoot, scripts, 'fan-out'))).toEqual([]);
    const packed = batchScript(engineRoot, scripts, 'run-command');
    expect(lint(packed)).toEqual([]);
    expect(packed).toMatch(/System\.IO\.Compression\.GZipStream/);
    // The first answer that does not fit stops the batch and is named with its size, for the next Run Command.
    expect(packed).toMatch(/if \(\$rdNext\.Length -gt \$rdBudget\) \{\n.*\n\s+\$rdOverflow = ' over=' \+ .*\n\s+break\n/);
    for (const s of scripts) expect(text.split(`'${s}' {`).length - 1, s).toBe(1);
    // The scripts cannot dot-source the library over remoting ($PSScriptRoot is empty there): it is inlined.
    expect(text).not.toMatch(/\$PSScriptRoot/);
    expect(text).toContain('function Write-RdResult');
    // Three whole batch files through the PowerShell grammar and the linter: 20 s on a quiet machine, twice that
    // while the rest of the suite runs beside it.
  }, 120_000);

  it('the transport (over a stub shell) sends only those commands: values stay data, batches go through -FilePath', async () => {
    const sent: string[] = [];
    const answers = [
      '{"ok":true,"state":"Opened"}',
      JSON.stringify({
        ok: true,
        output: JSON.stringify({
          results: ['{"computerName":"PC","os":"W","build":"1","elevated":true,"user":"u","sessionName":"Services"}'],
        }),
      }),
    ];
    const shell: PsShell = {
      invoke: async () => ({ raw: answers.shift() ?? '{"ok":true}', hadErrors: false }),
      dispose: async () => undefined,
    };
    const workDir = mkdtempSync(path.join(tmpdir(), 'rdp-doctor-batch-'));
    const t = new WinrmTransport({
      computer: HOSTILE[0]!,
      https: false,
      user: HOSTILE[1]!,
      shell: async () => shell,
      engineRoot,
      workDir,
      sent,
    });
    const session = await t.connect();
    const [out] = await session.invoke([{ script: 'ops/host-info', input: { evil: HOSTILE[2]! } }]);
    expect(JSON.parse(out!).computerName).toBe('PC');
    expect(sent).toHaveLength(2);
    for (const c of sent) {
      for (const h of HOSTILE) expect(c.includes(h)).toBe(false);
      expect(lint(c)).toEqual([]);
    }
    expect(sent[1]).toContain(
      'Invoke-Command -Session $rdSession -FilePath ([string]$rdArgs.file) -ArgumentList ([string]$rdArgs.payload)',
    );
    const file = (dataOf(sent[1]!) as { file: string }).file;
    expect(readFileSync(file, 'utf8').startsWith('\uFEFF')).toBe(true);
  });

  it('names each New-PSSession failure by its language-neutral error id', () => {
    expect(classifyRemotingError('AccessDenied,PSSessionOpenFailed', 'Zugriff verweigert')).toBe('access-denied');
    expect(classifyRemotingError('ServerNotTrusted,PSSessionOpenFailed', '')).toBe('trusted-hosts');
    expect(classifyRemotingError('12175,PSSessionOpenFailed', '')).toBe('https-certificate-untrusted');
    expect(classifyRemotingError('WinRMOperationTimeout,PSSessionStateBroken', '')).toBe('timeout');
    expect(classifyRemotingError('CannotConnect,PSSessionOpenFailed', 'WinRM cannot complete the operation')).toBe('winrm-not-enabled');
  });

  it('the preflight names a closed WinRM port before it starts any PowerShell', async () => {
    let started = false;
    const t = new WinrmTransport({
      computer: '127.0.0.1',
      https: false,
      user: null,
      shell: async () => ((started = true), { invoke: async () => ({ raw: '', hadErrors: false }), dispose: async () => undefined }),
    });
    await expect(t.preflight()).rejects.toMatchObject({
      failure: 'winrm-port-closed',
      message: expect.stringMatching(/TCP 5985: connection refused.*Enable-PSRemoting/),
    });
    expect(started).toBe(false);
  });
});

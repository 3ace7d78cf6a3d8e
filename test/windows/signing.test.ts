// Issue 11 §1: the .ps1 are Authenticode-signed at build time with a configured certificate (never committed),
// so AllSigned hosts run them. Here: a test CA made for this test, Debian's osslsigncode signs and verifies.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInlineInvocation } from '../../electron/hosts/powershell/invocation';
import { lintEngine } from '../../electron/tools/ps-lint';
import { issue, makeCa, openssl, selfSigned } from '../support/test-pki';

const require = createRequire(import.meta.url);
const signing = require('../../build/sign-ps1.cjs') as {
  configFromEnv(env: Record<string, string | undefined>): { pfx: string | null } | null;
  signScripts(dir: string, config: unknown): string[];
  verifyScripts(dir: string, ca: string): { file: string; ok: boolean; message: string }[];
};

/** A root CA and a code-signing leaf it issued (EKU codeSigning), plus an unrelated CA. */
function makePki(dir: string): void {
  makeCa(dir, 'ca', 'RDP Doctor Test Root CA', 2);
  issue(
    dir,
    'ca',
    'sign',
    'Contoso IT Code Signing (test)',
    2,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n',
  );
  writeFileSync(path.join(dir, 'pass.txt'), 'test-only-password');
  openssl(dir, [
    'pkcs12',
    '-export',
    '-in',
    'sign.pem',
    '-inkey',
    'sign.key',
    '-certfile',
    'ca.pem',
    '-out',
    'sign.pfx',
    '-passout',
    'file:pass.txt',
  ]);
  selfSigned(dir, 'other', 'Some Other CA', 2);
}

let pki: string;
let engine: string;
let signed: string[];

beforeAll(() => {
  pki = mkdtempSync(path.join(tmpdir(), 'rdp-doctor-pki-'));
  makePki(pki);
  engine = mkdtempSync(path.join(tmpdir(), 'rdp-doctor-ps-'));
  cpSync('electron/engine', engine, { recursive: true, filter: (src) => !/\.(ts|json)$/.test(src) });
  const config = signing.configFromEnv({
    RDP_DOCTOR_SIGN_PFX: path.join(pki, 'sign.pfx'),
    RDP_DOCTOR_SIGN_PASSWORD_FILE: path.join(pki, 'pass.txt'),
  });
  signed = signing.signScripts(engine, config);
}, 120_000);

describe('Authenticode signing of the .ps1 (osslsigncode, test CA)', () => {
  it('signs every script, and each verifies against the test root', () => {
    expect(signed.length).toBeGreaterThan(30);
    const results = signing.verifyScripts(engine, path.join(pki, 'ca.pem'));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const text = readFileSync(path.join(engine, 'lib', 'rd-common.ps1'), 'utf8');
    expect(text).toMatch(/\r?\n# SIG # Begin signature block\r?\n/);
    expect(text).toMatch(/# SIG # End signature block/);
  }, 120_000);

  it('a script changed after signing fails verification', () => {
    const file = path.join(engine, 'ops', 'registry-write.ps1');
    const before = readFileSync(file, 'utf8');
    const after = before.replace(/^#/, '# changed after signing;');
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    const r = signing.verifyScripts(path.dirname(file), path.join(pki, 'ca.pem')).find((x) => x.file === file)!;
    expect(r.ok).toBe(false);
  }, 60_000);

  it('a signature from a CA this host does not trust fails verification', () => {
    const r = signing.verifyScripts(path.join(engine, 'lib'), path.join(pki, 'other.pem'));
    expect(r.every((x) => !x.ok)).toBe(true);
  }, 60_000);

  it('signed scripts still pass the 5.1 lint, and the inline probe leaves the signature block out', () => {
    const { findings } = lintEngine(engine, engine);
    expect(findings.filter((f) => f.file !== 'ops/registry-write.ps1')).toEqual([]);
    const probe = readFileSync(path.join(engine, 'checks', 'host', 'powershell', 'powershell.ps1'), 'utf8');
    const command = buildInlineInvocation(probe, { RdScriptsRoot: 'C:\\x' });
    expect(command).not.toMatch(/SIG #/);
    expect(command).toContain('Get-ExecutionPolicy -List');
  });
});

describe('signing configuration', () => {
  it('is off without a certificate, and a required signature without one stops the build', () => {
    expect(signing.configFromEnv({})).toBeNull();
    expect(() => signing.configFromEnv({ RDP_DOCTOR_SIGN_REQUIRED: '1' })).toThrow(/no certificate/);
    expect(() => signing.configFromEnv({ RDP_DOCTOR_SIGN_CERT: '/x.pem' })).toThrow(/together/);
    expect(() => signing.configFromEnv({ RDP_DOCTOR_SIGN_PFX: '/nonexistent.pfx' })).toThrow(/no such file/);
  });

  it('no certificate or private key is committed', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n');
    expect(files.filter((f) => /\.(pfx|p12|key|pvk|spc)$/i.test(f))).toEqual([]);
    let keys = '';
    try {
      keys = execFileSync(
        'git',
        ['grep', '-l', '-I', '-e', 'BEGIN PRIVATE KEY', '-e', 'BEGIN RSA PRIVATE KEY', '-e', 'BEGIN ENCRYPTED PRIVATE KEY', '--', '.'],
        { encoding: 'utf8' },
      );
    } catch {
      // git grep exits 1 when nothing matches.
    }
    expect(keys.split('\n').filter((f) => f && !f.startsWith('test/'))).toEqual([]);
  });
});

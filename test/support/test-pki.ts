// Certificates made for one test run with Debian's openssl: a CA, the certificates it issues and self-signed
// ones, each written as NAME.key / NAME.pem in the given folder. Nothing here is trusted outside that folder.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed certificate for `cn`; `addext` are openssl -addext values (extensions). */
export function selfSigned(dir: string, name: string, cn: string, days: number, addext: string[] = []): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    String(days),
    '-subj',
    `/CN=${cn}`,
    ...addext.flatMap((e) => ['-addext', e]),
  ]);
}

/** A root CA that may issue certificates (basicConstraints CA:TRUE, keyCertSign). */
export function makeCa(dir: string, name: string, cn: string, days: number): void {
  selfSigned(dir, name, cn, days, ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']);
}

/** A certificate for `cn` issued by the CA `ca` (made by makeCa in the same folder); `extensions` is an openssl extfile. */
export function issue(dir: string, ca: string, name: string, cn: string, days: number, extensions: string): void {
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    String(days),
    '-extfile',
    `${name}.ext`,
  ]);
}

// Starts Debian's xrdp on 127.0.0.1 without systemd, with certificates made here, for the probe tests and
// the benchmark. What xrdp needs for the handshake: an ini with `port=tcp://127.0.0.1:PORT`, a certificate
// and key file, a log file it can write; `-n` keeps it in the foreground. It reads /etc/xrdp/rsakeys.ini
// only after the X.224 and TLS layers the probe looks at, and needs no xrdp-sesman for them.
import { execFile } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const XRDP_BIN = '/usr/sbin/xrdp';
export const xrdpAvailable = existsSync(XRDP_BIN);

export interface CertFiles {
  cert: string;
  key: string;
}

export interface TestCertificates {
  dir: string;
  /** CN=localhost, SAN localhost and 127.0.0.1, valid for a year. */
  valid: CertFiles;
  /** Valid from 2020-01-01 to 2021-01-01. */
  expired: CertFiles;
  /** Valid from 2099-01-01. */
  notYetValid: CertFiles;
  /** keyUsage = keyEncipherment only: what BoringSSL rejects (electron/electron#31042). */
  keyEnciphermentOnly: CertFiles;
}

function caConfig(dir: string): string {
  return `[ ca ]
default_ca = ca_here
[ ca_here ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
serial = ${dir}/serial
default_md = sha256
default_days = 365
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
[ server ]
subjectAltName = DNS:localhost,IP:127.0.0.1
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[ key_encipherment_only ]
subjectAltName = DNS:localhost,IP:127.0.0.1
keyUsage = critical, keyEncipherment
extendedKeyUsage = serverAuth
`;
}

/**
 * `openssl ca -selfsign` takes explicit start and end dates, which `openssl req -x509` (OpenSSL 3.0) cannot:
 * that is how the expired and not-yet-valid certificates are made. One key serves all of them.
 */
export async function makeCertificates(parent?: string): Promise<TestCertificates> {
  const dir = parent ?? (await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-certs-')));
  await mkdir(path.join(dir, 'issued'), { recursive: true });
  await writeFile(path.join(dir, 'index.txt'), '');
  await writeFile(path.join(dir, 'serial'), '1000\n');
  await writeFile(path.join(dir, 'ca.cnf'), caConfig(dir));
  const key = path.join(dir, 'key.pem');
  const csr = path.join(dir, 'req.csr');
  await run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  const sign = async (name: string, extensions: string, dates: string[]): Promise<CertFiles> => {
    const cert = path.join(dir, `${name}.pem`);
    const args = [
      'ca',
      '-batch',
      '-config',
      path.join(dir, 'ca.cnf'),
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-extensions',
      extensions,
      '-notext',
      ...dates,
    ];
    await run('openssl', args);
    return { cert, key };
  };
  // `openssl ca` updates one database and serial file: sign one after the other.
  const valid = await sign('valid', 'server', ['-days', '365']);
  const expired = await sign('expired', 'server', ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  const notYetValid = await sign('not-yet-valid', 'server', ['-startdate', '20990101000000Z', '-enddate', '20991231000000Z']);
  const keyEnciphermentOnly = await sign('key-encipherment-only', 'key_encipherment_only', ['-days', '365']);
  return { dir, valid, expired, notYetValid, keyEnciphermentOnly };
}

export interface XrdpOptions {
  securityLayer: 'negotiate' | 'tls' | 'rdp';
  cert: CertFiles;
  /** xrdp's ssl_protocols, e.g. "TLSv1.2, TLSv1.3" (its default) or "TLSv1". */
  sslProtocols?: string;
  /** xrdp's tls_ciphers; "DEFAULT:@SECLEVEL=0" lets a TLS 1.0-only server actually complete a handshake. */
  tlsCiphers?: string;
}

export interface XrdpServer {
  port: number;
  pid: number;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isListening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  try {
    return readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .some((line) => {
        const cols = line.trim().split(/\s+/);
        return cols[1] === `0100007F:${hexPort}` && cols[3] === '0A';
      });
  } catch {
    return false;
  }
}

function ini(port: number, dir: string, o: XrdpOptions): string {
  return `[Globals]
ini_version=1
fork=true
port=tcp://127.0.0.1:${port}
use_vsock=false
tcp_nodelay=true
tcp_keepalive=true
security_layer=${o.securityLayer}
crypt_level=high
certificate=${o.cert.cert}
key_file=${o.cert.key}
ssl_protocols=${o.sslProtocols ?? 'TLSv1.2, TLSv1.3'}
${o.tlsCiphers ? `tls_ciphers=${o.tlsCiphers}` : ''}
autorun=
allow_channels=true
allow_multimon=true
bitmap_cache=true
bitmap_compression=true
bulk_compression=true
max_bpp=32
new_cursors=true
use_fastpath=both

[Logging]
LogFile=${dir}/xrdp.log
LogLevel=INFO
EnableSyslog=false
EnableConsole=false

[Channels]
rdpdr=true
rdpsnd=true
drdynvc=true
cliprdr=true
`;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** The connection-handling children xrdp forked, so none outlives the test. */
async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

async function startOnce(o: XrdpOptions): Promise<XrdpServer | null> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-xrdp-'));
  const port = await freePort();
  const iniPath = path.join(dir, 'xrdp.ini');
  await writeFile(iniPath, ini(port, dir, o));
  const child = spawn(XRDP_BIN, ['-n', '-c', iniPath], { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const readLog = (): string => {
    try {
      return readFileSync(path.join(dir, 'xrdp.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (isListening(port)) {
      const pid = child.pid!;
      return {
        port,
        pid,
        dir,
        log: readLog,
        stop: async () => {
          const kids = await childrenOf(pid);
          child.kill('SIGTERM');
          for (const kid of kids) {
            try {
              process.kill(kid, 'SIGTERM');
            } catch {
              // Already gone.
            }
          }
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          await exited(child);
          clearTimeout(timer);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited(child);
  await rm(dir, { recursive: true, force: true });
  return null;
}

/** Starts xrdp on a free loopback port; retries on another port if one was taken in between. */
export async function startXrdp(o: XrdpOptions): Promise<XrdpServer> {
  for (let i = 0; i < 3; i++) {
    const server = await startOnce(o);
    if (server) return server;
  }
  throw new Error(`xrdp did not start listening (security_layer=${o.securityLayer})`);
}

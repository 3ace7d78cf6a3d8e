// Starts Debian's FreeRDP shadow server (freerdp2-shadow-x11) on 127.0.0.1 with NLA only: a real RDP server
// that offers CredSSP and answers an NTLM NEGOTIATE with a real CHALLENGE, which xrdp does not. The X11
// shadow subsystem needs a display, so a private Xvfb runs beside it; both are stopped by stop().
// NLA needs a SAM file (`/sam-file:`, user:::NT-hash:::); the probe never logs on, the file only enables NLA.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './xrdp';

export const SHADOW_BIN = '/usr/bin/freerdp-shadow-cli';
export const XVFB_BIN = '/usr/bin/Xvfb';
export const shadowAvailable = existsSync(SHADOW_BIN) && existsSync(XVFB_BIN);

export interface ShadowServer {
  port: number;
  log(): string;
  stop(): Promise<void>;
}

interface Xvfb {
  child: ChildProcess;
  display: string;
  log(): string;
}

const ATTEMPTS = 3;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited(child);
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A display number nobody holds: neither a lock file nor a socket in /tmp/.X11-unix. Display :0 is where a
 * desktop, another test run sharing /tmp, or a killed server's leftovers live; a CI run once got ":0" from
 * -displayfd and the shadow server could not open it. A random high number keeps clear of all of them.
 */
function unusedDisplay(): number {
  for (;;) {
    const n = 100 + Math.floor(Math.random() * 800);
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
}

/**
 * An X11 connection set-up (no authorisation) on the display's socket: the first reply byte is 1 when the
 * server accepts clients, 0 (failed) or 2 (authenticate) otherwise. This is what the shadow server does first,
 * so a display that passes here is one it can open.
 */
function acceptsX11Client(display: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect({ path: `/tmp/.X11-unix/X${display}` });
    const done = (why: string | null) => {
      s.destroy();
      resolve(why);
    };
    s.setTimeout(5000, () => done('no X11 set-up reply within 5 s'));
    s.once('error', (err) => done(`cannot connect to /tmp/.X11-unix/X${display}: ${err.message}`));
    // 'l' = little-endian, protocol 11.0, no authorisation name or data.
    s.once('connect', () => s.write(Buffer.from([0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
    s.once('data', (d: Buffer) =>
      done(
        d[0] === 1
          ? null
          : `X11 set-up refused (reply byte ${d[0]}): ${d
              .subarray(8)
              .toString('latin1')
              .replace(/[^\x20-\x7e]/g, '')}`,
      ),
    );
  });
}

/** A private Xvfb on an unused display, ready when it has written its number to -displayfd and accepts a client. */
async function startXvfb(): Promise<Xvfb> {
  const n = unusedDisplay();
  // -ac: a private server without TCP needs no access control, and a CI machine's XAUTHORITY must not matter.
  const child = spawn(XVFB_BIN, [`:${n}`, '-displayfd', '3', '-ac', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const xvfb: Xvfb = { child, display: `:${n}`, log: () => output };
  await new Promise<void>((resolve, reject) => {
    let text = '';
    // A loaded CI machine (the whole suite in parallel) has taken more than 5 s to start it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Xvfb :${n} did not report ready within 20 s:\n${output}`));
    }, 20_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb :${n} exited (${code}) before it was ready:\n${output}`));
    });
  });
  const refused = await acceptsX11Client(n);
  if (refused) {
    await stopChild(child);
    throw new Error(`Xvfb :${n} reported ready but ${refused}:\n${output}`);
  }
  return xvfb;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function startOnce(dir: string): Promise<ShadowServer> {
  const xvfb = await startXvfb();
  const port = await freePort();
  // HOME: the server writes its generated certificate under ~/.config/freerdp/server.
  const args = ['/bind-address:127.0.0.1', `/port:${port}`, '/sec:nla', `/sam-file:${path.join(dir, 'sam')}`];
  const child = spawn(SHADOW_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: xvfb.display, HOME: dir } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await stopChild(xvfb.child);
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await accepts(port)) return { port, log: () => output, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(
    `freerdp-shadow-cli did not listen on 127.0.0.1:${port} (DISPLAY ${xvfb.display}):\n${output.slice(-2000)}\nXvfb said:\n${xvfb.log()}`,
  );
}

/** Up to three tries, each with a fresh display and port: a busy machine must not fail a test of the probe. */
export async function startShadowNla(): Promise<ShadowServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-shadow-'));
  // NT hash of "Password" (any user works: the probe stops before authentication).
  await writeFile(path.join(dir, 'sam'), 'tech:::A4F49C406510BDCAB6824EE7C30FD852:::\n');
  const failures: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const server = await startOnce(dir);
      return {
        ...server,
        stop: async () => {
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      failures.push(`attempt ${attempt}: ${(err as Error).message}`);
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`the FreeRDP shadow server did not start in ${ATTEMPTS} attempts:\n${failures.join('\n')}`);
}

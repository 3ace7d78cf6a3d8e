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

/** Xvfb picks a free display itself and writes its number to the fd given by -displayfd. */
function startXvfb(): Promise<{ child: ChildProcess; display: string }> {
  const child = spawn(XVFB_BIN, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('Xvfb did not report a display within 20 s'));
      // A loaded CI machine (the whole suite in parallel) has taken more than 5 s to start it.
    }, 20_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, display: `:${text.trim()}` });
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('Xvfb exited before it reported a display'));
    });
  });
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

export async function startShadowNla(): Promise<ShadowServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rdp-doctor-shadow-'));
  // NT hash of "Password" (any user works: the probe stops before authentication).
  await writeFile(path.join(dir, 'sam'), 'tech:::A4F49C406510BDCAB6824EE7C30FD852:::\n');
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
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await accepts(port)) return { port, log: () => output, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`freerdp-shadow-cli did not listen on 127.0.0.1:${port}:\n${output.slice(-2000)}`);
}

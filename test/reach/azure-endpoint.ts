// A loopback Azure Resource Manager endpoint for Run Command, for the real @azure/arm-compute client: POST
// runCommand answers 202 with Azure-AsyncOperation and Location; the operation reports InProgress, then
// Succeeded; Location then gives the result. One Run Command at a time per VM (a second gets 409 Conflict).
// The VM runs the batch on a simulated host, as the batch's PowerShell would (same budget, same packing), and
// the output is cut to its last 4,096 bytes as Azure does.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { runBatchOnVm } from '../../electron/reach/azure/simulated-vm';

export const TEST_TOKEN = `test-token-${randomBytes(6).toString('hex')}`;
const OUTPUT_LIMIT = 4096;

export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdp-doctor-arm-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

interface Operation {
  vm: string;
  polls: number;
  stdout: string;
}

const Body = z.object({
  commandId: z.literal('RunPowerShellScript'),
  script: z.array(z.string()),
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
});

export async function startRunCommandEndpoint(hosts: Map<string, SimulatedHost>, options: { noise?: string } = {}) {
  const { cert, key } = selfSignedCert();
  const ops = new Map<string, Operation>();
  const busy = new Set<string>();
  const stats = { posts: 0, conflicts: 0, polls: 0, cut: 0 };
  let base = '';
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.headers.authorization !== `Bearer ${TEST_TOKEN}`)
      return send(res, 401, { error: { code: 'AuthenticationFailed', message: 'no valid token' } });
    const url = new URL(req.url ?? '/', base);
    const post =
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/runCommand$/.exec(
        url.pathname,
      );
    if (req.method === 'POST' && post) {
      stats.posts++;
      const vm = decodeURIComponent(post[3]!);
      const host = hosts.get(vm);
      if (!host)
        return send(res, 404, {
          error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.Compute/virtualMachines/${vm}' was not found.` },
        });
      if (busy.has(vm)) {
        stats.conflicts++;
        return send(res, 409, {
          error: {
            code: 'Conflict',
            message: 'Run command extension execution is in progress. Please wait for completion before invoking a run command.',
          },
        });
      }
      const body = Body.parse(JSON.parse(raw));
      busy.add(vm);
      const id = randomBytes(8).toString('hex');
      const produced =
        (options.noise ?? '') +
        (await runBatchOnVm(host, body.script.join('\n'), body.parameters.find((p) => p.name === 'InputBase64')?.value ?? ''));
      const bytes = Buffer.from(produced, 'utf8');
      if (bytes.length > OUTPUT_LIMIT) stats.cut++;
      ops.set(id, { vm, polls: 0, stdout: bytes.subarray(Math.max(0, bytes.length - OUTPUT_LIMIT)).toString('utf8') });
      const opUrl = `${base}/subscriptions/${post[1]}/providers/Microsoft.Compute/locations/westeurope/operations/${id}?api-version=2026-03-01`;
      return send(res, 202, undefined, { 'azure-asyncoperation': opUrl, location: `${opUrl}&monitor=true` });
    }
    const op = /\/operations\/([0-9a-f]+)$/.exec(url.pathname);
    if (req.method === 'GET' && op && ops.has(op[1]!)) {
      stats.polls++;
      const o = ops.get(op[1]!)!;
      const done = o.polls++ >= 1;
      if (done) busy.delete(o.vm);
      if (url.searchParams.get('monitor') === 'true') {
        if (!done) return send(res, 202, undefined, { location: url.toString() });
        return send(res, 200, {
          value: [
            { code: 'ComponentStatus/StdOut/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', message: o.stdout },
            { code: 'ComponentStatus/StdErr/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', message: '' },
          ],
        });
      }
      return send(res, 200, { status: done ? 'Succeeded' : 'InProgress', startTime: new Date().toISOString() });
    }
    return send(res, 404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
  };
  const server = createServer({ cert, key }, (req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on(
      'end',
      () => void handle(req, res, raw).catch((err: unknown) => send(res, 500, { error: { code: 'InternalError', message: String(err) } })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    cert,
    stats,
    /** Another Run Command holds the VM until release(). */
    hold: (vm: string) => busy.add(vm),
    release: (vm: string) => busy.delete(vm),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

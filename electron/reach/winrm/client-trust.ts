// What the management-path preflight knows before it tries a session: whether this PC's WinRM client will
// authenticate the target at all, and whether it will trust the target's HTTPS certificate.
// - Kerberos needs a name in this PC's domain (or a trusted one). An IP address, a name outside the domain, or any
//   name from a PC in a workgroup falls back to NTLM, which WinRM allows only over HTTPS or to hosts listed in
//   TrustedHosts (about_Remote_Troubleshooting, "How to use an IP address in a remote command"; the WinRM error
//   "If the authentication scheme is different from Kerberos, or if the client computer is not joined to a domain,
//   then HTTPS transport must be used or the destination machine must be added to the TrustedHosts").
// - Over HTTPS, WinRM (WinHTTP) refuses a certificate that does not chain to this PC's trusted roots, whose name
//   does not match the name used, or that is outside its dates (WinHTTP 12175 / 12038 / 12037).
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { ManagementPathError, type PreflightStep, type RemotingTransport } from '../transport';

export const WinrmClientOutput = z.object({
  trustedHosts: z.string().nullable(),
  trustedHostsError: z.string().nullable(),
  partOfDomain: z.boolean(),
  domain: z.string(),
  roots: z.array(z.string()),
});
export type WinrmClientOutput = z.infer<typeof WinrmClientOutput>;

/** One TrustedHosts entry against the name: "*" and "*.corp.example" / "192.168.1.*" wildcards, case-insensitive. */
function entryMatches(entry: string, name: string): boolean {
  const pattern = entry.trim().toLowerCase();
  if (!pattern) return false;
  const re = new RegExp('^' + pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
  return re.test(name.toLowerCase());
}

export function inTrustedHosts(list: string, name: string): boolean {
  return list.split(',').some((e) => entryMatches(e, name));
}

/** Why Kerberos cannot be used for this name from this PC, or null when it can. */
export function kerberosObstacle(target: string, client: Pick<WinrmClientOutput, 'partOfDomain' | 'domain'>): string | null {
  if (net.isIP(target)) return `${target} is an IP address: Kerberos needs a computer name, so WinRM falls back to NTLM`;
  if (!client.partOfDomain) return 'this PC is not in a domain (workgroup): WinRM authenticates with NTLM';
  const dot = target.indexOf('.');
  // A single-label name takes this PC's DNS suffix: inside the domain.
  if (dot < 0) return null;
  const suffix = target.slice(dot + 1).toLowerCase();
  const domain = client.domain.toLowerCase();
  if (suffix === domain || suffix.endsWith(`.${domain}`)) return null;
  return `${target} is outside this PC's domain ${client.domain}: Kerberos cannot vouch for it, so WinRM falls back to NTLM`;
}

export type TrustVerdict = { ok: true; detail: string } | { ok: false; detail: string; fix: string };

/** Whether the name needs TrustedHosts (or HTTPS), judged from this PC's WinRM client settings. */
export function judgeClientTrust(target: string, https: boolean, client: WinrmClientOutput): TrustVerdict {
  const obstacle = kerberosObstacle(target, client);
  if (!obstacle) return { ok: true, detail: `Kerberos: ${target} is in this PC's domain ${client.domain}` };
  if (https) return { ok: true, detail: `${obstacle}; allowed over HTTPS` };
  if (client.trustedHosts === null)
    return {
      ok: true,
      detail: `${obstacle}; TrustedHosts could not be read (${client.trustedHostsError ?? 'unknown'}): the session will tell`,
    };
  if (inTrustedHosts(client.trustedHosts, target)) return { ok: true, detail: `${obstacle}; ${target} is in TrustedHosts` };
  return {
    ok: false,
    detail: `${obstacle}, and ${target} is not in this PC's TrustedHosts (${client.trustedHosts || 'empty'})`,
    fix: `Use the host's name in the domain (Kerberos), or HTTPS (--https, with a certificate this PC trusts), or, in an elevated PowerShell on this PC: Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value '${target}' -Concatenate -Force (TrustedHosts hosts are not authenticated: list only hosts you know).`,
  };
}

export interface CertificateVerdict {
  failure: null | 'https-certificate-untrusted' | 'https-certificate-name' | 'https-certificate-expired';
  detail: string;
}

/** The certificate an HTTPS listener presents, judged as WinHTTP would: the chain against `roots`, the name, the dates. */
export function judgeListenerCertificate(name: string, peer: { chainError: string | null; der: Buffer }, now: Date): CertificateVerdict {
  const cert = new X509Certificate(peer.der);
  const subject = cert.subject.replace(/\n/g, ', ');
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo))
    return { failure: 'https-certificate-expired', detail: `${subject} is valid ${cert.validFrom} to ${cert.validTo}` };
  if (!cert.checkHost(name) && !(net.isIP(name) && cert.checkIP(name)))
    return {
      failure: 'https-certificate-name',
      detail: `${subject} (${cert.subjectAltName ?? 'no subject alternative names'}) is not issued to ${name}`,
    };
  if (peer.chainError)
    return {
      failure: 'https-certificate-untrusted',
      detail: `${subject}, issued by ${cert.issuer.replace(/\n/g, ', ')}: ${peer.chainError}`,
    };
  return { failure: null, detail: `${subject}, trusted, issued to ${name}, valid until ${cert.validTo}` };
}

/** A TLS handshake to the HTTPS listener, verifying against `roots` (PEM or DER): what the listener presents. */
export function readListenerCertificate(
  host: string,
  port: number,
  roots: (string | Buffer)[],
  timeoutMs = 5000,
): Promise<{ chainError: string | null; der: Buffer }> {
  return new Promise((resolve, reject) => {
    const ca = roots.map((r) => (typeof r === 'string' ? r : new X509Certificate(r).toString()));
    const socket = tls.connect({ host, port, ca, rejectUnauthorized: false, servername: net.isIP(host) ? undefined : host });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS answer within ${timeoutMs} ms`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const der = socket.getPeerCertificate().raw;
      const error = socket.authorizationError;
      socket.end();
      resolve({ chainError: socket.authorized ? null : String(error ?? 'not trusted'), der });
    });
    socket.once('error', (err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * The preflight's client-side steps, before any WinRM traffic: TrustedHosts/Kerberos for the name, then, over
 * HTTPS, the listener's certificate. Throws the named ManagementPathError; returns the steps that passed.
 */
export async function clientSidePreflight(o: {
  computer: string;
  https: boolean;
  via: RemotingTransport['via'];
  client: WinrmClientOutput;
  endpoint: { host: string; port: number };
  now: Date;
}): Promise<PreflightStep[]> {
  const trust = judgeClientTrust(o.computer, o.https, o.client);
  if (!trust.ok) throw new ManagementPathError('trusted-hosts', o.via, o.computer, `${trust.detail}. ${trust.fix}`);
  const steps: PreflightStep[] = [{ step: 'client-trust', ok: true, detail: trust.detail }];
  if (!o.https) return steps;
  const roots = o.client.roots.map((b64) => Buffer.from(b64, 'base64'));
  const peer = await readListenerCertificate(o.endpoint.host, o.endpoint.port, roots).catch((err: Error) => {
    throw new ManagementPathError(
      'https-certificate-untrusted',
      o.via,
      o.computer,
      `no TLS handshake on ${o.endpoint.port}: ${err.message}`,
    );
  });
  const verdict = judgeListenerCertificate(o.computer, peer, o.now);
  if (verdict.failure) throw new ManagementPathError(verdict.failure, o.via, o.computer, verdict.detail);
  steps.push({ step: 'https-certificate', ok: true, detail: verdict.detail });
  return steps;
}

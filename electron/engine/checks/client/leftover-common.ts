// What the per-user client checks share: who RDP Doctor runs as (UAC over-the-shoulder elevation makes HKCU
// and Credential Manager another account's), this PC's own RDP certificate (when the target is this PC), and
// the certificate the probe saw (when the probe ran for the target in this run). All read once per run.
import { z } from 'zod';
import type { EvidenceItem } from '../../../../shared/model';
import { PROBE_MEMO_KEY } from '../../../probe/check-support';
import type { CheckContext } from '../../types';

export const SessionUser = z.object({
  /** The account this process runs as (the token's user). */
  processUser: z.string(),
  /** The owner of the desktop (explorer.exe in this session); null when there is none. */
  interactiveUser: z.string().nullable(),
  /** Why the desktop's owner could not be read (Win32_Process.GetOwner refused): "none found" is then unknown. */
  interactiveUnreadable: z.string().nullable().default(null),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LocalCertificate = z.object({
  store: z.string(),
  thumbprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  hasPrivateKey: z.boolean(),
});
export const ThisPc = z.object({
  computerName: z.string(),
  /** Fully qualified name, or the computer name when the PC has no DNS domain. */
  dnsName: z.string(),
  /** SSLCertificateSHA1Hash on RDP-Tcp as hex, when a custom certificate is bound. */
  binding: z.string().nullable(),
  /** The Remote Desktop store, and the bound certificate from My when there is one; empty when unreadable. */
  certificates: z.array(LocalCertificate),
  /** Stores this account could not open: their certificates are unknown, not absent. */
  unreadable: z.array(z.object({ store: z.string(), reason: z.string() })),
});
export type ThisPc = z.infer<typeof ThisPc>;

export function sessionUser(ctx: CheckContext): Promise<SessionUser> {
  return ctx.memo('client.session-user', () => ctx.host.run('ops/session-user', {}, SessionUser, { signal: ctx.signal }));
}

export function thisPc(ctx: CheckContext): Promise<ThisPc> {
  return ctx.memo('client.this-pc', () => ctx.host.run('ops/this-pc', {}, ThisPc, { signal: ctx.signal }));
}

/** The interactive user when RDP Doctor runs as someone else (UAC over-the-shoulder), else null. */
export function otherDesktopUser(u: SessionUser): string | null {
  if (!u.interactiveUser) return null;
  return u.interactiveUser.toLowerCase() === u.processUser.toLowerCase() ? null : u.interactiveUser;
}

export function overTheShoulderVerdict(u: SessionUser, what: string): string {
  return `RDP Doctor runs as ${u.processUser}; these are that account's ${what}, not ${u.interactiveUser}'s. Run RDP Doctor as ${u.interactiveUser} (without "Run as administrator" under another account) to check theirs.`;
}

export function userEvidence(u: SessionUser): EvidenceItem[] {
  return [
    { label: 'RDP Doctor runs as', value: u.processUser, source: 'process token' },
    {
      label: 'Desktop user',
      value: u.interactiveUser ?? (u.interactiveUnreadable ? `(could not read: ${u.interactiveUnreadable})` : '(none found)'),
      source: 'owner of explorer.exe in this session',
    },
  ];
}

/** "Host", "host:3390", "[fe80::1]:3390" -> the host part, lowercase, without a trailing dot. */
export function hostPart(name: string): string {
  let h = name.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
  if (bracketed) h = bracketed[1]!;
  else if ((h.match(/:/g) ?? []).length === 1) h = h.slice(0, h.indexOf(':'));
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export function sameHost(a: string, b: string): boolean {
  return hostPart(a) === hostPart(b);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export function namesThisPc(name: string, pc: ThisPc): boolean {
  const h = hostPart(name);
  return LOOPBACK.has(h) || h === pc.computerName.toLowerCase() || h === pc.dnsName.toLowerCase();
}

export interface KnownCertificate {
  thumbprint: string;
  /** When the host started to use it; null when unknown. */
  notBefore: string | null;
  source: string;
}

/** The certificate this PC's listener presents: the custom binding if set, else the newest valid self-signed one. */
export function currentLocalCertificate(pc: ThisPc, now: Date): KnownCertificate | null {
  if (pc.binding) {
    const bound = pc.certificates.find((c) => c.store === 'My' && c.thumbprint.toUpperCase() === pc.binding!.toUpperCase());
    return bound
      ? {
          thumbprint: bound.thumbprint.toUpperCase(),
          notBefore: bound.notBefore,
          source: 'this PC: SSLCertificateSHA1Hash (Cert:\\LocalMachine\\My)',
        }
      : null;
  }
  const valid = pc.certificates
    .filter((c) => c.store === 'Remote Desktop' && c.hasPrivateKey && Date.parse(c.notAfter) > now.getTime())
    .sort((a, b) => Date.parse(b.notBefore) - Date.parse(a.notBefore));
  const c = valid[0];
  return c
    ? { thumbprint: c.thumbprint.toUpperCase(), notBefore: c.notBefore, source: 'this PC: Cert:\\LocalMachine\\Remote Desktop' }
    : null;
}

const ProbeCertificatePeek = z.object({
  layers: z.object({
    tls: z.object({ certificate: z.object({ thumbprint: z.string(), validFrom: z.string() }).nullable() }).nullable(),
  }),
});

/**
 * The certificate the probe read from the target in this run, if a probe check ran; never starts a probe
 * itself (a rejected computation is not cached, so this only peeks).
 */
export async function probedCertificate(ctx: CheckContext): Promise<KnownCertificate | null> {
  if (!ctx.target) return null;
  try {
    const report = await ctx.memo<unknown>(PROBE_MEMO_KEY, () => Promise.reject(new Error('no probe in this run')));
    const parsed = ProbeCertificatePeek.safeParse(report);
    const cert = parsed.success ? parsed.data.layers.tls?.certificate : null;
    return cert
      ? { thumbprint: cert.thumbprint.toUpperCase(), notBefore: cert.validFrom, source: 'probe: TLS certificate of the target' }
      : null;
  } catch {
    return null;
  }
}

/** What both per-user checks read besides their own data: who runs, this PC's certificate, the probe's. */
export interface PerUser {
  user: SessionUser;
  pc: ThisPc;
  probed: KnownCertificate | null;
}

export async function collectPerUser<T>(ctx: CheckContext, own: Promise<T>): Promise<PerUser & { own: T }> {
  const [user, pc, data] = await Promise.all([sessionUser(ctx), thisPc(ctx), own]);
  return { user, pc, own: data, probed: await probedCertificate(ctx) };
}

/** The host's current certificate for a server name, when this run can know it. */
export function knownCertificateFor(name: string, pc: ThisPc, probed: KnownCertificate | null, ctx: CheckContext): KnownCertificate | null {
  if (namesThisPc(name, pc)) return currentLocalCertificate(pc, ctx.now());
  if (probed && ctx.target && sameHost(name, ctx.target.host)) return probed;
  return null;
}

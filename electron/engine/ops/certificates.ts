// Certificate stores through ops/certificate-list.ps1 and ops/certificate-remove.ps1.
import { z } from 'zod';
import type { CallSpec } from '../../hosts/derived-input';
import type { CheckContext } from '../types';

/** OID of the Server Authentication EKU (names are localized, OIDs are not). */
export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const RDP_STORE = 'Remote Desktop';
export const MY_STORE = 'My';

export const CertInfo = z.object({
  thumbprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  hasPrivateKey: z.boolean(),
  enhancedKeyUsage: z.array(z.string()),
  /** DER of the public certificate, base64; only when asked (includeRaw), null where unavailable. */
  rawData: z.string().nullable(),
});
export type CertInfo = z.infer<typeof CertInfo>;

const StoreListing = z.object({
  store: z.string(),
  exists: z.boolean(),
  /** Why the store could not be listed (e.g. access denied): its certificates are then unknown, not absent. */
  unreadable: z.string().nullable().default(null),
  certificates: z.array(CertInfo),
});
export type StoreListing = z.infer<typeof StoreListing>;
const ListOutput = z.object({ stores: z.array(StoreListing) });
const RemoveOutput = z.object({ removed: z.array(z.string()) });

export interface StoreQuery {
  store: string;
  thumbprints?: string[];
}

export async function listCertificates(ctx: CheckContext, stores: StoreQuery[], includeRaw = false): Promise<StoreListing[]> {
  const call = certificateListCall(stores, includeRaw);
  return (await ctx.host.run(call.script, call.input, ListOutput, { signal: ctx.signal })).stores;
}

export function certificateListCall(stores: StoreQuery[], includeRaw = false): CallSpec<z.infer<typeof ListOutput>> {
  const input = { stores: stores.map((s) => ({ store: s.store, ...(s.thumbprints ? { thumbprints: s.thumbprints } : {}) })), includeRaw };
  return { script: 'ops/certificate-list', input, schema: ListOutput };
}

export async function removeCertificates(ctx: CheckContext, store: string, thumbprints: string[], deleteKey: boolean): Promise<string[]> {
  if (thumbprints.length === 0) return [];
  return (await ctx.host.run('ops/certificate-remove', { store, thumbprints, deleteKey }, RemoveOutput, { signal: ctx.signal })).removed;
}

export function daysLeft(cert: Pick<CertInfo, 'notAfter'>, now: Date): number {
  return Math.floor((Date.parse(cert.notAfter) - now.getTime()) / 86_400_000);
}

/** SSLCertificateSHA1Hash is REG_BINARY; the registry op gives its bytes as hex, thumbprints are hex too. */
export function normalizeThumbprint(hex: string): string {
  return hex.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

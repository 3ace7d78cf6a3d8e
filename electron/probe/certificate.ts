// Reads the facts a technician needs from the server certificate's DER. Node's X509Certificate gives names,
// fingerprints and host matching; a small bounded DER reader (der.ts) gives what Node does not expose (key usage
// bits, exact validity). Both run the same under Electron's BoringSSL, where the TLS handshake itself may not.
import { createHash, X509Certificate } from 'node:crypto';
import net from 'node:net';
import type { CertificateInfo } from '../../shared/probe';
import { childrenOf, oidOf, parseDer, TAG, timeOf } from './der';

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.4.1.311.54.1.2': 'remoteDesktopAuthentication',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

export const SERVER_AUTH_EKUS = ['serverAuth', 'remoteDesktopAuthentication', 'anyExtendedKeyUsage'];

interface TbsFacts {
  notBefore: Date;
  notAfter: Date;
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
}

/** keyUsage (2.5.29.15) and extKeyUsage (2.5.29.37) from the TBSCertificate's extensions ([3]). */
function readExtensions(fields: ReturnType<typeof childrenOf>): Pick<TbsFacts, 'keyUsage' | 'extendedKeyUsage'> {
  let keyUsage: string[] | null = null;
  let extendedKeyUsage: string[] | null = null;
  const extensions = fields.find((f) => f.tag === TAG.CONTEXT_3);
  for (const ext of childrenOf(childrenOf(extensions)[0])) {
    const parts = childrenOf(ext);
    const oidNode = parts[0];
    const valueNode = parts[parts.length - 1];
    if (oidNode?.tag !== TAG.OID || valueNode?.tag !== TAG.OCTET_STRING) continue;
    const oid = oidOf(oidNode);
    if (oid === '2.5.29.15') {
      const bits = parseDer(valueNode.body);
      keyUsage = decodeKeyUsage(bits.tag === TAG.BIT_STRING ? bits.body : Buffer.alloc(0));
    } else if (oid === '2.5.29.37') {
      extendedKeyUsage = childrenOf(parseDer(valueNode.body))
        .filter((n) => n.tag === TAG.OID)
        .map((n) => {
          const id = oidOf(n);
          return EKU_NAMES[id] ?? id;
        });
    }
  }
  return { keyUsage, extendedKeyUsage };
}

function readTbs(der: Buffer): TbsFacts {
  const tbs = childrenOf(parseDer(der))[0];
  const fields = childrenOf(tbs);
  // Skip the optional explicit [0] version.
  const offset = fields[0]?.tag === TAG.CONTEXT_0 ? 1 : 0;
  const validity = childrenOf(fields[offset + 3]);
  const notBefore = timeOf(validity[0]);
  const notAfter = timeOf(validity[1]);
  if (!notBefore || !notAfter || Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    throw new Error('the certificate has no readable validity period');
  }
  return { notBefore, notAfter, ...readExtensions(fields) };
}

/** BIT STRING content (first byte = unused bits) to the named key usage bits, most significant bit first. */
export function decodeKeyUsage(content: Buffer): string[] {
  const names: string[] = [];
  for (let i = 0; i < KEY_USAGE_BITS.length; i++) {
    const byte = content[1 + (i >> 3)];
    if (byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0) names.push(KEY_USAGE_BITS[i]!);
  }
  return names;
}

function commonName(distinguishedName: string): string | null {
  const line = distinguishedName.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : null;
}

function describeKey(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  if (details?.modulusLength) return `${type} ${details.modulusLength} bits`;
  if (details?.namedCurve) return `${type} ${details.namedCurve}`;
  return type;
}

function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return (cert.subject ?? '') === (cert.issuer ?? '') && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function matchesName(cert: X509Certificate, name: string): boolean {
  try {
    return net.isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

/**
 * Whole days between now and the expiry, counted toward zero both ways: 2.5 days left is 2, expired 2.5 days
 * ago is -2 (not -3, as flooring would say); less than a day either side is 0.
 */
export function daysUntil(end: Date, now: Date): number {
  const days = Math.trunc((end.getTime() - now.getTime()) / DAY_MS);
  return days === 0 ? 0 : days; // no -0 in the JSON
}

/** Throws when the DER is not a certificate; callers turn that into a finding. */
export function describeCertificate(der: Buffer, name: string, now: Date, chainLength = 0): CertificateInfo {
  const cert = new X509Certificate(der);
  const tbs = readTbs(der);
  const san = cert.subjectAltName ? cert.subjectAltName.split(', ').filter(Boolean) : [];
  // RFC 5280 allows an empty subject (the names are then in a critical SAN): Node gives undefined for it.
  const subject = cert.subject ?? '';
  return {
    subject: subject.replace(/\n/g, ', '),
    subjectCommonName: commonName(subject),
    issuer: (cert.issuer ?? '').replace(/\n/g, ', '),
    serialNumber: (cert.serialNumber ?? '').toUpperCase(),
    validFrom: tbs.notBefore.toISOString(),
    validTo: tbs.notAfter.toISOString(),
    daysLeft: daysUntil(tbs.notAfter, now),
    expired: tbs.notAfter.getTime() < now.getTime(),
    notYetValid: tbs.notBefore.getTime() > now.getTime(),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    keyUsage: tbs.keyUsage,
    extendedKeyUsage: tbs.extendedKeyUsage,
    subjectAltNames: san,
    selfSigned: isSelfSigned(cert),
    nameMatches: matchesName(cert, name),
    publicKey: describeKey(cert),
    chainLength,
  };
}

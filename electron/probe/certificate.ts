// Reads the facts a technician needs from the server certificate's DER. Node's X509Certificate gives names,
// fingerprints and host matching; node-forge's ASN.1 reader gives what Node does not expose (key usage bits,
// exact validity). Both run the same under Electron's BoringSSL, where the TLS handshake itself may not.
import { createHash, X509Certificate } from 'node:crypto';
import net from 'node:net';
import type forge from 'node-forge';
// Only forge's ASN.1 reader and byte buffer: the whole library costs about 0.1 s to load on every probe.
import asn1 from 'node-forge/lib/asn1';
import forgeUtil from 'node-forge/lib/util';
import type { CertificateInfo } from '../../shared/probe';

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

type Asn1 = forge.asn1.Asn1;

/** forge accepts an options object at run time; its typings only know the boolean form. */
function fromDer(binary: string, decodeBitStrings: boolean): Asn1 {
  const parse = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => Asn1;
  return parse(forgeUtil.createBuffer(binary), { strict: false, decodeBitStrings, maxDepth: 16 });
}

function children(node: Asn1 | undefined): Asn1[] {
  return node && Array.isArray(node.value) ? node.value : [];
}

function parseTime(node: Asn1 | undefined): Date | null {
  if (!node || typeof node.value !== 'string') return null;
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(node.value);
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(node.value);
  return null;
}

interface TbsFacts {
  notBefore: Date;
  notAfter: Date;
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
}

function readTbs(der: Buffer): TbsFacts {
  const root = fromDer(der.toString('binary'), false);
  const tbs = children(root)[0];
  const fields = children(tbs);
  // Skip the optional explicit [0] version.
  const offset = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && Number(fields[0]?.type) === 0 ? 1 : 0;
  const validity = children(fields[offset + 3]);
  const notBefore = parseTime(validity[0]);
  const notAfter = parseTime(validity[1]);
  if (!notBefore || !notAfter || Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    throw new Error('the certificate has no readable validity period');
  }
  let keyUsage: string[] | null = null;
  let extendedKeyUsage: string[] | null = null;
  const extensions = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && Number(f.type) === 3);
  for (const ext of children(children(extensions)[0])) {
    const parts = children(ext);
    const oidNode = parts[0];
    const valueNode = parts[parts.length - 1];
    if (!oidNode || !valueNode || typeof oidNode.value !== 'string' || typeof valueNode.value !== 'string') continue;
    const oid = asn1.derToOid(forgeUtil.createBuffer(oidNode.value));
    if (oid === '2.5.29.15') {
      const bits = fromDer(valueNode.value, false);
      keyUsage = decodeKeyUsage(typeof bits.value === 'string' ? Buffer.from(bits.value, 'binary') : Buffer.alloc(0));
    } else if (oid === '2.5.29.37') {
      const seq = fromDer(valueNode.value, false);
      extendedKeyUsage = children(seq)
        .filter((n) => typeof n.value === 'string')
        .map((n) => {
          const id = asn1.derToOid(forgeUtil.createBuffer(n.value as string));
          return EKU_NAMES[id] ?? id;
        });
    }
  }
  return { notBefore, notAfter, keyUsage, extendedKeyUsage };
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

// client.tls-certificate: TLS on the socket where the server selected SSL or HYBRID; the server certificate.
import { layerEvidence, probeCheck } from '../../../../probe/check-support';

export const check = probeCheck({
  id: 'client.tls-certificate',
  layer: 'certificate',
  rank: 50,
  title: 'TLS handshake and server certificate',
  reads: 'The TLS handshake after SSL/HYBRID is selected, and the server certificate: validity, thumbprint, key usage, name',
  passWhen: 'The handshake completes; the certificate is valid now and for 14 days, matches the name, and has a usable key usage',
  source: 'all three',
  probeLayers: ['tls', 'certificate'],
  evidence: ({ layers: { tls } }) => {
    if (!tls) return [];
    const c = tls.certificate;
    return [
      ...layerEvidence('probe.tls', [
        ['TLS', tls.ok ? `${tls.version}, ${tls.cipher}` : (tls.error ?? 'failed')],
        ['Read by', tls.via === 'fallback' ? 'pure-JS TLS reader' : 'platform TLS'],
      ]),
      ...(c
        ? layerEvidence('probe.certificate', [
            ['Subject', c.subject],
            ['Issuer', c.issuer],
            ['Valid from', c.validFrom],
            ['Valid to', c.validTo],
            ['Days left', c.daysLeft],
            ['Thumbprint (SHA-1)', c.thumbprint],
            ['Key usage', c.keyUsage],
            ['Extended key usage', c.extendedKeyUsage],
            ['Subject alternative names', c.subjectAltNames],
            ['Self-signed', c.selfSigned],
            ['Name matches', c.nameMatches],
            ['Public key', c.publicKey],
          ])
        : []),
    ];
  },
});

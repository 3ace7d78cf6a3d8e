// client.identity: who answers before any password. On a server that offers NLA, the NTLM CHALLENGE names the
// host, its Windows version and its clock ([MS-NLMP] 2.2.1.2): a wrong machine (stale DNS, reused IP) is said
// first, since every other finding then concerns another PC; a clock beyond Kerberos' 5 minutes is named.
import { layerEvidence, probeCheck } from '../../../../probe/check-support';

export const check = probeCheck({
  id: 'client.identity',
  rank: 55,
  layer: 'network',
  title: 'Who answers (names, version, clock)',
  reads: "CredSSP with an NTLM NEGOTIATE (no credentials): the host's NetBIOS and DNS names, product version and clock from the CHALLENGE",
  passWhen: 'The host calls itself by the name dialled and its clock is within 5 minutes of this PC',
  source: 'beyond seeds; Microsoft: [MS-CSSP] 2.2.1 TSRequest, [MS-NLMP] 2.2.1.2 CHALLENGE_MESSAGE and 2.2.2.1 AV_PAIR',
  probeLayers: ['identity'],
  evidence: ({ identity, layers: { credssp } }) =>
    identity
      ? layerEvidence('probe.identity (NTLM CHALLENGE)', [
          ['NetBIOS computer name', identity.netbiosComputerName],
          ['NetBIOS domain name', identity.netbiosDomainName],
          ['DNS computer name', identity.dnsComputerName],
          ['DNS domain name', identity.dnsDomainName],
          ['DNS tree name', identity.dnsTreeName],
          ['Product version', identity.productVersion],
          ['Host clock', identity.hostTime],
          ['Clock difference (s)', identity.clockSkewSeconds],
        ])
      : credssp
        ? layerEvidence('probe.credssp', [['CredSSP answer', credssp.error ?? '(none)']])
        : [],
});

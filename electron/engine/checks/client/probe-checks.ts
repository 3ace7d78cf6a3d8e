// The client checks backed by the handshake probe, in the order a connection crosses their layers.
import type { Check } from '../../types';
import { dnsCheck } from './dns';
import { identityCheck } from './identity';
import { ipVsNameCheck } from './ip-vs-name';
import { rdpNegotiationCheck } from './rdp-negotiation';
import { tcpCheck } from './tcp';
import { tlsCertificateCheck } from './tls-certificate';

export const probeChecks: Check<any>[] = [dnsCheck, tcpCheck, ipVsNameCheck, rdpNegotiationCheck, tlsCertificateCheck, identityCheck];

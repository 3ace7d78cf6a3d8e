// The client checks backed by the handshake probe, in the order a connection crosses their layers.
import type { Check } from '../../types';
import { dnsCheck } from './dns/check';
import { ipVsNameCheck } from './ip-vs-name/check';
import { rdpNegotiationCheck } from './rdp-negotiation/check';
import { tcpCheck } from './tcp/check';
import { tlsCertificateCheck } from './tls-certificate/check';

export const probeChecks: Check<any>[] = [dnsCheck, tcpCheck, ipVsNameCheck, rdpNegotiationCheck, tlsCertificateCheck];

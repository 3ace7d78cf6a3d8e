import type { Check } from '../../types';
import { alternativeClient } from './alternative-client/check';
import { connectionHistory } from './history/check';
import { credssp } from './credssp/check';
import { savedCredentials } from './saved-credentials/check';
import { securitySoftware } from './security-software/check';
import { udpTransport } from './udp-transport/check';
import { winsock } from './winsock/check';

/** Client-side checks that read this PC's own state (credentials, history, policies, network stack). */
export const clientLeftoverChecks: Check<any>[] = [
  savedCredentials,
  connectionHistory,
  udpTransport,
  credssp,
  winsock,
  securitySoftware,
  alternativeClient,
];

import type { Check } from '../../types';
import { alternativeClient } from './alternative-client';
import { connectionHistory } from './history';
import { credssp } from './credssp';
import { savedCredentials } from './saved-credentials';
import { securitySoftware } from './security-software';
import { udpTransport } from './udp-transport';
import { winsock } from './winsock';

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

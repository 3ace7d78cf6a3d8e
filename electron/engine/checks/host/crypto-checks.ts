import type { Check } from '../../types';
import { hostAzure } from './azure';
import { hostCertificate } from './certificate';
import { hostEvents } from './events';
import { hostMachineKeys } from './machinekeys';
import { hostOs } from './os';
import { hostSchannel } from './schannel';

/** Certificate, MachineKeys, Schannel, event log and platform checks. */
export const hostCryptoChecks: Check<any>[] = [hostCertificate, hostMachineKeys, hostSchannel, hostEvents, hostAzure, hostOs];

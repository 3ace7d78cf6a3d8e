import type { Check } from '../../types';
import { hostAzure } from './azure/check';
import { hostCertificate } from './certificate/check';
import { hostEvents } from './events/check';
import { hostMachineKeys } from './machinekeys/check';
import { hostOs } from './os/check';
import { hostSchannel } from './schannel/check';

/** Certificate, MachineKeys, Schannel, event log and platform checks. */
export const hostCryptoChecks: Check<any>[] = [hostCertificate, hostMachineKeys, hostSchannel, hostEvents, hostAzure, hostOs];

// Simulated models of the certificate, MachineKeys, Schannel, event-log and platform scripts, and of the
// ops they use (ops/certificate-*, ops/acl-*, ops/path-rename).
import type { SimScriptTable } from '../../sim-script';
import { certScripts } from './crypto/certs';
import { fileScripts } from './crypto/files';
import { platformScripts } from './crypto/platform';

export const cryptoScripts: SimScriptTable = { ...certScripts, ...fileScripts, ...platformScripts };

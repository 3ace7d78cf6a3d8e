// Every simulated script, by the same name as its .ps1 (path under electron/engine, without .ps1).
import type { SimScriptTable } from '../sim-script';
import { opsScripts } from './ops';
import { hostScripts } from './host';
import { clientScripts } from './client';
import { identityScripts } from './ops/identity';

export const simScripts: SimScriptTable = { ...opsScripts, ...identityScripts, ...hostScripts, ...clientScripts };

// Models of electron/engine/checks/client/*.ps1 (the client checks that read this PC's own state).
import type { SimScriptTable } from '../../sim-script';
import { credentialScripts } from './credentials';
import { historyScripts } from './history';
import { identityScripts } from './identity';
import { systemScripts } from './system';

export const clientScripts: SimScriptTable = { ...identityScripts, ...credentialScripts, ...historyScripts, ...systemScripts };

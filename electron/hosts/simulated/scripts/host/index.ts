import type { SimScriptTable } from '../../sim-script';
import { configScripts } from './config-scripts';
import { cryptoScripts } from './crypto-scripts';
import { sim as powershellProbe } from '../../../../engine/checks/host/powershell/sim';

export const hostScripts: SimScriptTable = { ...configScripts, ...cryptoScripts, ...powershellProbe };

import type { SimScriptTable } from '../../sim-script';
import { configScripts } from './config-scripts';
import { cryptoScripts } from './crypto-scripts';

export const hostScripts: SimScriptTable = { ...configScripts, ...cryptoScripts };

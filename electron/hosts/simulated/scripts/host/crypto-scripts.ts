import type { SimScriptTable } from '../../sim-script';

export const cryptoScripts: SimScriptTable = {};

import type { SimScriptTable } from '../../sim-script';

export const configScripts: SimScriptTable = {};

import type { SimScriptTable } from '../../sim-script';

export const clientScripts: SimScriptTable = {};

import type { SimScriptTable } from '../../sim-script';
import { configScripts } from './config-scripts';
import { cryptoScripts } from './crypto-scripts';
import { licensingScripts } from '../../../../engine/checks/host/licensing/sim';
import { sessionLimitsScripts } from '../../../../engine/checks/host/session-limits/sim';
import { userRightsScripts } from '../../../../engine/checks/host/user-rights/sim';

export const hostScripts: SimScriptTable = { ...configScripts, ...cryptoScripts, ...userRightsScripts, ...sessionLimitsScripts, ...licensingScripts };

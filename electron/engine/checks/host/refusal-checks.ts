// The host-side reasons a host refuses a connection after the handshake (issue 14): who may log on, whether a
// session is free, and Remote Desktop licensing. Each lives in its own folder with its .ps1 and simulator model.
import type { Check } from '../../types';
import { check as licensing } from './licensing/check';
import { check as sessionLimits } from './session-limits/check';
import { check as userRights } from './user-rights/check';

export const hostRefusalChecks: Check<any>[] = [userRights, sessionLimits, licensing];

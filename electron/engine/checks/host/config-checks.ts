import type { Check } from '../../types';
import { rdpEnabled } from './rdp-enabled';

/** Host configuration, services, firewall and policy checks. */
export const hostConfigChecks: Check<any>[] = [rdpEnabled];

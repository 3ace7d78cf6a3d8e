import type { Check } from '../../types';
import { firewall } from './firewall/check';
import { groupPolicy } from './group-policy/check';
import { listener } from './listener/check';
import { nla } from './nla/check';
import { port } from './port/check';
import { rdpEnabled } from './rdp-enabled/check';
import { securityLayer } from './security-layer/check';
import { service } from './service/check';

/** Host configuration, services, firewall and policy checks, outermost first: off, port, firewall, service, listener, handshake settings, policy. */
export const hostConfigChecks: Check<any>[] = [rdpEnabled, port, firewall, service, listener, securityLayer, nla, groupPolicy];

import type { Check } from '../../types';
import { firewall } from './firewall';
import { groupPolicy } from './group-policy';
import { listener } from './listener';
import { nla } from './nla';
import { port } from './port';
import { rdpEnabled } from './rdp-enabled';
import { securityLayer } from './security-layer';
import { service } from './service';

/** Host configuration, services, firewall and policy checks, outermost first: off, port, firewall, service, listener, handshake settings, policy. */
export const hostConfigChecks: Check<any>[] = [rdpEnabled, port, firewall, service, listener, securityLayer, nla, groupPolicy];

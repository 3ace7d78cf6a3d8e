// Models of ops/session-user.ps1 (who runs RDP Doctor, who sits at the desktop) and ops/this-pc.ps1 (this
// PC's names and the certificates its own RDP listener would present).
import type { SimScriptTable } from '../sim-script';
import { getValue } from '../registry';
import { RDP_TCP_KEY } from '../state';

export const identityOps: SimScriptTable = {
  // GetOwner refused (state.deniedReads 'GetOwner'): the script keeps the reason and finds no desktop user.
  'ops/session-user': ({ state }) => {
    const denied = state.deniedReads.some((r) => r.toLowerCase() === 'getowner');
    return {
      processUser: state.computer.processUser,
      interactiveUser: denied ? null : state.computer.interactiveUser || null,
      interactiveUnreadable: denied ? 'access denied' : null,
    };
  },

  'ops/this-pc': ({ state }) => {
    const c = state.computer;
    const bound = getValue(state, RDP_TCP_KEY, 'SSLCertificateSHA1Hash');
    const binding = bound && bound.type === 'REG_BINARY' && typeof bound.data === 'string' && bound.data !== '' ? bound.data : null;
    const row = (store: string, thumbprint: string) => {
      const cert = state.certificates[store]![thumbprint]!;
      return { store, thumbprint, notBefore: cert.notBefore, notAfter: cert.notAfter, hasPrivateKey: cert.hasPrivateKey };
    };
    const denied = state.unreadableKeys.some((k) => k.toLowerCase() === 'cert:\\localmachine\\remote desktop');
    const unreadable = denied ? [{ store: 'Remote Desktop', reason: 'access denied' }] : [];
    const certificates = denied ? [] : Object.keys(state.certificates['Remote Desktop'] ?? {}).map((t) => row('Remote Desktop', t));
    if (binding) {
      const my = Object.keys(state.certificates.My ?? {}).find((t) => t.toUpperCase() === binding.toUpperCase());
      if (my) certificates.push(row('My', my));
    }
    return { computerName: c.name, dnsName: c.domain ? `${c.name}.${c.domain}` : c.name, binding, certificates, unreadable };
  },
};

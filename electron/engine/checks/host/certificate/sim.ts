// Model of checks/host/certificate/certificate.ps1: Win32_TSGeneralSetting.SSLCertificateSHA1Hash, the
// certificate the RDP-Tcp listener presents.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { inUseThumbprint } from '../../../../hosts/simulated/ops/certificates';

export const models: SimScriptTable = {
  'checks/host/certificate/certificate': ({ state, now }) =>
    state.unreadableWmiClasses.includes('Win32_TSGeneralSetting')
      ? { available: false, inUseThumbprint: null, unreadable: 'access denied' }
      : { available: true, inUseThumbprint: inUseThumbprint(state, now()), unreadable: null },
};

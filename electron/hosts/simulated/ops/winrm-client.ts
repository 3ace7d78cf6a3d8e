// Model of electron/engine/ops/winrm-client.ps1 on the simulated PC: an empty TrustedHosts list (the Windows
// default), domain membership from the computer's domain, and no extra trusted roots.
import type { SimScriptTable } from '../sim-script';

export const winrmClientOps: SimScriptTable = {
  'ops/winrm-client': ({ state }) => ({
    trustedHosts: '',
    trustedHostsError: null,
    partOfDomain: state.computer.domain !== null,
    domain: state.computer.domain ?? 'WORKGROUP',
    roots: [],
  }),
};

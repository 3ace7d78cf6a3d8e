// Model of checks/client/security-software/security-software.ps1: the antivirus and firewall products
// Windows Security Center (root/SecurityCenter2) lists; that namespace does not exist on Windows Server.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';

export const models: SimScriptTable = {
  'checks/client/security-software/security-software': ({ state }) => ({
    available: !/server/i.test(state.computer.caption),
    antivirus: state.securityProducts.antivirus.map((p) => ({ name: p.name, enabled: p.enabled })),
    firewall: state.securityProducts.firewall.map((p) => ({ name: p.name, enabled: p.enabled })),
  }),
};

// Model of checks/client/security-software/security-software.ps1: the antivirus and firewall products
// Windows Security Center (root/SecurityCenter2) lists; that namespace does not exist on Windows Server.
// A class this account may not query (WBEM_E_ACCESS_DENIED) is not "no Security Center": the script names why.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';

export const models: SimScriptTable = {
  'checks/client/security-software/security-software': ({ state }) => {
    const available = !/server/i.test(state.computer.caption);
    const denied = available && ['AntiVirusProduct', 'FirewallProduct'].some((c) => state.unreadableWmiClasses.includes(c));
    if (denied) return { available: false, unreadable: 'access denied', antivirus: [], firewall: [] };
    return {
      available,
      unreadable: null,
      antivirus: available ? state.securityProducts.antivirus.map((p) => ({ name: p.name, enabled: p.enabled })) : [],
      firewall: available ? state.securityProducts.firewall.map((p) => ({ name: p.name, enabled: p.enabled })) : [],
    };
  },
};

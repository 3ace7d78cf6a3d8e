// Models of checks/client/saved-credentials.ps1 and saved-credentials-delete.ps1 over state.credentials
// (Credential Manager of the user who runs RDP Doctor). The CredEnumerate path: user, type and lastWritten
// are known. Deleting needs no elevation.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { SimError } from '../../../../hosts/simulated/world';

const TARGET = /^TERMSRV\/[A-Za-z0-9._:%[\]-]{1,260}$/;

export const models: SimScriptTable = {
  'checks/client/saved-credentials/saved-credentials': ({ state }, input: { targets: string[] | null }) => {
    const wanted = input.targets ? input.targets.map((t) => t.toLowerCase()) : null;
    const credentials = Object.entries(state.credentials)
      .filter(([target]) => /^TERMSRV\//i.test(target))
      .filter(([target]) => !wanted || wanted.includes(target.toLowerCase()))
      .map(([target, c]) => ({ target, user: c.user, type: c.type, lastWritten: c.lastWritten }));
    return { source: 'CredEnumerate', credentials };
  },

  'checks/client/saved-credentials/saved-credentials-delete': ({ state }, input: { target: string }) => {
    const target = String(input.target ?? '');
    if (!TARGET.test(target)) throw new SimError(`not a Remote Desktop credential target: ${target}`);
    const key = Object.keys(state.credentials).find((t) => t.toLowerCase() === target.toLowerCase());
    // cmdkey exits non-zero when there was nothing to delete; the .ps1 then still finds no entry and reports it.
    if (key) delete state.credentials[key];
    return { target, deleted: true, exitCode: key ? 0 : 1 };
  },
};

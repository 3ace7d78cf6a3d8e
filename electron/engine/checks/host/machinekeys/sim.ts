// Model of checks/host/machinekeys/machinekeys.ps1: the MachineKeys folder's owner and ACL, and the key
// container file of the certificate RDP uses (KB 278381), acting on state.files.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { MACHINEKEYS_DIR } from '../../../../hosts/simulated/state';
import { findCertificate, inUseThumbprint } from '../../../../hosts/simulated/ops/certificates';
import { adminAccess } from '../../../../hosts/simulated/ops/acl-model';
import { aclView, findPath } from '../../../../hosts/simulated/ops/files';

export const models: SimScriptTable = {
  'checks/host/machinekeys/machinekeys': ({ state, now }, input: { path: string }) => {
    const dirPath = findPath(state, input.path);
    const dirNode = dirPath ? state.files[dirPath] : undefined;
    const dir =
      dirNode && dirNode.kind === 'dir'
        ? { path: input.path, exists: true, ...aclView(dirNode) }
        : { path: input.path, exists: false, owner: null, ownerSid: null, acl: [] };
    const thumb = inUseThumbprint(state, now());
    let keyNote: string | null = null;
    let keyFile = null;
    // A store this account may not open (state.unreadableKeys) is "could not read", as the .ps1 says, not "not there".
    const deniedStore = (s: string) => state.unreadableKeys.some((k) => k.toLowerCase() === `cert:\\localmachine\\${s}`.toLowerCase());
    const stores = ['Remote Desktop', 'My'];
    const found = thumb
      ? findCertificate(
          state,
          thumb,
          stores.filter((s) => !deniedStore(s)),
        )
      : undefined;
    const storeErrors = stores.filter(deniedStore).map((s) => `Cert:\\LocalMachine\\${s} (access denied)`);
    if (!thumb) keyNote = 'RDP has no certificate in use (Win32_TSGeneralSetting.SSLCertificateSHA1Hash is empty)';
    else if (!found && storeErrors.length > 0)
      keyNote = `the certificate in use (${thumb}) could not be looked up: could not read ${storeErrors.join(', ')}`;
    else if (!found) keyNote = `the certificate in use (${thumb}) is in neither Remote Desktop nor My`;
    else if (!found.cert.keyFile) keyNote = `the certificate in use (${thumb}) has no private key container`;
    else if (!state.computer.elevated) keyNote = 'the private key could not be opened: Access is denied.';
    else {
      // As the .ps1: open the key; when that fails (file gone, or unreadable to Administrators: both are
      // NTE_BAD_KEYSET), the file name comes from the certificate's key provider info and existence from a
      // folder listing; an ACL Administrators may not read is reported, not dropped.
      const path = `${MACHINEKEYS_DIR}\\${found.cert.keyFile}`;
      const p = findPath(state, path);
      const node = p ? state.files[p] : undefined;
      const access = node ? adminAccess(node) : { readAcl: false, readData: false };
      if (!access.readData) keyNote = 'the private key could not be opened (0x80090016): Keyset does not exist';
      const base = { thumbprint: thumb, store: found.store, provider: 'CSP', name: found.cert.keyFile, path, existsProven: true };
      if (!node) keyFile = { ...base, exists: false, owner: null, ownerSid: null, acl: [], aclError: null };
      else if (!access.readAcl)
        keyFile = {
          ...base,
          exists: true,
          owner: null,
          ownerSid: null,
          acl: [],
          aclError: `Attempted to perform an unauthorized operation.`,
        };
      else keyFile = { ...base, exists: true, ...aclView(node), aclError: null };
    }
    return { dir, keyFile, keyNote };
  },
};

// Model of checks/host/machinekeys/machinekeys.ps1: the MachineKeys folder's owner and ACL, and the key
// container file of the certificate RDP uses (KB 278381), acting on state.files.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { MACHINEKEYS_DIR } from '../../../../hosts/simulated/state';
import { findCertificate, inUseThumbprint } from '../../../../hosts/simulated/ops/certificates';
import { aclView, findPath } from '../../../../hosts/simulated/ops/files';

export const models: SimScriptTable = {
'checks/host/machinekeys/machinekeys': ({ state, now }, input: { path: string }) => {
    const dirPath = findPath(state, input.path);
    const dirNode = dirPath ? state.files[dirPath] : undefined;
    const dir = dirNode && dirNode.kind === 'dir'
      ? { path: input.path, exists: true, ...aclView(dirNode) }
      : { path: input.path, exists: false, owner: null, ownerSid: null, acl: [] };
    const thumb = inUseThumbprint(state, now());
    let keyNote: string | null = null;
    let keyFile = null;
    const found = thumb ? findCertificate(state, thumb, ['Remote Desktop', 'My']) : undefined;
    if (!thumb) keyNote = 'RDP has no certificate in use (Win32_TSGeneralSetting.SSLCertificateSHA1Hash is empty)';
    else if (!found) keyNote = `the certificate in use (${thumb}) is in neither Remote Desktop nor My`;
    else if (!found.cert.keyFile) keyNote = `the certificate in use (${thumb}) has no private key container`;
    else if (!state.computer.elevated) keyNote = 'the private key could not be opened: Access is denied.';
    else {
      const path = `${MACHINEKEYS_DIR}\\${found.cert.keyFile}`;
      const p = findPath(state, path);
      const node = p ? state.files[p] : undefined;
      keyFile = {
        thumbprint: thumb,
        store: found.store,
        provider: 'CSP',
        name: found.cert.keyFile,
        path,
        ...(node ? { exists: true, ...aclView(node) } : { exists: false, owner: null, ownerSid: null, acl: [] }),
      };
    }
    return { dir, keyFile, keyNote };
  },
};

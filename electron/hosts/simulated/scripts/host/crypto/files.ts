// Models of the file and ACL scripts: ops/acl-save, ops/acl-restore, ops/acl-set, ops/path-rename and
// checks/host/machinekeys, acting on state.files (paths compared case-insensitively, as NTFS does).
import type { SimScriptTable } from '../../../sim-script';
import { MACHINEKEYS_DIR, type FileNode, type WinState } from '../../../state';
import { SimError } from '../../../world';
import { aceView, aclFromSddl, adminAccess, nameOfSid, sidOf } from './acl-model';
import { findCertificate, inUseThumbprint } from './certs';

const SAVE_FORMAT = 'rdp-doctor-simulated-icacls-save';

function findPath(state: WinState, path: string): string | undefined {
  const lower = path.toLowerCase();
  return Object.keys(state.files).find((p) => p.toLowerCase() === lower);
}

/** The item and everything below it, like icacls /t and Get-ChildItem -Recurse. */
function tree(state: WinState, root: string): string[] {
  const lower = root.toLowerCase();
  return Object.keys(state.files)
    .filter((p) => p.toLowerCase() === lower || p.toLowerCase().startsWith(`${lower}\\`))
    .sort();
}

function requireElevated(state: WinState, what: string): void {
  if (!state.computer.elevated) throw new SimError(`${what}: Access is denied.`, 'UnauthorizedAccessException');
}

/** Every account named anywhere in the file system, so SIDs written by a fix resolve back to names. */
function accounts(state: WinState): Set<string> {
  const names = new Set<string>();
  for (const node of Object.values(state.files)) {
    names.add(node.owner);
    for (const a of node.acl) names.add(a.identity);
  }
  return names;
}

function aclView(node: FileNode) {
  return { owner: node.owner, ownerSid: sidOf(node.owner), acl: node.acl.map((a) => aceView(node, a)) };
}

export const fileScripts: SimScriptTable = {
  'ops/acl-save': ({ state }, input: { path: string }) => {
    requireElevated(state, 'icacls /save');
    const root = findPath(state, input.path);
    if (!root) throw new SimError(`path not found: ${input.path}`, 'RuntimeException');
    const paths = tree(state, root);
    const entries = paths.map((p) => ({ path: p, acl: state.files[p]!.acl }));
    const saveData = Buffer.from(JSON.stringify({ format: SAVE_FORMAT, entries }), 'utf8').toString('base64');
    return { path: input.path, saveData, owners: paths.map((p) => ({ path: p, owner: state.files[p]!.owner, ownerSid: sidOf(state.files[p]!.owner) })) };
  },

  'ops/acl-restore': ({ state }, input: { path: string; saveData: string; owners: { path: string; owner: string; ownerSid: string }[] }) => {
    requireElevated(state, 'icacls /restore');
    let saved: { format?: string; entries?: { path: string; acl: FileNode['acl'] }[] };
    try {
      saved = JSON.parse(Buffer.from(input.saveData, 'base64').toString('utf8'));
    } catch {
      throw new SimError('icacls /restore failed (exit 1): the save file is not valid', 'RuntimeException');
    }
    if (saved.format !== SAVE_FORMAT || !Array.isArray(saved.entries)) throw new SimError('icacls /restore failed (exit 1): the save file is not valid', 'RuntimeException');
    for (const e of saved.entries) {
      const p = findPath(state, e.path);
      if (p) state.files[p]!.acl = structuredClone(e.acl);
    }
    let ownersChanged = 0;
    for (const o of input.owners) {
      const p = findPath(state, o.path);
      if (!p || sidOf(state.files[p]!.owner) === o.ownerSid) continue;
      state.files[p]!.owner = o.owner;
      ownersChanged++;
    }
    return { restored: true, ownersChanged };
  },

  'ops/acl-set': ({ state }, input: { items: { path: string; sddl: string; ownerSid: string | null }[] }) => {
    requireElevated(state, 'Set-Acl');
    for (const item of input.items) {
      const p = findPath(state, item.path);
      if (!p) throw new SimError(`Cannot find path '${item.path}' because it does not exist.`, 'ItemNotFoundException');
      const node = state.files[p]!;
      const known = accounts(state);
      node.acl = aclFromSddl(item.sddl, node.kind, known);
      if (item.ownerSid) node.owner = nameOfSid(item.ownerSid, known);
    }
    return { set: input.items.length };
  },

  'ops/path-rename': ({ state }, input: { path: string; newName: string; replaceEmpty: boolean }) => {
    requireElevated(state, 'Rename-Item');
    if (/[\\/:]/.test(input.newName)) throw new SimError(`newName must be a name, not a path: ${input.newName}`);
    const from = findPath(state, input.path);
    if (!from) throw new SimError(`path not found: ${input.path}`, 'RuntimeException');
    const target = `${from.slice(0, from.lastIndexOf('\\'))}\\${input.newName}`;
    const existing = findPath(state, target);
    let replacedEmpty = false;
    if (existing) {
      const children = tree(state, existing).length - 1;
      if (!input.replaceEmpty || children > 0) throw new SimError(`${target} already exists and holds ${children} item(s); nothing was renamed`);
      delete state.files[existing];
      replacedEmpty = true;
    }
    for (const p of tree(state, from)) {
      state.files[target + p.slice(from.length)] = state.files[p]!;
      delete state.files[p];
    }
    return { from: input.path, to: target, replacedEmpty };
  },

  'checks/host/machinekeys': ({ state, now }, input: { path: string }) => {
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
      else if (!access.readAcl) keyFile = { ...base, exists: true, owner: null, ownerSid: null, acl: [], aclError: `Attempted to perform an unauthorized operation.` };
      else keyFile = { ...base, exists: true, ...aclView(node), aclError: null };
    }
    return { dir, keyFile, keyNote };
  },
};

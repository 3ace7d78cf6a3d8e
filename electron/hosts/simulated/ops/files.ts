// Models of the file and ACL ops: ops/acl-save, ops/acl-restore, ops/acl-set and ops/path-rename, acting on
// state.files (paths compared case-insensitively, as NTFS does).
import type { SimScriptTable } from '../sim-script';
import type { FileNode, WinState } from '../state';
import { SimError } from '../world';
import { aceView, aclFromSddl, nameOfSid, sidOf } from './acl-model';

const SAVE_FORMAT = 'rdp-doctor-simulated-icacls-save';

export function findPath(state: WinState, path: string): string | undefined {
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

export function aclView(node: FileNode) {
  return { owner: node.owner, ownerSid: sidOf(node.owner), acl: node.acl.map((a) => aceView(node, a)) };
}

export const fileOps: SimScriptTable = {
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
      saved = JSON.parse(Buffer.from(input.saveData, 'base64').toString('utf8')) as typeof saved;
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
};

// Models of the file and ACL ops: ops/acl-save, ops/acl-restore, ops/acl-set and ops/path-rename, acting on
// state.files (paths compared case-insensitively, as NTFS does).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimScriptTable } from '../sim-script';
import type { FileNode, WinState } from '../state';
import { SimError } from '../world';
import { aceView, aclFromSddl, adminAccess, nameOfSid, sidOf } from './acl-model';

const SAVE_FORMAT = 'rdp-doctor-simulated-icacls-save';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').toUpperCase();

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
  // As the .ps1: two files in the journal folder (an icacls-like save of the DACLs it can read, and owners),
  // their SHA-256 in the output; items Administrators may not read are listed, not saved (KB 278381). The journal
  // folder is the app's own (RDP Doctor's data folder on this machine), not part of the modelled Windows state,
  // so the files are real files there; a preview names no folder and writes nothing.
  'ops/acl-save': ({ state }, input: { path: string; saveDir: string | null; id: string }) => {
    requireElevated(state, 'icacls /save');
    if (!/^[A-Za-z0-9-]+$/.test(input.id)) throw new SimError(`not a snapshot id: ${input.id}`);
    if (input.saveDir !== null && !path.isAbsolute(input.saveDir)) throw new SimError(`not an absolute folder: ${input.saveDir}`);
    const root = findPath(state, input.path);
    if (!root) throw new SimError(`path not found: ${input.path}`, 'RuntimeException');
    const paths = tree(state, root);
    const readable = paths.filter((p) => adminAccess(state.files[p]!).readAcl);
    const canRead = new Set(readable);
    const unreadable = paths
      .filter((p) => !canRead.has(p))
      .map((p) => ({ path: p, error: 'Attempted to perform an unauthorized operation.' }));
    const counts = { items: paths.length, unreadableCount: unreadable.length, unreadable: unreadable.slice(0, 200) };
    const dir = input.saveDir;
    if (dir === null) return { path: input.path, saveFile: null, saveSha256: null, ownersFile: null, ownersSha256: null, ...counts };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const journalFile = (name: string, content: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, content, { mode: 0o600 });
      return { file, sha: sha256(content) };
    };
    const save = journalFile(
      `${input.id}.icacls`,
      JSON.stringify({ format: SAVE_FORMAT, entries: readable.map((p) => ({ path: p, acl: state.files[p]!.acl })) }),
    );
    const owners = journalFile(`${input.id}.owners`, readable.map((p) => `${sidOf(state.files[p]!.owner)}\t${p}`).join('\n'));
    return { path: input.path, saveFile: save.file, saveSha256: save.sha, ownersFile: owners.file, ownersSha256: owners.sha, ...counts };
  },

  'ops/acl-restore': (
    { state },
    input: { path: string; saveFile: string; saveSha256: string; ownersFile: string; ownersSha256: string },
  ) => {
    requireElevated(state, 'icacls /restore');
    const read = (file: string, sha: string) => {
      if (!existsSync(file)) throw new SimError(`snapshot file missing: ${file}`, 'RuntimeException');
      const content = readFileSync(file, 'utf8');
      if (sha256(content) !== sha.toUpperCase())
        throw new SimError(`snapshot file changed since it was saved (SHA-256 differs): ${file}`, 'RuntimeException');
      return content;
    };
    const saveText = read(input.saveFile, input.saveSha256);
    const ownersText = read(input.ownersFile, input.ownersSha256);
    const saved = JSON.parse(saveText) as { format?: string; entries?: { path: string; acl: FileNode['acl'] }[] };
    if (saved.format !== SAVE_FORMAT || !Array.isArray(saved.entries))
      throw new SimError('icacls /restore failed (exit 1): the save file is not valid', 'RuntimeException');
    // As the .ps1: every item either file names must lie inside the saved folder, or nothing is restored.
    const lines = ownersText
      .split('\n')
      .filter((l) => l.includes('\t'))
      .sort((a, b) => b.length - a.length);
    const within = (item: string) =>
      item.toLowerCase() === input.path.toLowerCase() || item.toLowerCase().startsWith(`${input.path.toLowerCase()}\\`);
    const stray = [...saved.entries.map((e) => String(e.path)), ...lines.map((l) => l.split('\t', 2)[1]!)].find(
      (item) => !within(item) || item.split('\\').includes('..'),
    );
    if (stray !== undefined)
      throw new SimError(`the snapshot names ${stray}, outside ${input.path}: nothing was restored`, 'RuntimeException');
    // DACLs first, then owners deepest first (the folder last), as the .ps1 does.
    const byLower = new Map(Object.keys(state.files).map((k) => [k.toLowerCase(), k]));
    const lookup = (item: string) => byLower.get(item.toLowerCase());
    for (const e of saved.entries) {
      const p = lookup(e.path);
      if (p) state.files[p]!.acl = structuredClone(e.acl);
    }
    const known = accounts(state);
    let ownersChanged = 0;
    for (const line of lines) {
      const [sid, item] = line.split('\t', 2) as [string, string];
      const p = lookup(item);
      if (!p || sidOf(state.files[p]!.owner) === sid) continue;
      state.files[p]!.owner = nameOfSid(sid, known);
      ownersChanged++;
    }
    // As the .ps1: the snapshot files stay, for a rollback interrupted before the journal recorded it.
    return { restored: true, ownersChanged, failures: [] };
  },

  'ops/acl-set': ({ state }, input: { items: { path: string; sddl: string; takeOwnership: boolean }[] }) => {
    requireElevated(state, 'Set-Acl');
    let taken = 0;
    const known = accounts(state);
    for (const item of [...input.items].sort((a, b) => b.path.length - a.path.length)) {
      const p = findPath(state, item.path);
      if (!p) throw new SimError(`Cannot find path '${item.path}' because it does not exist.`, 'ItemNotFoundException');
      const node = state.files[p]!;
      if (item.takeOwnership) {
        node.owner = 'BUILTIN\\Administrators';
        taken++;
      }
      // Without ownership or READ_CONTROL/WRITE_DAC, Set-Acl is refused, as on Windows.
      if (!adminAccess(node).readAcl)
        throw new SimError(`Attempted to perform an unauthorized operation: ${item.path}`, 'UnauthorizedAccessException');
      node.acl = aclFromSddl(item.sddl, node.kind, known);
    }
    return { set: input.items.length, ownershipTaken: taken };
  },

  'ops/path-rename': ({ state }, input: { path: string; newName: string; replaceEmpty: boolean; mergeExisting?: boolean }) => {
    requireElevated(state, 'Rename-Item');
    if (/[\\/:]/.test(input.newName)) throw new SimError(`newName must be a name, not a path: ${input.newName}`);
    const from = findPath(state, input.path);
    if (!from) throw new SimError(`path not found: ${input.path}`, 'RuntimeException');
    const target = `${from.slice(0, from.lastIndexOf('\\'))}\\${input.newName}`;
    const existing = findPath(state, target);
    let replacedEmpty = false;
    const moved: string[] = [];
    if (existing) {
      const merge = input.mergeExisting === true;
      const children = tree(state, existing).filter((p) => p !== existing && !p.slice(existing.length + 1).includes('\\'));
      if (!(input.replaceEmpty || merge) || (children.length > 0 && !merge))
        throw new SimError(`${target} already exists and holds ${children.length} item(s); nothing was renamed`);
      // As the .ps1: every name is checked before anything moves.
      const clash = children.find((c) => findPath(state, from + c.slice(existing.length)));
      if (clash) throw new SimError(`${clash.slice(existing.length + 1)} is in both ${target} and ${from}; nothing was moved or renamed`);
      for (const c of children) {
        for (const p of tree(state, c)) {
          state.files[from + p.slice(existing.length)] = state.files[p]!;
          delete state.files[p];
        }
        moved.push(c.slice(existing.length + 1));
      }
      delete state.files[existing];
      replacedEmpty = true;
    }
    for (const p of tree(state, from)) {
      state.files[target + p.slice(from.length)] = state.files[p]!;
      delete state.files[p];
    }
    return { from: input.path, to: target, replacedEmpty, moved };
  },
};

// How the simulator turns its files' ACLs (account names, rights as text, like Get-Acl shows them) into what
// the scripts print (SIDs, rights masks), and SDDL written by a fix back into its ACLs.
import { createHash } from 'node:crypto';
import type { Ace, FileNode } from '../state';
import { SimError } from '../world';

const WELL_KNOWN: [name: string, sid: string, sddl: string][] = [
  ['Everyone', 'S-1-1-0', 'WD'],
  ['CREATOR OWNER', 'S-1-3-0', 'CO'],
  ['NT AUTHORITY\\SYSTEM', 'S-1-5-18', 'SY'],
  ['NT AUTHORITY\\LOCAL SERVICE', 'S-1-5-19', 'LS'],
  ['NT AUTHORITY\\NETWORK SERVICE', 'S-1-5-20', 'NS'],
  ['NT AUTHORITY\\SERVICE', 'S-1-5-6', 'SU'],
  ['NT AUTHORITY\\Authenticated Users', 'S-1-5-11', 'AU'],
  ['BUILTIN\\Administrators', 'S-1-5-32-544', 'BA'],
  ['BUILTIN\\Users', 'S-1-5-32-545', 'BU'],
];

/** Accounts that are not well known get a stable made-up domain SID. */
export function sidOf(name: string): string {
  const known = WELL_KNOWN.find(([n]) => n.toLowerCase() === name.toLowerCase());
  if (known) return known[1];
  const n = createHash('sha1').update(name.toLowerCase()).digest().readUInt16BE(0);
  return `S-1-5-21-1004336348-1177238915-682003330-${1000 + n}`;
}

/** Resolves a SID (or SDDL alias) to an account name; `accounts` are the other names the host knows. */
export function nameOfSid(token: string, accounts: Iterable<string> = []): string {
  const known = WELL_KNOWN.find(([, sid, abbr]) => abbr === token || sid === token);
  if (known) return known[0];
  for (const name of accounts) if (sidOf(name) === token) return name;
  throw new SimError(`The SID ${token} does not map to an account this simulator knows.`, 'IdentityNotMappedException');
}

const PRIMITIVE: [string, number][] = [
  ['ReadData', 0x1],
  ['CreateFiles', 0x2],
  ['AppendData', 0x4],
  ['ReadExtendedAttributes', 0x8],
  ['WriteExtendedAttributes', 0x10],
  ['ExecuteFile', 0x20],
  ['DeleteSubdirectoriesAndFiles', 0x40],
  ['ReadAttributes', 0x80],
  ['WriteAttributes', 0x100],
  ['Delete', 0x10000],
  ['ReadPermissions', 0x20000],
  ['ChangePermissions', 0x40000],
  ['TakeOwnership', 0x80000],
  ['Synchronize', 0x100000],
];
const ALIASES: Record<string, number> = {
  ListDirectory: 0x1,
  WriteData: 0x2,
  CreateDirectories: 0x4,
  Traverse: 0x20,
};
const COMPOSITE: [string, number][] = [
  ['FullControl', 0x1f01ff],
  ['Modify', 0x301bf],
  ['ReadAndExecute', 0x200a9],
  ['Read', 0x20089],
  ['Write', 0x116],
];

const THIS_FOLDER_ONLY = /\s*\(this folder only\)\s*$/i;

export function maskOf(rights: string): number {
  let mask = 0;
  for (const part of rights.replace(THIS_FOLDER_ONLY, '').split(',')) {
    const name = part.trim();
    if (!name) continue;
    if (/^0x[0-9a-f]+$/i.test(name)) mask |= Number.parseInt(name, 16);
    else {
      const bits = PRIMITIVE.find(([n]) => n === name)?.[1] ?? ALIASES[name] ?? COMPOSITE.find(([n]) => n === name)?.[1];
      if (bits === undefined) throw new SimError(`unknown file system right "${name}" in the simulated ACL`);
      mask |= bits;
    }
  }
  return mask >>> 0;
}

/** FileSystemRights.ToString() style, without Synchronize where .NET folds it into a composite. */
export function rightsText(mask: number): string {
  const withoutSync = mask & ~0x100000;
  const composite = COMPOSITE.find(([, bits]) => (bits & ~0x100000) === withoutSync);
  if (composite) return composite[0];
  const names = PRIMITIVE.filter(([, bits]) => (mask & bits) !== 0).map(([n]) => n);
  const rest = mask & ~PRIMITIVE.reduce((a, [, b]) => a | b, 0);
  return [...names, ...(rest ? [`0x${rest.toString(16)}`] : [])].join(', ');
}

export interface AceOut {
  [k: string]: string | number | boolean;
  identity: string;
  sid: string;
  rights: string;
  mask: number;
  type: 'Allow' | 'Deny';
  inherited: boolean;
  inheritance: string;
}

export function aceView(node: FileNode, ace: Ace): AceOut {
  const folderOnly = THIS_FOLDER_ONLY.test(ace.rights) || node.kind === 'file';
  return {
    identity: ace.identity,
    sid: sidOf(ace.identity),
    rights: ace.rights.replace(THIS_FOLDER_ONLY, ''),
    mask: maskOf(ace.rights),
    type: ace.type,
    inherited: ace.inherited,
    inheritance: folderOnly ? 'None' : 'ContainerInherit, ObjectInherit',
  };
}

const SDDL_RIGHTS: Record<string, number> = { FA: 0x1f01ff, FR: 0x120089, FW: 0x120116, FX: 0x1200a0, GA: 0x10000000, GR: 0x80000000 };

/** The subset of SDDL a fix writes: "D:P(A;flags;rights;;;sid)...". */
export function aclFromSddl(sddl: string, kind: FileNode['kind'], accounts: Iterable<string> = []): Ace[] {
  if (!/^D:[PAIR]*\(/.test(sddl)) throw new SimError(`The SDDL form of a security descriptor is invalid: ${sddl}`, 'ArgumentException');
  const aces: Ace[] = [];
  for (const m of sddl.matchAll(/\((A|D);([A-Z]*);([^;]+);;;([^)]+)\)/g)) {
    const [, type, flags, rightsToken, sidToken] = m as unknown as [string, string, string, string, string];
    const mask = /^0x/i.test(rightsToken) ? Number.parseInt(rightsToken, 16) : SDDL_RIGHTS[rightsToken];
    if (mask === undefined) throw new SimError(`unsupported SDDL rights ${rightsToken}`, 'ArgumentException');
    const folderOnly = kind === 'dir' && !/OI|CI/.test(flags);
    aces.push({
      identity: nameOfSid(sidToken, accounts),
      rights: `${rightsText(mask)}${folderOnly ? ' (this folder only)' : ''}`,
      type: type === 'A' ? 'Allow' : 'Deny',
      inherited: false,
    });
  }
  return aces;
}

const ADMIN_TOKEN = ['S-1-5-32-544', 'S-1-1-0', 'S-1-5-11'];
const READ_CONTROL = 0x20000;
const READ_DATA = 0x1;

/** What an elevated administrator may do with a file by its DACL alone (KB 278381: often nothing on key files). */
export function adminAccess(node: FileNode): { readAcl: boolean; readData: boolean } {
  const allowed = node.acl
    .filter((a) => a.type === 'Allow' && ADMIN_TOKEN.includes(sidOf(a.identity)))
    .reduce((m, a) => m | maskOf(a.rights), 0);
  const denied = node.acl
    .filter((a) => a.type === 'Deny' && ADMIN_TOKEN.includes(sidOf(a.identity)))
    .reduce((m, a) => m | maskOf(a.rights), 0);
  // The owner may always read the ACL (implicit READ_CONTROL).
  const owner = sidOf(node.owner) === 'S-1-5-32-544';
  return { readAcl: owner || (allowed & ~denied & READ_CONTROL) !== 0, readData: (allowed & ~denied & READ_DATA) !== 0 };
}

// ACLs and owners through ops/acl-save.ps1, ops/acl-restore.ps1 and ops/acl-set.ps1. A save is kept whole in
// the journal (icacls /save bytes + owners by SID), so rollback does not depend on a file left on the host.
import { z } from 'zod';
import type { CheckContext } from '../types';

export const OwnerRecord = z.object({ path: z.string(), owner: z.string(), ownerSid: z.string() });
export type OwnerRecord = z.infer<typeof OwnerRecord>;
export const AclSave = z.object({ path: z.string(), saveData: z.string(), owners: z.array(OwnerRecord) });
export type AclSave = z.infer<typeof AclSave>;
const RestoreOutput = z.object({ restored: z.boolean(), ownersChanged: z.number() });
const SetOutput = z.object({ set: z.number() });

export interface AclSetItem {
  path: string;
  sddl: string;
  ownerSid: string | null;
}

export async function saveAcl(ctx: CheckContext, path: string): Promise<AclSave> {
  return ctx.host.run('ops/acl-save', { path }, AclSave, { signal: ctx.signal, timeoutMs: 120_000 });
}

export async function restoreAcl(ctx: CheckContext, save: AclSave): Promise<void> {
  await ctx.host.run('ops/acl-restore', { path: save.path, saveData: save.saveData, owners: save.owners }, RestoreOutput, {
    signal: ctx.signal,
    timeoutMs: 120_000,
  });
}

export async function setAcl(ctx: CheckContext, items: AclSetItem[]): Promise<void> {
  await ctx.host.run('ops/acl-set', { items: items.map((i) => ({ path: i.path, sddl: i.sddl, ownerSid: i.ownerSid })) }, SetOutput, { signal: ctx.signal });
}

/** Well-known SIDs: ACLs are judged by SID because account names are localized. */
export const SID = {
  everyone: 'S-1-1-0',
  system: 'S-1-5-18',
  localService: 'S-1-5-19',
  networkService: 'S-1-5-20',
  service: 'S-1-5-6',
  authenticatedUsers: 'S-1-5-11',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
} as const;

/** FileSystemRights bits used in judgements. */
export const RIGHTS = {
  readData: 0x1,
  createFiles: 0x2,
  appendData: 0x4,
  readEa: 0x8,
  writeEa: 0x10,
  readAttributes: 0x80,
  writeAttributes: 0x100,
  readPermissions: 0x20000,
  fullControl: 0x1f01ff,
  genericAll: 0x10000000,
  genericRead: 0x80000000,
} as const;

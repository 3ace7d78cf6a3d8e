// ACLs and owners through ops/acl-save.ps1, ops/acl-restore.ps1 and ops/acl-set.ps1. A save is two files in
// RDP Doctor's journal folder on the host (icacls /save, and owners by SID); the journal keeps their paths and
// SHA-256, so the snapshot is passed by file path (no JSON size limit) and a changed file is refused.
import path from 'node:path';
import { z } from 'zod';
import type { CheckContext } from '../types';

/**
 * Where a fix's ACL snapshot goes: the `acl` folder of RDP Doctor's protected machine journal folder
 * (%ProgramData%\RDP Doctor\journal, app/journal-folder.ts: SYSTEM and Administrators only, verified at start),
 * which a fix being applied gets as ctx.journalDir; rollback reads the files only from there (touches.ts).
 * A preview has no journal folder: the script then counts what it would save and writes nothing.
 */
function snapshotDir(ctx: CheckContext): string | null {
  return ctx.journalDir ? path.join(ctx.journalDir, 'acl') : null;
}

export const AclSave = z.object({
  path: z.string(),
  /** The two files and their SHA-256; null in a preview, which saves nothing. */
  saveFile: z.string().nullable(),
  saveSha256: z
    .string()
    .regex(/^[0-9A-Fa-f]{64}$/)
    .nullable(),
  ownersFile: z.string().nullable(),
  ownersSha256: z
    .string()
    .regex(/^[0-9A-Fa-f]{64}$/)
    .nullable(),
  /** Items seen under the path (the folder itself included). */
  items: z.number(),
  /** Items whose security descriptor Administrators may not read (KB 278381): not saved, and never changed. */
  unreadableCount: z.number(),
  unreadable: z.array(z.object({ path: z.string(), error: z.string() })),
});
export type AclSave = z.infer<typeof AclSave>;
const RestoreOutput = z.object({
  restored: z.boolean(),
  ownersChanged: z.number(),
  failures: z.array(z.object({ path: z.string(), step: z.string(), exitCode: z.number() })),
});
const SetOutput = z.object({ set: z.number(), ownershipTaken: z.number() });

export interface AclSetItem {
  path: string;
  sddl: string;
  /** Take ownership for Administrators first (takeown /a); needs its own confirmation. */
  takeOwnership: boolean;
}

export async function saveAcl(ctx: CheckContext, target: string, id: string): Promise<AclSave> {
  return ctx.host.run('ops/acl-save', { path: target, saveDir: snapshotDir(ctx), id }, AclSave, { signal: ctx.signal, timeoutMs: 300_000 });
}

export async function restoreAcl(ctx: CheckContext, save: AclSave): Promise<void> {
  const { saveFile, saveSha256, ownersFile, ownersSha256 } = save;
  if (saveFile === null || saveSha256 === null || ownersFile === null || ownersSha256 === null) {
    throw new Error(`the ACL snapshot of ${save.path} names no saved files (a preview saves nothing): nothing to restore`);
  }
  const out = await ctx.host.run('ops/acl-restore', { path: save.path, saveFile, saveSha256, ownersFile, ownersSha256 }, RestoreOutput, {
    signal: ctx.signal,
    timeoutMs: 300_000,
  });
  if (out.failures.length > 0) {
    const list = out.failures
      .slice(0, 10)
      .map((f) => `${f.path} (${f.step}, exit ${f.exitCode})`)
      .join('; ');
    throw new Error(`rollback restored ACLs and owners except on ${out.failures.length} item(s): ${list}`);
  }
}

export async function setAcl(ctx: CheckContext, items: AclSetItem[]): Promise<void> {
  await ctx.host.run(
    'ops/acl-set',
    { items: items.map((i) => ({ path: i.path, sddl: i.sddl, takeOwnership: i.takeOwnership })) },
    SetOutput,
    {
      signal: ctx.signal,
      timeoutMs: 120_000,
    },
  );
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

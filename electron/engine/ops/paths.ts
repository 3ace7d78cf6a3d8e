// Renaming a file or folder through ops/path-rename.ps1.
import { z } from 'zod';
import type { CheckContext } from '../types';

const RenameOutput = z.object({ from: z.string(), to: z.string(), replacedEmpty: z.boolean(), moved: z.array(z.string()) });

/**
 * What happens when `newName` is taken by a folder: 'refuse' renames nothing; 'merge' first moves what that folder
 * holds into `path` (refusing, with nothing changed, when a name is in both), then lets the emptied folder give way.
 */
export type RenameWhenTaken = 'refuse' | 'merge';

/** Renames `path` to `newName` in the same folder. */
export async function renamePath(ctx: CheckContext, path: string, newName: string, whenTaken: RenameWhenTaken = 'refuse') {
  const input = { path, newName, replaceEmpty: false, mergeExisting: whenTaken === 'merge' };
  return ctx.host.run('ops/path-rename', input, RenameOutput, { signal: ctx.signal });
}

export function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\'));
}

export function leafOf(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

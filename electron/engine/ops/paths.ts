// Renaming a file or folder through ops/path-rename.ps1.
import { z } from 'zod';
import type { CheckContext } from '../types';

const RenameOutput = z.object({ from: z.string(), to: z.string(), replacedEmpty: z.boolean() });

/** Renames `path` to `newName` in the same folder; replaceEmpty lets an empty folder of that name give way. */
export async function renamePath(ctx: CheckContext, path: string, newName: string, replaceEmpty = false) {
  return ctx.host.run('ops/path-rename', { path, newName, replaceEmpty }, RenameOutput, { signal: ctx.signal });
}

export function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\'));
}

export function leafOf(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

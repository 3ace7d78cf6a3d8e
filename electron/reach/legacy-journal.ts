// A remote host's journal written by a build whose identity key had no SMBIOS UUID lives under another folder
// name, and its entries carry the old key, so the changes it recorded could no longer be listed or rolled back.
// Adopted once, when the host is next opened: each entry is re-keyed in place (atomic writes), then the folder
// is renamed to the current name. A run stopped half-way leaves the old folder, and the next open finishes it.
// The old key could not tell a clone with the same name and SID apart; neither could the build that wrote it.
import { existsSync, renameSync } from 'node:fs';
import { Journal } from '../engine/journal';
import { identityKey, legacyIdentityKey, legacyRemoteJournalDir, remoteJournalDir, type HostIdentity } from './identity';

export interface Adopted {
  from: string;
  to: string;
  entries: number;
}

export function adoptLegacyJournal(dataDir: string, id: HostIdentity): Adopted | null {
  const to = remoteJournalDir(dataDir, id);
  const from = legacyRemoteJournalDir(dataDir, id);
  if (from === to || existsSync(to) || !existsSync(from)) return null;
  const legacy = new Journal(from);
  const oldKey = legacyIdentityKey(id);
  const newKey = identityKey(id);
  let entries = 0;
  for (const entry of legacy.list().entries) {
    if (entry.host.kind !== 'remote' || entry.host.identity !== oldKey) continue;
    legacy.write({ ...entry, host: { ...entry.host, identity: newKey } });
    entries++;
  }
  renameSync(from, to);
  return { from, to, entries };
}

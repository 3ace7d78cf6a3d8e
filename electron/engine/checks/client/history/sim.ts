// Models of checks/client/history.ps1 and history-edit.ps1 over the HKCU keys in the simulated registry.
// The export files live outside the modelled state (named in the folder the caller gives, none without one);
// the values travel in the snapshot and restore exactly.
import type { Json } from '../../../../../shared/model';
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { deleteValue, getValue, listValues, setValue } from '../../../../hosts/simulated/registry';
import { type RegValue, type WinState } from '../../../../hosts/simulated/state';
import { SimError } from '../../../../hosts/simulated/world';

// Remote Desktop Connection's per-user history (learn.microsoft.com/troubleshoot/windows-server/remote/remove-entries-from-remote-desktop-connection-computer).
const TSCLIENT_KEY = 'HKCU\\Software\\Microsoft\\Terminal Server Client';
const DEFAULT_KEY = `${TSCLIENT_KEY}\\Default`;
const SERVERS_PREFIX = `${TSCLIENT_KEY}\\Servers\\`;
const exportFile = (dir: string, name: string) => `${dir}${dir.includes('\\') ? '\\' : '/'}${name}`;

type Named = RegValue & { name: string };

function serverKeys(state: WinState): string[] {
  const prefix = SERVERS_PREFIX.toLowerCase();
  return Object.keys(state.registry).filter((k) => k.toLowerCase().startsWith(prefix) && !k.slice(prefix.length).includes('\\'));
}

function serverKey(state: WinState, name: string): string | undefined {
  if (!/^[^\\"/]{1,260}$/.test(name)) throw new SimError(`not a server entry name: ${name}`);
  return serverKeys(state).find((k) => k.slice(SERVERS_PREFIX.length).toLowerCase() === name.toLowerCase());
}

/** What history-edit.ps1 takes on stdin, per action. */
type HistoryEdit =
  | { action: 'export'; exportDir?: string | null; mru?: string[]; servers?: string[] }
  | { action: 'delete'; mru?: string[]; servers?: string[] }
  | { action: 'restore'; mru?: Named[]; servers?: { server: string; values: Named[] }[] };

const named = (values: Record<string, RegValue>): Named[] =>
  Object.entries(values).map(([name, v]) => ({ name, type: v.type, data: v.data }));

const HISTORY_TYPES: Record<string, string> = { UsernameHint: 'REG_SZ', CertHash: 'REG_BINARY' };

export const models: SimScriptTable = {
  'checks/client/history/history': ({ state }) => {
    const mru: { name: string; value: string }[] = [];
    for (let i = 0; i <= 9; i++) {
      const v = getValue(state, DEFAULT_KEY, `MRU${i}`);
      if (v) mru.push({ name: `MRU${i}`, value: String(v.data) });
    }
    const denied = (key: string) => state.unreadableKeys.some((u) => u.toLowerCase() === key.toLowerCase());
    const serversKey = SERVERS_PREFIX.slice(0, -1);
    if (denied(serversKey)) return { mru, servers: [], unreadable: [{ key: serversKey, reason: 'access denied' }] };
    const unreadable = serverKeys(state)
      .filter(denied)
      .map((key) => ({ key, reason: 'access denied' }));
    const servers = serverKeys(state)
      .filter((k) => !denied(k))
      .map((k) => {
        const hint = getValue(state, k, 'UsernameHint');
        const hash = getValue(state, k, 'CertHash');
        return {
          server: k.slice(SERVERS_PREFIX.length),
          usernameHint: hint ? String(hint.data) : null,
          certHash: hash && hash.type === 'REG_BINARY' ? String(hash.data) : null,
        };
      });
    return { mru, servers, unreadable };
  },

  'checks/client/history/history-edit': ({ state, now }, input: HistoryEdit): Json => {
    if (input.action === 'export') {
      const stamp = now().toISOString().replace(/[-:.]/g, '');
      const files: string[] = [];
      const dir = typeof input.exportDir === 'string' && input.exportDir ? input.exportDir : null;
      const mruNames = input.mru ?? [];
      const mru = mruNames.length > 0 ? named(listValues(state, DEFAULT_KEY)).filter((v) => mruNames.includes(v.name)) : [];
      if (mruNames.length > 0 && dir) files.push(exportFile(dir, `history-${stamp}-default.reg`));
      const servers: { server: string; values: Named[] }[] = [];
      for (const name of input.servers ?? []) {
        const key = serverKey(state, name);
        if (!key) continue;
        if (dir) files.push(exportFile(dir, `history-${stamp}-server-${servers.length}.reg`));
        servers.push({ server: key.slice(SERVERS_PREFIX.length), values: named(state.registry[key]!) });
      }
      return { files, servers, mru };
    }
    if (input.action === 'delete') {
      let removed = 0;
      for (const name of input.servers ?? []) {
        const key = serverKey(state, name);
        if (key) {
          delete state.registry[key];
          removed++;
        }
      }
      for (const n of input.mru ?? []) {
        if (!/^MRU[0-9]$/.test(n)) throw new SimError(`not an MRU value name: ${n}`);
        if (deleteValue(state, DEFAULT_KEY, n)) removed++;
      }
      return { removed };
    }
    if (input.action === 'restore') {
      // As history-edit.ps1: values only (no reg import), and only the names and types mstsc keeps here.
      const bad = [
        ...(input.servers ?? []).flatMap((s) => s.values.filter((v) => !HISTORY_TYPES[v.name] || HISTORY_TYPES[v.name] !== v.type)),
        ...(input.mru ?? []).filter((v) => !/^MRU[0-9]$/.test(v.name) || v.type !== 'REG_SZ'),
      ];
      if (bad[0]) throw new SimError(`not a history value: ${bad[0].name} (${bad[0].type})`);
      let restored = 0;
      for (const s of input.servers ?? []) {
        const key = serverKey(state, s.server) ?? `${SERVERS_PREFIX}${s.server}`;
        state.registry[key] ??= {};
        for (const v of s.values) setValue(state, key, v.name, { type: v.type, data: v.data });
        restored++;
      }
      for (const v of input.mru ?? []) {
        setValue(state, DEFAULT_KEY, v.name, { type: v.type, data: v.data });
        restored++;
      }
      return { restored, via: 'values' };
    }
    throw new SimError(`unknown action: ${String((input as { action?: unknown }).action)}`);
  },
};

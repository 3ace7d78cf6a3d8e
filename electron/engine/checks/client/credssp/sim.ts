// Model of checks/client/credssp/credssp.ps1: the Encryption Oracle Remediation policy value and the LsaSrv
// 6041 events of connections it blocked (learn.microsoft.com/troubleshoot/windows-server/remote/
// credssp-encryption-oracle-remediation).
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { getValue } from '../../../../hosts/simulated/registry';
import { recentEvents } from '../../../../hosts/simulated/world';

/** Where Group Policy "Encryption Oracle Remediation" writes AllowEncryptionOracle. */
const CREDSSP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';

export const models: SimScriptTable = {
  'checks/client/credssp/credssp': ({ state, now }, input: { days: number }) => {
    const v = getValue(state, CREDSSP_KEY, 'AllowEncryptionOracle');
    const oracle = v
      ? { key: CREDSSP_KEY, name: 'AllowEncryptionOracle', exists: true, type: v.type, data: v.data }
      : { key: CREDSSP_KEY, name: 'AllowEncryptionOracle', exists: false, type: null, data: null };
    const blocked = recentEvents(state, now(), input.days, (e) => e.log === 'System' && e.provider === 'LsaSrv' && e.id === 6041).map(
      (e) => {
        const m = /to (\S+) failed.*offered version (\d+)/s.exec(e.message);
        return { time: e.time, target: m?.[1] ?? '', offeredVersion: m?.[2] ?? null };
      },
    );
    if (state.unreadableLogs.some((l) => l.toLowerCase() === 'system')) {
      const logError = {
        reason: 'unreadable',
        errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand',
        message: 'Attempted to perform an unauthorized operation.',
      };
      return { oracle, blocked: [], logAvailable: false, logError };
    }
    return { oracle, blocked, logAvailable: true, logError: null };
  },
};

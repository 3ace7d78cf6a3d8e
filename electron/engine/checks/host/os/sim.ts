// Model of checks/host/os/os.ps1: the edition and build (Win32_OperatingSystem and HKLM\...\CurrentVersion)
// and the markers Windows leaves while a restart is pending.
import type { SimScriptTable } from '../../../../hosts/simulated/sim-script';
import { getValue, keyExists } from '../../../../hosts/simulated/registry';
import type { WinState } from '../../../../hosts/simulated/state';

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const CBS_REBOOT = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';
const WU_REBOOT = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired';
const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

function regString(state: WinState, name: string): string | null {
  const v = getValue(state, CURRENT_VERSION, name);
  return v && typeof v.data === 'string' ? v.data : null;
}

function pendingReasons(state: WinState): string[] {
  const reasons: string[] = [];
  if (keyExists(state, CBS_REBOOT)) reasons.push('Component Based Servicing: RebootPending');
  // The scenario flag stands for Windows Update's marker, the usual reason.
  if (keyExists(state, WU_REBOOT) || state.computer.pendingReboot) reasons.push('Windows Update: RebootRequired');
  if (getValue(state, SESSION_MANAGER, 'PendingFileRenameOperations')) reasons.push('Session Manager: PendingFileRenameOperations');
  return reasons;
}

export const models: SimScriptTable = {
  'checks/host/os/os': ({ state }) => {
    const c = state.computer;
    const ubr = getValue(state, CURRENT_VERSION, 'UBR');
    const reasons = pendingReasons(state);
    return {
      caption: c.caption,
      version: `10.0.${c.build}`,
      build: c.build,
      ubr: ubr && typeof ubr.data === 'number' ? ubr.data : null,
      editionId: regString(state, 'EditionID'),
      displayVersion: regString(state, 'DisplayVersion'),
      productType: /Server/i.test(c.caption) ? 'Server' : 'Workstation',
      installationType: regString(state, 'InstallationType'),
      lastBoot: null,
      pendingReboot: reasons.length > 0,
      pendingReasons: reasons,
    };
  },
};

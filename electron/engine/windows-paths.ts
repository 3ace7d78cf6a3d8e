// Registry keys and folders that several checks read. Written once so a typo cannot split them.
export const TS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
export const RDP_TCP_KEY = `${TS_KEY}\\WinStations\\RDP-Tcp`;
export const TS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
export const TS_CLIENT_POLICY_KEY = `${TS_POLICY_KEY}\\Client`;
export const CREDSSP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
export const SCHANNEL_PROTOCOLS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
export const MACHINEKEYS_DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
/** Where CNG keeps machine keys; the RDP certificate's key file may live here instead of MachineKeys. */
export const CNG_MACHINE_KEYS_DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';
export const TSCLIENT_KEY = 'HKCU\\Software\\Microsoft\\Terminal Server Client';
/** Language-neutral resource name of the "Remote Desktop" firewall group. */
export const FIREWALL_GROUP_RDP = '@FirewallAPI.dll,-28752';

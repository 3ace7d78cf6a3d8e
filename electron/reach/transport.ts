// How RDP Doctor on the helpdesk PC reaches a host it cannot reach over Remote Desktop. A transport opens a
// session to one host; a session runs host scripts there (same .ps1, same input as data, same one JSON object
// out) in one round trip per batch. Two transports implement it for WinRM: the real one (composed PowerShell
// text run through node-powershell) and the simulated link. Azure Run Command is a third (azure/).
import type { Json } from '../../shared/model';
import type { Derive } from '../hosts/derived-input';

export interface ScriptCall {
  /** Script id under electron/engine without .ps1, e.g. "checks/host/nla/nla" or "ops/registry-write". */
  script: string;
  input: Json;
  /** Values of the input taken on the host from the answer of an earlier call of the same batch (its index). */
  derive?: { from: number; rules: Derive[] };
}

export interface RemoteSession {
  /** Runs the calls in order, in one round trip; each answer is that script's raw stdout text. */
  invoke(calls: ScriptCall[], signal?: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}

export interface RemotingTransport {
  /** The path named in messages and in the fleet's "unreachable" rows. */
  readonly via: 'winrm-http' | 'winrm-https' | 'azure-run-command' | 'simulated-winrm';
  /** The computer name (or VM resource id) this transport reaches. */
  readonly target: string;
  /** Port probe, Test-WSMan, then a session: the first failure is thrown as a ManagementPathError. */
  preflight(signal?: AbortSignal): Promise<PreflightStep[]>;
  connect(signal?: AbortSignal): Promise<RemoteSession>;
}

export interface PreflightStep {
  step: 'port' | 'client-trust' | 'https-certificate' | 'wsman' | 'session' | 'azure-sign-in' | 'azure-vm';
  ok: boolean;
  detail: string;
}

/** Every way the management path fails, each with what a technician does about it. */
export const MANAGEMENT_FAILURES = {
  'winrm-port-closed': {
    title: 'WinRM does not answer',
    fix: 'On the host (console, Azure serial console or Group Policy): run "Enable-PSRemoting -Force" (or "winrm quickconfig"), and allow TCP 5985 (HTTP) / 5986 (HTTPS) in the host firewall from this PC.',
  },
  'winrm-not-enabled': {
    title: 'The port answers but WS-Management does not',
    fix: 'On the host: "Enable-PSRemoting -Force" creates the listener; "winrm enumerate winrm/config/listener" shows it.',
  },
  'trusted-hosts': {
    title: 'This PC cannot authenticate the host by name (outside the domain, or by IP address)',
    fix: "Use the host's domain name so Kerberos works, or use HTTPS (--https), or on this PC add the name: Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value NAME -Concatenate.",
  },
  'access-denied': {
    title: 'Access denied',
    fix: "Use an account in the host's local Administrators or Remote Management Users group (--credential DOMAIN\\user). For a local account on a workgroup host, LocalAccountTokenFilterPolicy=1 is also needed.",
  },
  'https-certificate-untrusted': {
    title: "The host's WinRM HTTPS certificate is not trusted by this PC",
    fix: "Import the issuing CA into this PC's Trusted Root store, or give the HTTPS listener a certificate from your enterprise CA whose subject matches the name you use.",
  },
  'https-certificate-name': {
    title: "The host's WinRM HTTPS certificate is issued to another name",
    fix: 'Connect with a name the certificate is issued to (its subject or a subject alternative name), or give the HTTPS listener a certificate for this name: winrm set winrm/config/listener?Address=*+Transport=HTTPS @{CertificateThumbprint="THUMBPRINT"} on the host.',
  },
  'https-certificate-expired': {
    title: "The host's WinRM HTTPS certificate is outside its validity dates",
    fix: 'Renew the certificate on the host and bind the new one to the HTTPS listener (winrm set winrm/config/listener?Address=*+Transport=HTTPS @{CertificateThumbprint="THUMBPRINT"}); check both clocks.',
  },
  'session-dropped': {
    title: 'The remoting session dropped',
    fix: "Check the network path and run again; RDP Doctor re-opens the session and reads the host's state back before it does anything else.",
  },
  timeout: {
    title: 'The host did not answer in time',
    fix: 'Check that the host is up and not overloaded; run again.',
  },
  'azure-sign-in': {
    title: 'Azure sign-in failed',
    fix: 'Run "az login" on this PC (RDP Doctor tries the Azure CLI credential first), or sign in in the browser window it opens.',
  },
  'azure-conflict': {
    title: 'Another Run Command is running on this VM',
    fix: 'Azure runs one Run Command at a time per VM; wait for the other one to finish and run again.',
  },
  'azure-vm': {
    title: 'The VM cannot run commands',
    fix: 'Start the VM and check that the VM agent is Ready (Azure portal > VM > Properties > Agent status).',
  },
} as const;

export type ManagementFailure = keyof typeof MANAGEMENT_FAILURES;

export class ManagementPathError extends Error {
  override name = 'ManagementPathError';
  constructor(
    readonly failure: ManagementFailure,
    readonly via: RemotingTransport['via'],
    readonly target: string,
    readonly detail: string,
  ) {
    super(`${target} over ${via}: ${MANAGEMENT_FAILURES[failure].title} (${detail}). Fix: ${MANAGEMENT_FAILURES[failure].fix}`);
  }

  get fix(): string {
    return MANAGEMENT_FAILURES[this.failure].fix;
  }
}

// Reaching another host (PowerShell Remoting, Azure Run Command) and the fleet: the forms the CLI, the IPC
// contract and the engine all accept, and the fleet's result row.
import { z } from 'zod';
import { Cause } from './model';

/** A computer name (NetBIOS or DNS) or an IPv4 address; nothing a shell or a WinRM URL could misread. */
export const COMPUTER_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$/;
/** DOMAIN\user, user@domain or user: characters Windows allows in account names, no control characters. */
// eslint-disable-next-line no-control-regex -- account names may not contain control characters; this excludes them
export const USER_NAME = /^(?:[A-Za-z0-9][A-Za-z0-9.-]{0,62}\\)?[^\\/"[\]:;|=,+*?<>@\s\x00-\x1f]{1,104}(?:@[A-Za-z0-9.-]{1,253})?$/;
/** An Azure VM's resource id. */
export const AZURE_VM_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.Compute\/virtualMachines\/[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$/;

/** One flat object (every IPC argument is an object with a shape); `kind` says which fields must be set. */
export const HostConnect = z
  .object({
    kind: z.enum(['this-pc', 'winrm', 'azure']),
    computer: z.string().regex(COMPUTER_NAME, 'expected a computer name such as pc-042 or pc-042.corp.example').nullable(),
    /** Only the user name: Windows asks for the password in its own prompt. */
    user: z.string().regex(USER_NAME, 'expected a user name such as CORP\\helpdesk or helpdesk@corp.example').nullable(),
    https: z.boolean(),
    resourceId: z
      .string()
      .regex(
        AZURE_VM_ID,
        'expected a VM resource id: /subscriptions/ID/resourceGroups/GROUP/providers/Microsoft.Compute/virtualMachines/NAME',
      )
      .nullable(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'winrm' && v.computer === null)
      ctx.addIssue({ code: 'custom', path: ['computer'], message: 'expected the computer name to reach over PowerShell Remoting' });
    if (v.kind === 'azure' && v.resourceId === null)
      ctx.addIssue({ code: 'custom', path: ['resourceId'], message: "expected the Azure VM's resource id" });
  });
export type HostConnect = z.infer<typeof HostConnect>;

export const FleetStatus = z.enum(['ok', 'problems', 'unreachable', 'error']);
export const FleetRow = z.object({ name: z.string(), status: FleetStatus, failed: z.array(z.string()), causes: z.array(Cause) });
export type FleetRow = z.infer<typeof FleetRow>;

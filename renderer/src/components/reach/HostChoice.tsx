// Which host the host checks and fixes act on: this PC, another PC over PowerShell Remoting (computer name,
// optional account, HTTP 5985 / HTTPS 5986), or an Azure VM through Run Command (resource id, Azure sign-in).
// The password is never typed here: Windows shows its own credential prompt.
import { useId, useState, type FormEvent } from 'react';
import type { HostInfo } from '../../../../shared/model';
import type { Result } from '../../../../shared/contract';
import { AZURE_VM_ID, COMPUTER_NAME, USER_NAME } from '../../../../shared/reach';
import { useApp, useAppStore } from '../../store/context';

type Kind = 'this-pc' | 'winrm' | 'azure';

function inputError(kind: Kind, computer: string, user: string, resourceId: string): string | null {
  if (kind === 'winrm' && !COMPUTER_NAME.test(computer.trim())) return 'Type the computer name, such as pc-042 or pc-042.corp.example.';
  if (kind === 'winrm' && user.trim() && !USER_NAME.test(user.trim()))
    return 'Type the account as DOMAIN\\user or user@domain, or leave it empty to use yours.';
  if (kind === 'azure' && !AZURE_VM_ID.test(resourceId.trim()))
    return "Paste the VM's resource id: /subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/NAME.";
  return null;
}

const KINDS = [
  ['this-pc', 'This PC as the host'],
  ['winrm', 'Another PC (PowerShell Remoting)'],
  ['azure', 'An Azure VM (Run Command)'],
] as const;

type Remote = NonNullable<HostInfo['remote']>;

/** A labelled one-line text input for a name or an id: no spell check, no autofill. */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  mono?: boolean;
  placeholder?: string;
  describedBy?: string;
}) {
  return (
    <>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        className={props.mono ? 'input mono' : 'input'}
        value={props.value}
        spellCheck={false}
        autoComplete="off"
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={props.describedBy}
      />
    </>
  );
}

/** Asks the service to switch hosts; on success the store shows the new host and forgets the old diagnosis. */
function useHostConnect(setError: (message: string | null) => void) {
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  async function connect(args: { kind: Kind; computer: string; user: string; https: boolean; resourceId: string }) {
    const { kind, computer, user, https, resourceId } = args;
    const bad = inputError(kind, computer, user, resourceId);
    if (bad) return setError(bad);
    const api = window.rdpDoctor;
    if (!api) return setError('The app is not connected to its service.');
    setBusy(true);
    setError(null);
    const answer = await api.invoke('host:connect', {
      kind,
      computer: kind === 'winrm' ? computer.trim() : null,
      user: kind === 'winrm' && user.trim() ? user.trim() : null,
      https: kind === 'winrm' && https,
      resourceId: kind === 'azure' ? resourceId.trim() : null,
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    const host: Result<'host:connect'> = answer.value;
    const state = store.getState();
    store.setState({ info: state.info ? { ...state.info, host } : state.info, diagnosis: null, run: null });
    void state.refreshJournal();
    // The next step is the host card, which now names this host: focus goes there, not back to the page top.
    requestAnimationFrame(() => document.getElementById('path-host-title')?.focus());
  }
  return { busy, connect };
}

export function HostChoice() {
  const info = useApp((s) => s.info);
  const current = info?.host.remote;
  const [kind, setKind] = useState<Kind>(current ? (current.via === 'azure-run-command' ? 'azure' : 'winrm') : 'this-pc');
  const [computer, setComputer] = useState(current && current.via !== 'azure-run-command' ? current.name : '');
  const [user, setUser] = useState('');
  const [https, setHttps] = useState(current?.via === 'winrm-https');
  const [resourceId, setResourceId] = useState(current?.via === 'azure-run-command' ? current.name : '');
  const [error, setError] = useState<string | null>(null);
  const { busy, connect } = useHostConnect(setError);
  const ids = { computer: useId(), user: useId(), resource: useId(), error: useId() };

  function submit(e: FormEvent) {
    e.preventDefault();
    void connect({ kind, computer, user, https, resourceId });
  }

  return (
    <form className="card host-choice" onSubmit={submit} noValidate>
      <h2 className="path-title">Which PC is the host?</h2>
      <fieldset className="host-kinds">
        <legend className="sr-only">Host</legend>
        {KINDS.map(([k, label]) => (
          <label key={k} className="radio">
            <input type="radio" name="host-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
          </label>
        ))}
      </fieldset>
      {kind === 'winrm' ? (
        <>
          <TextField id={ids.computer} label="Computer name" value={computer} onChange={setComputer} describedBy={ids.error} />
          <TextField id={ids.user} label="Account (optional)" value={user} onChange={setUser} placeholder="CORP\helpdesk" />
          <p className="field-hint">Empty: your own Windows account. Otherwise Windows asks for the password in its own window.</p>
          <label className="radio">
            <input type="radio" name="winrm-port" checked={!https} onChange={() => setHttps(false)} /> HTTP (port 5985, Kerberos in the
            domain)
          </label>
          <label className="radio">
            <input type="radio" name="winrm-port" checked={https} onChange={() => setHttps(true)} /> HTTPS (port 5986)
          </label>
        </>
      ) : null}
      {kind === 'azure' ? (
        <>
          <TextField id={ids.resource} label="VM resource id" value={resourceId} onChange={setResourceId} mono describedBy={ids.error} />
          <p className="field-hint">
            Sign-in: your Azure CLI login (az login) if there is one, else a browser window opens. Each check round is one Run Command and
            takes tens of seconds.
          </p>
        </>
      ) : null}
      <p id={ids.error} className="field-error" aria-live="polite">
        {error}
      </p>
      {/* Already this PC: nothing to connect, so no button that would seem to do something. */}
      {kind === 'this-pc' && !current ? (
        <p className="muted">The host checks and fixes run on this PC.</p>
      ) : (
        <button type="submit" className="btn" disabled={busy}>
          {busy ? 'Connecting…' : kind === 'this-pc' ? 'Use this PC' : 'Connect'}
        </button>
      )}
      {current ? <ConnectedNote current={current} computerName={info?.host.computerName} /> : null}
    </form>
  );
}

function ConnectedNote({ current, computerName }: { current: Remote; computerName: string | undefined }) {
  const via =
    current.via === 'azure-run-command'
      ? 'Azure Run Command'
      : current.via === 'winrm-https'
        ? 'PowerShell Remoting (HTTPS)'
        : 'PowerShell Remoting';
  return (
    <p className="muted" role="status">
      Connected to {current.name} ({computerName}) over {via}.
    </p>
  );
}

// Which host the host checks and fixes act on: this PC, another PC over PowerShell Remoting (computer name,
// optional account, HTTP 5985 / HTTPS 5986), or an Azure VM through Run Command (resource id, Azure sign-in).
// The password is never typed here: Windows shows its own credential prompt.
import { useId, useState, type FormEvent } from 'react';
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

export function HostChoice() {
  const info = useApp((s) => s.info);
  const store = useAppStore();
  const current = info?.host.remote;
  const [kind, setKind] = useState<Kind>(current ? (current.via === 'azure-run-command' ? 'azure' : 'winrm') : 'this-pc');
  const [computer, setComputer] = useState(current && current.via !== 'azure-run-command' ? current.name : '');
  const [user, setUser] = useState('');
  const [https, setHttps] = useState(current?.via === 'winrm-https');
  const [resourceId, setResourceId] = useState(current?.via === 'azure-run-command' ? current.name : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { computer: useId(), user: useId(), resource: useId(), error: useId() };

  async function connect(e: FormEvent) {
    e.preventDefault();
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

  return (
    <form className="card host-choice" onSubmit={(e) => void connect(e)} noValidate>
      <h2 className="path-title">Which PC is the host?</h2>
      <fieldset className="host-kinds">
        <legend className="sr-only">Host</legend>
        {(
          [
            ['this-pc', 'This PC as the host'],
            ['winrm', 'Another PC (PowerShell Remoting)'],
            ['azure', 'An Azure VM (Run Command)'],
          ] as const
        ).map(([k, label]) => (
          <label key={k} className="radio">
            <input type="radio" name="host-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
          </label>
        ))}
      </fieldset>
      {kind === 'winrm' ? (
        <>
          <label className="field-label" htmlFor={ids.computer}>
            Computer name
          </label>
          <input
            id={ids.computer}
            className="input"
            value={computer}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setComputer(e.target.value)}
            aria-describedby={ids.error}
          />
          <label className="field-label" htmlFor={ids.user}>
            Account (optional)
          </label>
          <input
            id={ids.user}
            className="input"
            value={user}
            spellCheck={false}
            autoComplete="off"
            placeholder="CORP\helpdesk"
            onChange={(e) => setUser(e.target.value)}
          />
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
          <label className="field-label" htmlFor={ids.resource}>
            VM resource id
          </label>
          <input
            id={ids.resource}
            className="input mono"
            value={resourceId}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setResourceId(e.target.value)}
            aria-describedby={ids.error}
          />
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
      {current ? (
        <p className="muted" role="status">
          Connected to {current.name} ({info?.host.computerName}) over{' '}
          {current.via === 'azure-run-command'
            ? 'Azure Run Command'
            : current.via === 'winrm-https'
              ? 'PowerShell Remoting (HTTPS)'
              : 'PowerShell Remoting'}
          .
        </p>
      ) : null}
    </form>
  );
}

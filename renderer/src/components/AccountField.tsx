// "Which account do you connect with?": host.user-rights then judges that account (resolved on the host, by
// the groups in its token), not only the accounts the Security log shows refused. The form is checked by the
// service (shared/account.ts); its message names the field.
import { useId } from 'react';
import { useApp } from '../store/context';

export function AccountField() {
  const userText = useApp((s) => s.userText);
  const setUserText = useApp((s) => s.setUserText);
  const ids = { input: useId(), hint: useId() };
  return (
    <div className="card error-code">
      <label className="field-label" htmlFor={ids.input}>
        Which account do you connect with?
      </label>
      <input
        id={ids.input}
        className="input"
        type="text"
        name="user"
        autoComplete="off"
        spellCheck={false}
        placeholder="CORP\j.doe"
        value={userText}
        maxLength={260}
        aria-describedby={ids.hint}
        onChange={(e) => setUserText(e.target.value)}
      />
      <p id={ids.hint} className="field-hint">
        Optional. As DOMAIN\name or name@domain: the host checks whether this account may log on through Remote Desktop.
      </p>
    </div>
  );
}

import { hostReach } from '../../../shared/host-reach';
import { isSimulatedHost } from '../store/app-store';
import { useApp } from '../store/context';
import { ClientPathCard } from './ClientPathCard';
import { AccountField } from './AccountField';
import { ErrorCodeField } from './ErrorCodeField';
import { HostPathCard } from './HostPathCard';
import { HostChoice } from './reach/HostChoice';

/** What the app is for, then the two sides a technician can be on. */
export function StartScreen() {
  const info = useApp((s) => s.info);
  const simulated = isSimulatedHost(info);
  const remote = info?.host.remote ? hostReach(info.host).name : null;
  return (
    <div className="start">
      <h1 className="page-title">What do you want to check?</h1>
      <p className="lead">
        For Remote Desktop connections that fail with <strong>error code 0x904, extended error code 0x7</strong> (the session drops right
        after the password) and its relatives: “An internal error has occurred”, “This computer can't connect to the remote computer”,
        certificate, NLA and CredSSP errors. Pick the side you are on: RDP Doctor runs every check, lists the problems in the order to fix
        them, and fixes them with your go-ahead; you see every change first, and most can be undone.
      </p>
      {simulated && remote ? (
        <p className="sim-note" role="note">
          <span className="sim-tag">Simulated host</span> <strong>{remote} is not a real Windows PC.</strong> RDP Doctor is not running on
          Windows, so {remote} is a model of a Windows PC with a known problem, reached over a simulated link. Host checks and fixes act on
          that model, never on a real machine; the connection checks are real.
        </p>
      ) : simulated ? (
        <p className="sim-note" role="note">
          <span className="sim-tag">Simulated host</span> <strong>This is not a real Windows PC.</strong> RDP Doctor is not running on
          Windows, so the host side is a model of a Windows PC with a known problem. Host checks and fixes act on that model, never on this
          computer; the connection checks are real.
        </p>
      ) : null}
      {/* Two optional inputs side by side: the diagnose cards stay in view on a laptop screen. */}
      <div className="start-inputs">
        <ErrorCodeField />
        <AccountField />
      </div>
      {/* Which host first: the host card below then names the host it will diagnose. */}
      <HostChoice />
      <div className="paths">
        <ClientPathCard />
        <HostPathCard />
      </div>
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { hostReach } from '../../../shared/host-reach';
import { useApp } from '../store/context';
import type { Screen } from '../store/app-store';
import { isSimulatedHost, openDowngrades } from '../store/app-store';
import { DiagnosisScreen } from './DiagnosisScreen';
import { DowngradeBanner } from './DowngradeBanner';
import { ExportBar } from './ExportBar';
import { FixDialog } from './FixDialog';
import { ElevateButton } from './FixButtons';
import { HistoryScreen } from './HistoryScreen';
import { NoticeDock, Notices } from './Notices';
import { ScanScreen } from './ScanScreen';
import { StartScreen } from './StartScreen';

function HostBadge() {
  const info = useApp((s) => s.info);
  if (!info) return null;
  const h = info.host;
  // Rights are the app's, on a simulated PC as on a real one: "not administrator" and the way out only then.
  const rights = h.elevated ? (
    <span className="muted">administrator</span>
  ) : (
    <>
      <span className="warn-text">not administrator</span>
      <ElevateButton />
    </>
  );
  if (h.kind === 'simulated') {
    return (
      <p className="host-badge" title={h.scenarioSummary ?? undefined}>
        <span className="sim-tag">Simulated host</span>
        <span>{h.scenario ?? 'no scenario'}</span>
        {h.elevated ? null : rights}
      </p>
    );
  }
  const simulated = isSimulatedHost(info);
  return (
    <p className="host-badge">
      {simulated ? <span className="sim-tag">Simulated host</span> : null}
      <span>{h.remote ? hostReach(h).name : h.computerName}</span>
      {/* A remote session's rights are its account's there; restarting this app changes nothing about them. */}
      {h.remote ? h.elevated ? null : <span className="warn-text">not administrator there</span> : rights}
    </p>
  );
}

const NAV: { screen: Screen; title: string }[] = [
  { screen: 'start', title: 'Diagnose' },
  { screen: 'scan', title: 'Scan many PCs' },
  { screen: 'history', title: 'History' },
];

function Nav() {
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const hasRun = useApp((s) => !!s.run || !!s.diagnosis);
  const openCount = useApp((s) => s.journal.filter((e) => e.state === 'applied').length);
  const downgrades = useApp((s) => openDowngrades(s.journal).length);
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {NAV.map((item) => {
          const target: Screen = item.screen === 'start' && hasRun ? 'diagnosis' : item.screen;
          const current = item.screen === 'start' ? screen === 'start' || screen === 'diagnosis' : screen === item.screen;
          return (
            <li key={item.screen}>
              <button
                type="button"
                className="nav-link"
                aria-current={current ? 'page' : undefined}
                onClick={() => go(current && item.screen === 'start' ? 'start' : target)}
              >
                {item.title}
                {item.screen === 'history' && openCount > 0 ? (
                  <span className={`count ${downgrades ? 'count-danger' : ''}`} aria-label={`, ${openCount} applied`}>
                    {openCount}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function App() {
  const info = useApp((s) => s.info);
  const loadError = useApp((s) => s.loadError);
  const screen = useApp((s) => s.screen);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (info && !performance.getEntriesByName('rdp-doctor:interactive').length) performance.mark('rdp-doctor:interactive');
  }, [info]);

  // A new screen takes focus to its heading, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = main.current?.querySelector<HTMLElement>('h1');
    h1?.setAttribute('tabindex', '-1');
    h1?.focus();
  }, [screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="header">
        <div className="topbar">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              ⚕
            </span>
            <span className="brand-name">RDP Doctor</span>
          </div>
          <Nav />
          <HostBadge />
        </div>
        <div className="toolbar">
          <ExportBar />
        </div>
      </header>
      {/* The page scrolls here, between the header and the notice dock: a notice never lies over content. */}
      <div className="scroller">
        <main id="main" ref={main} className="main" tabIndex={-1} aria-busy={!info && !loadError}>
          <DowngradeBanner />
          <Notices />
          {loadError ? (
            <section className="card error-screen">
              <h1 className="page-title">RDP Doctor cannot start</h1>
              <p>{loadError}</p>
            </section>
          ) : !info ? (
            <p className="muted">Starting…</p>
          ) : screen === 'start' ? (
            <StartScreen />
          ) : screen === 'diagnosis' ? (
            <DiagnosisScreen />
          ) : screen === 'scan' ? (
            <ScanScreen />
          ) : (
            <HistoryScreen />
          )}
        </main>
      </div>
      <NoticeDock />
      <FixDialog />
    </div>
  );
}

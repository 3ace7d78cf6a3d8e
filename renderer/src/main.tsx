import { createRoot } from 'react-dom/client';
import type { RdpApi } from '../../shared/contract';
import { installWebApi } from './bridge/web-api';
import { App } from './components/App';
import { createAppStore } from './store/app-store';
import { StoreProvider } from './store/context';
import './styles.css';

declare global {
  interface Window {
    rdpDoctor?: RdpApi;
  }
}

const root = createRoot(document.getElementById('root')!);

// Electron's preload provides the API; the browser build gets it from the loopback bridge.
if (!installWebApi(window) || !window.rdpDoctor) {
  root.render(
    <main className="main">
      <section className="card error-screen">
        <h1 className="page-title">RDP Doctor cannot start</h1>
        <p>
          This page needs the one-time key that <code>rdp-doctor web</code> prints. Open the full address it printed, including the part
          after <code>#</code>.
        </p>
      </section>
    </main>,
  );
} else {
  const store = createAppStore(window.rdpDoctor);
  root.render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  void store.getState().init();
}

// Models of the certificate ops (ops/certificate-list, ops/certificate-remove) over the simulated stores, and
// which certificate the RDP listener uses (read by the certificate and MachineKeys check models too).
import type { SimScriptTable } from '../sim-script';
import { getValue } from '../registry';
import { MACHINEKEYS_DIR, RDP_TCP_KEY, type Certificate, type WinState } from '../state';
import { SimError, usableSelfSigned } from '../world';

const EKU_OIDS: Record<string, string> = {
  'Server Authentication': '1.3.6.1.5.5.7.3.1',
  'Client Authentication': '1.3.6.1.5.5.7.3.2',
  'Code Signing': '1.3.6.1.5.5.7.3.3',
  'Remote Desktop Authentication': '1.3.6.1.4.1.311.54.1.2',
};

function certView(thumbprint: string, c: Certificate) {
  return {
    thumbprint,
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    hasPrivateKey: c.hasPrivateKey,
    enhancedKeyUsage: c.enhancedKeyUsage.map((e) => EKU_OIDS[e] ?? e),
    // The simulator holds no DER; a real host returns the public certificate here when asked.
    rawData: null,
  };
}

export function findCertificate(state: WinState, thumbprint: string, stores: string[]): { store: string; cert: Certificate } | undefined {
  for (const store of stores) {
    const cert = state.certificates[store]?.[thumbprint.toUpperCase()];
    if (cert) return { store, cert };
  }
  return undefined;
}

/** What Win32_TSGeneralSetting.SSLCertificateSHA1Hash reports: the custom binding, else the self-signed one. */
export function inUseThumbprint(state: WinState, now: Date): string | null {
  const binding = getValue(state, RDP_TCP_KEY, 'SSLCertificateSHA1Hash');
  if (binding && typeof binding.data === 'string' && binding.data.length > 0) return binding.data.toUpperCase();
  const usable = usableSelfSigned(state, now);
  if (usable) return usable[0];
  return Object.keys(state.certificates['Remote Desktop'] ?? {})[0] ?? null;
}

export const certificateOps: SimScriptTable = {
  'ops/certificate-list': ({ state }, input: { stores: { store: string; thumbprints?: string[] }[] }) => ({
    stores: input.stores.map(({ store, thumbprints }) => {
      // A store this account may not open (state.unreadableKeys names it as Cert:\LocalMachine\<store>): the
      // script reports why, and no certificates, rather than "no such store".
      const denied = state.unreadableKeys.some((k) => k.toLowerCase() === `cert:\\localmachine\\${store}`.toLowerCase());
      if (denied) return { store, exists: true, unreadable: 'access denied', certificates: [] };
      const certs = state.certificates[store];
      const wanted = thumbprints?.map((t) => t.toUpperCase());
      return {
        store,
        exists: certs !== undefined,
        unreadable: null,
        certificates: Object.entries(certs ?? {})
          .filter(([t]) => !wanted || wanted.includes(t))
          .map(([t, c]) => certView(t, c)),
      };
    }),
  }),

  'ops/certificate-remove': ({ state }, input: { store: string; thumbprints: string[]; deleteKey: boolean }) => {
    if (!state.computer.elevated) throw new SimError('Access is denied.', 'UnauthorizedAccessException');
    const store = state.certificates[input.store];
    const removed: string[] = [];
    for (const t of input.thumbprints.map((x) => x.toUpperCase())) {
      if (!/^[0-9A-F]{40}$/.test(t)) throw new SimError(`not a certificate thumbprint: ${t}`);
      const cert = store?.[t];
      if (!cert) continue;
      if (input.deleteKey && cert.keyFile) delete state.files[`${MACHINEKEYS_DIR}\\${cert.keyFile}`];
      delete store[t];
      removed.push(t);
    }
    return { removed };
  },
};

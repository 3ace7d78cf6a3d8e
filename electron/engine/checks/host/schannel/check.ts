// host.schannel: TLS 1.2 on the server side of Schannel. RDP's TLS and CredSSP run over it; with TLS 1.2 off
// (and 1.0/1.1 off, as they should be) TermService cannot build a TLS server credential (Schannel 36871).
// An absent value means "enabled" on Windows 10 / Server 2016 and later. The fix only ever turns TLS 1.2 on;
// TLS 1.0/1.1 are shown, never changed.
import type { Check, CheckContext } from '../../../types';
import { readRegistry, registryFix, type RegRead, type RegWrite } from '../../../ops/registry';
import { SCHANNEL_PROTOCOLS_KEY } from '../../../windows-paths';

export const tlsServerKey = (version: string) => `${SCHANNEL_PROTOCOLS_KEY}\\TLS ${version}\\Server`;
export const TLS12_SERVER_KEY = tlsServerKey('1.2');
const VERSIONS = ['1.0', '1.1', '1.2'] as const;

interface ProtocolState {
  version: string;
  enabled: RegRead;
  disabledByDefault: RegRead;
}
interface Data {
  protocols: ProtocolState[];
}

/** Enabled=0 turns a protocol off; any other value (1, 0xFFFFFFFF) or none leaves it on. */
function isOff(p: ProtocolState): boolean {
  return p.enabled.exists && p.enabled.data === 0;
}
function isOffByDefault(p: ProtocolState): boolean {
  return p.disabledByDefault.exists && typeof p.disabledByDefault.data === 'number' && p.disabledByDefault.data !== 0;
}

/** Turned on explicitly, as opposed to left to the OS default (which for TLS 1.0/1.1 differs by build). */
function isExplicitlyOn(p: ProtocolState): boolean {
  return p.enabled.exists && p.enabled.data !== 0 && !isOffByDefault(p);
}

function describe(p: ProtocolState): string {
  const v = (r: RegRead) => (r.exists ? String(r.data) : 'not set');
  const state = isOff(p) ? 'disabled' : isOffByDefault(p) ? 'disabled by default' : p.enabled.exists ? 'enabled' : 'OS default';
  return `${state} (Enabled ${v(p.enabled)}, DisabledByDefault ${v(p.disabledByDefault)})`;
}

function tls12(data: Data): ProtocolState {
  return data.protocols.find((p) => p.version === '1.2')!;
}

function enableWrites(data: Data): RegWrite[] {
  const p = tls12(data);
  const w: RegWrite[] = [];
  if (isOff(p)) w.push({ key: TLS12_SERVER_KEY, name: 'Enabled', value: { type: 'REG_DWORD', data: 1 } });
  if (isOffByDefault(p)) w.push({ key: TLS12_SERVER_KEY, name: 'DisabledByDefault', value: { type: 'REG_DWORD', data: 0 } });
  return w;
}

export const check: Check<Data> = {
  id: 'host.schannel',
  side: 'host',
  layer: 'policy',
  rank: 110,
  title: 'TLS 1.2 is enabled for the server (Schannel)',
  reads: `Enabled and DisabledByDefault under ${tlsServerKey('1.0|1.1|1.2')}`,
  passWhen:
    'TLS 1.2 server is enabled (Enabled not 0, DisabledByDefault not 1; absent means enabled on Windows 10 / Server 2016 and later)',
  source: 'beyond seeds',
  scripts: ['ops/registry-read'],
  async collect(ctx: CheckContext) {
    const reads = await readRegistry(
      ctx,
      VERSIONS.flatMap((v) => [
        { key: tlsServerKey(v), name: 'Enabled' },
        { key: tlsServerKey(v), name: 'DisabledByDefault' },
      ]),
    );
    return { protocols: VERSIONS.map((version, i) => ({ version, enabled: reads[2 * i]!, disabledByDefault: reads[2 * i + 1]! })) };
  },
  judge(data) {
    const evidence = data.protocols.map((p) => ({ label: `TLS ${p.version} server`, value: describe(p), source: tlsServerKey(p.version) }));
    const p = tls12(data);
    if (!isOff(p) && !isOffByDefault(p)) {
      const legacy = data.protocols.filter((x) => x.version !== '1.2' && isExplicitlyOn(x)).map((x) => `TLS ${x.version}`);
      const note = legacy.length
        ? ` (${legacy.join(' and ')} explicitly enabled too; RDP does not need ${legacy.length > 1 ? 'them' : 'it'})`
        : '';
      return { status: 'pass', verdict: `TLS 1.2 is enabled for the server side of Schannel${note}.`, evidence };
    }
    const legacyOn = data.protocols.filter((x) => x.version !== '1.2' && !isOff(x) && !isOffByDefault(x)).length > 0;
    return {
      status: 'fail',
      verdict: `TLS 1.2 is ${isOff(p) ? 'disabled' : 'disabled by default'} for the server side of Schannel, so ${
        legacyOn
          ? 'RDP can offer only TLS 1.0/1.1 (where this Windows version still enables them), which clients with those versions turned off (hardened PCs, newer Windows) refuse'
          : 'the host cannot offer TLS to Remote Desktop clients (Schannel event 36871)'
      }.`,
      evidence,
      fixes: ['enable-tls12-server'],
    };
  },
  fixes: [
    registryFix<Data>({
      id: 'enable-tls12-server',
      title: 'Enable TLS 1.2 for the server',
      description: `Sets Enabled = 1 and DisabledByDefault = 0 (whichever is wrong) under ${TLS12_SERVER_KEY}. TLS 1.0 and 1.1 are left as they are. Takes effect after a restart.`,
      reversible: true,
      lowersSecurity: false,
      needsAdmin: true,
      needsRestart: true,
      dropsSessions: false,
      touches: {
        shape: 'registry-values',
        registry: [
          // Enabled: 0 off, 1 or 0xFFFFFFFF on; DisabledByDefault: 0 or 1.
          // https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings
          { key: TLS12_SERVER_KEY, name: 'Enabled', type: 'REG_DWORD', values: [0, 1, 0xffffffff] },
          { key: TLS12_SERVER_KEY, name: 'DisabledByDefault', type: 'REG_DWORD', values: [0, 1] },
        ],
      },
      writes: enableWrites,
      warnings: () => ['Schannel reads its protocol settings at boot: restart the host for TLS 1.2 to be offered.'],
    }),
  ],
};

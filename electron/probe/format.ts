// Human-readable text of a probe report for the terminal: the layers with their evidence, then the findings.
import type { ProbeReport, ScanRow } from '../../shared/probe';
import { prettyTls } from './judge';

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

export function formatReport(r: ProbeReport): string {
  const out: string[] = [`RDP handshake probe of ${r.target} (${Math.round(r.durationMs)} ms, timeout ${r.timeoutMs} ms)`, ''];
  const row = (label: string, text: string): void => void out.push(`  ${pad(label, 13)}${text}`);
  const more = (text: string): void => void out.push(`  ${' '.repeat(13)}${text}`);
  const { dns, tcp, negotiation, tls, ipVsName } = r.layers;
  if (dns) {
    if (dns.isIp) row('DNS', `${dns.name} is an IP address: nothing to resolve`);
    else {
      row(
        'DNS',
        dns.lookup.error
          ? `${dns.name}: ${dns.lookup.error}`
          : `${dns.name} -> ${dns.lookup.addresses.join(', ')} (${Math.round(dns.lookup.ms)} ms)`,
      );
      more(
        `DNS A: ${dns.a.error ?? (dns.a.addresses.join(', ') || 'none')}; AAAA: ${dns.aaaa.error ?? (dns.aaaa.addresses.join(', ') || 'none')}`,
      );
    }
  }
  if (tcp) {
    const ok = tcp.attempts.filter((a) => a.outcome === 'connected').length;
    const lat = tcp.latencyMs
      ? `, ${tcp.latencyMs.avg} ms avg (min ${tcp.latencyMs.min}, max ${tcp.latencyMs.max}), jitter ${tcp.jitterMs ?? 0} ms`
      : '';
    row('TCP', `${tcp.address} port ${r.port}: ${ok} of ${tcp.planned} connected${lat}, loss ${tcp.lossPct}%`);
    const failed = tcp.attempts.find((a) => a.outcome !== 'connected');
    if (failed) more(`first failure: ${failed.outcome}${failed.code ? ` (${failed.code})` : ''} after ${failed.ms} ms`);
    for (const a of tcp.failedAddresses ?? [])
      more(`tried first: ${a.address}: ${a.outcome}${a.code ? ` (${a.code})` : ''} after ${a.ms} ms`);
  }
  if (negotiation) {
    row('Negotiation', '');
    for (const a of negotiation.attempts) {
      const asked = a.requestedNames.join('|') || 'no negotiation data';
      const got =
        a.outcome === 'response'
          ? `selected ${a.selectedName}${a.flagNames.length ? ` (flags ${a.flagNames.join('|')})` : ''}`
          : a.outcome === 'failure'
            ? `RDP_NEG_FAILURE ${a.failureName}`
            : a.outcome === 'legacy'
              ? 'Connection Confirm without negotiation data'
              : a.outcome === 'refused'
                ? 'X.224 Disconnect Request'
                : (a.error ?? 'no answer');
      more(`${pad(a.request, 10)}${pad(asked, 22)}-> ${got} (${a.ms} ms)`);
    }
  }
  if (tls) {
    const via = tls.via === 'fallback' ? 'pure-JS reader' : 'platform TLS';
    row('TLS', tls.ok ? `${prettyTls(tls.version)}, ${tls.cipher} (${via}, on the ${tls.onRequest} socket)` : `failed: ${tls.error}`);
    const c = tls.certificate;
    if (c) {
      row('Certificate', `${c.subject}; issuer ${c.selfSigned ? 'itself (self-signed)' : c.issuer}`);
      const left = c.expired ? `expired ${-c.daysLeft} days ago` : c.notYetValid ? 'not valid yet' : `${c.daysLeft} days left`;
      more(`valid ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)} UTC (${left})`);
      more(`thumbprint ${c.thumbprint}`);
      more(`key usage ${c.keyUsage?.join(', ') ?? 'any'}; extended ${c.extendedKeyUsage?.join(', ') ?? 'any'}`);
      more(`names ${c.subjectAltNames.join(', ') || c.subjectCommonName || '-'}; ${c.publicKey}`);
    }
  }
  if (ipVsName?.compared) {
    row('By name', `${ipVsName.byName?.summary}`);
    for (const b of ipVsName.byIp) row(`By ${b.address}`, b.summary);
  }
  if (r.identity) {
    const id = r.identity;
    row(
      'Identity',
      `${id.netbiosComputerName ?? '?'} (${id.dnsComputerName ?? '-'}), domain ${id.netbiosDomainName ?? '-'} (${id.dnsDomainName ?? '-'}), tree ${id.dnsTreeName ?? '-'}`,
    );
    more(
      `version ${id.productVersion ?? '-'}; clock ${id.hostTime ?? '-'}${id.clockSkewSeconds !== null ? ` (${id.clockSkewSeconds} s from this PC)` : ''}`,
    );
  } else if (r.identityReason) row('Identity', r.identityReason);
  out.push('', 'Findings');
  for (const f of r.findings) out.push(`  ${pad(f.status.toUpperCase(), 8)}${pad(f.layer, 12)}${f.text}`);
  return out.join('\n') + '\n';
}

export function formatScan(rows: ScanRow[]): string {
  const width = Math.min(40, Math.max(6, ...rows.map((r) => r.target.length)));
  const out = [`${pad('STATUS', 8)}${pad('TARGET', width + 1)}${pad('MS', 8)}SUMMARY`];
  for (const r of rows)
    out.push(`${pad(r.status.toUpperCase(), 8)}${pad(r.target, width + 1)}${pad(String(Math.round(r.durationMs)), 8)}${r.summary}`);
  const counts = ['pass', 'warn', 'fail', 'error', 'skipped']
    .map((s) => [s, rows.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0);
  out.push('', `${rows.length} targets: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  return out.join('\n') + '\n';
}

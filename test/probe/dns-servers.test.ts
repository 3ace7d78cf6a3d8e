// `--dns-server`: the address forms Node's Resolver.setServers takes, and nothing else (a name would need the
// very resolution it configures; a URL or a port out of range is a typing mistake to name, not to guess at).
import { describe, expect, it } from 'vitest';
import { parseDnsServer } from '../../electron/probe/dns-servers';
import { parseWebArgs } from '../../electron/cli/commands/web';

describe('parseDnsServer', () => {
  it.each(['127.0.0.1', '127.0.0.1:5353', '[::1]:53', '[::1]'])('takes %s', (text) => expect(parseDnsServer(text)).toBe(text));
  it.each(['dns.corp.example', 'http://127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '300.1.1.1', '::1:53', ''])('refuses %s', (text) =>
    expect(parseDnsServer(text)).toBeNull(),
  );
});

describe('rdp-doctor web --dns-server / --not-elevated', () => {
  it('names the field and the expected form', () => {
    expect(() => parseWebArgs(['--dns-server', 'http://x'], '/')).toThrow(/--dns-server.*expected an IP address/s);
  });
  it('passes both through', () => {
    const args = parseWebArgs(['--dns-server', '127.0.0.1:5353', '--not-elevated'], '/');
    expect(args).toMatchObject({ dnsServer: '127.0.0.1:5353', notElevated: true });
  });
});

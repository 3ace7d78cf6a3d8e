// Technical words the checks cannot avoid (they are what Windows and the error dialogs say), each with a
// one-line meaning the technician can read on hover. Texts come from the engine, so the terms are found
// in them rather than marked at the source.

export const GLOSSARY: Record<string, string> = {
  NLA: 'Network Level Authentication: the user signs in before the remote session starts.',
  'Network Level Authentication': 'The user signs in before the remote session starts (NLA).',
  CredSSP: 'How Windows hands the sign-in over to the host for Network Level Authentication.',
  TLS: 'The encryption that protects the Remote Desktop connection.',
  Schannel: 'The part of Windows that does TLS encryption.',
  '0x904/0x7': 'The error code Remote Desktop Connection shows when the secure connection cannot be set up.',
  '0x904': 'The error code Remote Desktop Connection shows when the secure connection cannot be set up.',
  HYBRID_REQUIRED_BY_SERVER: "The host's answer meaning: this host accepts only clients that use Network Level Authentication.",
  SecurityLayer: 'Host setting for the connection security: 0 = old RDP encryption, 1 = negotiate, 2 = TLS.',
  fDenyTSConnections: 'The setting behind "Allow remote connections to this computer": 1 = off, 0 = on.',
  UserAuthentication: 'The host setting that requires Network Level Authentication: 1 = on, 0 = off.',
  WMI: 'Windows Management Instrumentation: where Windows reports which certificate Remote Desktop uses.',
  Winsock: 'The Windows network layer every program uses to make connections.',
  MachineKeys: 'The folder where Windows keeps the private keys of computer certificates.',
  thumbprint: 'A short fingerprint that identifies one certificate.',
  'self-signed': 'Made by the PC itself, not by a certificate authority; clients warn unless they already trust it.',
  'Group Policy': 'Settings pushed by the domain or set in gpedit; they override local settings.',
  UDP: 'A faster network transport Remote Desktop tries besides TCP.',
  TCP: 'The network connection Remote Desktop runs over (port 3389 unless changed).',
  ECONNREFUSED: 'The PC answered, but nothing accepts connections on that port.',
  ETIMEDOUT: 'No answer at all: the PC is off, unreachable, or a firewall drops the packets.',
  TermService: 'Remote Desktop Services, the Windows service that accepts Remote Desktop connections.',
  SessionEnv: 'Remote Desktop Configuration, a helper service of Remote Desktop Services.',
  DNS: 'Name lookup: turns a PC name into an address.',
  mstsc: 'Remote Desktop Connection, the Windows client program (mstsc.exe).',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Longest first, so "0x904/0x7" wins over "0x904" and "Network Level Authentication" over nothing shorter.
const TERMS = Object.keys(GLOSSARY).sort((a, b) => b.length - a.length);
const PATTERN = new RegExp(`(?<![\\w.-])(${TERMS.map(escape).join('|')})(?![\\w-])`, 'g');

export type Piece = string | { term: string; text: string; meaning: string };

/** Splits a text into plain runs and glossary terms; each term is marked once per text, where it first appears. */
export function splitTerms(text: string): Piece[] {
  const out: Piece[] = [];
  const seen = new Set<string>();
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const term = m[1]!;
    if (seen.has(term)) continue;
    seen.add(term);
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push({ term, text: term, meaning: GLOSSARY[term]! });
    last = m.index + term.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// The one reader for text files a user hands the product (scan lists, fleet files). The users are Windows
// technicians: Windows PowerShell 5.1 writes UTF-16LE with a byte-order mark for `>` and Out-File, UTF-8 with a
// BOM for `-Encoding utf8`, UTF-16BE for `-Encoding bigendianunicode`. A file is decoded by its BOM; one without a
// BOM must be UTF-8 (ASCII included). Anything else is refused with the file's name and the form to save it in,
// never guessed: a guessed code page would turn a host name into a different host name.
import { open, stat } from 'node:fs/promises';

export const SAVE_AS_UTF8 = 'save it as UTF-8 (PowerShell: Out-File -Encoding utf8)';

export class UserFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFileError';
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF16LE = new TextDecoder('utf-16le', { fatal: true });

function refuse(label: string, why: string): UserFileError {
  return new UserFileError(`"${label}" is not UTF-8 text (${why}): ${SAVE_AS_UTF8}`);
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean, label: string): string {
  if (bytes.length % 2 !== 0) throw refuse(label, 'a UTF-16 byte-order mark, but an odd number of bytes');
  // UTF-16BE is swapped into LE order: a BE decoder needs ICU data a Node or Electron build may lack.
  const le = bigEndian ? Buffer.from(bytes).swap16() : bytes;
  try {
    return UTF16LE.decode(le);
  } catch {
    throw refuse(label, 'a UTF-16 byte-order mark, but text that is not valid UTF-16');
  }
}

/** The text of a user's file, decoded by its byte-order mark (none: UTF-8), without the mark. */
export function decodeUserText(bytes: Uint8Array, label: string): string {
  const [b0, b1, b2, b3] = bytes;
  // UTF-32 first: its little-endian BOM starts with the UTF-16LE one.
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff))
    throw refuse(label, 'it is UTF-32');
  let text: string;
  if (b0 === 0xff && b1 === 0xfe) text = decodeUtf16(bytes.subarray(2), false, label);
  else if (b0 === 0xfe && b1 === 0xff) text = decodeUtf16(bytes.subarray(2), true, label);
  else {
    const body = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? bytes.subarray(3) : bytes;
    if (body.includes(0)) throw refuse(label, 'it holds NUL bytes: UTF-16 without a byte-order mark, or not text at all');
    try {
      text = UTF8.decode(body);
    } catch {
      throw refuse(label, 'it holds bytes that are not UTF-8, e.g. an ANSI code page');
    }
  }
  if (text.includes('\0')) throw refuse(label, 'it holds NUL characters');
  return text;
}

/**
 * Reads and decodes a user's text file. `label` is the name the user gave (as typed), used in every message.
 * Refuses what is not a regular file (a folder, a device, a pipe) or is larger than maxBytes before reading it.
 */
export async function readUserTextFile(file: string, label: string, maxBytes: number): Promise<string> {
  let bytes: Uint8Array;
  const tooLarge = () => new UserFileError(`"${label}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  try {
    // stat before open: opening a pipe would wait for a writer.
    const info = await stat(file);
    if (!info.isFile()) throw new UserFileError(`"${label}" is not a file`);
    if (info.size > maxBytes) throw tooLarge();
    const handle = await open(file, 'r');
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (bytes.length > maxBytes) throw tooLarge();
  } catch (err) {
    if (err instanceof UserFileError) throw err;
    throw new UserFileError(`cannot read "${label}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeUserText(bytes, label);
}

// Fault injection for the crash tests, loaded with `node --require` into a real CLI process: every file
// system step that changes something under KILL_IO_DIR (open for writing, write, fsync, rename, unlink,
// mkdir, close of a written file) is numbered. KILL_IO_TRACE=file appends "n<TAB>step<TAB>path" per step;
// KILL_IO_AT=n SIGKILLs the process at step n: before the step, except a write, which first writes half its
// bytes (a process killed in the middle of writing a file). The product has no kill points of its own.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DIR = process.env.KILL_IO_DIR ? path.resolve(process.env.KILL_IO_DIR) : null;
const AT = Number(process.env.KILL_IO_AT || 0);
const TRACE = process.env.KILL_IO_TRACE || null;
const orig = {};
for (const k of [
  'openSync',
  'writeSync',
  'fsyncSync',
  'fdatasyncSync',
  'closeSync',
  'renameSync',
  'unlinkSync',
  'rmSync',
  'mkdirSync',
  'writeFileSync',
  'appendFileSync',
  'copyFileSync',
])
  orig[k] = fs[k];
const promises = {};
for (const k of ['writeFile', 'appendFile', 'rename', 'unlink', 'rm', 'mkdir', 'copyFile']) promises[k] = fs.promises[k];

let step = 0;
/** fd -> path, for descriptors opened under DIR (files and folders). */
const fds = new Map();

function watched(p) {
  if (!DIR || (typeof p !== 'string' && !Buffer.isBuffer(p) && !(p instanceof URL))) return null;
  const abs = path.resolve(p instanceof URL ? p.pathname : String(p));
  return abs === DIR || abs.startsWith(DIR + path.sep) ? path.relative(DIR, abs) || '.' : null;
}

/** One numbered step; at the chosen one, `half` (if any) runs, then the process dies as in a power cut. */
function io(kind, rel, half) {
  step += 1;
  if (TRACE) orig.appendFileSync(TRACE, `${step}\t${kind}\t${rel}\n`);
  if (step === AT) {
    if (half) half();
    process.kill(process.pid, 'SIGKILL');
  }
}

function writesTo(flags) {
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;
  return typeof flags === 'string' && /[wa+]/.test(flags);
}

fs.openSync = function openSync(p, flags) {
  const rel = watched(p);
  if (rel && writesTo(flags)) io('open', rel);
  const fd = orig.openSync.apply(fs, arguments);
  if (rel) fds.set(fd, rel);
  return fd;
};

fs.writeSync = function writeSync(fd, data, a, b) {
  const rel = fds.get(fd);
  if (rel) {
    io('write', rel, () => {
      if (typeof data === 'string') orig.writeSync(fd, data.slice(0, Math.floor(data.length / 2)));
      else {
        const off = typeof a === 'number' ? a : 0;
        const len = typeof b === 'number' ? b : data.byteLength - off;
        orig.writeSync(fd, data, off, Math.floor(len / 2));
      }
    });
  }
  return orig.writeSync.apply(fs, arguments);
};

for (const k of ['fsyncSync', 'fdatasyncSync']) {
  fs[k] = function (fd) {
    const rel = fds.get(fd);
    if (rel) io('fsync', rel);
    return orig[k].apply(fs, arguments);
  };
}

fs.closeSync = function closeSync(fd) {
  fds.delete(fd);
  return orig.closeSync.apply(fs, arguments);
};

fs.renameSync = function renameSync(from, to) {
  const rel = watched(to) ?? watched(from);
  if (rel) io('rename', `${watched(from) ?? from} -> ${rel}`);
  return orig.renameSync.apply(fs, arguments);
};

for (const k of ['unlinkSync', 'rmSync', 'mkdirSync', 'copyFileSync']) {
  fs[k] = function (p) {
    const rel = watched(k === 'copyFileSync' ? arguments[1] : p);
    if (rel && !(k === 'mkdirSync' && fs.existsSync(p))) io(k.replace('Sync', ''), rel);
    return orig[k].apply(fs, arguments);
  };
}

for (const k of ['writeFileSync', 'appendFileSync']) {
  fs[k] = function (p, data) {
    const rel = typeof p === 'number' ? fds.get(p) : watched(p);
    if (rel) {
      io(k.replace('Sync', ''), rel, () => {
        const s = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        orig[k](p, s.subarray(0, Math.floor(s.length / 2)));
      });
    }
    return orig[k].apply(fs, arguments);
  };
}

for (const k of Object.keys(promises)) {
  fs.promises[k] = async function (p) {
    const rel = watched(k === 'rename' || k === 'copyFile' ? arguments[1] : p);
    if (rel && !(k === 'mkdir' && fs.existsSync(p))) io(k, rel);
    return promises[k].apply(fs.promises, arguments);
  };
}

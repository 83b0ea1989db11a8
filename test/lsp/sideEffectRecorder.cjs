// Preloaded into the language server by test/lsp/permissions.test.ts (`node --require`): every
// API that writes files, opens a network connection, resolves a host name, starts a process or
// a thread is wrapped so that each call prints one line to stderr before it runs:
//   SIDE-EFFECT <api> <first argument>
// The calls still happen; the test reads the lines and decides which were allowed.
'use strict';

const MARKER = 'SIDE-EFFECT';

let reporting = false;

function report(api, target) {
  // stderr redirected to a file writes through fs.writeSync: do not report our own report.
  if (reporting) return;
  reporting = true;
  try {
    process.stderr.write(`${MARKER} ${api} ${describe(target)}\n`);
  } finally {
    reporting = false;
  }
}

function describe(target) {
  let shown;
  try {
    shown = typeof target === 'string' ? target : target instanceof URL ? target.href : Buffer.isBuffer(target) ? target.toString() : JSON.stringify(target);
  } catch {
    shown = String(target);
  }
  return shown;
}

function wrap(owner, name, api, shouldReport = () => true) {
  const original = owner && owner[name];
  if (typeof original !== 'function') return;
  const wrapped = function (...args) {
    if (shouldReport(args)) report(api, args[0]);
    return original.apply(this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: original.name });
  owner[name] = wrapped;
}

const fs = require('fs');
const { O_WRONLY, O_RDWR, O_CREAT, O_APPEND, O_TRUNC } = fs.constants;

/** True for flags that open a file for writing (string or numeric). */
function writesWith(flags) {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_APPEND | O_TRUNC)) !== 0;
  return /[wa+]/.test(String(flags));
}

const FS_WRITERS = [
  'writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'cp', 'symlink', 'link',
  'chmod', 'lchmod', 'chown', 'lchown', 'truncate', 'utimes', 'lutimes', 'write', 'writev',
];
/** Writes to stdout and stderr are the process talking (LSP frames, logs), not files written. */
const notStdio = (args) => typeof args[0] !== 'number' || args[0] > 2;
for (const name of FS_WRITERS) {
  wrap(fs, name, `fs.${name}`, notStdio);
  wrap(fs, `${name}Sync`, `fs.${name}Sync`, notStdio);
  wrap(fs.promises, name, `fs.promises.${name}`);
}
wrap(fs, 'createWriteStream', 'fs.createWriteStream');
wrap(fs, 'open', 'fs.open(write)', (args) => writesWith(args[1]));
wrap(fs, 'openSync', 'fs.openSync(write)', (args) => writesWith(args[1]));
wrap(fs.promises, 'open', 'fs.promises.open(write)', (args) => writesWith(args[1]));

const net = require('net');
wrap(net.Socket.prototype, 'connect', 'net.Socket.connect');
wrap(net, 'connect', 'net.connect');
wrap(net, 'createConnection', 'net.createConnection');
wrap(net.Server.prototype, 'listen', 'net.Server.listen');
const tls = require('tls');
wrap(tls, 'connect', 'tls.connect');
for (const moduleName of ['http', 'https']) {
  const http = require(moduleName);
  wrap(http, 'request', `${moduleName}.request`);
  wrap(http, 'get', `${moduleName}.get`);
}
wrap(require('http2'), 'connect', 'http2.connect');
wrap(require('dgram'), 'createSocket', 'dgram.createSocket');
const dns = require('dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) {
  wrap(dns, name, `dns.${name}`);
  wrap(dns.promises, name, `dns.promises.${name}`);
}
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'fetch');

const childProcess = require('child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(childProcess, name, `child_process.${name}`);
const workers = require('worker_threads');
const OriginalWorker = workers.Worker;
workers.Worker = class extends OriginalWorker {
  constructor(...args) {
    report('worker_threads.Worker', args[0]);
    super(...args);
  }
};

process.stderr.write(`${MARKER}-RECORDER ready\n`);

/**
 * nats-server as a second opinion: runs `nats-server -t -c FILE` and maps its verdict onto
 * editor ranges. No vscode or LSP imports: the language server and the CLI both use it.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from './run';
import { mapFindings, parseNatsServerOutput, NatsServerCode, type NatsServerFinding } from './verdict';
import { natsServerVersion } from './version';

export { NatsServerCode, parseNatsServerOutput, mapFindings, type NatsServerFinding, type RawFinding } from './verdict';
export { natsServerVersion, parseNatsServerVersion } from './version';
export { runProcess, type ProcessOutcome } from './run';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
export const INSTALL_HINT = 'Install it (Debian/Ubuntu: apt-get install -y nats-server; or download it from https://github.com/nats-io/nats-server/releases) or set natsConf.server.path to its location.';

export interface NatsServerRunOptions {
  /** The nats-server binary: a name looked up on PATH or a path. Never run through a shell. */
  executable: string;
  /** The config file to check, absolute or relative to `cwd`. */
  file: string;
  /** The working directory: relative certificate and include paths resolve against it. */
  cwd: string;
  /** Default 10 s; the process is killed after it. */
  timeoutMs?: number;
  /** Default 64 KiB of combined stdout and stderr; the process is killed beyond it. */
  maxOutputBytes?: number;
}

export interface NatsServerVerdict {
  status: 'valid' | 'invalid' | 'not-found' | 'timeout' | 'failed';
  findings: NatsServerFinding[];
  /** Combined stdout and stderr, capped. */
  output: string;
  /** The binary's version, when it ran and answered `--version`. */
  version?: string;
  /** A sentence for the user when the status is not-found, timeout or failed. */
  detail?: string;
}

async function readTextFromDisk(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function validateWithNatsServer(
  options: NatsServerRunOptions,
  readText: (path: string) => Promise<string | undefined> = readTextFromDisk,
): Promise<NatsServerVerdict> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const outcome = await runProcess(options.executable, ['-t', '-c', options.file], options.cwd, { timeoutMs, maxOutputBytes });

  if (outcome.kind === 'spawn-error') {
    if (outcome.code === 'ENOENT' && !existsAsFolder(options.cwd)) {
      return { status: 'failed', findings: [], output: '', detail: `Cannot run nats-server: the working folder ${options.cwd} does not exist.` };
    }
    if (outcome.code === 'ENOENT') {
      return { status: 'not-found', findings: [], output: '', detail: `nats-server was not found (natsConf.server.path is "${options.executable}"). ${INSTALL_HINT}` };
    }
    return { status: 'failed', findings: [], output: '', detail: `Cannot run ${options.executable}: ${outcome.message}` };
  }
  if (outcome.kind === 'timeout') {
    return { status: 'timeout', findings: [], output: outcome.output, detail: `${options.executable} -t did not finish within ${timeoutMs / 1000} s and was stopped.` };
  }

  const parsed = parseNatsServerOutput(outcome.output, options.file, options.cwd);
  // nats-server lists top-level problems in Go map order, which changes between runs.
  const findings = (await mapFindings(parsed.findings, readText)).sort(byPosition);
  if (outcome.truncated) {
    return { status: 'failed', findings, output: outcome.output, detail: `${options.executable} wrote more than ${maxOutputBytes} bytes and was stopped.` };
  }
  if (outcome.exitCode === 0 && parsed.kind === 'valid') {
    return { status: 'valid', findings: [], output: outcome.output, version: await natsServerVersion(options.executable, timeoutMs) };
  }
  if (outcome.exitCode !== 0 && outcome.signal === null && parsed.kind === 'findings') {
    return { status: 'invalid', findings, output: outcome.output, version: await natsServerVersion(options.executable, timeoutMs) };
  }
  if (parsed.kind === 'main-file-missing') {
    return { status: 'failed', findings: [], output: outcome.output, detail: `nats-server cannot open ${options.file}: save the file to disk first.` };
  }
  if (outcome.exitCode !== 0 && outcome.signal === null && /^(nats-server: |fatal error: )/m.test(outcome.output)) {
    // nats-server refused the file without naming a position (2.9.10 crashes on a variable that refers to itself).
    const reason = /^fatal error: .*$/m.exec(outcome.output)?.[0] ?? parsed.firstLine;
    const refused = await mapFindings([{ file: path.resolve(options.cwd, options.file), message: `nats-server refused this file: ${reason.slice(0, 300)}`, code: NatsServerCode.Refused }], readText);
    return { status: 'invalid', findings: refused, output: outcome.output, version: await natsServerVersion(options.executable, timeoutMs) };
  }
  const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
  const said = parsed.firstLine ? `: ${parsed.firstLine.slice(0, 300)}` : ' without output';
  return { status: 'failed', findings: [], output: outcome.output, detail: `${options.executable} ${how}${said}` };
}

function byPosition(a: NatsServerFinding, b: NatsServerFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function existsAsFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

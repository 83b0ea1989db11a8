import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { runProcess } from './run';

/** `nats-server: v2.9.10` (and `nats-server version 2.x.y` in old releases) → `2.9.10`. */
export function parseNatsServerVersion(output: string): string | undefined {
  const match = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/.exec(output);
  return match?.[1];
}

/**
 * Answers already known, so a `-t` check per file does not also start `--version` per file.
 * A path is keyed by the file it names as it is now (a rebuilt or replaced binary is asked
 * again); a bare command name, looked up on PATH, is asked once per process.
 */
const versions = new Map<string, Promise<string | undefined>>();

async function cacheKey(executable: string): Promise<string | undefined> {
  if (!executable.includes('/') && !executable.includes(nodePath.sep)) return `name\0${executable}`;
  const resolved = nodePath.resolve(process.cwd(), executable);
  try {
    const info = await fs.stat(resolved);
    return `path\0${resolved}\0${info.dev}\0${info.ino}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}`;
  } catch {
    return undefined; // nothing there (yet): ask every time
  }
}

/** Runs `<executable> --version`; undefined when it cannot be run or prints no version. */
export async function natsServerVersion(executable: string, timeoutMs = 10_000): Promise<string | undefined> {
  const key = await cacheKey(executable);
  const known = key === undefined ? undefined : versions.get(key);
  if (known) return known;
  let lasting = false;
  const answer = (async () => {
    const outcome = await runProcess(executable, ['--version'], process.cwd(), { timeoutMs, maxOutputBytes: 4096 });
    lasting = outcome.kind === 'exited';
    if (outcome.kind !== 'exited' || outcome.exitCode !== 0) return undefined;
    return parseNatsServerVersion(outcome.output);
  })();
  if (key === undefined) return answer;
  versions.set(key, answer);
  const version = await answer;
  // Only a finished run is an answer: after a time-out or a failed start the next call tries again.
  if (!lasting && versions.get(key) === answer) versions.delete(key);
  return version;
}

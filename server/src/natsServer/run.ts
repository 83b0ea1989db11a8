import { spawn, type ChildProcess } from 'node:child_process';

/** How one run of an external program ended. */
export type ProcessOutcome =
  | { kind: 'exited'; exitCode: number | null; signal: NodeJS.Signals | null; output: string; truncated: boolean }
  | { kind: 'timeout'; output: string }
  | { kind: 'spawn-error'; code: string | undefined; message: string };

const IS_WINDOWS = process.platform === 'win32';

function killTree(child: ChildProcess): void {
  try {
    if (!IS_WINDOWS && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already; make sure the child is too
  }
}

export interface ProcessLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

/**
 * Runs `executable args...` without a shell, collecting stdout and stderr into one capped string.
 * The process is SIGKILLed when it outlives `timeoutMs` or writes more than `maxOutputBytes`,
 * so a hung or chatty binary can never stall the language server or fill its memory.
 */
export function runProcess(executable: string, args: readonly string[], cwd: string, limits: ProcessLimits): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ProcessOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const chunks: Buffer[] = [];
    let collectedBytes = 0;
    let truncated = false;
    let timedOut = false;

    let child: ReturnType<typeof spawn>;
    try {
      // Its own process group on POSIX, so a wrapper script's children die with it.
      child = spawn(executable, [...args], { cwd, shell: false, windowsHide: true, detached: !IS_WINDOWS, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      resolve({ kind: 'spawn-error', code: err.code, message: err.message });
      return;
    }
    const stop = (): void => {
      killTree(child);
      // A grandchild may still hold the pipes open: stop reading rather than wait for it.
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, limits.timeoutMs);

    const collect = (chunk: Buffer): void => {
      if (truncated) return;
      const room = limits.maxOutputBytes - collectedBytes;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, Math.max(0, room)));
        collectedBytes = limits.maxOutputBytes;
        truncated = true;
        stop();
        return;
      }
      chunks.push(chunk);
      collectedBytes += chunk.length;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ kind: 'spawn-error', code: error.code, message: error.message });
    });
    const done = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (timedOut) finish({ kind: 'timeout', output });
      else finish({ kind: 'exited', exitCode, signal, output, truncated });
    };
    child.on('close', done);
    // After a kill the pipes are destroyed, so 'close' may never come; 'exit' still does.
    child.on('exit', (exitCode, signal) => {
      if (timedOut || truncated) done(exitCode, signal);
    });
  });
}

/**
 * What to do when the language server process dies, kept free of `vscode` so it can be unit
 * tested. The restart budget is the language client's own (DefaultErrorHandler in
 * vscode-languageclient 10: up to 4 restarts; a 5th crash within 3 minutes of the oldest
 * remembered one stops restarting). What this adds: the user hears about it, once.
 */

export const DEFAULT_MAX_RESTARTS = 4;
export const DEFAULT_RESTART_WINDOW_MS = 3 * 60 * 1000;
/** Connection errors tolerated in a row before the client shuts the connection down. */
const MAX_CONNECTION_ERRORS = 3;

export const RESTARTED_MESSAGE = 'The NATS config language server stopped unexpectedly and was restarted. See the output for details.';

export function gaveUpMessage(crashes: number, windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  return (
    `The NATS config language server stopped unexpectedly ${crashes} times in ${minutes} minutes and will not be ` +
    'restarted. Run "NATS: Restart Language Server" to start it again. See the output for details.'
  );
}

export interface CloseDecision {
  restart: boolean;
  /** A message for the user, when one is due; at most one per kind per policy. */
  notify?: { level: 'warning' | 'error'; message: string };
  /** For the output channel: what happened, every time. */
  log: string;
}

export interface RestartPolicyOptions {
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
}

export class RestartPolicy {
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** When the recent crashes happened, oldest first (at most maxRestarts + 1). */
  private crashes: number[] = [];
  private toldRestarted = false;

  constructor(options: RestartPolicyOptions = {}) {
    this.maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
    this.windowMs = options.windowMs ?? DEFAULT_RESTART_WINDOW_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxRestarts) || this.maxRestarts < 0) throw new Error(`Invalid maxRestarts: ${this.maxRestarts}`);
  }

  /** The server's connection closed without being asked to: restart or give up. */
  closed(): CloseDecision {
    this.crashes.push(this.now());
    if (this.crashes.length > this.maxRestarts) {
      const span = this.crashes[this.crashes.length - 1] - this.crashes[0];
      if (span <= this.windowMs) {
        const crashes = this.crashes.length;
        // A restart by hand starts with a clean slate (and may tell the user again).
        this.crashes = [];
        this.toldRestarted = false;
        return {
          restart: false,
          notify: { level: 'error', message: gaveUpMessage(crashes, this.windowMs) },
          log: `The language server stopped ${crashes} times within ${Math.round(span / 1000)} s; not restarting it.`,
        };
      }
      this.crashes.shift();
    }
    const decision: CloseDecision = {
      restart: true,
      log: `The language server stopped unexpectedly (${this.crashes.length} time(s) recently); restarting it.`,
    };
    if (!this.toldRestarted) {
      this.toldRestarted = true;
      decision.notify = { level: 'warning', message: RESTARTED_MESSAGE };
    }
    return decision;
  }

  /** A read or write on the connection failed: keep going for a few in a row, then shut down. */
  error(count: number | undefined): 'continue' | 'shutdown' {
    return count !== undefined && count >= 1 && count <= MAX_CONNECTION_ERRORS ? 'continue' : 'shutdown';
  }
}

/**
 * The notice that the installed nats-server is another release line than natsConf.serverVersion
 * (the server sends it as `natsConf/versionNotice`). It offers to switch the setting to the
 * matching target, and "Don't Show Again" is remembered across sessions, so a user who keeps the
 * default on purpose is told once, not at every start. No vscode import: the host is injected.
 */

export interface VersionNoticeParams {
  message: string;
  /** The installed release and the setting (`2.9.10|latest`): what "Don't Show Again" remembers. */
  key: string;
  /** The natsConf.serverVersion value matching the installed release, when there is one. */
  suggestion?: string;
}

export interface VersionNoticeHost {
  /** Keys the user asked not to be shown again (kept in the extension's global state). */
  dismissedKeys(): readonly string[];
  saveDismissedKeys(keys: readonly string[]): PromiseLike<void>;
  showWarning(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  setServerVersion(version: string): PromiseLike<void>;
}

export const DONT_SHOW_AGAIN = "Don't Show Again";

/** At most this many dismissed keys are kept (each installed release × setting is one). */
const MAX_DISMISSED = 50;

export type VersionNoticeOutcome = 'ignored' | 'already-dismissed' | 'dismissed' | 'setting-changed' | 'closed';

export function isVersionNoticeParams(value: unknown): value is VersionNoticeParams {
  if (typeof value !== 'object' || value === null) return false;
  const { message, key, suggestion } = value as Record<string, unknown>;
  return typeof message === 'string' && typeof key === 'string' && (suggestion === undefined || typeof suggestion === 'string');
}

export async function showVersionNotice(params: unknown, host: VersionNoticeHost): Promise<VersionNoticeOutcome> {
  if (!isVersionNoticeParams(params)) return 'ignored';
  const dismissed = host.dismissedKeys();
  if (dismissed.includes(params.key)) return 'already-dismissed';
  const useSuggestion = params.suggestion !== undefined ? `Use ${params.suggestion}` : undefined;
  const actions = useSuggestion ? [useSuggestion, DONT_SHOW_AGAIN] : [DONT_SHOW_AGAIN];
  const choice = await host.showWarning(params.message, ...actions);
  if (choice === DONT_SHOW_AGAIN) {
    await host.saveDismissedKeys([...dismissed, params.key].slice(-MAX_DISMISSED));
    return 'dismissed';
  }
  if (useSuggestion !== undefined && choice === useSuggestion) {
    await host.setServerVersion(params.suggestion as string);
    return 'setting-changed';
  }
  return 'closed';
}

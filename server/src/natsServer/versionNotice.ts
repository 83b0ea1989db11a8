/** Compares the installed nats-server with the `natsConf.serverVersion` target checks follow. */
import { parseVersion, SERVER_VERSIONS, TARGET_RELEASES, type ServerVersion } from '../knowledge/versions';

/** The target that matches an installed release: its own line, else the newest older target. */
export function targetForInstalled(installed: string): ServerVersion | undefined {
  const version = parseVersion(installed);
  if (!version) return undefined;
  let best: ServerVersion | undefined;
  for (const target of SERVER_VERSIONS) {
    const release = TARGET_RELEASES[target].version;
    const sameOrOlderLine = release.major < version.major || (release.major === version.major && release.minor <= version.minor);
    if (sameOrOlderLine) best = target;
  }
  return best;
}

/**
 * A sentence when the installed release line differs from the target, else undefined.
 * `2.9.22` matches `2.9`; `latest` stands for main (2.15), so 2.9.10 does not match it.
 */
export function versionMismatchNotice(installed: string, setting: ServerVersion): string | undefined {
  const version = parseVersion(installed);
  if (!version) return undefined;
  const target = TARGET_RELEASES[setting].version;
  if (target.major === version.major && target.minor === version.minor) return undefined;
  const olderOrNewer = version.major < target.major || (version.major === target.major && version.minor < target.minor) ? 'older' : 'newer';
  const suggestion = targetForInstalled(installed);
  const advice = suggestion && suggestion !== setting ? ` Set natsConf.serverVersion to ${suggestion} to match it.` : '';
  const settingLabel = setting === 'latest' ? `latest (${TARGET_RELEASES.latest.label})` : setting;
  return `nats-server ${installed} is installed, ${olderOrNewer} than natsConf.serverVersion ${settingLabel}: the editor's checks follow ${TARGET_RELEASES[setting].label}, so nats-server may judge some keys differently.${advice}`;
}

/** A version notice with what a client needs to act on it or to remember it was dismissed. */
export interface VersionNotice {
  message: string;
  /** The installed release and the setting, e.g. `2.9.10|latest`: the same in every session. */
  key: string;
  /** The target matching the installed release, when the setting is another one. */
  suggestion?: ServerVersion;
}

export function versionNotice(installed: string, setting: ServerVersion): VersionNotice | undefined {
  const message = versionMismatchNotice(installed, setting);
  if (!message) return undefined;
  const suggestion = targetForInstalled(installed);
  const notice: VersionNotice = { message, key: `${installed}|${setting}` };
  if (suggestion && suggestion !== setting) notice.suggestion = suggestion;
  return notice;
}

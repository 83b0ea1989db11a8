/**
 * What the language server keeps about nats-server between requests, without any LSP types:
 * the workspace trust state (nothing is ever run while untrusted), the version of each
 * executable, which version notices were already shown, and the findings of the last run per
 * validated document.
 */
import { validateWithNatsServer, natsServerVersion, INSTALL_HINT, type NatsServerRunOptions, type NatsServerVerdict } from './index';
import { versionNotice, type VersionNotice } from './versionNotice';
import type { ServerVersion } from '../knowledge/versions';

export const UNTRUSTED_DETAIL = 'nats-server is not run in Restricted Mode: trust this workspace to validate with nats-server.';

export type NatsServerCommandResult =
  | NatsServerVerdict
  | { status: 'untrusted' | 'not-on-disk'; findings: []; output: ''; detail: string };

export interface NatsServerInfo {
  /** The executable as configured. */
  path: string;
  status: 'found' | 'not-found' | 'untrusted' | 'failed';
  version?: string;
  detail?: string;
}

export class NatsServerSession {
  private trusted: boolean;
  private readonly versions = new Map<string, string>();
  private readonly shownNotices = new Set<string>();

  constructor(trusted: boolean, private readonly run: typeof validateWithNatsServer = validateWithNatsServer, private readonly probe: typeof natsServerVersion = natsServerVersion) {
    this.trusted = trusted;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Trust can only be granted while VS Code runs; revoking it reloads the window (and us). */
  grantTrust(): void {
    this.trusted = true;
  }

  async validate(options: NatsServerRunOptions): Promise<NatsServerCommandResult> {
    if (!this.trusted) return { status: 'untrusted', findings: [], output: '', detail: UNTRUSTED_DETAIL };
    const verdict = await this.run(options);
    if (verdict.version) this.versions.set(options.executable, verdict.version);
    return verdict;
  }

  async info(executable: string): Promise<NatsServerInfo> {
    if (!this.trusted) return { path: executable, status: 'untrusted', detail: UNTRUSTED_DETAIL };
    const known = this.versions.get(executable);
    if (known) return { path: executable, status: 'found', version: known };
    // Not cached when missing: the user may install nats-server while the editor runs.
    const version = await this.probe(executable);
    if (!version) return { path: executable, status: 'not-found', detail: `nats-server was not found or did not answer --version (natsConf.server.path is "${executable}"). ${INSTALL_HINT}` };
    this.versions.set(executable, version);
    return { path: executable, status: 'found', version };
  }

  /** The version notice for this executable and setting, the first time only. */
  noticeOnce(executable: string, setting: ServerVersion): VersionNotice | undefined {
    const version = this.versions.get(executable);
    if (!version) return undefined;
    const key = `${executable}\u0000${version}\u0000${setting}`;
    if (this.shownNotices.has(key)) return undefined;
    const notice = versionNotice(version, setting);
    if (notice) this.shownNotices.add(key);
    return notice;
  }
}

/**
 * Findings of the last nats-server run of each validated document ("main"), grouped by the
 * file they are in (the main file or an include). Keys are URIs; `T` is the diagnostic type.
 */
export class FindingStore<T> {
  private readonly byMain = new Map<string, Map<string, T[]>>();

  /** Replaces a main's findings; returns every target whose findings changed. */
  replace(main: string, byTarget: Map<string, T[]>): Set<string> {
    const affected = this.clearMain(main);
    if (byTarget.size > 0) this.byMain.set(main, byTarget);
    for (const target of byTarget.keys()) affected.add(target);
    return affected;
  }

  /** Forgets a main's findings (edited, closed); returns the targets to republish. */
  clearMain(main: string): Set<string> {
    const previous = this.byMain.get(main);
    this.byMain.delete(main);
    return new Set(previous?.keys() ?? []);
  }

  /** A file was edited: findings in it are stale whichever run produced them. */
  clearTarget(target: string): Set<string> {
    const affected = this.clearMain(target);
    for (const findings of this.byMain.values()) {
      if (findings.delete(target)) affected.add(target);
    }
    return affected;
  }

  findingsFor(target: string): T[] {
    const result: T[] = [];
    for (const findings of this.byMain.values()) result.push(...(findings.get(target) ?? []));
    return result;
  }
}

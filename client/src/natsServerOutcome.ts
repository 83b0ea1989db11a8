/**
 * What the client says about nats-server: the language status item and the message after
 * "NATS: Validate with nats-server". No vscode import, so it is unit-tested.
 */

/** The server's answer to `natsConf/natsServerInfo`. */
export interface NatsServerInfo {
  path: string;
  status: 'found' | 'not-found' | 'untrusted' | 'failed';
  version?: string;
  detail?: string;
}

/** The server's answer to the `natsConf.server.validateWithNatsServer` command. */
export interface NatsServerResult {
  status: 'valid' | 'invalid' | 'not-found' | 'timeout' | 'failed' | 'untrusted' | 'not-on-disk';
  findings: { file: string; severity: 'error' | 'warning' }[];
  version?: string;
  detail?: string;
}

export type Level = 'info' | 'warning' | 'error';
/** A button under the message: open the nats-server path setting, or the workspace trust editor. */
export type FollowUp = 'open-setting' | 'manage-trust';

export interface StatusView {
  text: string;
  detail: string;
  level: Level;
}

export function statusView(info: NatsServerInfo | undefined): StatusView {
  if (!info) return { text: 'nats-server', detail: 'Not checked yet', level: 'info' };
  switch (info.status) {
    case 'found':
      return { text: `nats-server ${info.version ?? ''}`.trim(), detail: info.path === 'nats-server' ? 'on PATH' : info.path, level: 'info' };
    case 'untrusted':
      return { text: 'nats-server: disabled in Restricted Mode', detail: 'Trust this workspace to run nats-server', level: 'info' };
    case 'not-found':
      return { text: 'nats-server: not found', detail: `natsConf.server.path: ${info.path}`, level: 'warning' };
    default:
      return { text: 'nats-server: unavailable', detail: info.detail ?? info.path, level: 'warning' };
  }
}

export interface OutcomeMessage {
  level: Level;
  message: string;
  followUp?: FollowUp;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The message after a run on `fileName` (shown as written, e.g. `nats.conf`). */
export function outcomeMessage(result: NatsServerResult, fileName: string): OutcomeMessage {
  const server = result.version ? `nats-server ${result.version}` : 'nats-server';
  switch (result.status) {
    case 'valid':
      return { level: 'info', message: `${server} accepts ${fileName}.` };
    case 'invalid': {
      const errors = result.findings.filter((finding) => finding.severity === 'error').length;
      const warnings = result.findings.length - errors;
      const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(' and ');
      const files = new Set(result.findings.map((finding) => finding.file)).size;
      const where = files > 1 ? ` in ${files} files` : '';
      return { level: 'warning', message: `${server} refuses ${fileName}: ${counts}${where}, shown in the Problems panel with source nats-server.` };
    }
    case 'not-found':
      return { level: 'error', message: result.detail ?? 'nats-server was not found.', followUp: 'open-setting' };
    case 'untrusted':
      return { level: 'info', message: 'nats-server is not run in Restricted Mode: a workspace could point natsConf.server.path at any program. Trust this workspace to validate with nats-server.', followUp: 'manage-trust' };
    case 'not-on-disk':
      return { level: 'info', message: result.detail ?? 'nats-server checks files on disk: save this document as a file first.' };
    default:
      return { level: 'error', message: result.detail ?? `nats-server could not check ${fileName}.`, followUp: result.status === 'failed' ? 'open-setting' : undefined };
  }
}

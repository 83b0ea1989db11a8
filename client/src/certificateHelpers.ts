/**
 * The pure parts of the certificate commands (no `vscode` import, unit-tested): command ids,
 * the default folder, and where the generated `tls` block goes in the editor.
 *
 * The ids and argument shapes mirror server/src/certificates/command.ts (the client cannot
 * import server code); test/unit/certificates/commandContract.test.ts checks they agree.
 */
import * as path from 'path';
import type { ServerGenerateCertificatesResult } from '../../server/src/certificates/command';

export const GENERATE_CERTIFICATES_COMMAND = 'natsConf.generateCertificates';
export const SHOW_CERTIFICATE_DETAILS_COMMAND = 'natsConf.showCertificateDetails';
export const SERVER_GENERATE_CERTIFICATES_COMMAND = 'natsConf.server.generateCertificates';
export const DEFAULT_CERTIFICATE_FOLDER_NAME = 'certs';

/** Mirrors `GenerateCertificatesArguments` in server/src/certificates/command.ts. */
export interface GenerateCertificatesArguments {
  configUri?: string;
  folder?: string;
  files?: { ca?: string; serverCert?: string; serverKey?: string; clientCert?: string | null; clientKey?: string | null };
  names?: string[];
  insertTlsBlock?: boolean;
}

/** What the server's generate command answers (types only: nothing of the server is bundled). */
export type GenerateResult = ServerGenerateCertificatesResult;

/** Reads the command's argument leniently: anything unexpected is ignored, never trusted. */
export function toGenerateArguments(value: unknown): GenerateCertificatesArguments {
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as Record<string, unknown>;
  const result: GenerateCertificatesArguments = {};
  if (typeof raw.configUri === 'string') result.configUri = raw.configUri;
  if (typeof raw.folder === 'string' && raw.folder !== '') result.folder = raw.folder;
  if (typeof raw.files === 'object' && raw.files !== null) result.files = raw.files as GenerateCertificatesArguments['files'];
  if (Array.isArray(raw.names)) result.names = raw.names.filter((name): name is string => typeof name === 'string');
  if (typeof raw.insertTlsBlock === 'boolean') result.insertTlsBlock = raw.insertTlsBlock;
  return result;
}

/** `certs` next to the config, else in the workspace folder; undefined when there is neither. */
export function defaultCertificateFolder(configPath: string | undefined, workspaceFolder: string | undefined): string | undefined {
  if (configPath) return path.join(path.dirname(configPath), DEFAULT_CERTIFICATE_FOLDER_NAME);
  if (workspaceFolder) return path.join(workspaceFolder, DEFAULT_CERTIFICATE_FOLDER_NAME);
  return undefined;
}

/** What the user typed as the folder, made absolute (relative to `base`); undefined when it cannot be. */
export function resolveFolderInput(input: string, base: string | undefined): string | undefined {
  let folder = input.trim();
  if (folder.length >= 2 && /^(["']).*\1$/.test(folder)) folder = folder.slice(1, -1).trim();
  if (folder === '') return undefined;
  if (path.isAbsolute(folder)) return path.normalize(folder);
  return base ? path.resolve(base, folder) : undefined;
}

/** Splits the names input box (`nats.local, 10.0.0.5`); the server checks each name. */
export function splitNames(input: string): string[] {
  return input.split(/[\s,;]+/).map((name) => name.trim()).filter((name) => name !== '');
}

export interface BlockPlacement {
  /** Characters of the cursor's line to replace (start, end). */
  start: number;
  end: number;
  text: string;
}

/**
 * Where the tls block goes: on a blank line it replaces the line's whitespace and takes its
 * indentation; after a line with content it goes on a new line below (one level deeper after a
 * line that opens a block with `{`).
 */
export function placeTlsBlock(lineText: string, block: string, eol: string, indentUnit: string): BlockPlacement {
  const leading = /^\s*/.exec(lineText)![0];
  const blockLines = block.split(/\r?\n/);
  if (lineText.trim() === '') {
    return { start: 0, end: lineText.length, text: blockLines.map((line) => (line === '' ? '' : leading + line)).join(eol) };
  }
  const indent = /\{\s*(#.*|\/\/.*)?$/.test(lineText.trim()) ? leading + indentUnit : leading;
  return {
    start: lineText.length,
    end: lineText.length,
    text: eol + blockLines.map((line) => (line === '' ? '' : indent + line)).join(eol),
  };
}

/** The indentation unit an editor uses. */
export function indentUnit(insertSpaces: boolean, tabSize: number): string {
  return insertSpaces ? ' '.repeat(Math.max(1, Math.min(8, tabSize))) : '\t';
}

/** Re-indents a block written with two-space steps to `unit` steps. */
export function reindent(block: string, unit: string): string {
  if (unit === '  ') return block;
  return block
    .split('\n')
    .map((line) => {
      const spaces = /^ */.exec(line)![0].length;
      return unit.repeat(Math.floor(spaces / 2)) + ' '.repeat(spaces % 2) + line.slice(spaces);
    })
    .join('\n');
}

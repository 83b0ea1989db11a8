/**
 * Completion of file paths, one segment at a time: certificate and key files for `cert_file`,
 * `key_file` and `ca_file`, configuration files for `include`.
 *
 * Ranking reads the first PEM header line of `.pem`-like files, because the extension alone
 * does not tell a certificate from a key (`server.pem` may be either). Only the header's label
 * is kept; the file's content never leaves this module.
 */
import * as nodePath from 'path';
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { DirectoryEntry, Environment } from '../environment';

/** What the path should point at; decides the ranking. */
export type PathPurpose = 'certificate' | 'key' | 'ca' | 'include';

export interface PathRequest {
  purpose: PathPurpose;
  /** What the user typed of the path so far (quotes excluded), up to the cursor. */
  typed: string;
  /** Folder relative paths start from; undefined when there is none (an untitled document). */
  base: string | undefined;
  /** The range of the segment being typed (after the last `/`), to the segment's end. */
  segmentRange: Range;
  /** The file being edited, never offered to itself as an include. */
  selfPath?: string;
}

/** Files whose header is read at most, per request: a huge folder must not stall the editor. */
export const MAX_SNIFFED_FILES = 200;

/** Folders never worth offering: tool caches, not certificate stores. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

const CERTIFICATE_EXTENSIONS = new Set(['.crt', '.cer']);
const KEY_EXTENSIONS = new Set(['.key']);
/** Extensions whose PEM header is read to tell what they hold. */
const SNIFFED_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.key']);
/** Certificate material nats-server cannot load (it reads PEM only). */
const NON_PEM_EXTENSIONS = new Set(['.der', '.p12', '.pfx']);

type FileClass = 'certificate' | 'key' | 'encrypted-key' | 'pem' | 'non-pem' | 'conf' | 'other';

const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Completion items for the segment being typed; empty when the folder cannot be listed. */
export async function completePath(environment: Environment, request: PathRequest): Promise<CompletionItem[]> {
  const slash = request.typed.lastIndexOf('/');
  const folderPart = slash >= 0 ? request.typed.slice(0, slash + 1) : '';
  const segment = request.typed.slice(slash + 1);
  let folder: string;
  if (nodePath.isAbsolute(folderPart)) folder = folderPart;
  else if (request.base !== undefined) folder = nodePath.join(request.base, folderPart);
  else return [];

  const items: CompletionItem[] = [];
  const showHidden = segment.startsWith('.');
  if (showHidden && !folderPart.startsWith('/')) {
    // Typing `.` is how `./` and `../` start; offer both so the first keystroke leads somewhere.
    for (const name of ['./', '../']) {
      items.push({
        label: name,
        kind: CompletionItemKind.Folder,
        sortText: `1-${name}`,
        textEdit: { range: request.segmentRange, newText: name },
        command: TRIGGER_SUGGEST,
      });
    }
  }

  const entries = (await environment.readDirectory(folder)).filter((entry) => visible(entry, showHidden));
  const classes = await classify(environment, folder, entries);
  const selfName =
    request.selfPath && nodePath.dirname(nodePath.resolve(request.selfPath)) === nodePath.resolve(folder)
      ? nodePath.basename(request.selfPath)
      : undefined;
  for (const entry of entries) {
    if (entry.type === 'directory') {
      items.push({
        label: `${entry.name}/`,
        kind: CompletionItemKind.Folder,
        sortText: `1-${entry.name}`,
        textEdit: { range: request.segmentRange, newText: `${entry.name}/` },
        // The next segment is what the user is after: open the list again at once.
        command: TRIGGER_SUGGEST,
      });
      continue;
    }
    if (entry.name === selfName && request.purpose === 'include') continue;
    const fileClass = classes.get(entry.name) ?? 'other';
    const item: CompletionItem = {
      label: entry.name,
      kind: CompletionItemKind.File,
      sortText: `${rank(request.purpose, fileClass)}-${entry.name}`,
      textEdit: { range: request.segmentRange, newText: entry.name },
    };
    const detail = describe(fileClass);
    if (detail) item.detail = detail;
    items.push(item);
  }
  return items;
}

function visible(entry: DirectoryEntry, showHidden: boolean): boolean {
  if (entry.type === 'other') return false;
  if (entry.name.startsWith('.') && !showHidden) return false;
  return !(entry.type === 'directory' && SKIPPED_FOLDERS.has(entry.name));
}

/** Group (sorted as text, so one digit): wanted files, folders, related files, the rest. */
function rank(purpose: PathPurpose, fileClass: FileClass): string {
  const wanted: Record<PathPurpose, readonly FileClass[]> = {
    certificate: ['certificate'],
    ca: ['certificate'],
    key: ['key'],
    include: ['conf'],
  };
  if (wanted[purpose].includes(fileClass)) return '0';
  // Folders are group 1.
  if (purpose !== 'include' && fileClass !== 'other' && fileClass !== 'conf') {
    // Usable PEM files of the other kind, then what nats-server cannot read at all.
    return fileClass === 'non-pem' || fileClass === 'encrypted-key' ? '3' : '2';
  }
  return '4';
}

function describe(fileClass: FileClass): string | undefined {
  switch (fileClass) {
    case 'certificate':
      return 'PEM certificate';
    case 'key':
      return 'PEM private key';
    case 'encrypted-key':
      return 'encrypted private key: nats-server cannot read passphrase-protected keys';
    case 'pem':
      return 'PEM file';
    case 'non-pem':
      return 'not PEM: nats-server reads PEM files only';
    case 'conf':
      return 'configuration file';
    default:
      return undefined;
  }
}

async function classify(environment: Environment, folder: string, entries: readonly DirectoryEntry[]): Promise<Map<string, FileClass>> {
  const classes = new Map<string, FileClass>();
  let sniffed = 0;
  const reads: Promise<void>[] = [];
  for (const entry of entries) {
    if (entry.type !== 'file') continue;
    const extension = nodePath.extname(entry.name).toLowerCase();
    if (extension === '.conf') classes.set(entry.name, 'conf');
    else if (NON_PEM_EXTENSIONS.has(extension)) classes.set(entry.name, 'non-pem');
    else if (CERTIFICATE_EXTENSIONS.has(extension)) classes.set(entry.name, 'certificate');
    else if (KEY_EXTENSIONS.has(extension)) classes.set(entry.name, 'key');
    else if (extension === '.pem') classes.set(entry.name, 'pem');
    if (!SNIFFED_EXTENSIONS.has(extension) || sniffed >= MAX_SNIFFED_FILES) continue;
    sniffed++;
    reads.push(
      sniff(environment, nodePath.join(folder, entry.name)).then((found) => {
        if (found) classes.set(entry.name, found);
      }),
    );
  }
  await Promise.all(reads);
  return classes;
}

/** The kind of the first PEM block, from its `-----BEGIN ...-----` line alone. */
async function sniff(environment: Environment, path: string): Promise<FileClass | undefined> {
  const read = await environment.readFile(path);
  if (!read.ok) return undefined;
  return pemLabelClass(read.text);
}

/** Classifies by the first BEGIN label; exported for tests. Never returns any of the text. */
export function pemLabelClass(text: string): FileClass | undefined {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text.slice(0, 64 * 1024));
  if (!match) return undefined;
  const label = match[1];
  if (label === 'ENCRYPTED PRIVATE KEY') return 'encrypted-key';
  if (label.endsWith('PRIVATE KEY')) {
    // Traditional OpenSSL encryption keeps the plain label but adds a Proc-Type header.
    const after = text.slice(match.index, match.index + 200);
    return /Proc-Type:\s*4,ENCRYPTED/.test(after) ? 'encrypted-key' : 'key';
  }
  // A `CERTIFICATE REQUEST` (CSR) is not a certificate nats-server can load.
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') return 'certificate';
  return 'pem';
}

/**
 * The contract between the places that create development certificates: the VS Code command
 * (client), the quick fix "Create development certificates here" (code actions) and the
 * language server command that does the work. Pure data, no crypto: importing this costs nothing.
 *
 * - The language server's `workspace/executeCommand` {@link SERVER_GENERATE_CERTIFICATES_COMMAND}
 *   takes one {@link ServerGenerateCertificatesArguments} and answers a
 *   {@link ServerGenerateCertificatesResult}. It never asks anything and never replaces a file
 *   unless `overwrite` is set.
 * - The quick fix carries that server command ({@link createCertificatesCommand}) with
 *   `notify: true`: the server reports the outcome with window/showMessage, so the fix works in
 *   every LSP client (VS Code's language client forwards server commands by itself).
 * - The VS Code command {@link GENERATE_CERTIFICATES_COMMAND} (palette) asks for the folder, extra
 *   names and before replacing files, then calls the server command and inserts the tls block.
 *   Its optional argument is a {@link GenerateCertificatesArguments}.
 * The client keeps its own copy of the ids (it cannot import server code); a unit test checks they agree.
 */
import * as nodePath from 'path';
import type { Command } from 'vscode-languageserver-types';

/** The VS Code command (palette: "NATS: Generate Development Certificates"). */
export const GENERATE_CERTIFICATES_COMMAND = 'natsConf.generateCertificates';
/** The VS Code command "NATS: Show Certificate Details". */
export const SHOW_CERTIFICATE_DETAILS_COMMAND = 'natsConf.showCertificateDetails';
/** The language server's `workspace/executeCommand` that writes the files. */
export const SERVER_GENERATE_CERTIFICATES_COMMAND = 'natsConf.server.generateCertificates';
export const CREATE_CERTIFICATES_TITLE = 'Create development certificates here';

/** Absolute paths for the files a tls block names; each missing one gets the default name in `folder`. */
export interface CertificateFileTargets {
  /** `ca_file`. */
  ca?: string;
  /** `cert_file` (the certificate has serverAuth and clientAuth, so it also fits client-side blocks). */
  serverCert?: string;
  /** `key_file`. */
  serverKey?: string;
  /** `null` skips the client pair. */
  clientCert?: string | null;
  clientKey?: string | null;
}

/** The one argument of {@link GENERATE_CERTIFICATES_COMMAND}; every field is optional. */
export interface GenerateCertificatesArguments {
  /** The config the certificates are for (`file:` URI); its folder's `certs/` is the default folder. */
  configUri?: string;
  /** Absolute folder for files without a path in `files`. Given: the folder is not asked for. */
  folder?: string;
  /** Absolute paths per role, as a tls block names them. */
  files?: CertificateFileTargets;
  /** Extra server names. Given (even empty): the names are not asked for. */
  names?: string[];
  /** Insert the mutual-TLS block at the cursor (default: true unless `files` is given). */
  insertTlsBlock?: boolean;
}

/** The one argument of {@link SERVER_GENERATE_CERTIFICATES_COMMAND}. */
export interface ServerGenerateCertificatesArguments {
  /** Absolute folder. */
  folder: string;
  files?: CertificateFileTargets;
  names?: string[];
  overwrite?: boolean;
  /** Report the outcome to the user with window/showMessage (quick fixes: no client code runs). */
  notify?: boolean;
}

export type ServerGenerateCertificatesResult =
  | {
      ok: true;
      folder: string;
      files: { ca: string; serverCert: string; serverKey: string; clientCert?: string; clientKey?: string };
      written: string[];
      replaced: string[];
      dnsNames: string[];
      ipAddresses: string[];
      /** ISO 8601. */
      notAfter: string;
      tlsBlock: string;
    }
  | {
      ok: false;
      reason: 'exists' | 'invalid-name' | 'invalid-path' | 'io';
      message: string;
      /** `exists`: the files in the way. */
      paths: string[];
    };

/** What a tls block names, as absolute paths (resolved the way the diagnostics resolve them). */
export interface TlsBlockPaths {
  certFile?: string;
  keyFile?: string;
  caFile?: string;
}

/**
 * The command a "Create development certificates here" quick fix carries: the server writes the
 * files exactly where the tls block expects them (the CA to `ca_file`, or `ca.pem` beside the
 * certificate; the client pair beside them), leaves the config as it is, never replaces an
 * existing file, and tells the user what it did (`notify`). Undefined without an absolute path.
 */
export function createCertificatesCommand(paths: TlsBlockPaths, title = CREATE_CERTIFICATES_TITLE): Command | undefined {
  const anchor = paths.certFile ?? paths.keyFile ?? paths.caFile;
  if (anchor === undefined || !nodePath.isAbsolute(anchor)) return undefined;
  const files: CertificateFileTargets = {};
  if (paths.caFile !== undefined) files.ca = paths.caFile;
  if (paths.certFile !== undefined) files.serverCert = paths.certFile;
  if (paths.keyFile !== undefined) files.serverKey = paths.keyFile;
  const args: ServerGenerateCertificatesArguments = { folder: nodePath.dirname(anchor), files, notify: true };
  return { title, command: SERVER_GENERATE_CERTIFICATES_COMMAND, arguments: [args] };
}

/** What the server tells the user after a `notify` run. */
export function describeOutcome(result: ServerGenerateCertificatesResult): { severity: 'info' | 'error'; message: string } {
  if (result.ok) {
    const names = result.written.map((file) => nodePath.basename(file)).join(', ');
    return { severity: 'info', message: `Created development certificates in ${result.folder} (valid until ${result.notAfter.slice(0, 10)}): ${names}.` };
  }
  const hint = result.reason === 'exists'
    ? ' Nothing was written. To replace them, run "NATS: Generate Development Certificates" or `nats-conf-lint gen-certs --force`.'
    : '';
  return { severity: 'error', message: `Could not create development certificates: ${result.message}.${hint}` };
}

/** The diagnostic code for a certificate, key or CA file that does not exist (server/src/analysis/certificates.ts). */
export const CERT_FILE_NOT_FOUND_CODE = 'cert-file-not-found';

const FIELD_OF_KEY: Record<string, keyof TlsBlockPaths> = { cert_file: 'certFile', key_file: 'keyFile', ca_file: 'caFile' };

/**
 * The paths of one tls block from its `cert-file-not-found` diagnostics (`data: { key, resolved }`).
 * They all sit on the block's key, so the diagnostics of one block are those with the same range:
 * pass only those. Other codes and malformed data are ignored.
 */
export function tlsBlockPathsFromDiagnostics(diagnostics: ReadonlyArray<{ code?: unknown; data?: unknown }>): TlsBlockPaths {
  const paths: TlsBlockPaths = {};
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== CERT_FILE_NOT_FOUND_CODE || typeof diagnostic.data !== 'object' || diagnostic.data === null) continue;
    const { key, resolved } = diagnostic.data as { key?: unknown; resolved?: unknown };
    const field = typeof key === 'string' ? FIELD_OF_KEY[key] : undefined;
    if (field && typeof resolved === 'string' && nodePath.isAbsolute(resolved) && paths[field] === undefined) paths[field] = resolved;
  }
  return paths;
}

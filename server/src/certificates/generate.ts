/**
 * Development certificates for mutual TLS: a throw-away CA, a server certificate and a client
 * certificate, written as PEM files, plus the `tls { }` block that points nats-server at them.
 *
 * Used by `nats-conf-lint gen-certs` and by the language server's
 * `natsConf.server.generateCertificates` command (which the VS Code command and the quick fix
 * call). The certificates are made with @peculiar/x509 on Node's WebCrypto; keys are ECDSA P-256.
 *
 * What is made (all valid for {@link DEFAULT_VALIDITY_DAYS} days, signed with ECDSA-SHA256):
 * - CA: self-signed, basicConstraints CA:true pathlen 0 (critical), keyUsage keyCertSign + cRLSign
 *   (critical). Its private key is NOT written: nothing else can ever be signed by it.
 * - server: SANs `localhost`, `127.0.0.1`, `::1` and the names asked for; extendedKeyUsage
 *   serverAuth AND clientAuth, so the same pair also works as the client side of cluster,
 *   gateway and leafnode connections with `verify: true`.
 * - client: CN `nats-dev-client`, extendedKeyUsage clientAuth, for `nats --tlscert`.
 *
 * Files are never overwritten unless asked (`overwrite: true`); private keys get mode 0600.
 * Loading this module installs the `reflect-metadata` polyfill @peculiar/x509 needs: import it
 * lazily (`await import(...)`) from entry points so plain linting never pays for it.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { isIP } from 'node:net';
import * as nodePath from 'node:path';
import type { ServerGenerateCertificatesArguments, ServerGenerateCertificatesResult } from './command';

export const CERTIFICATE_ROLES = ['ca', 'serverCert', 'serverKey', 'clientCert', 'clientKey'] as const;
export type CertificateRole = (typeof CERTIFICATE_ROLES)[number];

/** Names of the files in the target folder when no other path is given for a role. */
export const DEFAULT_FILE_NAMES: Readonly<Record<CertificateRole, string>> = {
  ca: 'ca.pem',
  serverCert: 'server-cert.pem',
  serverKey: 'server-key.pem',
  clientCert: 'client-cert.pem',
  clientKey: 'client-key.pem',
};

/** Subject alternative names every server certificate gets. */
export const DEFAULT_SERVER_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];
/** 825 days: the longest validity macOS and iOS accept for a TLS server certificate. */
export const DEFAULT_VALIDITY_DAYS = 825;
export const CLIENT_COMMON_NAME = 'nats-dev-client';
export const KEY_FILE_MODE = 0o600;
const ORGANIZATION = 'NATS development certificates';
/** Accept certificates from a machine whose clock is a little behind. */
const BACKDATE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const OID_SERVER_AUTH = x509.ExtendedKeyUsage.serverAuth;
const OID_CLIENT_AUTH = x509.ExtendedKeyUsage.clientAuth;

export type CertificateErrorReason = 'exists' | 'invalid-name' | 'invalid-path' | 'io';

/** A failure the caller can explain to the user (anything else is a bug). */
export class CertificateGenerationError extends Error {
  constructor(
    readonly reason: CertificateErrorReason,
    message: string,
    /** `exists`: the files that are in the way; `io`: the file that failed. */
    readonly paths: string[] = [],
  ) {
    super(message);
    this.name = 'CertificateGenerationError';
  }
}

// ---------------------------------------------------------------------------------------------
// Names

export interface SubjectNames {
  dnsNames: string[];
  ipAddresses: string[];
}

export interface ParsedNames extends SubjectNames {
  /** Entries that are neither a host name nor an IP address, as written. */
  invalid: string[];
}

const DNS_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?$/i;

/** Is `name` a DNS name a certificate may carry (`*.` wildcard allowed as the first label)? */
export function isDnsName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0 || bare.length > 253) return false;
  const labels = bare.split('.');
  return labels.every((label, index) => (index === 0 && label === '*' && labels.length > 2) || DNS_LABEL.test(label));
}

/**
 * Splits user input (`"nats.local, 10.0.0.5"`, or a list of such strings) into DNS names and IP
 * addresses, lower-cased and without duplicates; entries that are neither are listed in `invalid`.
 */
export function parseNames(input: string | readonly string[]): ParsedNames {
  const pieces = (typeof input === 'string' ? [input] : input).flatMap((text) => text.split(/[\s,;]+/));
  const result: ParsedNames = { dnsNames: [], ipAddresses: [], invalid: [] };
  for (const piece of pieces) {
    const name = piece.trim();
    if (name === '') continue;
    const unbracketed = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
    if (isIP(unbracketed) !== 0 && !unbracketed.includes('%')) {
      const ip = unbracketed.toLowerCase();
      if (!result.ipAddresses.includes(ip)) result.ipAddresses.push(ip);
    } else if (isDnsName(name)) {
      const dns = name.toLowerCase().replace(/\.$/, '');
      if (!result.dnsNames.includes(dns)) result.dnsNames.push(dns);
    } else {
      result.invalid.push(name);
    }
  }
  return result;
}

/** The server certificate's names: the defaults first, then the extra ones. Throws on invalid ones. */
export function serverNames(extra: string | readonly string[] = []): SubjectNames {
  const parsed = parseNames([...DEFAULT_SERVER_NAMES, ...(typeof extra === 'string' ? [extra] : extra)]);
  if (parsed.invalid.length > 0) {
    throw new CertificateGenerationError(
      'invalid-name',
      `Not a host name or IP address: ${parsed.invalid.map((name) => `'${name}'`).join(', ')}`,
    );
  }
  return { dnsNames: parsed.dnsNames, ipAddresses: parsed.ipAddresses };
}

// ---------------------------------------------------------------------------------------------
// Certificates in memory

export interface CertificateSet extends SubjectNames {
  /** PEM texts, each ending in a newline. */
  caCertificate: string;
  serverCertificate: string;
  /** PKCS#8 `PRIVATE KEY` PEM. */
  serverKey: string;
  clientCertificate: string;
  clientKey: string;
  notBefore: Date;
  notAfter: Date;
}

export interface CertificateSetOptions {
  /** Extra server names (host names or IP addresses), added to localhost, 127.0.0.1 and ::1. */
  names?: string | readonly string[];
  /** Validity in days (default 825). */
  days?: number;
  /** The clock (tests). */
  now?: Date;
}

let providerReady = false;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

function subtle(): webcrypto.SubtleCrypto {
  if (!providerReady) {
    // Node's WebCrypto; x509's own default would be globalThis.crypto, which is the same object.
    x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);
    providerReady = true;
  }
  return webcrypto.subtle;
}

/** A random positive 128-bit serial number, as hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40; // positive, and no leading zero byte to strip
  return bytes.toString('hex');
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await subtle().exportKey('pkcs8', key);
  return `${x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`;
}

function certificatePem(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem')}\n`;
}

/** Escapes a value for an X.500 distinguished name string (RFC 4514). */
function dnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1');
}

/** Makes a CA, a server and a client certificate in memory; nothing is written. */
export async function createCertificateSet(options: CertificateSetOptions = {}): Promise<CertificateSet> {
  const names = serverNames(options.names ?? []);
  const days = options.days ?? DEFAULT_VALIDITY_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new CertificateGenerationError('invalid-name', `The validity must be a whole number of days from 1 to 3650, not ${days}`);
  }
  const now = options.now ?? new Date();
  const notBefore = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
  const notAfter = new Date(Math.floor((now.getTime() + days * DAY_MS) / 1000) * 1000);
  const organization = `O=${dnValue(ORGANIZATION)}`;

  const caKeys = await newKeyPair();
  const caName = `CN=${dnValue(`NATS Development CA ${randomBytes(4).toString('hex')}`)}, ${organization}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const authorityKeyIdentifier = await x509.AuthorityKeyIdentifierExtension.create(ca);

  const issue = async (subject: string, usages: string[], alternativeNames: x509.JsonGeneralNames | undefined) => {
    const keys = await newKeyPair();
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(usages),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      authorityKeyIdentifier,
    ];
    if (alternativeNames) extensions.push(new x509.SubjectAlternativeNameExtension(alternativeNames));
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions,
    });
    return { certificate: certificatePem(certificate), key: await privateKeyPem(keys.privateKey) };
  };

  const server = await issue(
    `CN=${dnValue(names.dnsNames[0] ?? 'localhost')}, ${organization}`,
    [OID_SERVER_AUTH, OID_CLIENT_AUTH],
    [
      ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ],
  );
  const client = await issue(`CN=${CLIENT_COMMON_NAME}, ${organization}`, [OID_CLIENT_AUTH], undefined);

  return {
    caCertificate: certificatePem(ca),
    serverCertificate: server.certificate,
    serverKey: server.key,
    clientCertificate: client.certificate,
    clientKey: client.key,
    dnsNames: names.dnsNames,
    ipAddresses: names.ipAddresses,
    notBefore,
    notAfter,
  };
}

// ---------------------------------------------------------------------------------------------
// The tls block

export interface TlsBlockFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface TlsBlockOptions {
  /** One level of indentation (default two spaces). */
  indent?: string;
  eol?: string;
  /** Adds a comment line saying until when the certificates are valid. */
  validUntil?: Date;
}

/**
 * A NATS config string for `text`: double-quoted, with `\` and `"` escaped the way nats-server's
 * lexer reads them back (Windows paths keep their backslashes).
 */
export function quoteConfString(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** The mutual-TLS block: the server presents cert_file/key_file and requires client certificates from ca_file. */
export function formatTlsBlock(files: TlsBlockFiles, options: TlsBlockOptions = {}): string {
  const indent = options.indent ?? '  ';
  const eol = options.eol ?? '\n';
  const lines = ['tls {'];
  if (options.validUntil) {
    lines.push(`${indent}# Development certificates (valid until ${options.validUntil.toISOString().slice(0, 10)}); clients need one signed by ca_file`);
  }
  lines.push(
    `${indent}cert_file: ${quoteConfString(files.certFile)}`,
    `${indent}key_file: ${quoteConfString(files.keyFile)}`,
    `${indent}ca_file: ${quoteConfString(files.caFile)}`,
    `${indent}verify: true`,
    '}',
  );
  return lines.join(eol);
}

// ---------------------------------------------------------------------------------------------
// Writing the files

export interface GenerateOptions extends CertificateSetOptions {
  /** The folder the files go to (created when missing); relative paths resolve against the cwd. */
  folder: string;
  /**
   * Paths per role instead of the default names in `folder` (absolute, or relative to `folder`).
   * `null` for `clientCert`/`clientKey` skips the client pair; CA and server files are always written.
   */
  files?: Partial<Record<CertificateRole, string | null>>;
  /** Replace existing files. Without it, any existing target file stops the run before anything is written. */
  overwrite?: boolean;
}

export interface GeneratedCertificates extends SubjectNames {
  folder: string;
  /** Absolute path per role; the client pair is absent when skipped. */
  files: Partial<Record<CertificateRole, string>> & Pick<Record<CertificateRole, string>, 'ca' | 'serverCert' | 'serverKey'>;
  /** Every file written, in role order. */
  written: string[];
  /** Files that existed and were replaced (only with `overwrite`). */
  replaced: string[];
  notBefore: Date;
  notAfter: Date;
  /** The block to paste: cert_file, key_file, ca_file (absolute paths) and verify: true. */
  tlsBlock: string;
}

/** The absolute path each role is written to (`undefined`: skipped). Throws on bad combinations. */
export function plannedFiles(options: Pick<GenerateOptions, 'folder' | 'files'>): Partial<Record<CertificateRole, string>> {
  if (typeof options.folder !== 'string' || options.folder.trim() === '') {
    throw new CertificateGenerationError('invalid-path', 'No folder given for the certificates');
  }
  const folder = nodePath.resolve(options.folder);
  const planned: Partial<Record<CertificateRole, string>> = {};
  for (const role of CERTIFICATE_ROLES) {
    const given = options.files?.[role];
    if (given === null) {
      if (role !== 'clientCert' && role !== 'clientKey') {
        throw new CertificateGenerationError('invalid-path', `The ${describeRole(role)} cannot be skipped`);
      }
      continue;
    }
    if (given !== undefined && (typeof given !== 'string' || given.trim() === '')) {
      throw new CertificateGenerationError('invalid-path', `Empty path for the ${describeRole(role)}`);
    }
    planned[role] = nodePath.resolve(folder, given ?? DEFAULT_FILE_NAMES[role]);
  }
  if ((planned.clientCert === undefined) !== (planned.clientKey === undefined)) {
    throw new CertificateGenerationError('invalid-path', 'The client certificate and its key are written together or not at all');
  }
  const seen = new Map<string, CertificateRole>();
  for (const role of CERTIFICATE_ROLES) {
    const target = planned[role];
    if (target === undefined) continue;
    const key = process.platform === 'win32' || process.platform === 'darwin' ? target.toLowerCase() : target;
    const other = seen.get(key);
    if (other) {
      throw new CertificateGenerationError('invalid-path', `The ${describeRole(other)} and the ${describeRole(role)} would both be written to ${target}`, [target]);
    }
    seen.set(key, role);
  }
  return planned;
}

export function describeRole(role: CertificateRole): string {
  switch (role) {
    case 'ca':
      return 'CA certificate';
    case 'serverCert':
      return 'server certificate';
    case 'serverKey':
      return 'server private key';
    case 'clientCert':
      return 'client certificate';
    case 'clientKey':
      return 'client private key';
  }
}

function isKeyRole(role: CertificateRole): boolean {
  return role === 'serverKey' || role === 'clientKey';
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path); // a dangling symlink is in the way too
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError(path, error);
  }
}

function ioError(path: string, error: unknown): CertificateGenerationError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const detail = code === 'EEXIST' ? 'the file exists' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a parent is not a folder' : String((error as Error)?.message ?? error);
  return new CertificateGenerationError(code === 'EEXIST' ? 'exists' : 'io', `Cannot write ${path}: ${detail}`, [path]);
}

/** Writes `text` to a new file (never replacing one) with `mode`; keys end up with exactly 0600. */
async function writeNew(path: string, text: string, mode: number, exactMode: boolean): Promise<void> {
  const handle = await fs.open(path, 'wx', mode);
  try {
    if (exactMode) await handle.chmod(mode);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Replaces `path` atomically: a temporary file next to it, renamed over it. */
async function replaceFile(path: string, text: string, mode: number, exactMode: boolean): Promise<void> {
  const temporary = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNew(temporary, text, mode, exactMode);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Makes the certificates and writes them. Without `overwrite`, nothing is written when any
 * target file exists (the error lists them). Returns the absolute paths and the tls block.
 */
export async function generateCertificates(options: GenerateOptions): Promise<GeneratedCertificates> {
  const planned = plannedFiles(options);
  serverNames(options.names ?? []); // report bad names before touching the disk

  const targets = CERTIFICATE_ROLES.filter((role) => planned[role] !== undefined).map((role) => ({ role, path: planned[role]! }));
  const existing: string[] = [];
  for (const target of targets) if (await exists(target.path)) existing.push(target.path);
  if (existing.length > 0 && !options.overwrite) {
    throw new CertificateGenerationError(
      'exists',
      `${existing.length === 1 ? 'This file exists' : 'These files exist'} and would be replaced: ${existing.join(', ')}`,
      existing,
    );
  }

  const set = await createCertificateSet(options);
  const contents: Record<CertificateRole, string> = {
    ca: set.caCertificate,
    serverCert: set.serverCertificate,
    serverKey: set.serverKey,
    clientCert: set.clientCertificate,
    clientKey: set.clientKey,
  };

  for (const folder of new Set(targets.map((target) => nodePath.dirname(target.path)))) {
    try {
      await fs.mkdir(folder, { recursive: true });
    } catch (error) {
      throw ioError(folder, error);
    }
  }

  const written: string[] = [];
  for (const { role, path } of targets) {
    const key = isKeyRole(role);
    const mode = key ? KEY_FILE_MODE : 0o644;
    try {
      if (options.overwrite && existing.includes(path)) await replaceFile(path, contents[role], mode, key);
      else await writeNew(path, contents[role], mode, key);
      written.push(path);
    } catch (error) {
      // Without overwrite, leave no half-made set behind (someone created a file meanwhile).
      if (!options.overwrite) for (const done of written) await fs.rm(done, { force: true }).catch(() => undefined);
      throw ioError(path, error);
    }
  }

  const files = planned as GeneratedCertificates['files'];
  return {
    folder: nodePath.resolve(options.folder),
    files,
    written,
    replaced: existing,
    dnsNames: set.dnsNames,
    ipAddresses: set.ipAddresses,
    notBefore: set.notBefore,
    notAfter: set.notAfter,
    tlsBlock: formatTlsBlock({ certFile: files.serverCert, keyFile: files.serverKey, caFile: files.ca }, { validUntil: set.notAfter }),
  };
}

// ---------------------------------------------------------------------------------------------
// The language server command

/**
 * Runs `natsConf.server.generateCertificates` with what the client sent (checked here: it is
 * untrusted input). Expected failures become `{ ok: false }`; only bugs throw.
 */
export async function runGenerateCertificatesCommand(argument: unknown): Promise<ServerGenerateCertificatesResult> {
  try {
    const options = toGenerateOptions(argument);
    const result = await generateCertificates(options);
    return {
      ok: true,
      folder: result.folder,
      files: result.files,
      written: result.written,
      replaced: result.replaced,
      dnsNames: result.dnsNames,
      ipAddresses: result.ipAddresses,
      notAfter: result.notAfter.toISOString(),
      tlsBlock: result.tlsBlock,
    };
  } catch (error) {
    if (error instanceof CertificateGenerationError) return { ok: false, reason: error.reason, message: error.message, paths: error.paths };
    throw error;
  }
}

function toGenerateOptions(argument: unknown): GenerateOptions {
  if (typeof argument !== 'object' || argument === null) throw new CertificateGenerationError('invalid-path', 'No folder given for the certificates');
  const raw = argument as Partial<ServerGenerateCertificatesArguments>;
  if (typeof raw.folder !== 'string' || !nodePath.isAbsolute(raw.folder)) {
    throw new CertificateGenerationError('invalid-path', `The certificate folder must be an absolute path, not ${JSON.stringify(raw.folder)}`);
  }
  const options: GenerateOptions = { folder: raw.folder, overwrite: raw.overwrite === true };
  if (raw.names !== undefined) {
    if (!Array.isArray(raw.names) || raw.names.some((name) => typeof name !== 'string')) throw new CertificateGenerationError('invalid-name', 'names must be a list of strings');
    options.names = raw.names;
  }
  if (raw.files !== undefined && raw.files !== null) {
    if (typeof raw.files !== 'object') throw new CertificateGenerationError('invalid-path', 'files must map roles to paths');
    const files: Partial<Record<CertificateRole, string | null>> = {};
    for (const role of CERTIFICATE_ROLES) {
      const value = (raw.files as Record<string, unknown>)[role];
      if (value === undefined) continue;
      if (value !== null && (typeof value !== 'string' || !nodePath.isAbsolute(value))) {
        throw new CertificateGenerationError('invalid-path', `The path for the ${describeRole(role)} must be absolute, not ${JSON.stringify(value)}`);
      }
      files[role] = value;
    }
    options.files = files;
  }
  return options;
}

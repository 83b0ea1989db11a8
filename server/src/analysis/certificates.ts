/**
 * The certificate checks: the files a `tls` block names (`cert_file`, `key_file`, `ca_file`,
 * and the pairs of `certs`), read as nats-server reads them.
 *
 * - What makes `nats-server -t` fail is an ERROR, reported where nats-server reports it (at the
 *   `tls` key) with a related location at the path: a missing or unreadable file, a folder, a
 *   cert_file without a certificate, switched PEM inputs, an encrypted or unparsable key, a key
 *   that does not match the certificate, a ca_file without certificates
 *   (shared/reference/nats-config-reference.md §5.2; messages checked with nats-server 2.9.10).
 * - What nats-server accepts (§5.3: nobody checks expiry, key usage, names, chains, weak keys)
 *   is a WARNING, INFORMATION or HINT, shown at the path.
 *
 * nats-server resolves relative paths against its working directory. "Missing" is judged
 * against the path base (`natsConf.paths.base`, the CLI's `--cwd`; else the config's folder);
 * a file found only relative to another folder (the config's, an included file's, the
 * workspace's) is a warning that says where it was found.
 *
 * File reads go through the Environment, at most 1 MB, and are cached by path + modification
 * time + size (certificateFiles.ts).
 */
import * as nodePath from 'path';
import { isIP } from 'net';
import type { Environment } from '../environment';
import type { Document, Range, RelatedInformation, Severity, Value, VariableValue } from '../parser/ast';
import type { TlsContextId } from '../knowledge/tlsContexts';
import { isAvailable, type ServerVersion } from '../knowledge/versions';
import { BlockWalker, findBinding, type Block } from './blocks';
import {
  caCertificates, certificateInput, keyDescriptionText, keyInput, loadPemFile,
  MAX_CERTIFICATE_FILE_BYTES, type CertificateInfo, type LoadedFile, type PemFile,
} from './certificateFiles';
import type { CodeDoc, Diagnostic } from './diagnostic';
import type { Binding, Resolution } from './resolve';
import { tlsContextOfPath, type TlsData, type TlsEdit, type TlsFix } from './tlsRules';

// ---------------------------------------------------------------------------------------------
// Codes

/** Stable codes of the certificate diagnostics (documented in the README from {@link CERT_CODE_DOCS}). */
export const CertCode = {
  fileNotFound: 'cert-file-not-found',
  fileElsewhere: 'cert-file-elsewhere',
  fileUnresolved: 'cert-file-unresolved',
  fileIsFolder: 'cert-file-is-folder',
  fileUnreadable: 'cert-file-unreadable',
  fileTooLarge: 'cert-file-too-large',
  noCertificate: 'cert-no-certificate',
  invalidCertificate: 'cert-invalid-certificate',
  pemSwitched: 'cert-pem-switched',
  noPrivateKey: 'cert-no-private-key',
  keyEncrypted: 'cert-key-encrypted',
  keyUnsupported: 'cert-key-unsupported',
  keyMismatch: 'cert-key-mismatch',
  caNoCertificates: 'cert-ca-no-certificates',
  expired: 'cert-expired',
  notYetValid: 'cert-not-yet-valid',
  expiringSoon: 'cert-expiring-soon',
  weakKey: 'cert-weak-key',
  sha1Signature: 'cert-sha1-signature',
  caAsServer: 'cert-ca-as-server',
  chainOrder: 'cert-chain-order',
  missingEku: 'cert-missing-eku',
  sanMismatch: 'cert-san-mismatch',
  caFileNotCa: 'cert-ca-file-not-ca',
  notTrustedByCa: 'cert-not-trusted-by-ca',
  pinMismatch: 'cert-pin-mismatch',
} as const;

export type CertCodeValue = (typeof CertCode)[keyof typeof CertCode];

export type CertCodeDoc = CodeDoc<CertCodeValue>;

export const CERT_CODE_DOCS: readonly CertCodeDoc[] = [
  { code: CertCode.fileNotFound, severity: 'error', description: 'a `cert_file`, `key_file` or `ca_file` that does not exist relative to the path base (nats-server: "open …: no such file or directory")', example: 'tls { cert_file: "./nope.pem", key_file: "./key.pem" }' },
  { code: CertCode.fileElsewhere, severity: 'warning', description: 'a relative path missing from the path base (`natsConf.paths.base`, `--cwd`) but found relative to the config\'s (or an included file\'s, or the workspace\'s) folder: nats-server resolves it against its working directory', example: 'cert_file: "certs/server.pem" with the server started from another folder' },
  { code: CertCode.fileUnresolved, severity: 'information', description: 'a path that cannot be checked here: it comes from an environment variable, looks like a template (`${…}`, `{{…}}`), or the document has no folder', example: 'cert_file: $CERT_PATH (set in the environment)' },
  { code: CertCode.fileIsFolder, severity: 'error', description: 'the path names a folder (nats-server: "read …: is a directory")', example: 'tls { cert_file: "/etc/ssl", key_file: "key.pem" }' },
  { code: CertCode.fileUnreadable, severity: 'error', description: 'the file exists but cannot be read (permissions), or is not a regular file', example: 'key_file: "/root/key.pem" without permission' },
  { code: CertCode.fileTooLarge, severity: 'warning', description: 'the file is larger than 1 MB: not read here (a certificate chain is a few kilobytes)', example: 'ca_file: "huge-bundle.pem"' },
  { code: CertCode.noCertificate, severity: 'error', description: '`cert_file` holds no PEM `CERTIFICATE` block: empty, DER, or other PEM blocks (nats-server: "tls: failed to find any PEM data in certificate input")', example: 'cert_file: "server.der"' },
  { code: CertCode.invalidCertificate, severity: 'error', description: 'the first certificate of `cert_file` cannot be parsed', example: 'a CERTIFICATE block holding garbage' },
  { code: CertCode.pemSwitched, severity: 'error', description: '`cert_file` holds only a private key, or `key_file` only a certificate: the two paths are swapped (nats-server: "PEM inputs may have been switched")', example: 'tls { cert_file: "server-key.pem", key_file: "server-cert.pem" }' },
  { code: CertCode.noPrivateKey, severity: 'error', description: '`key_file` holds no PEM private key (nats-server: "tls: failed to find any PEM data in key input")', example: 'key_file: "empty.pem"' },
  { code: CertCode.keyEncrypted, severity: 'error', description: 'the private key is protected by a passphrase, which nats-server cannot use (nats-server: "tls: failed to parse private key")', example: 'key_file: "encrypted-key.pem" (BEGIN ENCRYPTED PRIVATE KEY)' },
  { code: CertCode.keyUnsupported, severity: 'error', description: 'the private key cannot be parsed by Go (an unknown form or algorithm, such as DSA or secp256k1)', example: 'key_file: "dsa-key.pem"' },
  { code: CertCode.keyMismatch, severity: 'error', description: 'the private key does not belong to the first certificate of `cert_file` (or a CA comes before the server certificate) (nats-server: "tls: private key does not match public key")', example: 'tls { cert_file: "a-cert.pem", key_file: "b-key.pem" }' },
  { code: CertCode.caNoCertificates, severity: 'error', description: '`ca_file` holds no certificate that can be parsed (nats-server: "failed to parse root ca certificate")', example: 'ca_file: "server-key.pem"' },
  { code: CertCode.expired, severity: 'warning', description: 'a certificate (of `cert_file` or `ca_file`) has expired: `-t` passes, handshakes fail', example: 'a certificate whose notAfter is in the past' },
  { code: CertCode.notYetValid, severity: 'warning', description: 'a certificate is not valid yet (its notBefore is in the future; check the clock)', example: 'a certificate issued with a start date next week' },
  { code: CertCode.expiringSoon, severity: 'warning', description: 'a certificate expires within `natsConf.certificates.expiryWarningDays` (default 30) days', example: 'a certificate valid for 10 more days' },
  { code: CertCode.weakKey, severity: 'warning', description: 'an RSA key below 2048 bits (or an EC key below 256 bits): accepted by nats-server 2.9, refused by many clients and newer Go', example: 'a 1024-bit RSA certificate' },
  { code: CertCode.sha1Signature, severity: 'warning', description: 'a certificate signed with SHA-1 (or MD5): Go clients refuse it', example: 'openssl req -x509 -sha1 …' },
  { code: CertCode.caAsServer, severity: 'warning or information', description: 'the certificate of `cert_file` is a CA certificate (information when it is a self-signed certificate)', example: 'cert_file: "ca.pem", key_file: "ca-key.pem"' },
  { code: CertCode.chainOrder, severity: 'warning', description: 'the certificates of `cert_file` are not in order (each one followed by the one that issued it), or the server certificate is not first', example: 'cat ca.pem intermediate.pem server.pem > chain.pem' },
  { code: CertCode.missingEku, severity: 'warning', description: 'the certificate\'s extended key usage lacks serverAuth (listeners) or clientAuth (routes, gateways and outgoing leaf node and gateway connections present it as a client)', example: 'a serverAuth-only certificate in cluster { tls { } }' },
  { code: CertCode.sanMismatch, severity: 'warning', description: 'no subject alternative name of the certificate matches the configured host or advertise address', example: 'cluster { host: "nats-1.example.com", tls { … } } with a certificate for other.example.com' },
  { code: CertCode.caFileNotCa, severity: 'warning', description: '`ca_file` holds certificates that are not CA certificates', example: 'ca_file: "server-cert.pem"' },
  { code: CertCode.notTrustedByCa, severity: 'warning', description: 'in `cluster` and `gateway` blocks (mutual TLS): the block\'s own certificate does not chain to its `ca_file`, so peers with the same configuration reject it', example: 'cluster { tls { cert_file: "a.pem", key_file: "a-key.pem", ca_file: "other-ca.pem" } }' },
  { code: CertCode.pinMismatch, severity: 'hint', description: '`pinned_certs` is set but does not hold the SPKI SHA-256 of this block\'s own certificate (needed where peers present the same certificate)', example: 'cluster { tls { pinned_certs: [ "…" ] } }' },
];

// ---------------------------------------------------------------------------------------------
// Settings and thresholds

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
const RSA_MINIMUM_BITS = 2048;
const EC_MINIMUM_BITS = 256;
const DAY_MS = 24 * 60 * 60 * 1000;

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

/** Contexts whose certificate is presented as a server certificate (a listener). */
const SERVER_ROLE: ReadonlySet<TlsContextId> = new Set(['root', 'cluster', 'gateway', 'leafnodes', 'websocket', 'mqtt']);
/** Contexts whose certificate is presented as a client certificate (outgoing connections). */
const CLIENT_ROLE: ReadonlySet<TlsContextId> = new Set(['cluster', 'gateway', 'gateway-remote', 'leafnode-remote', 'resolver']);
/** Contexts with their own listener address (host / listen / advertise in the parent block). */
const LISTENER_HOST_KEYS: Partial<Record<TlsContextId, string[]>> = {
  root: ['client_advertise', 'host', 'net', 'listen'],
  cluster: ['advertise', 'cluster_advertise', 'host', 'listen'],
  gateway: ['advertise', 'host', 'listen'],
  leafnodes: ['advertise', 'host', 'listen'],
  websocket: ['advertise', 'host', 'listen'],
  mqtt: ['host', 'listen'],
};

// ---------------------------------------------------------------------------------------------
// Where paths resolve

/** A folder a relative path may have been meant against, besides the path base. */
export interface CandidateBase {
  folder: string;
  /** "the config file's folder", "the workspace folder", ... */
  label: string;
}

export interface PathBases {
  /** Where nats-server is taken to run (natsConf.paths.base / --cwd / the config's folder). */
  pathBase?: string;
  /** Where else to look, best first. */
  others: CandidateBase[];
}

export type LocatedFile =
  | { status: 'found'; path: string; atBase: boolean; label?: string; expected?: string }
  | { status: 'missing'; path: string; tried: string[] }
  | { status: 'no-base' };

/** Resolves a written path: the path base first, then the other candidate folders. */
export async function locateFile(environment: Environment, written: string, bases: PathBases): Promise<LocatedFile> {
  if (nodePath.isAbsolute(written)) {
    const stat = await environment.stat(written);
    return stat ? { status: 'found', path: written, atBase: true } : { status: 'missing', path: written, tried: [written] };
  }
  if (bases.pathBase === undefined) {
    for (const other of bases.others) {
      const candidate = nodePath.join(other.folder, written);
      if (await environment.stat(candidate)) return { status: 'found', path: candidate, atBase: false, label: other.label };
    }
    return { status: 'no-base' };
  }
  const primary = nodePath.join(bases.pathBase, written);
  if (await environment.stat(primary)) return { status: 'found', path: primary, atBase: true };
  const tried = [primary];
  for (const other of bases.others) {
    const candidate = nodePath.join(other.folder, written);
    if (tried.includes(candidate)) continue;
    tried.push(candidate);
    if (await environment.stat(candidate)) return { status: 'found', path: candidate, atBase: false, label: other.label, expected: primary };
  }
  return { status: 'missing', path: primary, tried };
}

// ---------------------------------------------------------------------------------------------
// The check

export interface CertificateCheckInput {
  tree: Document;
  uri: string;
  resolution: Resolution;
  environment: Environment;
  target: ServerVersion;
  /** natsConf.paths.base / --cwd; undefined: the config's folder. */
  pathBase?: string;
  /** The checked document's file-system path. */
  documentPath?: string;
  /** The workspace folder holding the document, when known. */
  workspaceFolder?: string;
  expiryWarningDays?: number;
  /** The block walk of the same analysis, when the caller has one (it is then walked once). */
  walker?: BlockWalker;
}

type FileOptionName = 'cert_file' | 'key_file' | 'ca_file';

/** One file option of a block with a usable (non-empty string) value. */
interface FileOption {
  name: FileOptionName;
  binding: Binding;
  written: string;
  /** Given through an environment variable: where nats-server runs it may differ. */
  fromEnvironment: boolean;
  located?: LocatedFile;
  loaded?: LoadedFile;
}

/** Every certificate diagnostic of the document (never throws on file problems). */
export async function checkCertificates(input: CertificateCheckInput): Promise<Diagnostic[]> {
  const walker = input.walker ?? new BlockWalker({ tree: input.tree, uri: input.uri, resolution: input.resolution });
  const blocks: Block[] = [];
  for (const block of walker.tlsBlocksFor(input.target)) {
    if (block.context.id === 'tls' || (block.context.id === 'tls.certs[]' && isAvailable(block.context, input.target))) blocks.push(block);
  }
  const checker = new CertificateChecker(input, walker);
  const out: Diagnostic[] = [];
  for (const block of blocks) await checker.checkBlock(block, out);
  return out;
}

class CertificateChecker {
  private readonly now: Date;
  private readonly expiryDays: number;
  /**
   * Each file is looked for and read once per analysis, however many blocks name it (a big config
   * names the same certificate in every leafnode remote): one view of the disk per analysis, and
   * the stats of a file are not repeated for each block.
   */
  private readonly locations = new Map<string, Promise<LocatedFile>>();
  private readonly loads = new Map<string, Promise<LoadedFile>>();

  constructor(
    private readonly input: CertificateCheckInput,
    private readonly walker: BlockWalker,
  ) {
    this.now = input.environment.now();
    this.expiryDays = input.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  }

  async checkBlock(block: Block, out: Diagnostic[]): Promise<void> {
    const owner = block.owner;
    if (!owner || !this.isComplete(block)) return;
    const inCerts = block.context.id === 'tls.certs[]';
    const cert = this.fileOption(block, 'cert_file');
    const key = this.fileOption(block, 'key_file');
    const ca = inCerts ? undefined : this.fileOption(block, 'ca_file');
    for (const option of [cert, key, ca]) {
      if (!option) continue;
      await this.load(block, option, out);
    }
    const certFile = cert?.loaded?.ok ? cert.loaded.file : undefined;
    const keyFile = key?.loaded?.ok ? key.loaded.file : undefined;
    let leaf: CertificateInfo | undefined;
    if (cert && certFile) leaf = this.checkCertificateInput(block, cert, certFile, out);
    let keySpki: Buffer | undefined;
    if (key && keyFile) keySpki = this.checkKeyInput(block, key, keyFile, out);
    if (cert && certFile && leaf && key && keySpki) await this.checkPair(block, cert, certFile, leaf, key, keySpki, out);
    let caList: CertificateInfo[] | undefined;
    if (ca?.loaded?.ok) caList = this.checkCaInput(block, ca, ca.loaded.file, out);
    if (cert && certFile && leaf) {
      const path = inCerts ? block.path.replace(/\.certs\[\d+\]$/i, '') : block.path;
      const context = tlsContextOfPath(path);
      this.checkLeaf(block, cert, certFile, leaf, context?.id, inCerts, out);
      if (!inCerts && context) {
        this.checkTrust(block, cert, certFile, leaf, ca, caList, context.id, out);
        this.checkPins(block, cert, leaf, context.id, out);
      }
    }
  }

  /**
   * A block cut short by a syntax error is not checked: nats-server stops at the syntax error
   * and never reads the files, and the paths may still be being typed.
   */
  private isComplete(block: Block): boolean {
    const node = block.node;
    if (node.kind !== 'map') return true;
    if (!node.closed) return false;
    const documents = [this.input.resolution.root.document, ...[...this.input.resolution.files.values()].map((f) => f.document)];
    return !documents.some((document) => document.errors.some((e) => e.severity === 'error' && inside(e.range.start, node.range)) && containsNode(document, node));
  }

  // ---- options and files

  private fileOption(block: Block, name: FileOptionName): FileOption | undefined {
    const binding = findBinding(block.bindings, name);
    const value = binding?.resolved;
    if (!binding || value?.kind !== 'string' || value.value === '') return undefined;
    let fromEnvironment = binding.uri === '';
    if (binding.value.kind === 'variable') {
      const resolved = this.input.resolution.variables.get(binding.value as VariableValue);
      if (resolved?.source === 'environment') fromEnvironment = true;
    }
    return { name, binding, written: value.value, fromEnvironment };
  }

  private locate(written: string, bases: PathBases): Promise<LocatedFile> {
    const key = [written, bases.pathBase ?? '', ...bases.others.flatMap((base) => [base.folder, base.label])].join('\u0000');
    let located = this.locations.get(key);
    if (!located) {
      located = locateFile(this.input.environment, written, bases);
      this.locations.set(key, located);
    }
    return located;
  }

  private loadOnce(path: string): Promise<LoadedFile> {
    let loaded = this.loads.get(path);
    if (!loaded) {
      loaded = loadPemFile(this.input.environment, path);
      this.loads.set(path, loaded);
    }
    return loaded;
  }

  private bases(binding: Binding): PathBases {
    const others: CandidateBase[] = [];
    const configFolder = this.input.documentPath ? nodePath.dirname(this.input.documentPath) : undefined;
    if (binding.uri !== '' && binding.uri !== this.input.uri) {
      for (const file of this.input.resolution.files.values()) {
        if (file.uri === binding.uri && file.path) others.push({ folder: nodePath.dirname(file.path), label: `the folder of the included file ${nodePath.basename(file.path)}` });
      }
    }
    if (configFolder) others.push({ folder: configFolder, label: "the config file's folder" });
    if (this.input.workspaceFolder) others.push({ folder: this.input.workspaceFolder, label: 'the workspace folder' });
    return { pathBase: this.input.pathBase ?? configFolder, others };
  }

  private async load(block: Block, option: FileOption, out: Diagnostic[]): Promise<void> {
    const { binding, written, name } = option;
    const located = await this.locate(written, this.bases(binding));
    option.located = located;
    const templated = /\$\{|\$\(|\{\{|%[A-Za-z_][A-Za-z0-9_]*%|^\$[A-Za-z_]/.test(written);
    if (located.status === 'no-base') {
      out.push(this.atValue(block, binding, CertCode.fileUnresolved, 'information',
        `'${binding.name}' "${written}" is relative and the document has no folder yet, so the file cannot be checked${this.where(block, binding)}. Save the file, or set natsConf.paths.base to the folder nats-server runs in.`,
        { key: binding.name, written }));
      return;
    }
    if (located.status === 'missing') {
      if (option.fromEnvironment || templated) {
        out.push(this.atValue(block, binding, CertCode.fileUnresolved, 'information',
          `'${binding.name}' "${written}" ${option.fromEnvironment ? 'comes from an environment variable, which may differ where nats-server runs' : 'looks like a template placeholder (nats-server does not expand variables inside paths)'}; it was not found here (${located.path}), so the file is not checked${this.where(block, binding)}.`,
          { key: binding.name, written, resolved: located.path }));
        return;
      }
      const go = name === 'ca_file' ? `open ${written}: no such file or directory` : `error parsing X509 certificate/key pair: open ${written}: no such file or directory`;
      const relative = !nodePath.isAbsolute(written);
      out.push(this.atBlock(block, binding, CertCode.fileNotFound, 'error',
        `The ${FILE_WORDS[name]} '${binding.name}' "${written}" does not exist${relative ? ` (looked in ${located.tried.join(', ')})` : ''}${this.where(block, binding)}: nats-server refuses the config ("${go}").` +
        `${written.startsWith('~') ? ' nats-server does not expand ~ in paths.' : ''} Fix the path${relative ? ', or set natsConf.paths.base (--cwd) to the folder nats-server runs in: relative paths resolve against its working directory' : ''}.`,
        { key: binding.name, written, resolved: located.path, tried: located.tried }));
      return;
    }
    if (!located.atBase) {
      out.push(this.atValue(block, binding, CertCode.fileElsewhere, 'warning',
        `'${binding.name}' "${written}" is not in ${located.expected ?? 'the path base'} but was found in ${located.label} (${located.path})${this.where(block, binding)}. ` +
        'nats-server resolves relative paths against its working directory: start it from that folder, use an absolute path, or set natsConf.paths.base (--cwd) to the folder nats-server runs in.',
        { key: binding.name, written, found: located.path, expected: located.expected }));
    }
    const loaded = await this.loadOnce(located.path);
    option.loaded = loaded;
    if (loaded.ok) return;
    const pair = name !== 'ca_file';
    switch (loaded.reason) {
      case 'not-found':
        return; // vanished between stat and read: the next run reports it
      case 'is-directory': {
        const go = `${pair ? 'error parsing X509 certificate/key pair: ' : ''}read ${written}: is a directory`;
        out.push(this.atBlock(block, binding, CertCode.fileIsFolder, 'error',
          `'${binding.name}' "${written}" is a folder, not a file${this.where(block, binding)}: nats-server refuses the config ("${go}"). Name the ${FILE_WORDS[name]} itself.`,
          { key: binding.name, written, resolved: loaded.path }));
        return;
      }
      case 'too-large':
        out.push(this.atValue(block, binding, CertCode.fileTooLarge, 'warning',
          `'${binding.name}' "${written}" is larger than ${MAX_CERTIFICATE_FILE_BYTES / 1024 / 1024} MB${loaded.size !== undefined ? ` (${loaded.size.toLocaleString('en-US')} bytes)` : ''}, so it is not read here${this.where(block, binding)}. A certificate, key or CA bundle is a few kilobytes: check that the path names the right file.`,
          { key: binding.name, written, resolved: loaded.path, size: loaded.size }));
        return;
      default:
        out.push(this.atBlock(block, binding, CertCode.fileUnreadable, 'error',
          `'${binding.name}' "${written}" cannot be read (${loaded.message})${this.where(block, binding)}: nats-server refuses the config when it cannot read it either. Check the file's permissions and that it is a regular file.`,
          { key: binding.name, written, resolved: loaded.path, reason: loaded.reason }));
    }
  }

  // ---- GenTLSConfig: the certificate input

  private checkCertificateInput(block: Block, option: FileOption, file: PemFile, out: Diagnostic[]): CertificateInfo | undefined {
    const { binding, written } = option;
    const input = certificateInput(file);
    const prefix = 'error parsing X509 certificate/key pair: ';
    if (!input.ok) {
      if (input.problem === 'switched') {
        const key = findBinding(block.bindings, 'key_file');
        const fixes = this.swapFix(binding, key);
        out.push(this.atBlock(block, binding, CertCode.pemSwitched, 'error',
          `'${binding.name}' "${written}" holds a private key, not a certificate${this.where(block, binding)}: nats-server refuses the config ("${prefix}tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"). Swap cert_file and key_file, or name the certificate file.`,
          { key: binding.name, written, which: 'cert_file', ...(fixes ? { fixes } : {}) }));
        return undefined;
      }
      const go = input.problem === 'no-pem'
        ? 'tls: failed to find any PEM data in certificate input'
        : `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${input.skipped.join(' ')}]`;
      const what = input.problem === 'no-pem'
        ? (file.size === 0 ? 'is empty' : 'holds no PEM data (a DER or other binary certificate must be converted: openssl x509 -inform DER -in cert.der -out cert.pem)')
        : `holds no CERTIFICATE block, only ${input.skipped.join(', ')}`;
      out.push(this.atBlock(block, binding, CertCode.noCertificate, 'error',
        `'${binding.name}' "${written}" ${what}${this.where(block, binding)}: nats-server refuses the config ("${prefix}${go}"). Name a PEM file that starts with -----BEGIN CERTIFICATE-----.`,
        { key: binding.name, written, skipped: input.skipped }));
      return undefined;
    }
    const leaf = input.chain[0];
    if (!leaf) {
      out.push(this.atBlock(block, binding, CertCode.invalidCertificate, 'error',
        `The first certificate in '${binding.name}' "${written}" cannot be parsed${this.where(block, binding)}: nats-server refuses the config ("${prefix}x509: malformed certificate"). Replace it with a valid PEM certificate.`,
        { key: binding.name, written }));
      return undefined;
    }
    return leaf;
  }

  // ---- GenTLSConfig: the key input

  private checkKeyInput(block: Block, option: FileOption, file: PemFile, out: Diagnostic[]): Buffer | undefined {
    const { binding, written } = option;
    const input = keyInput(file);
    const prefix = 'error parsing X509 certificate/key pair: ';
    if (!input.ok) {
      if (input.problem === 'certificate-instead') {
        const cert = findBinding(block.bindings, 'cert_file');
        const fixes = this.swapFix(cert, binding);
        out.push(this.atBlock(block, binding, CertCode.pemSwitched, 'error',
          `'${binding.name}' "${written}" holds a certificate, not a private key${this.where(block, binding)}: nats-server refuses the config ("${prefix}tls: found a certificate rather than a key in the PEM for the private key"). Swap cert_file and key_file, or name the key file.`,
          { key: binding.name, written, which: 'key_file', ...(fixes ? { fixes } : {}) }));
        return undefined;
      }
      const go = input.problem === 'no-pem'
        ? 'tls: failed to find any PEM data in key input'
        : `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${input.skipped.join(' ')}]`;
      const what = input.problem === 'no-pem' ? (file.size === 0 ? 'is empty' : 'holds no PEM data') : `holds no private key, only ${input.skipped.join(', ')}`;
      out.push(this.atBlock(block, binding, CertCode.noPrivateKey, 'error',
        `'${binding.name}' "${written}" ${what}${this.where(block, binding)}: nats-server refuses the config ("${prefix}${go}"). Name the PEM private key (-----BEGIN PRIVATE KEY-----) of the certificate.`,
        { key: binding.name, written, skipped: input.skipped }));
      return undefined;
    }
    const key = input.key;
    if (!key.ok) {
      out.push(this.atBlock(block, binding, key.encrypted ? CertCode.keyEncrypted : CertCode.keyUnsupported, 'error',
        key.encrypted
          ? `The private key in '${binding.name}' "${written}" is encrypted (protected by a passphrase)${this.where(block, binding)}: nats-server cannot use it and refuses the config ("${prefix}tls: failed to parse private key"). Decrypt it: openssl pkey -in ${written} -out key.pem (keep the result readable only by nats-server).`
          : `The private key in '${binding.name}' "${written}" cannot be parsed${this.where(block, binding)}: nats-server refuses the config ("${prefix}tls: failed to parse private key"). Use an RSA, ECDSA (P-256/P-384/P-521) or Ed25519 key in PKCS#1, PKCS#8 or SEC 1 PEM form.`,
        { key: binding.name, written, encrypted: key.encrypted }));
      return undefined;
    }
    if (!key.goAccepts) {
      out.push(this.atBlock(block, binding, CertCode.keyUnsupported, 'error',
        `The private key in '${binding.name}' "${written}" is ${keyDescriptionText(key.key)}, which Go's TLS cannot use${this.where(block, binding)}: nats-server refuses the config ("${prefix}tls: failed to parse private key"). Use an RSA, ECDSA (P-256/P-384/P-521) or Ed25519 key.`,
        { key: binding.name, written, keyType: key.key.type }));
      return undefined;
    }
    return key.spki;
  }

  // ---- the pair

  private async checkPair(block: Block, cert: FileOption, certFile: PemFile, leaf: CertificateInfo, key: FileOption, keySpki: Buffer, out: Diagnostic[]): Promise<void> {
    if (leaf.spki.equals(keySpki)) return;
    const prefix = 'error parsing X509 certificate/key pair: ';
    const later = certFile.certificates.findIndex((c, i) => i > 0 && c !== undefined && c.spki.equals(keySpki));
    const keyType = (await this.keyTypeOf(key)) ?? '';
    const typeMismatch = keyType !== '' && keyType !== leaf.key.type;
    const go = typeMismatch ? 'tls: private key type does not match public key type' : 'tls: private key does not match public key';
    const candidates = await this.matchingKeysNear(cert, leaf, key);
    const fixes: TlsFix[] = [];
    for (const candidate of candidates) {
      const edit = this.replaceValue(key.binding, candidate);
      if (edit) fixes.push({ title: `Use the key next to this certificate: ${quote(candidate)}`, edits: [edit] });
    }
    const why = later > 0
      ? `The key belongs to certificate ${later + 1} of '${cert.binding.name}' (${certFile.certificates[later]?.subject}): the server certificate must come first, followed by its issuers.`
      : `The key (${keyDescriptionText(await this.keyDescriptionOf(key) ?? { type: keyType })}) does not belong to the certificate (${leaf.subject}, ${keyDescriptionText(leaf.key)}).`;
    out.push(this.atBlock(block, key.binding, CertCode.keyMismatch, 'error',
      `'${key.binding.name}' "${key.written}" is not the private key of '${cert.binding.name}' "${cert.written}"${this.where(block, key.binding)}: nats-server refuses the config ("${prefix}${go}"). ${why}` +
      `${candidates.length > 0 ? ` The key next to the certificate that matches: ${candidates.join(', ')}.` : ''}`,
      { key: key.binding.name, written: key.written, certificate: cert.written, leafNotFirst: later > 0, candidates, ...(fixes.length > 0 ? { fixes } : {}) },
      [{ uri: cert.binding.uri, range: cert.binding.value.range, message: `'${cert.binding.name}' is here` }]));
  }

  private async keyTypeOf(option: FileOption): Promise<string | undefined> {
    return (await this.keyDescriptionOf(option))?.type;
  }

  private async keyDescriptionOf(option: FileOption) {
    const file = option.loaded?.ok ? option.loaded.file : undefined;
    const key = file?.privateKey;
    return key?.ok ? key.key : undefined;
  }

  /** Files next to the certificate whose private key matches it (as the path is written). */
  private async matchingKeysNear(cert: FileOption, leaf: CertificateInfo, key: FileOption | undefined): Promise<string[]> {
    if (cert.located?.status !== 'found') return [];
    const exclude = key?.located?.status === 'found' ? key.located.path : undefined;
    const names = await matchingKeyFiles(this.input.environment, cert.located.path, leaf, exclude);
    return names.map((name) => siblingPath(cert.written, name));
  }

  // ---- the CA file

  private checkCaInput(block: Block, option: FileOption, file: PemFile, out: Diagnostic[]): CertificateInfo[] | undefined {
    const { binding, written } = option;
    const cas = caCertificates(file);
    if (cas.length === 0) {
      const holds = file.blocks.length === 0 ? (file.size === 0 ? 'is empty' : 'holds no PEM data') : `holds no usable certificate (found: ${[...new Set(file.blocks.map((b) => b.type))].join(', ')})`;
      out.push(this.atBlock(block, binding, CertCode.caNoCertificates, 'error',
        `'${binding.name}' "${written}" ${holds}${this.where(block, binding)}: nats-server refuses the config ("failed to parse root ca certificate"). Name the PEM file of the CA certificate(s) that issued the peers' certificates.`,
        { key: binding.name, written }));
      return undefined;
    }
    const notCa = cas.filter((c) => !c.isCa && !c.selfIssued);
    if (notCa.length > 0) {
      out.push(this.atValue(block, binding, CertCode.caFileNotCa, 'warning',
        `'${binding.name}' "${written}" holds ${notCa.length === cas.length ? (cas.length === 1 ? 'a certificate that is' : 'only certificates that are') : `${notCa.length} of ${cas.length} certificates that are`} not CA certificates (${notCa.slice(0, 3).map((c) => c.subject).join('; ')})${this.where(block, binding)}. ` +
        'Peers\' certificates are checked against the CAs in this file: put the CA that issued them here, not a server or client certificate.',
        { key: binding.name, written, subjects: notCa.map((c) => c.subject) }));
    }
    this.checkValidity(block, binding, cas, 'ca', out);
    return cas;
  }

  // ---- what nobody checks (§5.3)

  private checkLeaf(block: Block, option: FileOption, file: PemFile, leaf: CertificateInfo, context: TlsContextId | undefined, inCerts: boolean, out: Diagnostic[]): void {
    const { binding, written } = option;
    const chain = file.certificates.filter((c): c is CertificateInfo => c !== undefined);
    this.checkValidity(block, binding, chain, 'chain', out);
    // Weak keys: the certificate's own key and its issuers in the file.
    for (const [index, cert] of chain.entries()) {
      const weak = (cert.key.type === 'rsa' || cert.key.type === 'rsa-pss') && (cert.key.bits ?? RSA_MINIMUM_BITS) < RSA_MINIMUM_BITS
        || cert.key.type === 'ec' && (cert.key.bits ?? EC_MINIMUM_BITS) < EC_MINIMUM_BITS;
      if (!weak) continue;
      out.push(this.atValue(block, binding, CertCode.weakKey, 'warning',
        `${describeIndex(index, chain.length)} in '${binding.name}' (${cert.subject}) has a weak ${keyDescriptionText(cert.key)} key${this.where(block, binding)}. nats-server accepts it, but it can be broken and many clients refuse it: issue a new certificate with RSA ${RSA_MINIMUM_BITS}+ bits or ECDSA P-256.`,
        { key: binding.name, written, index, keyType: cert.key.type, bits: cert.key.bits }));
    }
    // SHA-1 signatures (a self-signed root's own signature does not matter).
    for (const [index, cert] of chain.entries()) {
      const hash = cert.signature?.hash;
      if ((hash !== 'SHA-1' && hash !== 'MD5') || (cert.selfIssued && index > 0)) continue;
      out.push(this.atValue(block, binding, CertCode.sha1Signature, 'warning',
        `${describeIndex(index, chain.length)} in '${binding.name}' (${cert.subject}) is signed with ${cert.signature?.name}${this.where(block, binding)}. Go clients (and browsers) refuse ${hash} signatures: re-issue it with SHA-256.`,
        { key: binding.name, written, index, signature: cert.signature?.name }));
    }
    // A CA certificate as the server certificate.
    if (leaf.isCa) {
      const selfSigned = leaf.selfIssued && chain.length === 1;
      out.push(this.atValue(block, binding, CertCode.caAsServer, selfSigned ? 'information' : 'warning',
        selfSigned
          ? `'${binding.name}' "${written}" is a self-signed certificate marked as a CA${this.where(block, binding)}: every peer must trust this very certificate (its ca_file must hold it). Fine for tests; in production use a certificate issued by a CA.`
          : `'${binding.name}' "${written}" starts with a CA certificate (${leaf.subject}), not a server certificate${this.where(block, binding)}. Name the certificate issued for this server; the CA belongs in ca_file (of the peers).`,
        { key: binding.name, written, selfSigned }));
    }
    // Chain order: each certificate followed by its issuer.
    this.checkChainOrder(block, option, chain, out);
    if (inCerts || !context) return;
    // Extended key usage.
    const ekus = leaf.extKeyUsage;
    if (ekus && !ekus.includes(EKU_ANY)) {
      const missing: string[] = [];
      if (SERVER_ROLE.has(context) && !ekus.includes(EKU_SERVER_AUTH)) missing.push('serverAuth');
      if (CLIENT_ROLE.has(context) && !ekus.includes(EKU_CLIENT_AUTH)) missing.push('clientAuth');
      if (missing.length > 0) {
        const role = SERVER_ROLE.has(context) && CLIENT_ROLE.has(context)
          ? 'routes and gateways present this certificate both when accepting (server) and when connecting (client)'
          : SERVER_ROLE.has(context) ? 'a listener presents it as a server certificate' : 'this server presents it as a client certificate when it connects';
        out.push(this.atValue(block, binding, CertCode.missingEku, 'warning',
          `The certificate in '${binding.name}' "${written}" lacks the ${missing.join(' and ')} extended key usage (it has ${ekus.map(ekuName).join(', ') || 'none'})${this.where(block, binding)}: ${role}, so peers that verify it refuse the handshake. Re-issue it with extendedKeyUsage = ${SERVER_ROLE.has(context) && CLIENT_ROLE.has(context) ? 'serverAuth, clientAuth' : missing.join(', ')}.`,
          { key: binding.name, written, missing, present: ekus }));
      }
    }
    // Names.
    this.checkNames(block, option, leaf, context, out);
  }

  private checkValidity(block: Block, binding: Binding, certs: readonly CertificateInfo[], kind: 'chain' | 'ca', out: Diagnostic[]): void {
    const now = this.now.getTime();
    const expired = certs.filter((c) => c.notAfter.getTime() < now);
    const future = certs.filter((c) => c.notBefore.getTime() > now);
    const soon = certs.filter((c) => c.notAfter.getTime() >= now && c.notAfter.getTime() - now < this.expiryDays * DAY_MS);
    const name = (c: CertificateInfo) => (kind === 'chain' ? `${describeIndex(certs.indexOf(c), certs.length)} (${c.subject})` : c.subject);
    const list = (cs: CertificateInfo[]) => cs.slice(0, 3).map(name).join('; ') + (cs.length > 3 ? `; and ${cs.length - 3} more` : '');
    const what = kind === 'chain' ? `in '${binding.name}'` : `in the CA file '${binding.name}'`;
    if (expired.length > 0) {
      const first = expired[0];
      const days = Math.floor((now - first.notAfter.getTime()) / DAY_MS);
      out.push(this.atValue(block, binding, CertCode.expired, 'warning',
        `${capitalize(list(expired))} ${what} expired on ${isoDate(first.notAfter)}${days > 0 ? ` (${days} day${days === 1 ? '' : 's'} ago)` : ''}${this.where(block, binding)}. nats-server starts, but TLS handshakes fail: renew the certificate.`,
        { key: binding.name, notAfter: first.notAfter.toISOString(), subjects: expired.map((c) => c.subject) }));
    }
    if (future.length > 0) {
      const first = future[0];
      out.push(this.atValue(block, binding, CertCode.notYetValid, 'warning',
        `${capitalize(list(future))} ${what} is not valid before ${first.notBefore.toISOString()}${this.where(block, binding)}. Handshakes fail until then: check the system clock, or the certificate's start date.`,
        { key: binding.name, notBefore: first.notBefore.toISOString(), subjects: future.map((c) => c.subject) }));
    }
    if (soon.length > 0) {
      const first = soon[0];
      const days = Math.floor((first.notAfter.getTime() - now) / DAY_MS);
      out.push(this.atValue(block, binding, CertCode.expiringSoon, 'warning',
        `${capitalize(list(soon))} ${what} expires on ${isoDate(first.notAfter)}, in ${days} day${days === 1 ? '' : 's'}${this.where(block, binding)}. Renew it before then (warning threshold: ${this.expiryDays} days, natsConf.certificates.expiryWarningDays).`,
        { key: binding.name, notAfter: first.notAfter.toISOString(), daysLeft: days, subjects: soon.map((c) => c.subject) }));
    }
  }

  private checkChainOrder(block: Block, option: FileOption, chain: readonly CertificateInfo[], out: Diagnostic[]): void {
    const { binding, written } = option;
    if (chain.length < 2) return;
    // The leaf is not first: a CA first with a non-CA certificate later (the key check says more when it can).
    const leafAt = chain.findIndex((c) => !c.isCa);
    if (chain[0].isCa && leafAt > 0) {
      out.push(this.atValue(block, binding, CertCode.chainOrder, 'warning',
        `The server certificate (${chain[leafAt].subject}) is certificate ${leafAt + 1} in '${binding.name}' "${written}"; a CA certificate comes first${this.where(block, binding)}. nats-server uses the first certificate as its own: put the server certificate first, then its issuers.`,
        { key: binding.name, written, leafIndex: leafAt }));
      return;
    }
    for (let i = 0; i + 1 < chain.length; i++) {
      if (issuedBy(chain[i], chain[i + 1])) continue;
      const issuer = chain.findIndex((c, j) => j !== i && issuedBy(chain[i], c));
      out.push(this.atValue(block, binding, CertCode.chainOrder, 'warning',
        issuer >= 0
          ? `The certificates in '${binding.name}' "${written}" are out of order: certificate ${i + 1} (${chain[i].subject}) is issued by certificate ${issuer + 1}, not by the next one${this.where(block, binding)}. Order them server certificate first, each followed by its issuer; peers may fail to build the chain.`
          : `Certificate ${i + 2} in '${binding.name}' "${written}" (${chain[i + 1].subject}) did not issue certificate ${i + 1} (${chain[i].subject})${this.where(block, binding)}. After the server certificate, the file should hold its issuers in order; remove unrelated certificates.`,
        { key: binding.name, written, index: i }));
      return;
    }
  }

  private checkNames(block: Block, option: FileOption, leaf: CertificateInfo, context: TlsContextId, out: Diagnostic[]): void {
    const keys = LISTENER_HOST_KEYS[context];
    if (!keys) return;
    const parent = block.parent;
    if (!parent) return;
    const parentPath = parent.path;
    let host: { name: string; key: string } | undefined;
    for (const key of keys) {
      const value = findBinding(parent.bindings, key)?.resolved;
      if (value?.kind !== 'string') continue;
      const name = hostOf(value.value);
      if (name === undefined) continue;
      host = { name, key };
      break;
    }
    if (!host) return;
    const ip = isIP(host.name) !== 0;
    const matches = ip ? leaf.x509.checkIP(host.name) !== undefined : leaf.x509.checkHost(host.name, { subject: 'never' }) !== undefined;
    if (matches) return;
    const names = [...leaf.dnsNames.map((n) => `DNS:${n}`), ...leaf.ipAddresses.map((n) => `IP:${n}`)];
    out.push(this.atValue(block, option.binding, CertCode.sanMismatch, 'warning',
      `The certificate in '${option.binding.name}' "${option.written}" has no subject alternative name for ${host.name} ('${host.key}' of ${parentPath === '' ? 'the top level' : parentPath})${this.where(block, option.binding)}: ` +
      `its names are ${names.length > 0 ? names.join(', ') : 'none (Go ignores the subject\'s CN)'}. Peers that connect to ${host.name} and verify the certificate refuse it: add ${ip ? 'IP' : 'DNS'}:${host.name} to the certificate's SANs.`,
      { key: option.binding.name, written: option.written, host: host.name, hostKey: host.key, names }));
  }

  private checkTrust(block: Block, cert: FileOption, file: PemFile, leaf: CertificateInfo, ca: FileOption | undefined, cas: CertificateInfo[] | undefined, context: TlsContextId, out: Diagnostic[]): void {
    if ((context !== 'cluster' && context !== 'gateway') || !ca || !cas) return;
    const intermediates = file.certificates.slice(1).filter((c): c is CertificateInfo => c !== undefined);
    let current = leaf;
    const seen = new Set<CertificateInfo>([leaf]);
    for (let depth = 0; depth < 10; depth++) {
      if (cas.some((root) => root.x509.raw.equals(current.x509.raw) || issuedBy(current, root))) return;
      const next = intermediates.find((c) => !seen.has(c) && issuedBy(current, c));
      if (!next) break;
      seen.add(next);
      current = next;
    }
    const missing = current.issuer;
    out.push(this.atValue(block, cert.binding, CertCode.notTrustedByCa, 'warning',
      `The certificate in '${cert.binding.name}' "${cert.written}" does not chain to '${ca.binding.name}' "${ca.written}"${this.where(block, cert.binding)}: ` +
      `${current === leaf ? 'it was' : `its chain ends at ${current.subject}, which was`} issued by ${missing}, which is neither in ${ca.binding.name} nor in ${cert.binding.name}. ` +
      `Routes and gateways verify each other against ${ca.binding.name}, so peers using this configuration refuse it. If ${missing} is an intermediate CA, add it to ${cert.binding.name} after the server certificate; otherwise add the CA that issued it to ${ca.binding.name}.`,
      { key: cert.binding.name, written: cert.written, issuer: missing },
      [{ uri: ca.binding.uri, range: ca.binding.value.range, message: `'${ca.binding.name}' is here` }]));
  }

  private checkPins(block: Block, cert: FileOption, leaf: CertificateInfo, context: TlsContextId, out: Diagnostic[]): void {
    const binding = findBinding(block.bindings, 'pinned_certs');
    const value = binding?.resolved;
    if (!binding || value?.kind !== 'array') return;
    const pins: string[] = [];
    for (const element of value.elements) {
      const resolved = element.kind === 'variable' ? this.resolveElement(element) : element;
      if (resolved?.kind === 'string' && /^[0-9A-Fa-f]{64}$/.test(resolved.value)) pins.push(resolved.value.toLowerCase());
      else if (resolved === undefined) return; // an element we cannot see: do not guess
    }
    if (pins.length === 0 || pins.includes(leaf.spkiSha256)) return;
    const fixes: TlsFix[] = [];
    const edit = this.pinEdit(binding, leaf.spkiSha256);
    if (edit) fixes.push({ title: 'Pin this certificate', edits: [edit] });
    const both = context === 'cluster' || context === 'gateway';
    out.push(this.atValue(block, cert.binding, CertCode.pinMismatch, 'hint',
      `None of the ${pins.length} pinned_certs is this block's own certificate (SPKI SHA-256 ${leaf.spkiSha256})${this.where(block, cert.binding)}. ` +
      `pinned_certs lists the certificates peers may present${both ? '; routes and gateways usually share one certificate, so a peer with this very certificate would be refused' : ''}. Add it if peers use the same certificate.`,
      { key: cert.binding.name, written: cert.written, spkiSha256: leaf.spkiSha256, ...(fixes.length > 0 ? { fixes } : {}) }));
  }

  private resolveElement(element: Value): Value | undefined {
    const resolved = this.input.resolution.variables.get(element as VariableValue);
    return resolved && resolved.source !== 'unresolved' ? resolved.value : undefined;
  }

  // ---- edits

  private pinEdit(binding: Binding, hash: string): TlsEdit | undefined {
    const array = binding.value;
    if (array.kind !== 'array' || binding.uri === '') return undefined;
    const last = array.elements[array.elements.length - 1];
    if (last) return { uri: binding.uri, range: { start: last.range.end, end: last.range.end }, newText: `, "${hash}"` };
    return { uri: binding.uri, range: array.range, newText: `[ "${hash}" ]` };
  }

  private replaceValue(binding: Binding, path: string): TlsEdit | undefined {
    if (binding.uri === '' || binding.value.kind !== 'string') return undefined;
    return { uri: binding.uri, range: binding.value.range, newText: quote(path) };
  }

  private swapFix(cert: Binding | undefined, key: Binding | undefined): TlsFix[] | undefined {
    if (!cert || !key || cert.resolved?.kind !== 'string' || key.resolved?.kind !== 'string') return undefined;
    const a = this.replaceValue(cert, key.resolved.value);
    const b = this.replaceValue(key, cert.resolved.value);
    return a && b ? [{ title: 'Swap cert_file and key_file', edits: [a, b] }] : undefined;
  }

  // ---- placing findings

  /** nats-server's own errors: at the block's key, with the path as related information. */
  private atBlock(block: Block, binding: Binding, code: CertCodeValue, severity: Severity, message: string, data: TlsData, extra: RelatedInformation[] = []): Diagnostic {
    const owner = block.owner as Binding;
    const related: RelatedInformation[] = [];
    if (binding.uri !== '') related.push({ uri: binding.uri, range: binding.value.range, message: `'${binding.name}' is here` });
    return this.make(block, owner.definition.key, owner.uri, code, severity, message, data, [...related, ...extra]);
  }

  /** Everything nats-server accepts: at the path. */
  private atValue(block: Block, binding: Binding, code: CertCodeValue, severity: Severity, message: string, data: TlsData, extra: RelatedInformation[] = []): Diagnostic {
    return this.make(block, binding.value, binding.uri, code, severity, message, data, extra);
  }

  private make(block: Block, node: { range: Range }, uri: string, code: CertCodeValue, severity: Severity, message: string, data: TlsData, extra: RelatedInformation[]): Diagnostic {
    const placed = this.walker.place(block, node, uri);
    const diagnostic: Diagnostic = { code, message, severity, range: placed.range, source: 'nats-conf', data };
    const related = [...(placed.related ?? []), ...extra.filter((r) => r.uri !== '')]
      .filter((r) => !(r.uri === this.input.uri && sameRange(r.range, placed.range)));
    if (related.length > 0) diagnostic.related = related;
    return diagnostic;
  }

  private where(block: Block, binding: Binding): string {
    return this.walker.where(block, binding.uri);
  }
}

// ---------------------------------------------------------------------------------------------
// The key next to a certificate

/**
 * Names of the files in the certificate's folder whose private key belongs to the certificate
 * (its first one, or `leaf`), checked by content; at most 64 files are looked at.
 */
export async function matchingKeyFiles(environment: Environment, certificatePath: string, leaf?: CertificateInfo, exclude?: string): Promise<string[]> {
  let certificate = leaf;
  if (!certificate) {
    const loaded = await loadPemFile(environment, certificatePath);
    certificate = loaded.ok ? loaded.file.certificates[0] : undefined;
  }
  if (!certificate) return [];
  const folder = nodePath.dirname(certificatePath);
  const entries = await environment.readDirectory(folder);
  const found: string[] = [];
  let examined = 0;
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.type !== 'file' || !/\.(pem|key|crt|cer|p8|pk8)$/i.test(entry.name)) continue;
    if (++examined > 64) break;
    const path = nodePath.join(folder, entry.name);
    if (path === exclude) continue;
    const loaded = await loadPemFile(environment, path);
    const privateKey = loaded.ok ? loaded.file.privateKey : undefined;
    if (privateKey?.ok && privateKey.goAccepts && privateKey.spki.equals(certificate.spki)) found.push(entry.name);
  }
  // A file named like a key first (server-key.pem before a combined.pem that holds both).
  return found.sort((a, b) => Number(!/key/i.test(a)) - Number(!/key/i.test(b)) || a.localeCompare(b));
}

/** `name` in the folder of `written`, written the same way (`certs/a.pem` + `b.pem` → `certs/b.pem`). */
export function siblingPath(written: string, name: string): string {
  const cut = Math.max(written.lastIndexOf('/'), written.lastIndexOf('\\'));
  return `${written.slice(0, cut + 1)}${name}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const FILE_WORDS: Readonly<Record<FileOptionName, string>> = {
  cert_file: 'certificate file',
  key_file: 'key file',
  ca_file: 'CA file',
};

const EKU_NAMES: Readonly<Record<string, string>> = {
  [EKU_SERVER_AUTH]: 'serverAuth',
  [EKU_CLIENT_AUTH]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  [EKU_ANY]: 'any',
};

export function ekuName(oid: string): string {
  return EKU_NAMES[oid] ?? oid;
}

/**
 * What {@link issuedBy} found for each pair, kept on the first of them: the certificates of a
 * file are read once while the file is unchanged, and checking a signature again at each
 * keystroke took about 0.5 ms. (Kept in a WeakMap instead, the bench's first series of edits
 * had a p95 of 31 to 35 ms rather than 20 to 28.)
 */
const ISSUERS = Symbol('issuers');
type WithIssuers = CertificateInfo & { [ISSUERS]?: Map<CertificateInfo, boolean> };

/** `a` was issued (and signed) by `b`. */
export function issuedBy(a: CertificateInfo, b: CertificateInfo): boolean {
  const known = (a as WithIssuers)[ISSUERS];
  const found = known?.get(b);
  if (found !== undefined) return found;
  let issued: boolean;
  try {
    issued = a.x509.checkIssued(b.x509) && a.x509.verify(b.x509.publicKey);
  } catch {
    issued = false;
  }
  ((a as WithIssuers)[ISSUERS] ??= new Map()).set(b, issued);
  return issued;
}

/** The host of a host, `host:port` or `[v6]:port` value; undefined for wildcard addresses. */
function hostOf(value: string): string | undefined {
  let host = value.trim();
  const bracket = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (bracket) host = bracket[1];
  else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.indexOf(':'));
  host = host.replace(/^[a-z]+:\/\//i, '');
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '*') return undefined;
  return host;
}

function describeIndex(index: number, count: number): string {
  if (count === 1 || index === 0) return 'The certificate';
  return `Certificate ${index + 1}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function inside(p: Range['start'], r: Range): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** Whether `node` is a map of `document` (looked up only for documents with errors). */
function containsNode(document: Document, node: object): boolean {
  const stack: object[] = [document];
  while (stack.length > 0) {
    const current = stack.pop() as { kind?: string; entries?: unknown[]; elements?: unknown[] };
    if (current === node) return true;
    for (const entry of (current.entries ?? []) as Array<{ kind: string; value?: object }>) if (entry.kind === 'keyValue' && entry.value) stack.push(entry.value);
    for (const element of (current.elements ?? []) as object[]) stack.push(element);
  }
  return false;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

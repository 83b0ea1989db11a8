/**
 * The TLS checks: every `tls { }` block (in its context: client listener, routes, gateways, leaf
 * nodes, WebSocket, MQTT, account resolver) and the keys around TLS (`https_port`, WebSocket
 * listeners), with nats-server's own rules and our words.
 *
 * What is checked (shared/reference/nats-config-reference.md §2, §3, §5; error verdicts
 * confirmed by hand against nats-server 2.9.10 with `nats-server -t`):
 * - everything parseTLS and GenTLSConfig refuse while reading the config (value kinds, empty
 *   lists, unknown ciphers and curves, pinned certificate fingerprints, durations, `min_version`,
 *   `handshake_first`, certificate without key and the reverse, conflicting certificate sources,
 *   `verify_cert_and_check_known_urls` outside routes and gateways, insecure suites on 2.12+):
 *   errors. Loading the certificate files themselves is not done here.
 * - values the server accepts but that break or weaken TLS at run time (a timeout too short to
 *   finish a handshake, insecure suites, `insecure: true`, a listener without a certificate,
 *   HTTPS monitoring or WebSocket without TLS...): warnings or information, never errors.
 *
 * Unlike nats-server, which stops at the first problem of a tls block (a random one, since it
 * walks a Go map), every problem is reported. Unknown keys and keys newer than the target belong
 * to the schema rule; values of keys the target does not know are not checked again here.
 */
import type { ArrayValue, Document, KeyValue, Position, Range, RelatedInformation, Severity, Value } from '../parser/ast';
import { cipherInfo, cipherLineFor, closestCiphers, isInsecureCipher, isKnownCipher, insecureReasonText } from '../knowledge/ciphers';
import { closestCurves, isKnownCurve } from '../knowledge/curves';
import { hasKeyOfContext, type KeyName } from '../knowledge/schema';
import { tlsContextForKeys, type TlsContext } from '../knowledge/tlsContexts';
import { tlsOption, tlsOptionEffect, type TlsOption, type TlsOptionName } from '../knowledge/tlsOptions';
import { describeTarget, isAvailable, type ServerVersion } from '../knowledge/versions';
import { lineTableOf } from '../parser/nodes';
import { PositionMapper } from '../parser/parser';
import { findBinding, type Block, type BlockKeys, type BlockWalker } from './blocks';
import type { CodeDoc, Diagnostic } from './diagnostic';
import { describeDurationProblem, formatSeconds, parseGoDuration } from './goDuration';
import { mapContent, type Binding, type Resolution } from './resolve';

// ---------------------------------------------------------------------------------------------
// Codes

/** Stable codes of the TLS diagnostics (documented in the README from {@link TLS_CODE_DOCS}). */
export const TlsCode = {
  notAMap: 'tls-not-a-map',
  missingKeyFile: 'tls-missing-key-file',
  missingCertFile: 'tls-missing-cert-file',
  wrongType: 'tls-wrong-type',
  emptyList: 'tls-empty-list',
  unknownCipher: 'tls-unknown-cipher',
  unknownCurve: 'tls-unknown-curve',
  knownUrlsNotSupported: 'tls-known-urls-not-supported',
  conflictingCertificates: 'tls-conflicting-certificates',
  incompleteCertPair: 'tls-incomplete-cert-pair',
  insecureCiphersNotAllowed: 'tls-insecure-ciphers-not-allowed',
  invalidPinnedCert: 'tls-invalid-pinned-cert',
  invalidDuration: 'tls-invalid-duration',
  minVersionUnquoted: 'tls-min-version-unquoted',
  invalidMinVersion: 'tls-invalid-min-version',
  invalidHandshakeFirst: 'tls-invalid-handshake-first',
  invalidValue: 'tls-invalid-value',
  insecureCipher: 'tls-insecure-cipher',
  cipherNoEffect: 'tls-cipher-no-effect',
  timeoutTooLow: 'tls-timeout-too-low',
  timeoutTooHigh: 'tls-timeout-too-high',
  timeoutDefault: 'tls-timeout-default',
  timeoutNegative: 'tls-timeout-negative',
  unquotedDuration: 'tls-unquoted-duration',
  insecure: 'tls-insecure',
  verifyWithoutCa: 'tls-verify-without-ca',
  optionIgnored: 'tls-option-ignored',
  emptyBlock: 'tls-empty-block',
  noCertificate: 'tls-no-certificate',
  certStoreWindowsOnly: 'tls-cert-store-windows-only',
  ocspPeerNeedsVerify: 'tls-ocsp-peer-needs-verify',
  httpsWithoutTls: 'https-without-tls',
  websocketWithoutTls: 'websocket-without-tls',
} as const;

export type TlsCodeValue = (typeof TlsCode)[keyof typeof TlsCode];

export type TlsCodeDoc = CodeDoc<TlsCodeValue>;

/** One line and an example per code, in {@link TlsCode} order. */
export const TLS_CODE_DOCS: readonly TlsCodeDoc[] = [
  { code: TlsCode.notAMap, severity: 'error', description: 'a TLS key holds something other than a block', example: 'tls: true' },
  { code: TlsCode.missingKeyFile, severity: 'error', description: '`cert_file` without `key_file` (nats-server: "missing \'key_file\' in TLS configuration")', example: 'tls { cert_file: "server.pem" }' },
  { code: TlsCode.missingCertFile, severity: 'error', description: '`key_file` without `cert_file`', example: 'tls { key_file: "server-key.pem" }' },
  { code: TlsCode.wrongType, severity: 'error', description: 'a TLS option, or an element of its list, holds the wrong kind of value (a warning for `ca_certs_match` values nats-server ignores)', example: 'tls { verify: "true" }' },
  { code: TlsCode.emptyList, severity: 'error', description: 'an empty `cipher_suites` or `curve_preferences` list', example: 'tls { cipher_suites: [] }' },
  { code: TlsCode.unknownCipher, severity: 'error', description: 'a cipher suite name the targeted release does not know (names are case-sensitive; CHACHA20 names changed in 2.12)', example: 'cipher_suites: [ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" ] (2.11 and older)' },
  { code: TlsCode.unknownCurve, severity: 'error', description: 'a curve name the targeted release does not know (case-sensitive)', example: 'curve_preferences: [ "P256" ]' },
  { code: TlsCode.knownUrlsNotSupported, severity: 'error', description: '`verify_cert_and_check_known_urls: true` outside `cluster` and `gateway` blocks', example: 'tls { verify_cert_and_check_known_urls: true }' },
  { code: TlsCode.conflictingCertificates, severity: 'error', description: '`cert_file` together with a non-empty `certs` list or with `cert_store`', example: 'tls { cert_file: "a.pem", key_file: "a-key.pem", certs: [ { cert_file: "b.pem", key_file: "b-key.pem" } ] }' },
  { code: TlsCode.incompleteCertPair, severity: 'error', description: 'an entry of `certs` without both `cert_file` and `key_file`', example: 'certs: [ { cert_file: "a.pem" } ]' },
  { code: TlsCode.insecureCiphersNotAllowed, severity: 'error', description: 'insecure cipher suites on nats-server 2.12 or later without `allow_insecure_cipher_suites: true`', example: 'cipher_suites: [ "TLS_RSA_WITH_AES_128_CBC_SHA" ] (2.12 and later)' },
  { code: TlsCode.invalidPinnedCert, severity: 'error', description: 'a `pinned_certs` entry that is not 64 hexadecimal digits (the SHA-256 of the certificate\'s public key)', example: 'pinned_certs: [ "AB:CD:EF:01" ]' },
  { code: TlsCode.invalidDuration, severity: 'error', description: 'a duration string Go cannot read (units ns, us, ms, s, m, h; a unit is required)', example: 'tls { timeout: "2" }' },
  { code: TlsCode.minVersionUnquoted, severity: 'error', description: '`min_version` written as a number; it must be the string "1.2" or "1.3"', example: 'tls { min_version: 1.2 }' },
  { code: TlsCode.invalidMinVersion, severity: 'error', description: '`min_version` other than "1.2" or "1.3" (1.0 and 1.1 are refused)', example: 'tls { min_version: "1.1" }' },
  { code: TlsCode.invalidHandshakeFirst, severity: 'error', description: '`handshake_first` other than a boolean, true/false/on/off/auto/auto_fallback or a quoted duration', example: 'tls { handshake_first: 5m }' },
  { code: TlsCode.invalidValue, severity: 'error', description: 'an empty or unknown `cert_store`, `cert_match_by` or `cert_match` value', example: 'tls { cert_store: "WindowsRoot" }' },
  { code: TlsCode.insecureCipher, severity: 'warning', description: 'a cipher suite Go flags as insecure (RSA key exchange, RC4, 3DES, CBC-SHA256), accepted by this release', example: 'cipher_suites: [ "TLS_RSA_WITH_3DES_EDE_CBC_SHA" ]' },
  { code: TlsCode.cipherNoEffect, severity: 'information', description: 'a TLS 1.3 suite in `cipher_suites`: accepted, but Go does not let a list restrict TLS 1.3', example: 'cipher_suites: [ "TLS_AES_128_GCM_SHA256" ]' },
  { code: TlsCode.timeoutTooLow, severity: 'warning', description: '`timeout` below 0.5 seconds: clients fail their handshake (the default is 2 seconds)', example: 'tls { timeout: 0.0001 }' },
  { code: TlsCode.timeoutTooHigh, severity: 'warning', description: '`timeout` above 60 seconds: a client that never finishes its handshake ties up the server that long', example: 'tls { timeout: 600 }' },
  { code: TlsCode.timeoutDefault, severity: 'information', description: '`timeout: 0` means the default (2 seconds)', example: 'tls { timeout: 0 }' },
  { code: TlsCode.timeoutNegative, severity: 'warning', description: 'a negative `timeout` is kept as it is, so every handshake times out at once', example: 'tls { timeout: -1 }' },
  { code: TlsCode.unquotedDuration, severity: 'warning', description: 'an unquoted `1m` is the number 1,000,000 (a size suffix), not one minute', example: 'tls { timeout: 1m }' },
  { code: TlsCode.insecure, severity: 'warning or information', description: '`insecure: true` turns off verification of the peer\'s certificate (and does nothing on listeners)', example: 'cluster { tls { insecure: true } }' },
  { code: TlsCode.verifyWithoutCa, severity: 'information', description: '`verify` or `verify_and_map` without `ca_file`: client certificates are checked against the system trust store', example: 'tls { cert_file: "s.pem", key_file: "s-key.pem", verify: true }' },
  { code: TlsCode.optionIgnored, severity: 'information', description: 'an option nats-server accepts but does not use in this block', example: 'websocket { tls { timeout: 5 } }' },
  { code: TlsCode.emptyBlock, severity: 'warning or information', description: 'an empty `tls {}`: no certificate, so every TLS handshake fails (information with `allow_non_tls: true`)', example: 'tls {}' },
  { code: TlsCode.noCertificate, severity: 'warning or information', description: 'a listening TLS block without `cert_file`, `certs` or `cert_store`: every TLS handshake fails', example: 'tls { verify: true }' },
  { code: TlsCode.certStoreWindowsOnly, severity: 'warning', description: '`cert_store` only works on Windows; nats-server on Linux or macOS refuses the config', example: 'tls { cert_store: "WindowsCurrentUser" }' },
  { code: TlsCode.ocspPeerNeedsVerify, severity: 'warning', description: '`ocsp_peer` on a listener without `verify: true`: the server refuses to start (not caught by `nats-server -t`)', example: 'tls { ocsp_peer: true }' },
  { code: TlsCode.httpsWithoutTls, severity: 'warning', description: '`https_port` or `https` without a top-level `tls` block: `-t` passes, but the server cannot start monitoring', example: 'https_port: 8443' },
  { code: TlsCode.websocketWithoutTls, severity: 'warning', description: 'a WebSocket listener without `tls` and without `no_tls: true`: the server refuses to start (not caught by `nats-server -t`)', example: 'websocket { port: 8080 }' },
];

// ---------------------------------------------------------------------------------------------
// Quick-fix data

/** A text edit in a document (the checked one or an included file). */
export interface TlsEdit {
  uri: string;
  range: Range;
  newText: string;
}

/** One way to fix a finding: what a code action applies, without reading the text again. */
export interface TlsFix {
  title: string;
  edits: TlsEdit[];
}

/** The `data` of every TLS diagnostic: the key, facts of the finding, and ready-made fixes. */
export interface TlsData {
  /** The key as written (the option, or the block's key for block-level findings). */
  key: string;
  /** Ready-made edits, best first; absent when no mechanical fix exists. */
  fixes?: TlsFix[];
  [fact: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Thresholds

/** Below this a TLS handshake rarely completes (the seed's `timeout: 0.0001` example). */
export const TIMEOUT_LOW_SECONDS = 0.5;
/** Above this a client that never finishes its handshake ties up the server (the seed's caveat). */
export const TIMEOUT_HIGH_SECONDS = 60;
/** nats-server's handshake timeout when none (or 0) is given. */
export const DEFAULT_TIMEOUT_SECONDS = 2;

// ---------------------------------------------------------------------------------------------
// The checker

export interface TlsCheckInput {
  walker: BlockWalker;
  resolution: Resolution;
  target: ServerVersion;
  /** The checked document's URI. */
  uri: string;
  tree: Document;
}

/** A known option of one tls block, after its key was found and its value resolved. */
interface OptionEntry {
  option: TlsOption;
  binding: Binding;
  keyName: KeyName;
}

const BOOLEAN_OPTIONS: ReadonlySet<TlsOptionName> = new Set([
  'insecure', 'verify', 'verify_and_map', 'verify_cert_and_check_known_urls', 'allow_insecure_cipher_suites', 'cert_match_skip_invalid',
]);
const FILE_OPTIONS: ReadonlySet<TlsOptionName> = new Set(['cert_file', 'key_file', 'ca_file']);
/** Windows certificate store options that do nothing without `cert_store`. */
const STORE_MATCH_OPTIONS: ReadonlySet<TlsOptionName> = new Set(['cert_match_by', 'cert_match', 'cert_match_skip_invalid']);

const OCSP_PEER_BOOLEANS = new Set(['verify', 'warn_only', 'unknown_is_good', 'allow_when_ca_unreachable']);
const OCSP_PEER_DURATIONS = new Set(['ca_timeout', 'allowed_clockskew', 'cache_ttl_when_next_update_unset']);

const HANDSHAKE_FIRST_WORDS = ['true', 'on', 'false', 'off', 'auto', 'auto_fallback'];
const CERT_STORE_VALUES = ['WindowsCurrentUser', 'WindowsLocalMachine'];
const CERT_MATCH_BY_VALUES = ['Subject', 'Issuer', 'Thumbprint'];
const PINNED_CERT = /^[A-Fa-f0-9]{64}$/;

/** What each option takes, in words, for wrong-type messages. */
const EXPECTS: Readonly<Record<TlsOptionName, string>> = {
  cert_file: 'takes a file name in quotes',
  key_file: 'takes a file name in quotes',
  ca_file: 'takes a file name in quotes',
  insecure: 'takes true or false (unquoted)',
  verify: 'takes true or false (unquoted)',
  verify_and_map: 'takes true or false (unquoted)',
  verify_cert_and_check_known_urls: 'takes true or false (unquoted)',
  allow_insecure_cipher_suites: 'takes true or false (unquoted)',
  cert_match_skip_invalid: 'takes true or false (unquoted)',
  cipher_suites: 'takes a list of cipher suite names in quotes, such as [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]',
  curve_preferences: 'takes a list of curve names in quotes, such as [ "X25519", "CurveP256" ]',
  timeout: 'takes a number of seconds (such as 2 or 0.5) or a quoted duration (such as "2s")',
  connection_rate_limit: 'takes a whole number (new TLS connections per second)',
  pinned_certs: 'takes a list of SHA-256 fingerprints in quotes',
  cert_store: 'takes "WindowsCurrentUser" or "WindowsLocalMachine"',
  cert_match_by: 'takes "Subject", "Issuer" or "Thumbprint"',
  cert_match: 'takes the text to look for in the certificate store, in quotes',
  ca_certs_match: 'takes a string or a list of strings',
  handshake_first: 'takes true, false, "auto" or a quoted duration such as "300ms"',
  ocsp_peer: 'takes true, false or a block such as { verify: true }',
  certs: 'takes a list of blocks such as [ { cert_file: "a.pem", key_file: "a-key.pem" } ]',
  min_version: 'takes "1.2" or "1.3" in quotes',
};

export class TlsChecker {
  private readonly texts = new Map<string, { text: string; document: Document }>();
  /** The URI of each document, by its line table (see uriOf). */
  private documentUris: Map<PositionMapper, string> | undefined;

  constructor(private readonly input: TlsCheckInput) {
    const { resolution } = input;
    if (resolution.root.text !== undefined) this.texts.set(resolution.root.uri, { text: resolution.root.text, document: resolution.root.document });
    for (const file of resolution.files.values()) {
      if (file.text !== undefined) this.texts.set(file.uri, { text: file.text, document: file.document });
    }
  }

  /** Whether the top level sets allow_non_tls: true. Read through the walker, which notes that this block's checks read the top level. */
  private allowsNonTls(): boolean {
    const allow = this.input.walker.topLevelBinding('allow_non_tls');
    return allow?.resolved?.kind === 'boolean' && allow.resolved.value;
  }

  /** Checks one block of the walk; `keys` are its bindings' schema names (see BlockKeys). */
  check(block: Block, bindings: readonly Binding[], keys: BlockKeys, out: Diagnostic[]): void {
    // Most blocks (users, permissions) have no `tls` key: nothing to look at.
    if (hasKeyOfContext(block.context, 'tls')) this.checkTlsKeys(block, bindings, keys, out);
    switch (block.context.id) {
      case 'top':
        this.checkHttps(block, out);
        break;
      case 'websocket':
        this.checkWebsocket(block, out);
        break;
      case 'tls':
        this.checkTlsBlock(block, bindings, keys, out);
        break;
      case 'tls.certs[]':
        if (isAvailable(block.context, this.input.target)) this.checkCertPair(block, out);
        break;
      case 'tls.ocsp_peer':
        if (isAvailable(block.context, this.input.target)) this.checkOcspPeerMap(block, out);
        break;
    }
  }

  // ------------------------------------------------------------------------------- tls: <value>

  /** `tls: true`, `tls: "x"`, `tls: [ ]`: nats-server wants a map. */
  private checkTlsKeys(block: Block, bindings: readonly Binding[], keys: BlockKeys, out: Diagnostic[]): void {
    for (let i = 0; i < bindings.length; i++) {
      const binding = bindings[i];
      const name = keys[i];
      if (!name || name.key.context !== 'tls' || !isAvailable(name, this.input.target)) continue;
      const value = binding.resolved;
      if (!value || value.kind === 'map' || value.kind === 'variable' || (value.kind === 'integer' && value.dropped)) continue;
      const where = this.input.walker.where(block, binding.uri);
      const blockPath = block.path === '' ? binding.name : `${block.path}.${binding.name}`;
      out.push(this.finding(block, binding.definition.key, binding.uri, {
        code: TlsCode.notAMap,
        severity: 'error',
        message:
          `'${blockPath}' must be a block of TLS options, not ${describeValue(value)}${where}: nats-server refuses it. ` +
          `Write ${binding.name} { cert_file: "...", key_file: "..." }${value.kind === 'boolean' ? ` (TLS is turned on by the block itself; there is no ${binding.name}: true)` : ''}.`,
        data: { key: binding.name, found: value.kind },
      }));
    }
  }

  // ------------------------------------------------------------------------------- https, websocket

  private checkHttps(block: Block, out: Diagnostic[]): void {
    if (this.input.tree.errors.some((e) => e.severity === 'error')) return; // a tls block may be what failed to parse
    const tls = findBinding(block.bindings, 'tls');
    if (tls) return; // a non-map tls is reported on its own; an empty one by the block checks
    for (const name of ['https_port', 'https']) {
      const binding = findBinding(block.bindings, name);
      const value = binding?.resolved;
      if (!binding || !value) continue;
      if (name === 'https_port' && !(value.kind === 'integer' && value.value !== 0 && !value.dropped)) continue;
      if (name === 'https' && !(value.kind === 'string' || (value.kind === 'integer' && !value.dropped))) continue;
      out.push(this.finding(block, binding.definition.key, binding.uri, {
        code: TlsCode.httpsWithoutTls,
        severity: 'warning',
        message:
          `'${binding.name}' serves monitoring over HTTPS, which uses the top-level tls block, but there is none${this.input.walker.where(block, binding.uri)}. ` +
          `'nats-server -t' passes, but the server stops at start-up ("TLS cert and key required for HTTPS"). ` +
          `Add a top-level tls { cert_file: "...", key_file: "..." } block, or use http_port for plain HTTP.`,
        data: { key: binding.name },
      }));
    }
  }

  private checkWebsocket(block: Block, out: Diagnostic[]): void {
    const owner = block.owner;
    if (!owner || !this.isComplete(block)) return;
    const port = findBinding(block.bindings, 'port');
    const listen = findBinding(block.bindings, 'listen');
    const portValue = port?.resolved;
    const byPort = portValue?.kind === 'integer' && portValue.value !== 0 && !portValue.dropped;
    const byListen = listen?.resolved !== undefined && (listen.resolved.kind === 'string' || listen.resolved.kind === 'integer');
    if (!byPort && !byListen) return;
    if (findBinding(block.bindings, 'tls')) return;
    const noTls = findBinding(block.bindings, 'no_tls')?.resolved;
    if (noTls && !(noTls.kind === 'boolean' && !noTls.value)) return; // true, or of a kind the schema rule reports
    const anchorEntry = (byPort ? port : listen) as Binding;
    const fixes: TlsFix[] = [];
    const insert = this.insertAfter(anchorEntry, 'no_tls: true');
    if (insert) fixes.push({ title: 'Add no_tls: true (plain WebSocket, e.g. behind a TLS-terminating proxy)', edits: [insert] });
    out.push(this.finding(block, owner.definition.key, owner.uri, {
      code: TlsCode.websocketWithoutTls,
      severity: 'warning',
      message:
        `The '${owner.name}' listener has neither a tls block nor no_tls: true${this.input.walker.where(block, owner.uri)}. ` +
        `'nats-server -t' passes, but the server refuses to start ("websocket requires TLS configuration"). ` +
        `Add a tls { cert_file: "...", key_file: "..." } block, or no_tls: true for plain WebSocket.`,
      data: { key: owner.name, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  // ------------------------------------------------------------------------------- a tls block

  private checkTlsBlock(block: Block, bindings: readonly Binding[], keys: BlockKeys, out: Diagnostic[]): void {
    const { target } = this.input;
    const context = tlsContextOfPath(block.path);
    const options = new Map<TlsOptionName, OptionEntry>();
    let schemaErrors = false;
    for (let i = 0; i < bindings.length; i++) {
      const binding = bindings[i];
      const name = keys[i];
      const option = name ? tlsOption(binding.name) : undefined;
      if (!name || !option || !isAvailable(name, target)) {
        schemaErrors = true; // unknown, or too new for the target: the schema rule reports it
        continue;
      }
      options.set(option.name, { option, binding, keyName: name });
    }
    const state = new BlockState(block, context, options);
    state.schemaErrors = schemaErrors;
    for (const entry of options.values()) this.checkOption(state, entry, out);
    this.checkCrossOptions(state, out);
  }

  /** Kind and value checks of one option; records what cross-checks need in `state`. */
  private checkOption(state: BlockState, entry: OptionEntry, out: Diagnostic[]): void {
    const { option, binding } = entry;
    const value = binding.resolved;
    if (!value || value.kind === 'variable' || (value.kind === 'integer' && value.dropped)) {
      state.unknown.add(option.name); // unresolved or dropped: nothing to say about it
      return;
    }
    const name = option.name;
    if (FILE_OPTIONS.has(name)) {
      if (value.kind === 'string') state.strings.set(name, value.value);
      else this.wrongType(state, entry, value, out);
      return;
    }
    if (BOOLEAN_OPTIONS.has(name)) {
      if (value.kind === 'boolean') state.booleans.set(name, value.value);
      else this.wrongType(state, entry, value, out);
      return;
    }
    switch (name) {
      case 'cipher_suites':
        this.checkCipherSuites(state, entry, value, out);
        return;
      case 'curve_preferences':
        this.checkCurves(state, entry, value, out);
        return;
      case 'timeout':
        this.checkTimeout(state, entry, value, out);
        return;
      case 'connection_rate_limit':
        if (value.kind === 'integer') state.numbers.set(name, value.value);
        else this.wrongType(state, entry, value, out);
        return;
      case 'pinned_certs':
        this.checkPinnedCerts(state, entry, value, out);
        return;
      case 'cert_store':
      case 'cert_match_by':
      case 'cert_match':
        this.checkStoreString(state, entry, value, out);
        return;
      case 'ca_certs_match':
        this.checkCaCertsMatch(state, entry, value, out);
        return;
      case 'handshake_first':
        this.checkHandshakeFirst(state, entry, value, out);
        return;
      case 'ocsp_peer':
        this.checkOcspPeer(state, entry, value, out);
        return;
      case 'certs':
        this.checkCerts(state, entry, value, out);
        return;
      case 'min_version':
        this.checkMinVersion(state, entry, value, out);
        return;
    }
  }

  // ---- kinds

  private wrongType(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[], severity: Severity = 'error', tail?: string): void {
    const { binding, option } = entry;
    state.invalid.add(option.name);
    const fixes: TlsFix[] = [];
    const replace = (title: string, newText: string) => {
      const edit = this.replaceValue(binding, newText);
      if (edit) fixes.push({ title, edits: [edit] });
    };
    let hint = '';
    if (BOOLEAN_OPTIONS.has(option.name)) {
      const word = booleanWord(value);
      if (word !== undefined) {
        hint = ` Write ${binding.name}: ${word}${value.kind === 'string' ? ' without quotes' : ''}.`;
        replace(`Change to ${word}`, String(word));
      } else {
        hint = ` Write ${binding.name}: true or ${binding.name}: false.`;
      }
    } else if (FILE_OPTIONS.has(option.name)) {
      hint = ` Write the path in quotes, such as ${binding.name}: "./certs/${option.name === 'key_file' ? 'server-key' : option.name === 'ca_file' ? 'ca' : 'server-cert'}.pem".`;
    } else if ((option.name === 'cipher_suites' || option.name === 'curve_preferences' || option.name === 'pinned_certs') && value.kind === 'string') {
      hint = ` Put it in a list: ${binding.name}: [ "${value.value}" ].`;
      replace('Put it in a list', `[ ${quote(value.value)} ]`);
    } else if (option.name === 'connection_rate_limit' && value.kind === 'string' && /^-?\d+([kKmMgGtTpPeE]([bB]|[iI][bB]?)?)?$/.test(value.value)) {
      hint = ` Remove the quotes: ${binding.name}: ${value.value}.`;
      replace('Remove the quotes', value.value);
    } else if (option.name === 'connection_rate_limit' && value.kind === 'float') {
      const whole = Math.round(value.value);
      hint = ` Use a whole number, such as ${whole}.`;
      replace(`Change to ${whole}`, String(whole));
    } else if (option.name === 'timeout' && value.kind === 'boolean') {
      hint = ` Use seconds, such as ${binding.name}: 2 (the default).`;
      replace('Use the default, 2 seconds', '2');
    }
    const where = this.input.walker.where(state.block, binding.uri);
    const verdict = severity === 'error' ? 'nats-server refuses the tls block' : 'nats-server ignores it';
    out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
      code: TlsCode.wrongType,
      severity,
      message: `'${binding.name}' ${EXPECTS[option.name]}, not ${describeValue(value)}${where}: ${verdict}.${hint}${tail ?? ''}`,
      data: { key: binding.name, expected: option.kind, found: value.kind, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  /** A list element of the wrong kind (`cipher_suites: [ 1 ]`). */
  private wrongElement(state: BlockState, entry: OptionEntry, element: Value, shown: Located, expected: string, out: Diagnostic[]): void {
    const { binding } = entry;
    state.invalid.add(entry.option.name);
    const fixes: TlsFix[] = [];
    const text = scalarText(element);
    if (text !== undefined && shown.uri !== '' && shown.node === element) {
      fixes.push({ title: 'Quote it', edits: [{ uri: shown.uri, range: element.range, newText: quote(text) }] });
    }
    out.push(this.finding(state.block, shown.node, shown.uri, {
      code: TlsCode.wrongType,
      severity: 'error',
      message: `Each element of '${binding.name}' must be ${expected}, not ${describeValue(element)}${this.input.walker.where(state.block, shown.uri)}: nats-server refuses the tls block.`,
      data: { key: binding.name, expected: 'string', found: element.kind, elementRange: element.range, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  // ---- lists of names

  private checkCipherSuites(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { target } = this.input;
    if (value.kind !== 'array') {
      this.wrongType(state, entry, value, out);
      return;
    }
    if (value.elements.length === 0) {
      this.emptyList(state, entry, out, 'the default list is used when the option is left out');
      return;
    }
    const names: NamedElement[] = [];
    for (const { element, shown } of this.elements(entry.binding, value)) {
      if (!element) continue;
      if (element.kind !== 'string') {
        this.wrongElement(state, entry, element, shown, 'a cipher suite name in quotes', out);
        continue;
      }
      const name = element.value;
      if (!isKnownCipher(name, target)) {
        state.invalid.add('cipher_suites');
        const suggestions = closestCiphers(name, target);
        out.push(this.finding(state.block, shown.node, shown.uri, {
          code: TlsCode.unknownCipher,
          severity: 'error',
          message: `${describeTarget(target)} does not know the cipher suite "${name}"${this.input.walker.where(state.block, shown.uri)}${cipherHint(name, target)}: it refuses the tls block ("unrecognized cipher").${didYouMean(suggestions)}`,
          data: {
            key: entry.binding.name,
            name,
            suggestions,
            elementRange: element.range,
            fixes: shown.node === element && shown.uri !== ''
              ? suggestions.map((s) => ({ title: `Change to ${s}`, edits: [{ uri: shown.uri, range: element.range, newText: quote(s) }] }))
              : [],
          },
        }));
        continue;
      }
      names.push({ name, element, shown });
    }
    state.ciphers = names;
  }

  private checkCurves(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { target } = this.input;
    if (value.kind !== 'array') {
      this.wrongType(state, entry, value, out);
      return;
    }
    if (value.elements.length === 0) {
      this.emptyList(state, entry, out, 'the default curves are used when the option is left out');
      return;
    }
    for (const { element, shown } of this.elements(entry.binding, value)) {
      if (!element) continue;
      if (element.kind !== 'string') {
        this.wrongElement(state, entry, element, shown, 'a curve name in quotes', out);
        continue;
      }
      if (isKnownCurve(element.value, target)) continue;
      state.invalid.add('curve_preferences');
      const suggestions = closestCurves(element.value, target);
      out.push(this.finding(state.block, shown.node, shown.uri, {
        code: TlsCode.unknownCurve,
        severity: 'error',
        message: `${describeTarget(target)} does not know the curve "${element.value}"${this.input.walker.where(state.block, shown.uri)} (names are case-sensitive): it refuses the tls block ("unrecognized curve preference").${didYouMean(suggestions)}`,
        data: {
          key: entry.binding.name,
          name: element.value,
          suggestions,
          elementRange: element.range,
          fixes: shown.node === element && shown.uri !== ''
            ? suggestions.map((s) => ({ title: `Change to ${s}`, edits: [{ uri: shown.uri, range: element.range, newText: quote(s) }] }))
            : [],
        },
      }));
    }
  }

  private emptyList(state: BlockState, entry: OptionEntry, out: Diagnostic[], why: string): void {
    const { binding } = entry;
    state.invalid.add(entry.option.name);
    const removal = this.removeEntry(binding);
    out.push(this.finding(state.block, binding.definition.key, binding.uri, {
      code: TlsCode.emptyList,
      severity: 'error',
      message: `'${binding.name}' is an empty list${this.input.walker.where(state.block, binding.uri)}: nats-server refuses the tls block ("cannot be empty"). Name at least one entry, or remove the option (${why}).`,
      data: { key: binding.name, ...(removal ? { fixes: [{ title: `Remove ${binding.name}`, edits: [removal] }] } : {}) },
    }));
  }

  // ---- timeout

  private checkTimeout(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { binding } = entry;
    let seconds: number;
    if (value.kind === 'integer') {
      if (value.suffix === 'm') {
        state.numbers.set('timeout', value.value);
        if (state.effect('timeout') === 'ignored') return this.ignoredOption(state, entry, out);
        const written = `${value.digits}${value.suffix}`;
        const edit = this.replaceValue(binding, quote(written));
        out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
          code: TlsCode.unquotedDuration,
          severity: 'warning',
          message:
            `Unquoted ${written} is the number ${value.value.toLocaleString('en-US')} ('m' is a size suffix, a million), so the handshake timeout is ${value.value.toLocaleString('en-US')} seconds${this.input.walker.where(state.block, binding.uri)}. ` +
            `Write "${written}" in quotes for ${value.digits} minute${value.digits === '1' ? '' : 's'}.`,
          data: { key: binding.name, seconds: value.value, ...(edit ? { fixes: [{ title: `Quote it: "${written}"`, edits: [edit] }] } : {}) },
        }));
        return;
      }
      seconds = value.value;
    } else if (value.kind === 'float') {
      seconds = value.value;
    } else if (value.kind === 'string') {
      const parsed = parseGoDuration(value.value);
      if (!parsed.ok) {
        state.invalid.add('timeout');
        this.invalidDuration(state, binding, value.value, parsed, out, 'the handshake timeout');
        return;
      }
      seconds = parsed.seconds;
    } else {
      this.wrongType(state, entry, value, out);
      return;
    }
    state.numbers.set('timeout', seconds);
    if (state.effect('timeout') === 'ignored') return this.ignoredOption(state, entry, out);
    this.timeoutRange(state, entry, seconds, value, out);
  }

  private timeoutRange(state: BlockState, entry: OptionEntry, seconds: number, value: Value, out: Diagnostic[]): void {
    const { binding } = entry;
    const where = this.input.walker.where(state.block, binding.uri);
    const useDefault = this.replaceValue(binding, String(DEFAULT_TIMEOUT_SECONDS));
    const defaultFix = useDefault ? [{ title: `Use the default, ${DEFAULT_TIMEOUT_SECONDS} seconds`, edits: [useDefault] }] : undefined;
    const suffixNote = value.kind === 'integer' && value.suffix !== '' ? ` (unquoted ${value.digits}${value.suffix} is the number ${value.value.toLocaleString('en-US')})` : '';
    const remote = state.context?.id === 'leafnode-remote';
    if (seconds === 0 || (remote && seconds < 0)) {
      const fallback = state.context?.id === 'gateway-remote'
        ? 'the gateway block\'s own TLS timeout is used instead'
        : `nats-server uses the default of ${DEFAULT_TIMEOUT_SECONDS} seconds`;
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.timeoutDefault,
        severity: 'information',
        message: `A TLS timeout of ${formatSeconds(seconds)} means "not set" here: ${fallback}${where}.`,
        data: { key: binding.name, seconds },
      }));
      return;
    }
    if (seconds < 0) {
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.timeoutNegative,
        severity: 'warning',
        message:
          `A negative TLS timeout (${formatSeconds(seconds)}) is kept as it is, so every TLS handshake times out at once and no client gets in${where}. ` +
          `Use a positive number of seconds; the default is ${DEFAULT_TIMEOUT_SECONDS}.`,
        data: { key: binding.name, seconds, ...(defaultFix ? { fixes: defaultFix } : {}) },
      }));
      return;
    }
    if (seconds < TIMEOUT_LOW_SECONDS) {
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.timeoutTooLow,
        severity: 'warning',
        message:
          `A TLS handshake timeout of ${formatSeconds(seconds)} is too short: clients will fail their handshake and be disconnected${where}. ` +
          `Use at least ${TIMEOUT_LOW_SECONDS} seconds; the default is ${DEFAULT_TIMEOUT_SECONDS}.`,
        data: { key: binding.name, seconds, minimum: TIMEOUT_LOW_SECONDS, ...(defaultFix ? { fixes: defaultFix } : {}) },
      }));
      return;
    }
    if (seconds > TIMEOUT_HIGH_SECONDS) {
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.timeoutTooHigh,
        severity: 'warning',
        message:
          `A TLS handshake timeout of ${formatSeconds(seconds)}${suffixNote} is very long: a client that connects and never completes the handshake ties up the server that long, which invites resource exhaustion${where}. ` +
          `A few seconds are enough; the default is ${DEFAULT_TIMEOUT_SECONDS}.`,
        data: { key: binding.name, seconds, maximum: TIMEOUT_HIGH_SECONDS, ...(defaultFix ? { fixes: defaultFix } : {}) },
      }));
    }
  }

  private invalidDuration(
    state: BlockState,
    binding: Binding,
    text: string,
    parsed: Exclude<ReturnType<typeof parseGoDuration>, { ok: true }>,
    out: Diagnostic[],
    what: string,
  ): void {
    const fixes: TlsFix[] = [];
    let hint = ' Use a number with a unit: ns, us, ms, s, m or h (e.g. "500ms", "2s", "1m30s").';
    if (parsed.problem === 'missing-unit' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
      hint = ` Add a unit ("${text}s" for seconds).`;
      const edit = this.replaceValue(binding, quote(`${text}s`));
      if (edit) fixes.push({ title: `Change to "${text}s"`, edits: [edit] });
    } else if (parsed.problem === 'unknown-unit' && parsed.unit !== undefined) {
      const unit = parsed.unit.trim().toLowerCase();
      const known = unit === 'sec' || unit === 'secs' || unit === 'second' || unit === 'seconds' ? 's'
        : unit === 'min' || unit === 'mins' || unit === 'minute' || unit === 'minutes' ? 'm'
        : unit === 'hr' || unit === 'hour' || unit === 'hours' ? 'h'
        : ['ns', 'us', 'ms', 's', 'm', 'h'].includes(unit) ? unit : undefined;
      if (known !== undefined && parsed.unit !== known) {
        const fixed = text.replace(parsed.unit, known);
        if (parseGoDuration(fixed).ok) {
          hint = ` Units are written ns, us, ms, s, m or h: "${fixed}".`;
          const edit = this.replaceValue(binding, quote(fixed));
          if (edit) fixes.push({ title: `Change to "${fixed}"`, edits: [edit] });
        }
      } else if (unit === 'd' || unit === 'day' || unit === 'days') {
        hint = ' Go durations have no days; use hours (e.g. "24h").';
      }
    }
    out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
      code: TlsCode.invalidDuration,
      severity: 'error',
      message: `'${binding.name}': ${describeDurationProblem(text, parsed)}, so nats-server cannot read ${what} and refuses the tls block${this.input.walker.where(state.block, binding.uri)}.${hint}`,
      data: { key: binding.name, value: text, problem: parsed.problem, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  // ---- pinned_certs

  private checkPinnedCerts(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    if (value.kind !== 'array') {
      this.wrongType(state, entry, value, out);
      return;
    }
    let count = 0;
    for (const { element, shown } of this.elements(entry.binding, value)) {
      if (!element) continue;
      if (element.kind !== 'string') {
        this.wrongElement(state, entry, element, shown, 'a fingerprint in quotes', out);
        continue;
      }
      count++;
      if (PINNED_CERT.test(element.value)) continue;
      state.invalid.add('pinned_certs');
      const text = element.value;
      const bare = text.replace(/[:\s-]/g, '');
      const fixes: TlsFix[] = [];
      let hint: string;
      if (bare !== text && PINNED_CERT.test(bare)) {
        hint = ' Remove the separators: nats-server wants the 64 hexadecimal digits alone.';
        if (shown.node === element && shown.uri !== '') fixes.push({ title: 'Remove the separators', edits: [{ uri: shown.uri, range: element.range, newText: quote(bare.toLowerCase()) }] });
      } else if (bare !== text && /^[A-Fa-f0-9]+$/.test(bare)) {
        hint = ` Write the digits without separators; a SHA-256 fingerprint has 64 of them (this one has ${bare.length}).`;
      } else if (/^[A-Fa-f0-9]{40}$/.test(bare)) {
        hint = ' It has 40 digits, like a SHA-1 fingerprint; nats-server needs the SHA-256 of the certificate\'s public key (64 digits).';
      } else if (/^[A-Fa-f0-9]+$/.test(bare)) {
        hint = ` It has ${bare.length} hexadecimal digits instead of 64.`;
      } else {
        hint = ' It is not hexadecimal.';
      }
      out.push(this.finding(state.block, shown.node, shown.uri, {
        code: TlsCode.invalidPinnedCert,
        severity: 'error',
        message:
          `"${truncate(text)}" is not a pinned certificate fingerprint${this.input.walker.where(state.block, shown.uri)}: nats-server refuses the tls block.${hint} ` +
          'Compute it with: openssl x509 -pubkey -noout -in cert.pem | openssl pkey -pubin -outform DER | sha256sum',
        data: { key: entry.binding.name, value: text, elementRange: element.range, ...(fixes.length > 0 ? { fixes } : {}) },
      }));
    }
    state.numbers.set('pinned_certs', count);
  }

  // ---- Windows certificate store

  private checkStoreString(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { binding, option } = entry;
    if (value.kind !== 'string') {
      this.wrongType(state, entry, value, out);
      return;
    }
    const allowed = option.name === 'cert_store' ? CERT_STORE_VALUES : option.name === 'cert_match_by' ? CERT_MATCH_BY_VALUES : undefined;
    const where = this.input.walker.where(state.block, binding.uri);
    if (value.value === '' || (allowed && !allowed.some((a) => a.toLowerCase() === value.value.toLowerCase()))) {
      state.invalid.add(option.name);
      const fixes: TlsFix[] = [];
      for (const a of allowed ?? []) {
        const edit = this.replaceValue(binding, quote(a));
        if (edit) fixes.push({ title: `Change to "${a}"`, edits: [edit] });
      }
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.invalidValue,
        severity: 'error',
        message: value.value === ''
          ? `'${binding.name}' is empty${where}: nats-server refuses the tls block. ${capitalize(EXPECTS[option.name])}.`
          : `'${binding.name}' does not know "${truncate(value.value)}"${where}: nats-server refuses the tls block. It ${EXPECTS[option.name]} (any letter case).`,
        data: { key: binding.name, value: value.value, allowed: allowed ?? [], ...(fixes.length > 0 ? { fixes } : {}) },
      }));
      return;
    }
    state.strings.set(option.name, value.value);
    if (option.name === 'cert_store') {
      out.push(this.finding(state.block, binding.definition.key, binding.uri, {
        code: TlsCode.certStoreWindowsOnly,
        severity: 'warning',
        message:
          `'cert_store' takes the certificate from the Windows certificate store: it only works when nats-server runs on Windows${where}. ` +
          'On Linux or macOS nats-server refuses the config ("cert_store not compatible with current operating system"); use cert_file and key_file there.',
        data: { key: binding.name },
      }));
    }
  }

  private checkCaCertsMatch(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    if (value.kind === 'string') return;
    if (value.kind === 'array') {
      for (const { element, shown } of this.elements(entry.binding, value)) {
        if (element && element.kind !== 'string') this.wrongElement(state, entry, element, shown, 'a string', out);
      }
      return;
    }
    this.wrongType(state, entry, value, out, 'warning', ' No CA certificates are taken from the store.');
  }

  // ---- handshake_first

  private checkHandshakeFirst(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { binding } = entry;
    const where = this.input.walker.where(state.block, binding.uri);
    if (value.kind === 'boolean') {
      state.booleans.set('handshake_first', value.value);
      return;
    }
    const problem = (message: string, fixes: TlsFix[]) => {
      state.invalid.add('handshake_first');
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.invalidHandshakeFirst,
        severity: 'error',
        message: `${message}${where}: nats-server refuses the tls block. '${binding.name}' ${EXPECTS.handshake_first}.`,
        data: { key: binding.name, found: value.kind, suggestions: ['true', 'false', 'auto', '300ms'], ...(fixes.length > 0 ? { fixes } : {}) },
      }));
    };
    if (value.kind === 'string') {
      const word = value.value.toLowerCase();
      if (HANDSHAKE_FIRST_WORDS.includes(word)) {
        state.booleans.set('handshake_first', word !== 'false' && word !== 'off');
        state.handshakeFallback = word === 'auto' || word === 'auto_fallback';
        return;
      }
      const parsed = parseGoDuration(value.value);
      if (parsed.ok) {
        state.booleans.set('handshake_first', true);
        state.handshakeFallback = parsed.seconds > 0;
        return;
      }
      const suggestion = closestWord(value.value, HANDSHAKE_FIRST_WORDS);
      const fixes: TlsFix[] = [];
      const edit = suggestion ? this.replaceValue(binding, quote(suggestion)) : undefined;
      if (edit && suggestion) fixes.push({ title: `Change to "${suggestion}"`, edits: [edit] });
      problem(`"${truncate(value.value)}" is neither a known word nor a duration${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, fixes);
      return;
    }
    if (value.kind === 'integer' && value.suffix !== '') {
      const written = `${value.digits}${value.suffix}`;
      const edit = value.suffix === 'm' ? this.replaceValue(binding, quote(written)) : undefined;
      problem(
        `Unquoted ${written} is the number ${value.value.toLocaleString('en-US')}, not a duration${value.suffix === 'm' ? `; write "${written}" in quotes` : ''}`,
        edit ? [{ title: `Quote it: "${written}"`, edits: [edit] }] : [],
      );
      return;
    }
    problem(`'${binding.name}' holds ${describeValue(value)}`, []);
  }

  // ---- ocsp_peer, certs

  private checkOcspPeer(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    if (value.kind === 'boolean') {
      state.ocspPeer = value.value;
      return;
    }
    if (value.kind === 'map') {
      const bindings = mapContent(entry.binding); // value is the binding's (see checkOption)
      const verify = bindings ? findBinding(bindings, 'verify') : undefined;
      state.ocspPeer = verify?.resolved?.kind === 'boolean' && verify.resolved.value;
      return;
    }
    this.wrongType(state, entry, value, out);
  }

  private checkCerts(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    if (value.kind !== 'array') {
      this.wrongType(state, entry, value, out);
      return;
    }
    for (const { element, shown } of this.elements(entry.binding, value)) {
      if (element && element.kind !== 'map') {
        this.wrongElement(state, entry, element, shown, 'a block { cert_file: "...", key_file: "..." }', out);
      }
    }
    state.numbers.set('certs', value.elements.length);
  }

  private checkMinVersion(state: BlockState, entry: OptionEntry, value: Value, out: Diagnostic[]): void {
    const { binding } = entry;
    const where = this.input.walker.where(state.block, binding.uri);
    const fixesFor = (candidates: string[]) => {
      const fixes: TlsFix[] = [];
      for (const c of candidates) {
        const edit = this.replaceValue(binding, quote(c));
        if (edit) fixes.push({ title: `Change to "${c}"`, edits: [edit] });
      }
      return fixes;
    };
    if (value.kind === 'string') {
      if (value.value === '1.2' || value.value === '1.3') return;
      state.invalid.add('min_version');
      if (value.value === '1.0' || value.value === '1.1') {
        out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
          code: TlsCode.invalidMinVersion,
          severity: 'error',
          message: `nats-server does not support TLS ${value.value}${where}: it refuses the tls block ("unsupported TLS version"). TLS 1.2 is the lowest version it speaks; write "1.2" (the default) or "1.3".`,
          data: { key: binding.name, value: value.value, suggestions: ['1.2', '1.3'], fixes: fixesFor(['1.2']) },
        }));
        return;
      }
      const guess = /1\.3/.test(value.value) ? '1.3' : /1\.2/.test(value.value) ? '1.2' : undefined;
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.invalidMinVersion,
        severity: 'error',
        message: `"${truncate(value.value)}" is not a TLS version nats-server knows${where}: it refuses the tls block ("unknown version"). Write "1.2" or "1.3" exactly${guess ? ` (did you mean "${guess}"?)` : ''}.`,
        data: { key: binding.name, value: value.value, suggestions: guess ? [guess] : ['1.2', '1.3'], fixes: fixesFor(guess ? [guess] : ['1.2', '1.3']) },
      }));
      return;
    }
    if (value.kind === 'float' || value.kind === 'integer') {
      state.invalid.add('min_version');
      const written = value.kind === 'float' ? String(value.value) : `${value.digits}${value.suffix}`;
      const candidates = written === '1.2' || written === '1.3' ? [written] : ['1.2', '1.3'];
      out.push(this.finding(state.block, this.valueNode(binding), binding.uri, {
        code: TlsCode.minVersionUnquoted,
        severity: 'error',
        message: `Unquoted ${written} is a number, and 'min_version' takes a string${where}: nats-server refuses the tls block ("'min_version' wrong type"). Write it in quotes: min_version: "${candidates[0]}".`,
        data: { key: binding.name, value: written, suggestions: candidates, fixes: fixesFor(candidates) },
      }));
      return;
    }
    this.wrongType(state, entry, value, out);
  }

  // ---- the block as a whole

  private checkCrossOptions(state: BlockState, out: Diagnostic[]): void {
    this.checkCertificateSources(state, out);
    this.checkKnownUrls(state, out);
    this.checkInsecureCiphers(state, out);
    this.checkContextEffects(state, out);
    // What is missing from a block cut short by a syntax error is not known (and nats-server
    // stops at the syntax error anyway).
    if (!this.isComplete(state.block)) return;
    this.checkCertificatePair(state, out);
    this.checkVerifyWithoutCa(state, out);
    this.checkNoCertificate(state, out);
    this.checkOcspPeerVerify(state, out);
  }

  /** GenTLSConfig: a certificate needs its key and the reverse (reported at the tls key). */
  private checkCertificatePair(state: BlockState, out: Diagnostic[]): void {
    const cert = state.fileOption('cert_file');
    const key = state.fileOption('key_file');
    if (cert === null || key === null) return; // a wrong kind: refused already
    const certSet = cert !== undefined && cert.value !== '';
    const keySet = key !== undefined && key.value !== '';
    if (certSet === keySet) return;
    const present = (certSet ? cert : key) as { entry: OptionEntry; value: string };
    const absent = certSet ? key : cert;
    const missing = certSet ? 'key_file' : 'cert_file';
    const owner = state.block.owner;
    if (!owner) return;
    const presentBinding = present.entry.binding;
    const line = presentBinding.definition.key.range.start.line + 1;
    const where = this.input.walker.where(state.block, presentBinding.uri);
    const what = missing === 'key_file' ? 'the private key that goes with the certificate' : 'the certificate that goes with the private key';
    const fixes: TlsFix[] = [];
    let insertAt: Position | undefined;
    let insertPrefix: string | undefined;
    if (!absent) {
      const entry = `${missing}: ""`;
      const insert = this.insertAfter(presentBinding, entry);
      if (insert) {
        insertAt = insert.range.start;
        // What goes before the new entry (a newline and the indentation, or ", "), so a quick
        // fix can insert another value without reading the text.
        insertPrefix = insert.newText.slice(0, insert.newText.length - entry.length);
        fixes.push({ title: `Add ${missing}`, edits: [insert] });
      }
    }
    const removal = this.removeEntry(presentBinding);
    if (removal) fixes.push({ title: `Remove ${presentBinding.name}`, edits: [removal] });
    out.push(this.finding(state.block, owner.definition.key, owner.uri, {
      code: missing === 'key_file' ? TlsCode.missingKeyFile : TlsCode.missingCertFile,
      severity: 'error',
      message: absent
        ? `'${presentBinding.name}' is set (line ${line}${where}) but '${absent.entry.binding.name}' is empty: nats-server refuses the block ("missing '${missing}' in TLS configuration"). Set ${missing} to ${what}.`
        : `'${presentBinding.name}' is set (line ${line}${where}) but '${missing}' is missing: nats-server refuses the block ("missing '${missing}' in TLS configuration"). Add ${missing} with ${what}.`,
      data: {
        key: owner.name,
        missing,
        present: presentBinding.name,
        presentRange: presentBinding.definition.range,
        presentUri: presentBinding.uri,
        // The present file's path (resolved when given through a variable).
        presentValue: present.value,
        ...(insertAt ? { insertAt, insertPrefix } : {}),
        ...(fixes.length > 0 ? { fixes } : {}),
      },
    }));
  }

  /** `cert_file` with a non-empty `certs` list or with `cert_store`. */
  private checkCertificateSources(state: BlockState, out: Diagnostic[]): void {
    const cert = state.fileOption('cert_file');
    const owner = state.block.owner;
    if (!cert || cert.value === '' || !owner) return;
    const others: OptionEntry[] = [];
    const certs = state.options.get('certs');
    if (certs && (state.numbers.get('certs') ?? 0) > 0) others.push(certs);
    const store = state.options.get('cert_store');
    if (store && state.strings.has('cert_store')) others.push(store);
    for (const other of others) {
      const removal = this.removeEntry(cert.entry.binding);
      const related: RelatedInformation[] = [
        { uri: cert.entry.binding.uri, range: cert.entry.binding.definition.key.range, message: `'${cert.entry.binding.name}' is here` },
        { uri: other.binding.uri, range: other.binding.definition.key.range, message: `'${other.binding.name}' is here` },
      ];
      const isStore = other.option.name === 'cert_store';
      out.push(this.finding(state.block, owner.definition.key, owner.uri, {
        code: TlsCode.conflictingCertificates,
        severity: 'error',
        message: isStore
          ? `'${cert.entry.binding.name}' and '${other.binding.name}' both name the certificate${this.input.walker.where(state.block, owner.uri)}: nats-server refuses the block ("'cert_file' and 'cert_store' may not both be configured"). Keep one of them.`
          : `'${cert.entry.binding.name}' and a non-empty '${other.binding.name}' list both name certificates${this.input.walker.where(state.block, owner.uri)}: nats-server refuses the block ("cannot combine 'cert_file' option with 'certs' option"). Move the pair into ${other.binding.name}, or drop the list.`,
        data: {
          key: owner.name,
          options: [cert.entry.binding.name, other.binding.name],
          ...(removal ? { fixes: [{ title: `Remove ${cert.entry.binding.name}`, edits: [removal] }] } : {}),
        },
      }, related));
    }
  }

  private checkKnownUrls(state: BlockState, out: Diagnostic[]): void {
    const entry = state.options.get('verify_cert_and_check_known_urls');
    if (!entry || state.booleans.get('verify_cert_and_check_known_urls') !== true) return;
    const context = state.context;
    const effect = state.effect('verify_cert_and_check_known_urls');
    if (effect !== 'rejected-when-true') return; // cluster/gateway: fine; gateways[]: the generic check
    const { binding } = entry;
    const edit = this.replaceValue(binding, 'false');
    const removal = this.removeEntry(binding);
    const fixes: TlsFix[] = [];
    if (removal) fixes.push({ title: `Remove ${binding.name}`, edits: [removal] });
    if (edit) fixes.push({ title: 'Change to false', edits: [edit] });
    out.push(this.finding(state.block, binding.definition.key, binding.uri, {
      code: TlsCode.knownUrlsNotSupported,
      severity: 'error',
      message:
        `'${binding.name}: true' only works in the tls blocks of cluster and gateway, where the peers' URLs are known; ` +
        `in ${context ? `the ${context.path} block (${context.name})` : 'this block'} nats-server refuses it ("not supported in this context")${this.input.walker.where(state.block, binding.uri)}. ` +
        'Remove it, or use verify: true to require client certificates.',
      data: { key: binding.name, context: context?.id, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  /** ≥ 2.12: insecure suites need allow_insecure_cipher_suites; any release: a warning per suite. */
  private checkInsecureCiphers(state: BlockState, out: Diagnostic[]): void {
    const { target } = this.input;
    const ciphers = state.ciphers;
    if (!ciphers) return;
    const entry = state.options.get('cipher_suites') as OptionEntry;
    const goLine = cipherLineFor(target) === 'go';
    const allowed = state.booleans.get('allow_insecure_cipher_suites') === true;
    const insecure = ciphers.filter((c) => (cipherInfo(c.name)?.insecureReasons.length ?? 0) > 0);
    const owner = state.block.owner;
    if (goLine && !allowed && owner) {
      const refused = insecure.filter((c) => isInsecureCipher(c.name, target));
      if (refused.length > 0) {
        const names = refused.map((c) => c.name);
        const related: RelatedInformation[] = refused.map((c) => ({ uri: c.shown.uri, range: c.shown.node.range, message: `${c.name}: ${reasons(c.name)}` }));
        const fixes: TlsFix[] = [];
        const removals = refused.filter((c) => c.shown.node === c.element && c.shown.uri !== '').map((c) => this.removeElement(c));
        if (removals.length === refused.length && removals.length < ciphers.length) {
          fixes.push({ title: 'Remove the insecure suites', edits: removals.filter((e): e is TlsEdit => e !== undefined) });
        }
        const allowInsert = this.insertAfter(entry.binding, 'allow_insecure_cipher_suites: true');
        if (allowInsert) fixes.push({ title: 'Allow them: add allow_insecure_cipher_suites: true', edits: [allowInsert] });
        out.push(this.finding(state.block, owner.definition.key, owner.uri, {
          code: TlsCode.insecureCiphersNotAllowed,
          severity: 'error',
          message:
            `${describeTarget(target)} refuses insecure cipher suites unless allow_insecure_cipher_suites: true is set${this.input.walker.where(state.block, owner.uri)}: ` +
            `${names.join(', ')}. Remove ${names.length === 1 ? 'it' : 'them'} from cipher_suites (recommended), or add allow_insecure_cipher_suites: true.`,
          data: { key: owner.name, ciphers: names, ranges: refused.map((c) => c.shown.node.range), ...(fixes.length > 0 ? { fixes } : {}) },
        }, related));
        for (const c of insecure) if (!refused.includes(c)) this.insecureCipherWarning(state, entry, c, out);
        this.tls13Info(state, entry, ciphers, out);
        return;
      }
    }
    for (const c of insecure) this.insecureCipherWarning(state, entry, c, out);
    this.tls13Info(state, entry, ciphers, out);
  }

  private insecureCipherWarning(state: BlockState, entry: OptionEntry, c: NamedElement, out: Diagnostic[]): void {
    const removal = c.shown.node === c.element && c.shown.uri !== '' && (state.ciphers?.length ?? 0) > 1 ? this.removeElement(c) : undefined;
    out.push(this.finding(state.block, c.shown.node, c.shown.uri, {
      code: TlsCode.insecureCipher,
      severity: 'warning',
      message: `${c.name} is an insecure cipher suite (${reasons(c.name)})${this.input.walker.where(state.block, c.shown.uri)}. ${cipherLineFor(this.input.target) === 'go' ? 'It is allowed here by allow_insecure_cipher_suites, but' : 'nats-server accepts it, but'} clients that pick it get weak protection, and nats-server 2.12 and later refuse it without allow_insecure_cipher_suites: true. Prefer an ECDHE suite with AES-GCM or CHACHA20.`,
      data: { key: entry.binding.name, name: c.name, elementRange: c.element.range, ...(removal ? { fixes: [{ title: `Remove ${c.name}`, edits: [removal] }] } : {}) },
    }));
  }

  private tls13Info(state: BlockState, entry: OptionEntry, ciphers: readonly NamedElement[], out: Diagnostic[]): void {
    for (const c of ciphers) {
      const info = cipherInfo(c.name);
      if (!info || info.hasEffect) continue;
      out.push(this.finding(state.block, c.shown.node, c.shown.uri, {
        code: TlsCode.cipherNoEffect,
        severity: 'information',
        message: `${c.name} is a TLS 1.3 suite: nats-server accepts it, but Go always enables all TLS 1.3 suites, so listing it changes nothing${this.input.walker.where(state.block, c.shown.uri)}. cipher_suites only restricts TLS 1.2.`,
        data: { key: entry.binding.name, name: c.name, elementRange: c.element.range },
      }));
    }
  }

  /** Options accepted without effect in this context (§2.1), `insecure`, forced `verify`. */
  private checkContextEffects(state: BlockState, out: Diagnostic[]): void {
    const context = state.context;
    if (!context) return;
    for (const entry of state.options.values()) {
      const name = entry.option.name;
      if (state.invalid.has(name) || state.unknown.has(name)) continue;
      const { binding } = entry;
      const where = this.input.walker.where(state.block, binding.uri);
      const effect = tlsOptionEffect(entry.option, context.id);
      if (name === 'insecure') {
        if (state.booleans.get('insecure') !== true) continue;
        const accepting = effect.effect === 'ignored';
        const edit = this.removeEntry(binding);
        out.push(this.finding(state.block, binding.definition.key, binding.uri, {
          code: TlsCode.insecure,
          severity: accepting ? 'information' : 'warning',
          message: accepting
            ? `'insecure: true' does nothing in the ${context.path} block${where}: it only affects connections this server opens, and this block accepts ${context.name}. Remove it.`
            : `'insecure: true' turns off verification of the peer's certificate chain and host name for ${context.name}${where}: anyone in the network path can impersonate the peer. Give the peer's CA in ca_file instead, and remove insecure.`,
          data: { key: binding.name, context: context.id, ...(edit ? { fixes: [{ title: 'Remove insecure: true', edits: [edit] }] } : {}) },
        }));
        continue;
      }
      if (name === 'verify_cert_and_check_known_urls' && effect.effect === 'rejected-when-true') continue;
      if (effect.effect === 'forced' && name === 'verify' && state.booleans.get('verify') === false) {
        out.push(this.finding(state.block, binding.definition.key, binding.uri, {
          code: TlsCode.optionIgnored,
          severity: 'information',
          message: `'verify: false' has no effect in the ${context.path} block${where}: nats-server always requires and verifies certificates for ${context.name}.`,
          data: { key: binding.name, context: context.id },
        }));
        continue;
      }
      if (effect.effect !== 'ignored') continue;
      if (!state.isSet(name)) continue;
      if (name === 'timeout') continue; // reported by the timeout check, which knows the value
      this.ignoredOption(state, entry, out);
    }
    // The Windows store's matching options do nothing without cert_store.
    if (!state.options.has('cert_store')) {
      for (const name of STORE_MATCH_OPTIONS) {
        const entry = state.options.get(name);
        if (!entry || state.invalid.has(name) || !state.isSet(name)) continue;
        out.push(this.finding(state.block, entry.binding.definition.key, entry.binding.uri, {
          code: TlsCode.optionIgnored,
          severity: 'information',
          message: `'${entry.binding.name}' only matters with cert_store (the Windows certificate store), which this block does not set${this.input.walker.where(state.block, entry.binding.uri)}.`,
          data: { key: entry.binding.name, context: context.id },
        }));
      }
    }
    // A TLS-first fallback on a leaf node remote.
    if (context.id === 'leafnode-remote' && state.handshakeFallback) {
      const entry = state.options.get('handshake_first') as OptionEntry;
      out.push(this.finding(state.block, this.valueNode(entry.binding), entry.binding.uri, {
        code: TlsCode.optionIgnored,
        severity: 'information',
        message: `A leaf node remote only reads '${entry.binding.name}' as on or off: the fallback delay is ignored, so the connection is strict TLS-first (the hub must use handshake_first too)${this.input.walker.where(state.block, entry.binding.uri)}.`,
        data: { key: entry.binding.name, context: context.id },
      }));
    }
  }

  private ignoredOption(state: BlockState, entry: OptionEntry, out: Diagnostic[]): void {
    const context = state.context;
    if (!context) return;
    const { binding, option } = entry;
    const note = tlsOptionEffect(option, context.id).note;
    const removal = this.removeEntry(binding);
    out.push(this.finding(state.block, binding.definition.key, binding.uri, {
      code: TlsCode.optionIgnored,
      severity: 'information',
      message:
        `'${binding.name}' has no effect in the ${context.path} block (${context.name})${this.input.walker.where(state.block, binding.uri)}: ` +
        (note ?? 'nats-server accepts it there but does not use it.'),
      data: { key: binding.name, context: context.id, ...(removal ? { fixes: [{ title: `Remove ${binding.name}`, edits: [removal] }] } : {}) },
    }));
  }

  /** verify without ca_file: client certificates are checked against the system roots. */
  private checkVerifyWithoutCa(state: BlockState, out: Diagnostic[]): void {
    const context = state.context;
    if (!context) return;
    if (tlsOptionEffect(tlsOption('verify') as TlsOption, context.id).effect !== 'effective') return;
    const ca = state.fileOption('ca_file');
    if (ca === null || (ca && ca.value !== '') || state.options.has('ca_certs_match') || state.unknown.has('ca_file')) return;
    for (const name of ['verify', 'verify_and_map'] as const) {
      const entry = state.options.get(name);
      if (!entry || state.booleans.get(name) !== true) continue;
      const insert = this.insertAfter(entry.binding, 'ca_file: ""');
      out.push(this.finding(state.block, entry.binding.definition.key, entry.binding.uri, {
        code: TlsCode.verifyWithoutCa,
        severity: 'information',
        message:
          `'${entry.binding.name}' requires client certificates, but there is no ca_file, so they are checked against the operating system's trust store${this.input.walker.where(state.block, entry.binding.uri)}. ` +
          'For certificates from your own CA, set ca_file to that CA.',
        data: { key: entry.binding.name, ...(insert ? { fixes: [{ title: 'Add ca_file', edits: [insert] }] } : {}) },
      }));
      return;
    }
  }

  /** A listening block without any certificate: every handshake fails at run time. */
  private checkNoCertificate(state: BlockState, out: Diagnostic[]): void {
    const context = state.context;
    const owner = state.block.owner;
    if (!context || !owner || context.direction === 'solicit') return;
    if (state.invalid.size > 0 || state.schemaErrors) return; // refused already: one thing at a time
    for (const name of ['cert_file', 'key_file', 'certs', 'cert_store'] as const) {
      if (state.invalid.has(name) || state.unknown.has(name)) return;
    }
    const cert = state.fileOption('cert_file');
    if ((cert && cert.value !== '') || (state.numbers.get('certs') ?? 0) > 0 || state.strings.has('cert_store')) return;
    if (state.fileOption('key_file')?.value) return; // the missing cert_file is an error already
    const root = context.id === 'root';
    const relaxed = root && this.allowsNonTls();
    const empty = state.block.bindings.size === 0 && state.block.node.kind === 'map';
    const where = this.input.walker.where(state.block, owner.uri);
    const consequence = relaxed
      ? 'TLS handshakes fail ("no certificates configured"), while allow_non_tls: true lets clients connect without TLS (the set-up behind a TLS-terminating proxy)'
      : `every TLS handshake of ${context.name} fails at run time ("tls: no certificates configured"); 'nats-server -t' does not notice`;
    out.push(this.finding(state.block, owner.definition.key, owner.uri, {
      code: empty ? TlsCode.emptyBlock : TlsCode.noCertificate,
      severity: relaxed ? 'information' : 'warning',
      message: empty
        ? `This tls block is empty, so the server has no certificate${where}: ${consequence}. Add cert_file and key_file.`
        : `This tls block names no certificate (cert_file, certs or cert_store)${where}: ${consequence}. Add cert_file and key_file.`,
      data: { key: owner.name, context: context.id, allowNonTls: relaxed },
    }));
  }

  private checkOcspPeerVerify(state: BlockState, out: Diagnostic[]): void {
    const context = state.context;
    const entry = state.options.get('ocsp_peer');
    if (!context || !entry || !state.ocspPeer) return;
    if (tlsOptionEffect(entry.option, context.id).effect === 'ignored') return; // said by checkContextEffects
    if (context.direction !== 'accept') return;
    if (state.booleans.get('verify') === true || state.booleans.get('verify_and_map') === true) return;
    const insert = this.insertAfter(entry.binding, 'verify: true');
    out.push(this.finding(state.block, entry.binding.definition.key, entry.binding.uri, {
      code: TlsCode.ocspPeerNeedsVerify,
      severity: 'warning',
      message:
        `'${entry.binding.name}' checks client certificates, which ${context.name} only send with verify: true${this.input.walker.where(state.block, entry.binding.uri)}. ` +
        `'nats-server -t' passes, but the server refuses to start ("OCSP peer verification for client connections requires TLS verify (mTLS) to be enabled"). Add verify: true.`,
      data: { key: entry.binding.name, ...(insert ? { fixes: [{ title: 'Add verify: true', edits: [insert] }] } : {}) },
    }));
  }

  // ------------------------------------------------------------------------------- sub-blocks

  /** One `certs` entry: both files, as strings (keys are case-sensitive). */
  private checkCertPair(block: Block, out: Diagnostic[]): void {
    if (!this.isComplete(block)) return;
    const files: Partial<Record<'cert_file' | 'key_file', Binding>> = {};
    let broken = false;
    for (const binding of block.bindings.values()) {
      if (binding.name !== 'cert_file' && binding.name !== 'key_file') continue; // others: the schema rule's
      const value = binding.resolved;
      if (!value || value.kind === 'variable') {
        broken = true;
        continue;
      }
      if (value.kind !== 'string') {
        broken = true;
        out.push(this.finding(block, this.valueNode(binding), binding.uri, {
          code: TlsCode.wrongType,
          severity: 'error',
          message: `'${binding.name}' in a certs entry takes a file name in quotes, not ${describeValue(value)}${this.input.walker.where(block, binding.uri)}: nats-server refuses the tls block.`,
          data: { key: binding.name, expected: 'string', found: value.kind },
        }));
        continue;
      }
      files[binding.name] = binding;
    }
    if (broken) return;
    const missing = (['cert_file', 'key_file'] as const).filter((k) => {
      const b = files[k];
      return !b || (b.resolved?.kind === 'string' && b.resolved.value === '');
    });
    if (missing.length === 0) return;
    // A key written in another case is reported by the schema rule (with the right spelling).
    const lowerKeys = [...block.bindings.keys()].map((k) => k.toLowerCase());
    if (missing.some((m) => !files[m] && lowerKeys.includes(m))) return;
    const present = (['cert_file', 'key_file'] as const).map((k) => files[k]).find((b) => b !== undefined && !missing.includes(b.name as 'cert_file'));
    const node = present ? present.definition.key : block.node;
    const uri = present ? present.uri : (this.uriOf(block.node) ?? this.input.uri);
    const fixes: TlsFix[] = [];
    if (present && missing.length === 1 && !files[missing[0]]) {
      const insert = this.insertAfter(present, `${missing[0]}: ""`, ', ');
      if (insert) fixes.push({ title: `Add ${missing[0]}`, edits: [insert] });
    }
    out.push(this.finding(block, node, uri, {
      code: TlsCode.incompleteCertPair,
      severity: 'error',
      message: `Each certs entry needs both cert_file and key_file (in lower case); this one lacks ${missing.join(' and ')}${this.input.walker.where(block, uri)}: nats-server refuses the tls block.`,
      data: { key: block.owner?.name ?? 'certs', missing, ...(fixes.length > 0 ? { fixes } : {}) },
    }));
  }

  /** The `ocsp_peer { }` map: booleans and durations. */
  private checkOcspPeerMap(block: Block, out: Diagnostic[]): void {
    for (const binding of block.bindings.values()) {
      const name = binding.name.toLowerCase();
      const value = binding.resolved;
      if (!value || value.kind === 'variable' || (value.kind === 'integer' && value.dropped)) continue;
      const where = this.input.walker.where(block, binding.uri);
      if (OCSP_PEER_BOOLEANS.has(name) && value.kind !== 'boolean') {
        const word = booleanWord(value);
        const edit = word !== undefined ? this.replaceValue(binding, String(word)) : undefined;
        out.push(this.finding(block, this.valueNode(binding), binding.uri, {
          code: TlsCode.wrongType,
          severity: 'error',
          message: `'${binding.name}' in ocsp_peer takes true or false (unquoted), not ${describeValue(value)}${where}: nats-server refuses the tls block (it says "unknown field").`,
          data: { key: binding.name, expected: 'boolean', found: value.kind, ...(edit ? { fixes: [{ title: `Change to ${word}`, edits: [edit] }] } : {}) },
        }));
      } else if (OCSP_PEER_DURATIONS.has(name)) {
        if (value.kind === 'integer' || value.kind === 'float') continue;
        if (value.kind === 'string') {
          const parsed = parseGoDuration(value.value);
          if (!parsed.ok) this.invalidDurationInBlock(block, binding, value.value, parsed, out);
          continue;
        }
        out.push(this.finding(block, this.valueNode(binding), binding.uri, {
          code: TlsCode.wrongType,
          severity: 'error',
          message: `'${binding.name}' in ocsp_peer takes seconds or a quoted duration such as "2s", not ${describeValue(value)}${where}: nats-server refuses the tls block.`,
          data: { key: binding.name, expected: 'duration', found: value.kind },
        }));
      }
    }
  }

  private invalidDurationInBlock(block: Block, binding: Binding, text: string, parsed: Exclude<ReturnType<typeof parseGoDuration>, { ok: true }>, out: Diagnostic[]): void {
    const state = new BlockState(block, undefined, new Map());
    this.invalidDuration(state, binding, text, parsed, out, `'${binding.name}'`);
  }

  // ------------------------------------------------------------------------------- helpers

  /**
   * False for a map cut short: its closing brace is missing, or a syntax error inside it may
   * have swallowed entries. What such a block lacks is not known (and nats-server stops at the
   * syntax error anyway).
   */
  private isComplete(block: Block): boolean {
    const node = block.node;
    if (node.kind !== 'map') return true;
    if (!node.closed) return false;
    // Finding the node's document means indexing every block: only worth it when there are errors.
    let anyError = false;
    for (const { document } of this.texts.values()) if (document.errors.some((e) => e.severity === 'error')) anyError = true;
    if (!anyError) return true;
    const uri = this.uriOf(node);
    const document = uri !== undefined ? this.texts.get(uri)?.document : undefined;
    const errors = document?.errors ?? [];
    return !errors.some((e) => e.severity === 'error' && within(e.range.start, node.range));
  }

  /** Each element of a list value, with where a finding about it is shown. */
  /**
   * Each element of a list value (a `$VAR` element resolved; undefined when it cannot be), and
   * where a finding about it is shown: the element as written, or the binding's `$VAR` when the
   * list came from the environment (no text to point at).
   */
  private *elements(binding: Binding, array: ArrayValue): Generator<{ element: Value | undefined; shown: Located }> {
    const arrayUri = binding.value.kind === 'variable' ? this.uriOf(array) : binding.uri;
    for (const written of array.elements) {
      let element: Value | undefined = written;
      if (written.kind === 'variable') {
        const r = this.input.resolution.variables.get(written);
        element = r && r.source !== 'unresolved' ? r.value : undefined;
      }
      const shown: Located = arrayUri ? { node: written, uri: arrayUri } : { node: binding.value, uri: binding.uri };
      yield { element, shown };
    }
  }

  /**
   * The document a parsed node belongs to: the one whose line table it holds (every node of a
   * parse shares its document's); undefined for values parsed from the environment.
   */
  private uriOf(node: object): string | undefined {
    if (!this.documentUris) {
      const { root, files } = this.input.resolution;
      this.documentUris = new Map();
      for (const { document, uri } of [root, ...files.values()]) {
        const lines = lineTableOf(document);
        if (lines) this.documentUris.set(lines, uri);
      }
    }
    const lines = lineTableOf(node);
    return lines === undefined ? undefined : this.documentUris.get(lines);
  }

  /** Where value findings go: the value as written (`$VAR` for a reference). */
  private valueNode(binding: Binding): { range: Range } {
    return binding.value ?? binding.definition.key;
  }

  private finding(
    block: Block,
    node: { range: Range },
    uri: string,
    fields: { code: TlsCodeValue; severity: Severity; message: string; data: TlsData },
    extraRelated: RelatedInformation[] = [],
  ): Diagnostic {
    const placed = this.input.walker.place(block, node, uri);
    const diagnostic: Diagnostic = { ...fields, range: placed.range, source: 'nats-conf' };
    const related = [...(placed.related ?? []), ...extraRelated]
      .filter((r) => !(sameRange(r.range, placed.range) && (r.uri === undefined || r.uri === this.input.uri)));
    if (related.length > 0) diagnostic.related = related;
    return diagnostic;
  }

  // ---- edits (computed here, from the text, so quick fixes never read it)

  private replaceValue(binding: Binding, newText: string): TlsEdit | undefined {
    if (binding.value.kind === 'variable' || !binding.definition.value || binding.uri === '') return undefined;
    return { uri: binding.uri, range: binding.value.range, newText };
  }

  /** Inserts `entry` after a key-value, on its own line with the same indentation when it has one. */
  private insertAfter(binding: Binding, entry: string, inlineSeparator = ', '): TlsEdit | undefined {
    const source = this.texts.get(binding.uri);
    const kv = binding.definition;
    if (!source || binding.uri === '') return undefined;
    const indent = indentationOf(source, kv);
    const at = kv.range.end;
    const newText = indent !== undefined ? `\n${indent}${entry}` : `${inlineSeparator}${entry}`;
    return { uri: binding.uri, range: { start: at, end: at }, newText };
  }

  /** Deletes a key-value: its whole line when it stands alone there, else just its text. */
  private removeEntry(binding: Binding): TlsEdit | undefined {
    const source = this.texts.get(binding.uri);
    if (!source || binding.uri === '') return undefined;
    return { uri: binding.uri, range: entryRemovalRange(source, binding.definition), newText: '' };
  }

  /** Deletes one list element and the comma that separates it. */
  private removeElement(c: NamedElement): TlsEdit | undefined {
    const source = this.texts.get(c.shown.uri);
    if (!source) return undefined;
    const { text, document } = source;
    let end = c.element.end;
    let start = c.element.start;
    let i = end;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === ',') {
      end = i + 1;
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    } else {
      let j = start - 1;
      while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
      if (text[j] === ',') start = j;
    }
    // A line holding only the element goes as a whole.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const newline = text.indexOf('\n', end);
    const lineEnd = newline < 0 ? text.length : newline;
    if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '' && newline >= 0) {
      start = lineStart;
      end = newline + 1;
    }
    return { uri: c.shown.uri, range: { start: positionAt(document, start), end: positionAt(document, end) }, newText: '' };
  }
}

// ---------------------------------------------------------------------------------------------
// Per-block state

interface Located {
  node: { range: Range };
  uri: string;
}

interface NamedElement {
  name: string;
  element: Value;
  shown: Located;
}

class BlockState {
  /** Options whose value is of the wrong kind or refused (cross-checks skip them). */
  readonly invalid = new Set<TlsOptionName>();
  /** Options whose value could not be resolved. */
  readonly unknown = new Set<TlsOptionName>();
  readonly strings = new Map<TlsOptionName, string>();
  readonly booleans = new Map<TlsOptionName, boolean>();
  readonly numbers = new Map<TlsOptionName, number>();
  ciphers: NamedElement[] | undefined;
  /** The block has keys the schema rule reports (unknown, or too new for the target). */
  schemaErrors = false;
  ocspPeer = false;
  handshakeFallback = false;

  constructor(
    readonly block: Block,
    readonly context: TlsContext | undefined,
    readonly options: ReadonlyMap<TlsOptionName, OptionEntry>,
  ) {}

  effect(name: TlsOptionName): string | undefined {
    const entry = this.options.get(name);
    return entry && this.context ? tlsOptionEffect(entry.option, this.context.id).effect : undefined;
  }

  /** undefined: absent; null: of the wrong kind or unresolved; else the string. */
  fileOption(name: 'cert_file' | 'key_file' | 'ca_file'): { entry: OptionEntry; value: string } | null | undefined {
    const entry = this.options.get(name);
    if (!entry) return undefined;
    const value = this.strings.get(name);
    return value === undefined ? null : { entry, value };
  }

  /** True when the option holds something other than its "off" value. */
  isSet(name: TlsOptionName): boolean {
    if (BOOLEAN_OPTIONS.has(name) || name === 'handshake_first') return this.booleans.get(name) === true;
    if (name === 'ocsp_peer') return this.ocspPeer;
    if (name === 'connection_rate_limit') return (this.numbers.get(name) ?? 0) > 0;
    if (name === 'pinned_certs' || name === 'certs') return (this.numbers.get(name) ?? 0) > 0;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** The context of a tls block from its path (`leafnodes.remotes[0].tls`, `TLS`, `ws.tls`). */
export function tlsContextOfPath(path: string): TlsContext | undefined {
  const keys: string[] = [];
  for (const segment of path.split('.')) {
    const match = /^(.*?)((?:\[\d+\])*)$/.exec(segment);
    if (!match) return undefined;
    keys.push(match[1]);
    for (let i = 0; i < (match[2].match(/\[/g)?.length ?? 0); i++) keys.push('[]');
  }
  return tlsContextForKeys(keys);
}

function describeValue(value: Value): string {
  switch (value.kind) {
    case 'string':
      return value.value === '' ? 'an empty string' : `the string "${truncate(value.value)}"`;
    case 'integer':
      return `the number ${value.digits}${value.suffix}`;
    case 'float':
      return `the number ${value.value}`;
    case 'boolean':
      return `the boolean ${value.value}`;
    case 'datetime':
      return `the date ${value.value}`;
    case 'map':
      return 'a block { ... }';
    case 'array':
      return 'a list [ ... ]';
    default:
      return `the reference $${value.name}`;
  }
}

/** The boolean a mistaken value most likely means: `"true"` → true, `1` → true, `"no"` → false. */
function booleanWord(value: Value): boolean | undefined {
  if (value.kind === 'string') {
    const word = value.value.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(word)) return true;
    if (['false', 'no', 'off', '0'].includes(word)) return false;
    return undefined;
  }
  if (value.kind === 'integer' && value.suffix === '') {
    if (value.value === 1) return true;
    if (value.value === 0) return false;
  }
  return undefined;
}

/** A scalar's text as a user would quote it. */
function scalarText(value: Value): string | undefined {
  switch (value.kind) {
    case 'integer':
      return `${value.digits}${value.suffix}`;
    case 'float':
      return String(value.value);
    case 'boolean':
      return String(value.value);
    case 'datetime':
      return value.value;
    default:
      return undefined;
  }
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  return ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`;
}

function reasons(name: string): string {
  return (cipherInfo(name)?.insecureReasons ?? []).map(insecureReasonText).join('; ');
}

/** Why a name is not known to the target, when it is known elsewhere. */
function cipherHint(name: string, target: ServerVersion): string {
  const info = cipherInfo(name);
  if (!info) return '';
  if (info.name !== name) return ` (names are case-sensitive: "${info.name}")`;
  if (info.otherSpelling && isKnownCipher(info.otherSpelling, target)) {
    return cipherLineFor(target) === 'go'
      ? ' (nats-server 2.12 renamed it: the name now ends in _SHA256)'
      : ' (that is the spelling of nats-server 2.12 and later; older releases write it without _SHA256)';
  }
  if (info.accepted.go && !info.accepted.static) return ' (only nats-server 2.12 and later know it)';
  return '';
}

function closestWord(text: string, words: readonly string[]): string | undefined {
  const lower = text.trim().toLowerCase();
  if (['yes', '1', 'enabled', 'enable'].includes(lower)) return 'true';
  if (['no', '0', 'disabled', 'disable'].includes(lower)) return 'false';
  if (lower.startsWith('auto')) return 'auto';
  return words.find((w) => w.startsWith(lower) && lower.length >= 2);
}

function within(p: Position, r: Range): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function positionAt(document: Document, offset: number): Position {
  return new PositionMapper(document.lineStarts).positionAt(offset);
}

/** The whitespace before a key when nothing else precedes it on its line; undefined otherwise. */
function indentationOf(source: { text: string; document: Document }, kv: KeyValue): string | undefined {
  const lineStart = source.document.lineStarts[kv.range.start.line] ?? 0;
  const before = source.text.slice(lineStart, kv.start);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/**
 * What deleting a key-value removes: its whole line(s) when nothing else is on them, else its
 * text with the separator after it. Shared with the schema rule so its findings can carry a removal range too.
 */
export function entryRemovalRange(source: { text: string; document: Document }, kv: KeyValue): Range {
  return wholeLineRange(source, kv) ?? inlineEntryRange(source, kv);
}

/**
 * A key-value sharing its line with others, with the separator after it (and the blanks after
 * that): deleting `b: 2` alone from `{ a: 1, b: 2, c: 3 }` would leave `a: 1, , c: 3`, which
 * does not parse.
 */
function inlineEntryRange(source: { text: string; document: Document }, kv: KeyValue): Range {
  const { text, document } = source;
  let end = kv.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === ',' || text[end] === ';') {
    end++;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  } else {
    end = kv.end;
  }
  return { start: kv.range.start, end: positionAt(document, end) };
}

/** The range of a key-value's whole line(s), newline included, when nothing else is on them. */
function wholeLineRange(source: { text: string; document: Document }, kv: KeyValue): Range | undefined {
  const { text, document } = source;
  const lineStart = document.lineStarts[kv.range.start.line] ?? 0;
  if (text.slice(lineStart, kv.start).trim() !== '') return undefined;
  let end = kv.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === ',' || text[end] === ';')) end++;
  if (text[end] === '#' || text.startsWith('//', end)) return undefined; // keep a trailing comment's line
  if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end += 1;
  else if (end < text.length) return undefined;
  return { start: positionAt(document, lineStart), end: positionAt(document, end) };
}


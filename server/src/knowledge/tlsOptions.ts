/**
 * Every option of a nats-server `tls { }` block, as data that hover, completion and validation
 * all read: value kinds, defaults, first release, per-context effectiveness, our own
 * description, an example, docs links, the exact error texts nats-server prints, and the
 * accepted values where they are enumerated.
 *
 * Facts come from shared/reference/nats-config-reference.md §2.1, §3, §4 and §5; the prose is ours.
 * Error texts marked `verified-2.9.10` were re-run with the installed nats-server 2.9.10
 * (`nats-server -t -c FILE`); the others are read from main's source or upstream tests.
 */

import { type TlsContextId, TLS_CONTEXT_IDS } from './tlsContexts';
import { type ServerVersion, targetIncludes } from './versions';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type TlsOptionName =
  | 'cert_file'
  | 'key_file'
  | 'ca_file'
  | 'insecure'
  | 'verify'
  | 'verify_and_map'
  | 'verify_cert_and_check_known_urls'
  | 'allow_insecure_cipher_suites'
  | 'cipher_suites'
  | 'curve_preferences'
  | 'timeout'
  | 'connection_rate_limit'
  | 'pinned_certs'
  | 'cert_store'
  | 'cert_match_by'
  | 'cert_match'
  | 'ca_certs_match'
  | 'handshake_first'
  | 'cert_match_skip_invalid'
  | 'ocsp_peer'
  | 'certs'
  | 'min_version';

/** The value shape in one token, for hovers and for the schema. */
export type TlsOptionKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'number|duration-string'
  | 'array<string>'
  | 'string|array<string>'
  | 'boolean|string'
  | 'map|boolean'
  | 'array<map>';

/** The value types a validator can compare against the parsed value. */
export type TlsValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'duration-string'
  | 'array<string>'
  | 'map'
  | 'array<map>';

/**
 * What an option does in one context (reference §2.1, describing main):
 * - `effective`: it does what it says;
 * - `ignored`: accepted without complaint and without effect;
 * - `rejected-when-true`: `true` is a configuration error there, `false` is accepted;
 * - `forced`: on regardless of the value written.
 */
export type TlsEffect = 'effective' | 'ignored' | 'rejected-when-true' | 'forced';

export interface TlsContextEffect {
  effect: TlsEffect;
  note?: string;
}

/** Where a fact comes from: the reference's [V], [S], [T] and [U] markers. */
export type TlsEvidence = 'verified-2.9.10' | 'main-source' | 'upstream-test' | 'inferred';

export interface TlsErrorMessage {
  /**
   * The text nats-server prints after the `file:line:col: ` prefix, verbatim, with `<name>`
   * placeholders for the parts that vary. Use `tlsMessagePattern` to match real output.
   */
  message: string;
  /** When it happens, in our words. */
  when: string;
  /**
   * Where the position points: the option's key, an array element, the enclosing `tls` key,
   * or nowhere (messages printed at runtime).
   */
  at: 'option' | 'element' | 'tls-key' | 'runtime';
  /** `parse` = while reading the block, `load` = while loading certificates (both reported by `-t`), `runtime` = only when the server runs. */
  stage: 'parse' | 'load' | 'runtime';
  severity: 'error' | 'warning';
  /** First release that prints it, when later than the option itself. */
  since?: string;
  evidence: TlsEvidence;
}

export interface TlsEnumValue {
  value: string;
  description: string;
  /** This is the option's default. */
  isDefault?: boolean;
  /** First release accepting this value, when later than the option. */
  since?: string;
}

export interface TlsSubKey {
  name: string;
  kind: 'string' | 'boolean' | 'number|duration-string';
  default: string;
  /** The value is a file path, resolved against the server process's working directory. */
  isPath?: boolean;
  description: string;
}

export interface TlsOption {
  name: TlsOptionName;
  /** Other names nats-server accepts for the same option (matched case-insensitively too). */
  aliases: readonly string[];
  kind: TlsOptionKind;
  valueTypes: readonly TlsValueType[];
  default: {
    /** As shown to users. */
    text: string;
    /** As a value, where one exists; absent when the default depends on the target or is "unset". */
    value?: string | number | boolean;
  };
  /** First stable release with the option (and its aliases). */
  since: string;
  /** Value forms accepted only from a later release than `since`. */
  formsSince?: Partial<Record<TlsValueType, string>>;
  /** Enumerated values, when the option takes a fixed set of strings. */
  values?: readonly TlsEnumValue[];
  /** Whether `values` must match exactly (true) or ignoring case (false). */
  valuesCaseSensitive?: boolean;
  /** Keys of a map value (`ocsp_peer`) or of each array element (`certs`). */
  subKeys?: readonly TlsSubKey[];
  /** Keys of the map value compare case-sensitively (`certs[]` entries do). */
  subKeysCaseSensitive?: boolean;
  /** The value is a file path, resolved against the server process's working directory. */
  isPath?: boolean;
  /** Only works on this operating system; elsewhere the configuration is rejected. */
  platform?: 'windows';
  /** Per-context effectiveness for all nine contexts. */
  contexts: Readonly<Record<TlsContextId, TlsContextEffect>>;
  /** One line for completion details. */
  summary: string;
  /** Markdown, in our own words. */
  description: string;
  /** A short config line. */
  example: string;
  /** The docs.nats.io page that explains the option best. */
  docsUrl: string;
  /** The option's page in docs.nats.io's configuration reference. */
  referenceUrl: string;
  /** Every message nats-server can print because of this option. */
  errors: readonly TlsErrorMessage[];
  /** Options worth mentioning together in hovers. */
  related: readonly TlsOptionName[];
}

// ---------------------------------------------------------------------------------------------
// Builders (data helpers only)
// ---------------------------------------------------------------------------------------------

type Cell = TlsEffect | readonly [TlsEffect, string];

/** Every context gets `base`, except those listed in `overrides`. */
function contexts(base: Cell, overrides: Partial<Record<TlsContextId, Cell>> = {}): Record<TlsContextId, TlsContextEffect> {
  const out = {} as Record<TlsContextId, TlsContextEffect>;
  for (const id of TLS_CONTEXT_IDS) {
    const cell = overrides[id] ?? base;
    out[id] = typeof cell === 'string' ? { effect: cell } : { effect: cell[0], note: cell[1] };
  }
  return out;
}

const TLS_GUIDE = 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls';
const MUTUAL_AUTH = 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro/tls_mutual_auth';
const reference = (name: string) => `https://docs.nats.io/reference/config/tls/${name}`;

function parseErr(message: string, when: string, evidence: TlsEvidence, at: TlsErrorMessage['at'] = 'option', since?: string): TlsErrorMessage {
  return { message, when, at, stage: 'parse', severity: 'error', evidence, ...(since ? { since } : {}) };
}
function loadErr(message: string, when: string, evidence: TlsEvidence, since?: string): TlsErrorMessage {
  return { message, when, at: 'tls-key', stage: 'load', severity: 'error', evidence, ...(since ? { since } : {}) };
}
function runtimeMsg(message: string, when: string, severity: 'error' | 'warning', evidence: TlsEvidence): TlsErrorMessage {
  return { message, when, at: 'runtime', stage: 'runtime', severity, evidence };
}

const notBoolean = (name: string, evidence: TlsEvidence): TlsErrorMessage =>
  parseErr(`error parsing tls config, expected '${name}' to be a boolean`, 'The value is not an unquoted boolean (`"true"` and `1` count as wrong).', evidence);

const notAList = (evidence: TlsEvidence): TlsErrorMessage =>
  parseErr('interface conversion: interface {} is <type>, not []interface {}', 'The value is not an array (for example a single string).', evidence);

const notAStringElement = (evidence: TlsEvidence): TlsErrorMessage =>
  parseErr('interface conversion: interface {} is <type>, not string', 'An element of the array is not a string.', evidence, 'element');

// Certificate file problems, as printed by Go 1.19 (the 2.9.10 binary); newer Go may word them slightly differently.
const PAIR = 'error parsing X509 certificate/key pair: ';

// Effectiveness shared by every option that supplies this side's certificate.
const CERTIFICATE_CONTEXTS = contexts('effective', {
  cluster: ['effective', 'Serves as the server certificate for accepted routes and the client certificate for dialled ones.'],
  'gateway-remote': ['effective', 'Presented as the client certificate.'],
  'leafnode-remote': ['effective', 'Presented as the client certificate.'],
  resolver: ['effective', 'Presented as the client certificate.'],
});

const WINDOWS_STORE_CONTEXTS = CERTIFICATE_CONTEXTS;

// ---------------------------------------------------------------------------------------------
// The options
// ---------------------------------------------------------------------------------------------

export const TLS_OPTIONS: readonly TlsOption[] = [
  {
    name: 'cert_file',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: 'none (no certificate)' },
    since: '0.7.0',
    isPath: true,
    contexts: CERTIFICATE_CONTEXTS,
    summary: 'PEM file with the certificate this side presents.',
    description:
      'Path to the PEM-encoded certificate that this side of the connection shows its peer during the TLS handshake. ' +
      'Put the leaf certificate first; intermediate CA certificates may follow it in the same file so the whole chain is sent. ' +
      'It always goes together with `key_file` (the matching private key): setting only one of the two is an error.\n\n' +
      'A relative path is resolved against the working directory of the nats-server process, not against the folder of the ' +
      'configuration file, and `~` is not expanded, so a config that passes `nats-server -t` in one directory can fail when ' +
      'a service manager starts the server elsewhere. The file is read while the configuration is loaded, so a missing file, ' +
      'a swapped key or a mismatched pair is reported by `nats-server -t`; expiry is not checked.\n\n' +
      'On connections this server opens (routes, remote gateways, leaf node remotes, the account resolver) the same ' +
      'certificate is used as the client certificate. To serve several certificates use `certs`; on Windows, `cert_store` ' +
      'can take the certificate from the system store instead.',
    example: 'cert_file: "./certs/server-cert.pem"',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('cert_file'),
    errors: [
      parseErr("error parsing tls config, expected 'cert_file' to be filename", 'The value is not a string.', 'verified-2.9.10'),
      loadErr("missing 'key_file' in TLS configuration", '`cert_file` is set but `key_file` is not.', 'verified-2.9.10'),
      loadErr(`${PAIR}open <path>: no such file or directory`, 'The certificate (or key) file does not exist at that path, as seen from the working directory.', 'verified-2.9.10'),
      loadErr(`${PAIR}read <path>: is a directory`, 'The path names a directory.', 'verified-2.9.10'),
      loadErr(`${PAIR}tls: private key does not match public key`, 'The key belongs to another certificate, or a CA certificate comes before the leaf in `cert_file`.', 'verified-2.9.10'),
      loadErr(
        `${PAIR}tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched`,
        '`cert_file` holds a private key (certificate and key swapped).',
        'verified-2.9.10',
      ),
      loadErr(`${PAIR}tls: failed to find any PEM data in certificate input`, 'The certificate file is empty, not PEM, or DER-encoded.', 'verified-2.9.10'),
    ],
    related: ['key_file', 'ca_file', 'certs', 'cert_store'],
  },
  {
    name: 'key_file',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: 'none' },
    since: '0.7.0',
    isPath: true,
    contexts: CERTIFICATE_CONTEXTS,
    summary: 'PEM file with the private key of `cert_file`.',
    description:
      'Path to the PEM-encoded private key that belongs to the certificate in `cert_file`. PKCS#1, PKCS#8 and EC keys are ' +
      'understood. Passphrase-protected (encrypted) keys are not: nats-server cannot ask for a passphrase and rejects them. ' +
      'A single PEM file containing both the key and the certificate may be named by both options.\n\n' +
      'As with `cert_file`, a relative path is taken from the server process\'s working directory rather than from the ' +
      'configuration file\'s folder. Setting `key_file` without `cert_file` is an error, and a key that does not match the ' +
      'certificate is refused when the configuration loads (which `nats-server -t` reports). Keep the file readable only by ' +
      'the account the server runs as.',
    example: 'key_file: "./certs/server-key.pem"',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('key_file'),
    errors: [
      parseErr("error parsing tls config, expected 'key_file' to be filename", 'The value is not a string.', 'verified-2.9.10'),
      loadErr("missing 'cert_file' in TLS configuration", '`key_file` is set but `cert_file` is not.', 'verified-2.9.10'),
      loadErr(`${PAIR}open <path>: no such file or directory`, 'The key file does not exist at that path, as seen from the working directory.', 'verified-2.9.10'),
      loadErr(`${PAIR}tls: found a certificate rather than a key in the PEM for the private key`, '`key_file` holds a certificate.', 'verified-2.9.10'),
      loadErr(`${PAIR}tls: failed to find any PEM data in key input`, 'The key file is empty or not PEM.', 'verified-2.9.10'),
      loadErr(`${PAIR}tls: failed to parse private key`, 'The key is encrypted with a passphrase or in a format Go does not read.', 'verified-2.9.10'),
      loadErr(`${PAIR}tls: private key does not match public key`, 'The key belongs to another certificate.', 'verified-2.9.10'),
    ],
    related: ['cert_file', 'certs'],
  },
  {
    name: 'ca_file',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: "none: the operating system's trust store is used" },
    since: '0.7.0',
    isPath: true,
    contexts: contexts('effective', {
      root: ['effective', 'Authorities that client certificates must chain to.'],
      cluster: ['effective', 'Checks the peer route in both directions (client and server certificates).'],
      gateway: ['effective', 'Checks the peer gateway in both directions.'],
      'gateway-remote': ['effective', "Roots for checking the remote gateway's certificate."],
      'leafnode-remote': ['effective', "Roots for checking the hub's certificate."],
      resolver: ['effective', "Roots for checking the resolver's HTTPS certificate."],
    }),
    summary: 'PEM bundle of certificate authorities to trust.',
    description:
      'Path to a PEM file with one or more certificate authority (CA) certificates: the authorities this side trusts when it ' +
      'checks the peer\'s certificate. On a listener it decides which client certificates are accepted when `verify` or ' +
      '`verify_and_map` is on. On connections the server opens itself (routes, gateways, leaf node remotes, the account ' +
      'resolver) it is also the set of roots the remote server\'s certificate must chain to. Without it the operating ' +
      'system\'s trust store is used.\n\n' +
      'Every `CERTIFICATE` block in the file is loaded and any other PEM block is skipped; a file with no certificate in it ' +
      '(a key, an empty or a DER file) is an error. When authorities change, list the old and the new CA (or intermediates) ' +
      'together in the bundle until every peer has moved over. A relative path is resolved against the server\'s working ' +
      'directory, not the configuration file\'s folder.',
    example: 'ca_file: "./certs/ca.pem"',
    docsUrl: `${TLS_GUIDE}#certificate-authorities`,
    referenceUrl: reference('ca_file'),
    errors: [
      parseErr("error parsing tls config, expected 'ca_file' to be filename", 'The value is not a string.', 'verified-2.9.10'),
      loadErr('open <path>: no such file or directory', 'The CA file does not exist at that path (the raw OS error, without a prefix).', 'verified-2.9.10'),
      loadErr('read <path>: is a directory', 'The path names a directory.', 'verified-2.9.10'),
      loadErr('failed to parse root ca certificate', 'The file contains no PEM certificate (empty, garbage, DER, or only a key).', 'verified-2.9.10'),
    ],
    related: ['verify', 'verify_and_map', 'cert_file'],
  },
  {
    name: 'insecure',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false', value: false },
    since: '2.0.0',
    contexts: contexts('effective', {
      root: ['ignored', 'Accepted connections never verify a server certificate.'],
      leafnodes: ['ignored', 'Accepted connections never verify a server certificate; only a warning is logged.'],
      websocket: ['ignored', 'Accepted connections never verify a server certificate.'],
      mqtt: ['ignored', 'Accepted connections never verify a server certificate.'],
      cluster: ['effective', 'Applies to the routes this server dials.'],
      gateway: ['effective', 'Applies to the gateway connections this server dials.'],
    }),
    summary: 'Skip verification of the remote server certificate on outgoing connections (testing only).',
    description:
      'When `true`, skips verification of the remote server\'s certificate (both the chain of trust and the host name) on ' +
      'connections this server opens itself: routes it dials, outgoing gateway connections, leaf node remotes and the URL ' +
      'account resolver. It has no effect on connections the server accepts, so it cannot relax the checking of client ' +
      'certificates.\n\n' +
      'Skipping verification lets anyone in the network path impersonate the peer, so use it only for tests; the server logs ' +
      'a warning that solicited routes, gateways or leaf nodes will not be verified. Fix the trust problem with `ca_file` instead.',
    example: 'insecure: true  # testing only',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('insecure'),
    errors: [
      notBoolean('insecure', 'verified-2.9.10'),
      runtimeMsg('TLS certificate chain and hostname of solicited routes will not be verified. DO NOT USE IN PRODUCTION!', 'Logged at startup for a cluster block with `insecure: true`.', 'warning', 'main-source'),
      runtimeMsg('TLS certificate chain and hostname of solicited gateways will not be verified. DO NOT USE IN PRODUCTION!', 'Logged at startup for a gateway block with `insecure: true`.', 'warning', 'main-source'),
      runtimeMsg('TLS certificate chain and hostname of solicited leafnodes will not be verified. DO NOT USE IN PRODUCTION!', 'Logged at startup for a leaf node block with `insecure: true`.', 'warning', 'main-source'),
    ],
    related: ['ca_file'],
  },
  {
    name: 'verify',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false (always on for cluster and gateway)', value: false },
    since: '0.7.0',
    contexts: contexts('effective', {
      cluster: ['forced', 'Routes always use mutual TLS.'],
      gateway: ['forced', 'Gateways always use mutual TLS.'],
      'gateway-remote': ['forced', 'Forced like the gateway block, though it only matters on accept.'],
      'leafnode-remote': ['ignored', 'An outgoing connection has no clients to verify.'],
      resolver: ['ignored', 'An outgoing connection has no clients to verify.'],
    }),
    summary: 'Require and verify client certificates.',
    description:
      'When `true`, the server requires a client certificate from everything that connects and verifies it: the ' +
      'certificate must chain to an authority in `ca_file` (or the system trust store when `ca_file` is absent) and carry ' +
      'the client-authentication extended key usage. A client without a valid certificate fails the handshake.\n\n' +
      'It matters where the server accepts connections: the client, leaf node, WebSocket and MQTT listeners. Route and ' +
      'gateway blocks behave as if it were always `true`, because mutual TLS is forced there. The HTTPS monitoring endpoint ' +
      'never asks for client certificates, even when the top-level block sets it. The value must be an unquoted boolean; ' +
      '`"true"` or `1` is rejected. To also log the client in from its certificate, use `verify_and_map`.',
    example: 'verify: true',
    docsUrl: `${MUTUAL_AUTH}#validating-a-client-certificate`,
    referenceUrl: reference('verify'),
    errors: [notBoolean('verify', 'verified-2.9.10')],
    related: ['ca_file', 'verify_and_map', 'ocsp_peer'],
  },
  {
    name: 'verify_and_map',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false', value: false },
    since: '2.0.0',
    contexts: contexts('effective', {
      cluster: ['effective', 'Maps route certificates to the route users.'],
      'gateway-remote': ['ignored', 'Client certificates of incoming gateways are handled by the gateway block.'],
      'leafnode-remote': ['ignored', 'An outgoing connection has no clients to map.'],
      resolver: ['ignored', 'An outgoing connection has no clients to map.'],
    }),
    summary: 'Require and verify client certificates, and map them to users for authentication.',
    description:
      'When `true`, the server requires and verifies client certificates exactly as `verify` does, and in addition uses ' +
      'values from the verified certificate to authenticate the client: an email address or DNS name from the subject ' +
      'alternative names, or the subject\'s distinguished name, is looked up among the configured users, and the client ' +
      'is logged in as the user that matches, with that user\'s permissions. The client then needs no password or token; ' +
      'a certificate that maps to no user is refused.\n\n' +
      'Setting it to `true` also turns `verify` on; setting it to `false` only removes the mapping and leaves `verify` as ' +
      'written. Like `verify`, it is not applied to the HTTPS monitoring endpoint. In a cluster block it maps route ' +
      'certificates to route users; per-remote gateway blocks, leaf node remotes and `resolver_tls` ignore it.',
    example: 'verify_and_map: true',
    docsUrl: `${MUTUAL_AUTH}#mapping-client-certificates-to-a-user`,
    referenceUrl: reference('verify_and_map'),
    errors: [notBoolean('verify_and_map', 'verified-2.9.10')],
    related: ['verify', 'ca_file'],
  },
  {
    name: 'verify_cert_and_check_known_urls',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false', value: false },
    since: '2.2.0',
    contexts: contexts(['rejected-when-true', '`true` gives "not supported in this context"; only cluster and gateway blocks allow it.'], {
      cluster: ['effective', 'Peer DNS names must match one of the `routes` URLs.'],
      gateway: ['effective', 'Peer DNS names must match one of the gateway URLs.'],
      'gateway-remote': ['ignored', 'Accepted but without effect; set it on the gateway block.'],
    }),
    summary: 'Cluster/gateway only: the peer certificate\'s DNS names must match a configured URL.',
    description:
      'Only for `cluster` and `gateway` blocks. On top of the forced mutual TLS, the DNS entries in the subject alternative ' +
      'names of the peer\'s certificate must match the host of one of the URLs configured in that context (the `routes` of ' +
      'a cluster, the URLs of the gateways), or the connection is refused. Matching follows RFC 6125; the only wildcard ' +
      'allowed is a whole `*` as the left-most label, and such certificates keep a cluster free to grow. Without wildcards, ' +
      'adding a server with a new name means adding its URL to the other servers first.\n\n' +
      '`true` anywhere else (the top-level block, leaf nodes and their remotes, WebSocket, MQTT, `resolver_tls`) is a ' +
      'configuration error; `false` is accepted everywhere. `true` also turns `verify` on.',
    example: 'verify_cert_and_check_known_urls: true',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('verify_cert_and_check_known_urls'),
    errors: [
      notBoolean('verify_cert_and_check_known_urls', 'verified-2.9.10'),
      parseErr('verify_cert_and_check_known_urls not supported in this context', '`true` in a block other than `cluster` or `gateway`.', 'verified-2.9.10'),
    ],
    related: ['verify'],
  },
  {
    name: 'allow_insecure_cipher_suites',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false', value: false },
    since: '2.12.0',
    contexts: contexts('effective'),
    summary: 'Allow cipher suites Go flags as insecure in `cipher_suites` (2.12+).',
    description:
      'From nats-server 2.12 on, a `cipher_suites` list may contain suites that Go classes as insecure (RSA key exchange, ' +
      'RC4, 3DES, or CBC with SHA-256) only when this is `true`; otherwise the whole configuration is rejected with a ' +
      'message naming each offending suite. Its position inside the block does not matter. Servers before 2.12 have no such ' +
      'check and reject this key as unknown. Removing the weak suites is the better fix.',
    example: 'allow_insecure_cipher_suites: true',
    docsUrl: reference('allow_insecure_cipher_suites'),
    referenceUrl: reference('allow_insecure_cipher_suites'),
    errors: [notBoolean('allow_insecure_cipher_suites', 'main-source')],
    related: ['cipher_suites'],
  },
  {
    name: 'cipher_suites',
    aliases: [],
    kind: 'array<string>',
    valueTypes: ['array<string>'],
    default: { text: 'depends on the release: 6 AEAD ECDHE suites up to 2.11, 13 suites (Go\'s secure list) from 2.12' },
    since: '0.7.0',
    contexts: contexts('effective'),
    summary: 'Only these TLS cipher suites are allowed; names depend on the server release and its Go version.',
    description:
      'When set, only the cipher suites listed are allowed for TLS 1.2 connections; a peer that offers none of them fails ' +
      'the handshake. Which names exist depends on the nats-server release and the Go version it was built with: up to ' +
      '2.11 a fixed list of 24 names, from 2.12 Go\'s own list (25 names with Go 1.25). In that change the two ' +
      '`..._CHACHA20_POLY1305` suites gained a `_SHA256` suffix, and `TLS_RSA_WITH_AES_128_GCM_SHA256` became available.\n\n' +
      'Names are case-sensitive, an empty list is an error, and an unknown name is reported at that element. From 2.12, ' +
      'naming a suite Go flags as insecure also needs `allow_insecure_cipher_suites: true`. The order of the list is not a ' +
      'preference (Go decides), and the three TLS 1.3 names are accepted but change nothing, because TLS 1.3 suites cannot ' +
      'be restricted. Leaving the option out gives the release\'s defaults, which are the sensible choice for most setups.',
    example: 'cipher_suites: ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('cipher_suites'),
    errors: [
      notAList('verified-2.9.10'),
      parseErr("error parsing tls config, 'cipher_suites' cannot be empty", 'The array has no elements.', 'verified-2.9.10'),
      notAStringElement('verified-2.9.10'),
      parseErr('unrecognized cipher <name>', 'The name is not a cipher suite this release knows (names are case-sensitive).', 'verified-2.9.10', 'element'),
      parseErr(
        "insecure cipher suites configured without 'allow_insecure_cipher_suites' option set: <names>",
        'The list names suites Go flags as insecure and `allow_insecure_cipher_suites` is not `true`; all of them are listed, comma-separated.',
        'main-source',
        'tls-key',
        '2.12.0',
      ),
    ],
    related: ['allow_insecure_cipher_suites', 'curve_preferences', 'min_version'],
  },
  {
    name: 'curve_preferences',
    aliases: [],
    kind: 'array<string>',
    valueTypes: ['array<string>'],
    default: { text: 'X25519, CurveP256, CurveP384, CurveP521; from 2.12 X25519MLKEM768 first' },
    since: '1.0.0',
    contexts: contexts('effective'),
    summary: 'List of elliptic curves (key exchange groups) to use, in order of preference.',
    description:
      'The list of elliptic curves, or key exchange groups, the server uses for the ECDHE key exchange, in the order it ' +
      'prefers them. Valid names are `X25519`, `CurveP256`, `CurveP384` and `CurveP521`, plus the post-quantum hybrid ' +
      '`X25519MLKEM768` from 2.12. Names are case-sensitive: `P256` or `curvep256` are rejected. An empty list is an error.\n\n' +
      'Without the option the order is X25519, P-256, P-384, P-521, and from 2.12 X25519MLKEM768 comes first. Narrowing ' +
      'the list can lock out peers that support none of the remaining curves.',
    example: 'curve_preferences: ["X25519", "CurveP256"]',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('curve_preferences'),
    errors: [
      notAList('verified-2.9.10'),
      parseErr("error parsing tls config, 'curve_preferences' cannot be empty", 'The array has no elements.', 'verified-2.9.10'),
      notAStringElement('verified-2.9.10'),
      parseErr('unrecognized curve preference <name>', 'The name is not a curve this release knows (names are case-sensitive).', 'verified-2.9.10', 'element'),
    ],
    related: ['cipher_suites', 'min_version'],
  },
  {
    name: 'timeout',
    aliases: [],
    kind: 'number|duration-string',
    valueTypes: ['integer', 'float', 'duration-string'],
    default: { text: '2 seconds', value: 2 },
    since: '0.7.0',
    formsSince: { 'duration-string': '2.3.3' },
    contexts: contexts('effective', {
      'gateway-remote': ['effective', '0 falls back to the gateway block\'s value.'],
      'leafnode-remote': ['effective', '0 or a negative value means 2 seconds.'],
      websocket: ['ignored', 'The sibling `handshake_timeout` sets the WebSocket handshake deadline.'],
      resolver: ['ignored', 'Not used for account resolver requests.'],
    }),
    summary: 'TLS handshake timeout in seconds (fractions allowed); default 2 seconds.',
    description:
      'How long a new connection gets to complete the TLS handshake, in seconds. Fractional seconds are fine (`0.5`), and ' +
      'since 2.3.3 a quoted Go duration such as `"500ms"` or `"1m"` is accepted as well. The default is 2 seconds; `0` also ' +
      'means 2 seconds, while a negative value is kept as written.\n\n' +
      'Choosing the value is a trade-off. If clients get disconnected in the middle of the handshake (slow links, loaded ' +
      'hosts), raise it. But every extra second is time a peer can hold a connection open without ever switching to TLS, ' +
      'tying up server resources, so a generous timeout makes that kind of abuse cheaper. Set it too low and even ' +
      'well-behaved clients fail the handshake.\n\n' +
      'Mind the units: unquoted `1m` is the number one million (a size suffix), so write `"1m"`. When the context has no ' +
      '`authorization { timeout }`, the authentication timeout becomes this value plus one second. WebSocket blocks use the ' +
      'sibling `handshake_timeout` instead, and `resolver_tls` ignores it.',
    example: 'timeout: 2.5',
    docsUrl: `${TLS_GUIDE}#tls-timeout`,
    referenceUrl: reference('timeout'),
    errors: [
      parseErr("error parsing tls config, 'timeout' wrong type", 'The value is neither a number nor a string (a boolean or a date, for example).', 'verified-2.9.10'),
      parseErr(`error parsing tls config, 'timeout' time: invalid duration "<value>"`, 'A string that is not a Go duration.', 'verified-2.9.10'),
      parseErr(`error parsing tls config, 'timeout' time: missing unit in duration "<value>"`, 'A quoted number without a unit, such as `"2"`.', 'verified-2.9.10'),
      runtimeMsg('TLS handshake timeout', 'Logged when a connection does not finish the handshake in time.', 'error', 'main-source'),
    ],
    related: ['handshake_first'],
  },
  {
    name: 'connection_rate_limit',
    aliases: [],
    kind: 'integer',
    valueTypes: ['integer'],
    default: { text: '0 (no limit)', value: 0 },
    since: '2.7.0',
    contexts: contexts(['ignored', 'Only the top-level `tls` block applies a connection rate limit.'], {
      root: ['effective', 'Limits new TLS client connections per second.'],
    }),
    summary: 'Maximum new TLS client connections per second (top-level block only).',
    description:
      'Caps how many new TLS client connections per second the client listener takes on; connections beyond the rate are ' +
      'turned away with a message asking them to try again later. `0` (the default) or a negative number means no limit. ' +
      'Only the top-level `tls` block applies it; every other block accepts the key and ignores it. The value must be an ' +
      'integer; size suffixes work (`1k` is 1000).',
    example: 'connection_rate_limit: 100',
    docsUrl: reference('connection_rate_limit'),
    referenceUrl: reference('connection_rate_limit'),
    errors: [
      parseErr("error parsing tls config, 'connection_rate_limit' wrong type", 'The value is not an integer (a float or a string).', 'verified-2.9.10'),
      runtimeMsg('Connection throttling is active. Please try again later.', 'Sent to a client turned away by the limit.', 'error', 'inferred'),
    ],
    related: [],
  },
  {
    name: 'pinned_certs',
    aliases: [],
    kind: 'array<string>',
    valueTypes: ['array<string>'],
    default: { text: 'none (no pinning)' },
    since: '2.2.5',
    contexts: contexts('effective', {
      cluster: ['effective', 'Checked in both directions.'],
      gateway: ['effective', 'Checked in both directions.'],
      'gateway-remote': ['ignored', 'The gateway block\'s pins are used.'],
      leafnodes: ['effective', 'Checked on accepted leaf nodes and on solicited remotes.'],
      'leafnode-remote': ['ignored', 'Pins from the `leafnodes` block are checked on solicited remotes instead.'],
      websocket: ['ignored', 'Read, but no check at connect time was found in the source; only re-checked on reload.'],
      resolver: ['ignored', 'Not checked for account resolver requests.'],
    }),
    summary: 'Allowed peer keys: hex SHA-256 of the certificate\'s SubjectPublicKeyInfo.',
    description:
      'A list of pins for the peer\'s certificate. Each entry is the SHA-256 hash, written as 64 hex digits, of the ' +
      'DER-encoded SubjectPublicKeyInfo (the public key) of an allowed certificate, not a hash of the whole certificate. ' +
      'When the list is not empty, a peer whose key is not listed is disconnected during the handshake, on top of the usual ' +
      'chain checks. Upper-case hex is accepted and stored lower-case. Colon-separated fingerprints, SHA-1 values or a ' +
      'single string instead of a list are errors; an empty list means no pinning.\n\n' +
      'To compute a pin: `openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256`.',
    example: 'pinned_certs: ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('pinned_certs'),
    errors: [
      parseErr(
        "error parsing tls config, expected 'pinned_certs' to be a list of hex-encoded sha256 of DER encoded SubjectPublicKeyInfo",
        'The value is not an array.',
        'verified-2.9.10',
      ),
      parseErr(
        "error parsing tls config, 'pinned_certs' key <entry> does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo",
        'An entry is not exactly 64 hex digits; the entry is printed lower-cased.',
        'verified-2.9.10',
        'element',
      ),
      notAStringElement('verified-2.9.10'),
    ],
    related: ['verify', 'ca_file'],
  },
  {
    name: 'cert_store',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: 'none' },
    since: '2.9.20',
    platform: 'windows',
    values: [
      { value: 'WindowsCurrentUser', description: "The current user's personal certificate store." },
      { value: 'WindowsLocalMachine', description: "The local machine's personal certificate store." },
    ],
    valuesCaseSensitive: false,
    contexts: WINDOWS_STORE_CONTEXTS,
    summary: 'Windows only: take the certificate and key from a Windows certificate store.',
    description:
      'Windows only. Loads this side\'s certificate and private key from a Windows certificate store instead of from ' +
      'files: `WindowsCurrentUser` or `WindowsLocalMachine` (any letter case). Choose the certificate with `cert_match_by` ' +
      'and `cert_match`; trusted CAs can come from the store too, with `ca_certs_match`. It replaces `cert_file`/`key_file`, ' +
      'and naming both `cert_file` and `cert_store` is an error. On any other operating system the configuration is rejected.',
    example: 'cert_store: "WindowsCurrentUser"',
    docsUrl: reference('cert_store'),
    referenceUrl: reference('cert_store'),
    errors: [
      parseErr("expected 'cert_store' to be a valid non-empty string", 'The value is not a string, or is empty.', 'main-source'),
      parseErr('cert store type not implemented', 'The value is not one of the known store names.', 'main-source'),
      parseErr('cert_store not compatible with current operating system', 'Any use on an operating system other than Windows.', 'main-source'),
      loadErr("'cert_file' and 'cert_store' may not both be configured", 'Both are set in the same block.', 'main-source'),
      loadErr('unable to find certificate in store', 'No certificate in the store matches `cert_match` (Windows).', 'main-source'),
      loadErr('unable to obtain private key handle from store', 'The matching certificate has no usable private key (Windows).', 'main-source'),
    ],
    related: ['cert_match_by', 'cert_match', 'ca_certs_match', 'cert_match_skip_invalid'],
  },
  {
    name: 'cert_match_by',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: 'Subject', value: 'Subject' },
    since: '2.9.20',
    platform: 'windows',
    values: [
      { value: 'Subject', description: "Match `cert_match` against the certificate's subject.", isDefault: true },
      { value: 'Issuer', description: "Match `cert_match` against the certificate's issuer." },
      { value: 'Thumbprint', description: "Match `cert_match` against the certificate's thumbprint (hex SHA-1 of the certificate)." },
    ],
    valuesCaseSensitive: false,
    contexts: WINDOWS_STORE_CONTEXTS,
    summary: 'Windows store: what `cert_match` is compared with (Subject, Issuer or Thumbprint).',
    description:
      'With `cert_store`, says which property of the certificates in the Windows store `cert_match` is compared with: ' +
      '`Subject` (the default), `Issuer` or `Thumbprint`. Letter case does not matter.',
    example: 'cert_match_by: "Subject"',
    docsUrl: reference('cert_match_by'),
    referenceUrl: reference('cert_match_by'),
    errors: [
      parseErr("expected 'cert_match_by' to be a valid non-empty string", 'The value is not a string, or is empty.', 'main-source'),
      parseErr('cert match by type not implemented', 'The value is not Subject, Issuer or Thumbprint.', 'main-source'),
    ],
    related: ['cert_store', 'cert_match'],
  },
  {
    name: 'cert_match',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: 'none' },
    since: '2.9.20',
    platform: 'windows',
    contexts: WINDOWS_STORE_CONTEXTS,
    summary: 'Windows store: the subject, issuer or thumbprint to look for.',
    description:
      'With `cert_store`, the value used to find this side\'s certificate in the Windows store: a subject or issuer name, ' +
      'or a thumbprint, depending on `cert_match_by`. It must be a non-empty string.',
    example: 'cert_match: "nats.example.com"',
    docsUrl: reference('cert_match'),
    referenceUrl: reference('cert_match'),
    errors: [parseErr("expected 'cert_match' to be a valid non-empty string", 'The value is not a string, or is empty.', 'main-source')],
    related: ['cert_store', 'cert_match_by'],
  },
  {
    name: 'ca_certs_match',
    aliases: [],
    kind: 'string|array<string>',
    valueTypes: ['string', 'array<string>'],
    default: { text: 'none' },
    since: '2.10.23',
    platform: 'windows',
    contexts: contexts('effective'),
    summary: 'Windows store: pick the trusted CA certificates from the store.',
    description:
      'With `cert_store`, builds the set of trusted certificate authorities from the Windows store instead of `ca_file`, ' +
      'selecting the CA certificates that match the given string or any of the strings in the list. A list element that is ' +
      'not a string is an error; any other non-string value is silently treated as an empty list.',
    example: 'ca_certs_match: ["Example Root CA"]',
    docsUrl: reference('ca_certs_match'),
    referenceUrl: reference('ca_certs_match'),
    errors: [
      parseErr('error parsing ca_cert_match: unsupported type *conf.token where string is expected', 'A list element is not a string.', 'main-source', 'element'),
    ],
    related: ['cert_store', 'ca_file'],
  },
  {
    name: 'handshake_first',
    aliases: ['first', 'immediate'],
    kind: 'boolean|string',
    valueTypes: ['boolean', 'string', 'duration-string'],
    default: { text: 'false', value: false },
    since: '2.10.0',
    formsSince: { string: '2.10.4', 'duration-string': '2.10.4' },
    values: [
      { value: 'true', description: 'Strict TLS-first: nothing is sent in clear text; clients must use a TLS-first option.', since: '2.10.4' },
      { value: 'on', description: 'Same as `true`.', since: '2.10.4' },
      { value: 'false', description: 'The usual order: INFO in clear text, then TLS.', isDefault: true, since: '2.10.4' },
      { value: 'off', description: 'Same as `false`.', since: '2.10.4' },
      { value: 'auto', description: 'TLS-first, falling back to the usual order after 50 ms.', since: '2.10.4' },
      { value: 'auto_fallback', description: 'Same as `auto`.', since: '2.10.4' },
    ],
    valuesCaseSensitive: false,
    contexts: contexts('ignored', {
      root: ['effective', 'Fallback forms work.'],
      leafnodes: ['effective', 'Fallback forms work.'],
      'leafnode-remote': ['effective', 'Boolean only: a fallback duration is ignored. The hub must enable it too.'],
    }),
    summary: 'Start with the TLS handshake instead of a clear-text INFO (optionally with a fallback delay).',
    description:
      'Normally a new connection first receives a clear-text INFO message from the server and TLS starts afterwards. With ' +
      '`true` the TLS handshake comes first and nothing is sent unencrypted; only clients with a matching TLS-first option ' +
      'can connect then.\n\n' +
      'To migrate gradually, give a fallback instead of `true`: `"auto"` (or `"auto_fallback"`) waits 50 ms, and a Go ' +
      'duration such as `"300ms"` waits that long for the client to start TLS before sending INFO the usual way, so clients ' +
      'that are not upgraded yet still get in (monitoring shows which connections used TLS-first). A zero or negative ' +
      'duration means strict TLS-first. Only a plain `true` guarantees that no clear text is ever sent.\n\n' +
      'Accepted: booleans (`true`, `false`, `yes`, `no`, `on`, `off`), the strings `"true"`, `"on"`, `"false"`, `"off"`, ' +
      '`"auto"`, `"auto_fallback"` in any letter case, or a duration. Booleans since 2.10.0, strings and durations since ' +
      '2.10.4. Unquoted `5m` is a number (five million) and is rejected. It takes effect on the client and leaf node ' +
      'listeners and, as a boolean only, on leaf node remotes (where both sides must enable it); other blocks ignore it. ' +
      '`first` and `immediate` are aliases.',
    example: 'handshake_first: "300ms"',
    docsUrl: `${TLS_GUIDE}#tls-first-handshake`,
    referenceUrl: reference('handshake_first'),
    errors: [
      parseErr('field "<key>" should be a boolean or a string, got <type>', 'The value is neither a boolean nor a string; the key is printed as written (unquoted `5m` is an integer).', 'upstream-test'),
      parseErr('field "<key>"\'s value "<value>" is invalid', 'A string that is not one of the keywords and not a Go duration.', 'upstream-test'),
      runtimeMsg('Clients that are not using "TLS Handshake First" option will fail to connect', 'Logged at startup with strict TLS-first (no fallback).', 'warning', 'main-source'),
    ],
    related: ['timeout'],
  },
  {
    name: 'cert_match_skip_invalid',
    aliases: [],
    kind: 'boolean',
    valueTypes: ['boolean'],
    default: { text: 'false', value: false },
    since: '2.10.23',
    platform: 'windows',
    contexts: WINDOWS_STORE_CONTEXTS,
    summary: 'Windows store: ignore expired or not-yet-valid certificates when matching.',
    description:
      'With `cert_store`, skips certificates that have expired or are not valid yet while searching the Windows store for ' +
      '`cert_match`, so a renewed certificate is found even when the old one is still in the store.',
    example: 'cert_match_skip_invalid: true',
    docsUrl: reference('cert_match_skip_invalid'),
    referenceUrl: reference('cert_match_skip_invalid'),
    errors: [parseErr("expected 'cert_match_skip_invalid' to be a boolean", 'The value is not a boolean.', 'main-source')],
    related: ['cert_store', 'cert_match'],
  },
  {
    name: 'ocsp_peer',
    aliases: [],
    kind: 'map|boolean',
    valueTypes: ['boolean', 'map'],
    default: { text: 'off', value: false },
    since: '2.9.21',
    subKeys: [
      { name: 'verify', kind: 'boolean', default: 'false', description: 'Turns the OCSP check on (in the map form nothing is checked without it).' },
      { name: 'ca_timeout', kind: 'number|duration-string', default: '2s', description: 'How long to wait for the OCSP responder.' },
      { name: 'allowed_clockskew', kind: 'number|duration-string', default: '30s', description: 'Clock difference tolerated when checking response timestamps.' },
      { name: 'cache_ttl_when_next_update_unset', kind: 'number|duration-string', default: '3600s', description: 'How long to cache a response that has no next-update time.' },
      { name: 'warn_only', kind: 'boolean', default: 'false', description: 'Log a revoked or unverifiable certificate instead of refusing the connection.' },
      { name: 'unknown_is_good', kind: 'boolean', default: 'false', description: 'Treat an "unknown" answer from the responder as good.' },
      { name: 'allow_when_ca_unreachable', kind: 'boolean', default: 'false', description: 'Let the connection in when no responder answers and no revocation is cached.' },
    ],
    subKeysCaseSensitive: false,
    contexts: contexts('ignored', {
      root: ['effective', 'Needs `verify: true`.'],
      leafnodes: ['effective', 'Needs `verify: true`.'],
      'leafnode-remote': ['effective', "Checks the hub's certificate; no client certificate is needed."],
      websocket: ['effective', 'Needs `verify: true`.'],
      mqtt: ['ignored', "MQTT uses the top-level block's `ocsp_peer` instead of its own."],
    }),
    summary: "Check the peer's certificate with its OCSP responder and refuse revoked ones.",
    description:
      'Asks the OCSP responder named in the peer\'s certificate whether that certificate has been revoked, during the ' +
      'handshake, and refuses revoked ones. `true` turns it on with default settings; a map tunes it (in the map form the ' +
      'check runs only with `verify: true`): `ca_timeout`, `allowed_clockskew`, `cache_ttl_when_next_update_unset`, ' +
      '`warn_only`, `unknown_is_good` and `allow_when_ca_unreachable`. Durations are seconds or Go duration strings.\n\n' +
      'On the client, leaf node and WebSocket listeners it needs client certificates (`verify: true`), otherwise the server ' +
      'refuses to start, which `nats-server -t` does not catch. On a leaf node remote it checks the hub\'s certificate. ' +
      'MQTT follows the top-level block\'s setting rather than its own, and routes and gateways ignore it (they use the ' +
      'top-level `ocsp` option). Responses are cached as configured by the top-level `ocsp_cache`. Not to be confused with ' +
      '`ocsp`, which staples the status of this server\'s own certificate. Since 2.9.21.',
    example: 'ocsp_peer: { verify: true, ca_timeout: "2s" }',
    docsUrl: reference('ocsp_peer'),
    referenceUrl: reference('ocsp_peer'),
    errors: [
      parseErr('error parsing ocsp peer config: unsupported type <type>', 'The value is neither a boolean nor a map; the type printed is that of the whole tls block (a quirk).', 'main-source'),
      parseErr('error parsing tls peer config, unknown field ["<key>"]', 'An unknown key in the map, or a known boolean key with a non-boolean value.', 'main-source'),
      parseErr('error parsing tls peer config, conversion error: <detail>', 'A duration key holds something that is not a number or duration string.', 'main-source'),
      parseErr('expected map to define OCSP peer options, got [<type>]', 'The map form is not a map.', 'main-source'),
      runtimeMsg('OCSP peer verification for client connections requires TLS verify (mTLS) to be enabled', 'The server refuses to start: a listener block enables `ocsp_peer` without `verify: true`.', 'error', 'main-source'),
    ],
    related: ['verify', 'ca_file'],
  },
  {
    name: 'certs',
    aliases: ['certificates'],
    kind: 'array<map>',
    valueTypes: ['array<map>'],
    default: { text: 'none' },
    since: '2.10.8',
    subKeys: [
      { name: 'cert_file', kind: 'string', default: 'required', isPath: true, description: 'PEM certificate file of this pair (relative to the working directory).' },
      { name: 'key_file', kind: 'string', default: 'required', isPath: true, description: 'PEM private key file of this pair (relative to the working directory).' },
    ],
    subKeysCaseSensitive: true,
    contexts: CERTIFICATE_CONTEXTS,
    summary: 'Several certificate/key pairs; the one matching the requested server name is used.',
    description:
      'Serves several certificates from one block. Each element is a map with `cert_file` and `key_file` (both required, ' +
      'keys in lower case). During the handshake Go picks the pair that fits the server name the client asked for (SNI) ' +
      'and what the client supports. Use it instead of `cert_file`/`key_file`: a non-empty `certs` next to `cert_file` is ' +
      'an error (an empty list is not). Paths are relative to the server\'s working directory, load errors name the pair ' +
      'as `i/n`, and OCSP stapling only watches the first certificate. `certificates` is an alias.',
    example: 'certs: [ { cert_file: "./certs/a.pem", key_file: "./certs/a-key.pem" }, { cert_file: "./certs/b.pem", key_file: "./certs/b-key.pem" } ]',
    docsUrl: reference('certs'),
    referenceUrl: reference('certs'),
    errors: [
      parseErr('error parsing tls certs config, unknown field "<key>"', 'An element has a key other than `cert_file` or `key_file` (keys are case-sensitive).', 'main-source', 'element'),
      parseErr('error parsing certificates config: unsupported type <type>', 'The value is not an array (the type printed is that of the whole tls block), an element is not a map, or a path is not a string.', 'upstream-test'),
      parseErr("error parsing certificates config: both 'cert_file' and 'cert_key' options are required", 'An element lacks `cert_file` or `key_file` (the message really says `cert_key`).', 'upstream-test', 'element'),
      parseErr("error parsing tls config, cannot combine 'cert_file' option with 'certs' option", 'A non-empty `certs` and `cert_file` in the same block.', 'upstream-test', 'tls-key'),
      loadErr('error parsing X509 certificate/key pair <i>/<n>: <error>', 'Pair number i of n cannot be loaded (missing file, mismatch, ...).', 'upstream-test'),
    ],
    related: ['cert_file', 'key_file'],
  },
  {
    name: 'min_version',
    aliases: [],
    kind: 'string',
    valueTypes: ['string'],
    default: { text: '"1.2"', value: '1.2' },
    since: '2.10.21',
    values: [
      { value: '1.2', description: 'TLS 1.2 and 1.3 are accepted (the floor nats-server always enforces).', isDefault: true },
      { value: '1.3', description: 'Only TLS 1.3; `cipher_suites` then has no effect.' },
    ],
    valuesCaseSensitive: true,
    contexts: contexts('effective'),
    summary: 'Lowest TLS version accepted: "1.2" (default) or "1.3".',
    description:
      'The lowest TLS protocol version this side accepts: `"1.2"` (the default, and a floor nats-server enforces anyway) ' +
      'or `"1.3"`. It must be a quoted string: unquoted `1.2` is read as a number and rejected. `"1.0"` and `"1.1"` are ' +
      'refused as unsupported, and any other text is unknown. With `"1.3"` the `cipher_suites` list stops mattering, ' +
      'because TLS 1.3 suites cannot be configured. The highest version is not configurable (TLS 1.3).\n\n' +
      'Not to be confused with `leafnodes { min_version }`, which is a minimum nats-server version such as `"2.8.0"`. ' +
      'Since 2.10.21.',
    example: 'min_version: "1.3"',
    docsUrl: TLS_GUIDE,
    referenceUrl: reference('min_version'),
    errors: [
      parseErr("error parsing tls config: 'min_version' wrong type: <value>", 'The value is not a string (unquoted `1.2` is a float).', 'main-source'),
      parseErr('error parsing tls config: unsupported TLS version: TLS <version>', '`"1.0"` or `"1.1"`.', 'main-source'),
      parseErr('error parsing tls config: unknown version: <value>', 'Any other string.', 'main-source'),
    ],
    related: ['cipher_suites', 'curve_preferences'],
  },
];

// ---------------------------------------------------------------------------------------------
// TLS protocol versions for `min_version`
// ---------------------------------------------------------------------------------------------

export interface TlsProtocolVersion {
  /** As written in the config (a quoted string). */
  value: string;
  /** Accepted by `min_version`; 1.0 and 1.1 are recognised but refused. */
  accepted: boolean;
  isDefault: boolean;
}

export const TLS_MIN_VERSIONS: readonly TlsProtocolVersion[] = [
  { value: '1.0', accepted: false, isDefault: false },
  { value: '1.1', accepted: false, isDefault: false },
  { value: '1.2', accepted: true, isDefault: true },
  { value: '1.3', accepted: true, isDefault: false },
];

export const DEFAULT_TLS_MIN_VERSION = '1.2';

// ---------------------------------------------------------------------------------------------
// Block-level messages
// ---------------------------------------------------------------------------------------------

/**
 * Unknown keys inside a tls block. The 2.9.10 binary prints the name in brackets (verified);
 * main prints it bare (upstream tests). The release where the wording changed is not known, so
 * `tlsUnknownFieldMessage` uses the bracket form for '2.9' only.
 */
export const TLS_UNKNOWN_FIELD_MESSAGES = {
  '2.9': 'error parsing tls config, unknown field ["<name>"]',
  main: 'error parsing tls config, unknown field "<name>"',
} as const;

export function tlsUnknownFieldMessage(target: ServerVersion): string {
  return target === '2.9' ? TLS_UNKNOWN_FIELD_MESSAGES['2.9'] : TLS_UNKNOWN_FIELD_MESSAGES.main;
}

/**
 * A RegExp that matches nats-server output for a message template: literal text is escaped and
 * every `<placeholder>` matches any run of characters. Not anchored, so it also matches after the
 * `file:line:col: ` prefix.
 */
export function tlsMessagePattern(template: string): RegExp {
  const parts = template.split(/<[^<>]+>/);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?'));
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

const BY_NAME = new Map<string, TlsOption>();
for (const option of TLS_OPTIONS) {
  BY_NAME.set(option.name, option);
  for (const alias of option.aliases) BY_NAME.set(alias, option);
}

/** Every accepted key, canonical names and aliases, lower case. */
export const TLS_OPTION_KEYS: readonly string[] = [...BY_NAME.keys()];

/** The option a key names, resolving aliases; case-insensitive like nats-server. */
export function tlsOption(name: string): TlsOption | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** True when the target release knows the option (and its aliases). */
export function isTlsOptionAvailable(option: TlsOption, target: ServerVersion): boolean {
  return targetIncludes(target, option.since);
}

/** The options the target release accepts. */
export function tlsOptionsFor(target: ServerVersion): readonly TlsOption[] {
  return TLS_OPTIONS.filter((o) => isTlsOptionAvailable(o, target));
}

/** The value types the target accepts for the option (later forms dropped for older targets). */
export function tlsValueTypesFor(option: TlsOption, target: ServerVersion): readonly TlsValueType[] {
  return option.valueTypes.filter((t) => {
    const since = option.formsSince?.[t];
    return since === undefined || targetIncludes(target, since);
  });
}

/** What the option does in a context. */
export function tlsOptionEffect(option: TlsOption, context: TlsContextId): TlsContextEffect {
  return option.contexts[context];
}

/** The enumerated value matching `value` under the option's case rule, if any. */
export function tlsEnumValue(option: TlsOption, value: string): TlsEnumValue | undefined {
  if (!option.values) return undefined;
  return option.valuesCaseSensitive
    ? option.values.find((v) => v.value === value)
    : option.values.find((v) => v.value.toLowerCase() === value.toLowerCase());
}

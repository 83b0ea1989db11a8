/**
 * The places where a `tls { }` block is accepted, as data.
 *
 * Nine contexts exist, the same nine in 2.9.10 and in main. They differ in which way the
 * connection goes (the server accepts it or dials it), in what nats-server does to the
 * generated tls.Config afterwards, and therefore in which options matter. The per-option
 * effectiveness lives in tlsOptions.ts (`TlsOption.contexts`), keyed by the ids below.
 *
 * Sources: shared/reference/nats-config-reference.md §2 and §2.1; the vcck behaviour and the
 * non-map error were re-run against the nats-server 2.9.10 binary.
 */

// ---------------------------------------------------------------------------------------------
// The nine contexts
// ---------------------------------------------------------------------------------------------

export type TlsContextId =
  | 'root'
  | 'cluster'
  | 'gateway'
  | 'gateway-remote'
  | 'leafnodes'
  | 'leafnode-remote'
  | 'websocket'
  | 'mqtt'
  | 'resolver';

/**
 * Which way connections go: `accept` for listeners (the peer is a client of this server),
 * `solicit` for connections this server dials, `both` for routes and gateways, whose one block
 * serves the listener and the outgoing side alike.
 */
export type TlsDirection = 'accept' | 'solicit' | 'both';

export interface TlsContext {
  id: TlsContextId;
  /** The config path in the reference's notation, e.g. `gateway.gateways[].tls`. */
  path: string;
  /**
   * The same path as canonical keys from the top of the file; `[]` marks "any element of the
   * array". Key matching is case-insensitive; see `TLS_PARENT_KEY_ALIASES` for `leaf` / `ws`.
   */
  keys: readonly string[];
  /** Short name for hovers and messages: "client connections", "cluster routes", ... */
  name: string;
  direction: TlsDirection;
  /**
   * nats-server parses the block as a "client context" (`parseTLS(..., true)`) everywhere except
   * routes and gateways. In a client context `verify_cert_and_check_known_urls: true` is an error.
   */
  parsedAsClientContext: boolean;
  /** Mutual TLS is always on: client certificates are required and verified whatever `verify` says. */
  mutualTlsForced: boolean;
  /** `ca_file` also becomes the set of roots used to check the peer server's certificate when dialling. */
  caFileVerifiesPeerServer: boolean;
  /** What nats-server does with the generated tls.Config, in our words. */
  tlsConfigHandling: string;
  /** Extra facts worth showing in a hover. */
  notes: readonly string[];
  /** The docs page about this kind of connection. */
  docsUrl: string;
}

const TLS_GUIDE = 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls';

export const TLS_CONTEXTS: readonly TlsContext[] = [
  {
    id: 'root',
    path: 'tls',
    keys: ['tls'],
    name: 'client connections',
    direction: 'accept',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: false,
    tlsConfigHandling:
      'Used as generated for the client listener; `ca_file` only checks client certificates. ' +
      'The same block also secures the HTTPS monitoring endpoint (`https_port` / `https`), ' +
      'where client certificates are never requested.',
    notes: [
      'With `allow_non_tls: true` next to it, clients may also connect without TLS.',
      'Setting `https_port` without this block only fails when the server starts; `nats-server -t` does not notice.',
      'Command-line flags `--tls`, `--tlscert`, `--tlskey`, `--tlscacert` and `--tlsverify` replace this block after the file is read.',
    ],
    docsUrl: TLS_GUIDE,
  },
  {
    id: 'cluster',
    path: 'cluster.tls',
    keys: ['cluster', 'tls'],
    name: 'cluster routes',
    direction: 'both',
    parsedAsClientContext: false,
    mutualTlsForced: true,
    caFileVerifiesPeerServer: true,
    tlsConfigHandling:
      'Client certificates are always required and verified (mutual TLS), and the `ca_file` ' +
      'roots are used in both directions. The one certificate serves as the server certificate ' +
      'for accepted routes and as the client certificate for dialled ones.',
    notes: [
      'Which side of a route dials is a matter of timing, so the certificate needs both the server-auth and the client-auth extended key usage.',
      '`verify_cert_and_check_known_urls` is allowed here: peer DNS names are matched against the `routes` URLs.',
    ],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/clustering/cluster_tls',
  },
  {
    id: 'gateway',
    path: 'gateway.tls',
    keys: ['gateway', 'tls'],
    name: 'gateway connections',
    direction: 'both',
    parsedAsClientContext: false,
    mutualTlsForced: true,
    caFileVerifiesPeerServer: true,
    tlsConfigHandling:
      'Handled like routes: mutual TLS is forced and `ca_file` checks both directions. It is ' +
      'also the default configuration for outgoing gateway connections that have no block of their own.',
    notes: [
      '`verify_cert_and_check_known_urls` is allowed here: peer DNS names are matched against the gateway URLs.',
    ],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/gateways/gateway',
  },
  {
    id: 'gateway-remote',
    path: 'gateway.gateways[].tls',
    keys: ['gateway', 'gateways', '[]', 'tls'],
    name: 'outgoing connections to one remote gateway',
    direction: 'solicit',
    parsedAsClientContext: false,
    mutualTlsForced: true,
    caFileVerifiesPeerServer: true,
    tlsConfigHandling:
      'Parsed like the gateway block, but only the resulting tls.Config and `timeout` are kept, ' +
      'and they are used when this server dials that one remote gateway.',
    notes: [
      'Options that only matter on accept (`verify`, `verify_and_map`, `pinned_certs`) have no effect here; the gateway-level block decides them.',
    ],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/gateways/gateway',
  },
  {
    id: 'leafnodes',
    path: 'leafnodes.tls',
    keys: ['leafnodes', 'tls'],
    name: 'incoming leaf node connections',
    direction: 'accept',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: false,
    tlsConfigHandling: 'Used as generated for the leaf node listener (the hub side).',
    notes: ['`leaf` is accepted as an alias of `leafnodes`.'],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/leafnodes/leafnode_conf',
  },
  {
    id: 'leafnode-remote',
    path: 'leafnodes.remotes[].tls',
    keys: ['leafnodes', 'remotes', '[]', 'tls'],
    name: 'outgoing leaf node connection',
    direction: 'solicit',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: true,
    tlsConfigHandling:
      'The client side of a leaf node link: `ca_file` becomes the roots that check the hub, ' +
      'and the certificate is presented as a client certificate.',
    notes: [
      'TLS is also used without this block when the hub demands it or the URL is `wss://`; a `tls://` scheme alone does not switch it on.',
      'When the block is absent or its `timeout` is 0 or negative, a 2 second handshake timeout applies.',
    ],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/leafnodes/leafnode_conf',
  },
  {
    id: 'websocket',
    path: 'websocket.tls',
    keys: ['websocket', 'tls'],
    name: 'WebSocket clients',
    direction: 'accept',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: false,
    tlsConfigHandling: 'Used as generated for the WebSocket listener.',
    notes: [
      'A WebSocket listener needs this block unless `no_tls: true` is set; without either the server refuses to start, which `nats-server -t` does not catch.',
      'The handshake deadline here is the sibling `handshake_timeout`, not the block\'s `timeout`.',
      '`ws` is accepted as an alias of `websocket`.',
    ],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/websocket/websocket_conf',
  },
  {
    id: 'mqtt',
    path: 'mqtt.tls',
    keys: ['mqtt', 'tls'],
    name: 'MQTT clients',
    direction: 'accept',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: false,
    tlsConfigHandling: 'Used as generated for the MQTT listener.',
    notes: [],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/mqtt/mqtt_config',
  },
  {
    id: 'resolver',
    path: 'resolver_tls',
    keys: ['resolver_tls'],
    name: 'URL account resolver requests',
    direction: 'solicit',
    parsedAsClientContext: true,
    mutualTlsForced: false,
    caFileVerifiesPeerServer: true,
    tlsConfigHandling:
      'A client configuration for HTTPS requests to the URL account resolver: `ca_file` ' +
      'checks the resolver\'s certificate and the certificate is sent as a client certificate.',
    notes: ['It sits at the top level of the file, next to `resolver`, not inside it.'],
    docsUrl: 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/jwt/resolver',
  },
];

/** Parent keys that nats-server accepts under another name (case-insensitive). */
export const TLS_PARENT_KEY_ALIASES: Readonly<Record<string, string>> = {
  leaf: 'leafnodes',
  ws: 'websocket',
};

/**
 * What nats-server says when a TLS context key holds something other than a map
 * (`tls: true`, `tls: "x"`, `tls: [ ]`): verified with 2.9.10 for bool; the type name changes
 * with the value (`bool`, `string`, `[]interface {}`, `int64`). Reported at the context key.
 */
export const TLS_BLOCK_NOT_A_MAP_MESSAGE = 'interface conversion: interface {} is <type>, not map[string]interface {}';

const BY_ID = new Map(TLS_CONTEXTS.map((c) => [c.id, c]));
const BY_PATH = new Map(TLS_CONTEXTS.map((c) => [c.path, c]));

export const TLS_CONTEXT_IDS: readonly TlsContextId[] = TLS_CONTEXTS.map((c) => c.id);

export function tlsContext(id: TlsContextId): TlsContext {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown TLS context id ${id}`);
  return found;
}

/** Looks a context up by its reference path (`leafnodes.remotes[].tls`). */
export function tlsContextByPath(path: string): TlsContext | undefined {
  return BY_PATH.get(path);
}

/**
 * The context a chain of keys from the top of the file leads to, or undefined when it is not a
 * TLS block. Keys compare case-insensitively and `leaf` / `ws` count as their full names. Array
 * elements may be written as `[]` or as a numeric index (`['leafnodes', 'remotes', '0', 'tls']`).
 */
export function tlsContextForKeys(keys: readonly string[]): TlsContext | undefined {
  const normal = keys.map((k) => {
    const lower = k.toLowerCase();
    if (/^\d+$/.test(lower)) return '[]';
    return TLS_PARENT_KEY_ALIASES[lower] ?? lower;
  });
  return TLS_CONTEXTS.find((c) => c.keys.length === normal.length && c.keys.every((k, i) => k === normal[i]));
}

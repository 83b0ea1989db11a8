/**
 * What the common non-TLS keys mean, in our own words, for hovers. Keyed by schema context id
 * and the key's canonical name (aliases find their key through the schema). TLS options live in
 * tlsOptions.ts and `tls` blocks in tlsContexts.ts; this table covers the rest of the config.
 *
 * Defaults are stated only where they are stable across 2.9–main; everything else (kind, first
 * release, aliases) comes from the schema, so it is not repeated here.
 */

export interface KeyDoc {
  /** Markdown, one or two short paragraphs. */
  readonly description: string;
  /** The docs.nats.io page that explains the key best. */
  readonly docsUrl?: string;
}

const DOCS = 'https://docs.nats.io/running-a-nats-service/configuration';
const CLUSTER_DOCS = `${DOCS}/clustering/cluster_config`;
const GATEWAY_DOCS = `${DOCS}/gateways/gateway`;
const LEAF_DOCS = `${DOCS}/leafnodes/leafnode_conf`;
const WEBSOCKET_DOCS = `${DOCS}/websocket/websocket_conf`;
const MQTT_DOCS = `${DOCS}/mqtt/mqtt_config`;
const JETSTREAM_DOCS = `${DOCS}/resource_management`;
const AUTH_DOCS = `${DOCS}/securing_nats/auth_intro`;
const ACCOUNTS_DOCS = `${DOCS}/securing_nats/accounts`;
const AUTHZ_DOCS = `${DOCS}/securing_nats/authorization`;
const MONITORING_DOCS = 'https://docs.nats.io/running-a-nats-service/nats_admin/monitoring';
const LOGGING_DOCS = `${DOCS}/logging`;
const JWT_DOCS = `${DOCS}/securing_nats/jwt`;

// Texts several blocks share.
const listenText = (what: string) =>
  `Where the ${what} listener accepts connections, as \`host:port\` in one value (\`0.0.0.0:4222\`). ` +
  'Use it instead of separate `host` and `port` keys.';
const hostText = (what: string) =>
  `The network interface the ${what} listener binds to. \`0.0.0.0\` (the default) listens on every interface; ` +
  'a specific address keeps the port off the others.';
const advertiseText = (what: string) =>
  `The \`host:port\` other servers are told to use to reach this server's ${what} port, when the address it ` +
  'sees itself (behind NAT, in a container) is not reachable from outside.';
const authorizationText = (what: string) =>
  `Credentials that ${what} must present: a single \`user\`/\`password\` pair or a \`token\`, and a \`timeout\` for ` +
  'completing authentication.';
const usersText =
  'A list of users, each a block with `user` and `password` (or an `nkey`) and optional `permissions`. ' +
  'A client logging in with those credentials gets that user\'s permissions.';
const permissionsText =
  'What the user may do: `publish` and `subscribe` each take a subject list, or a block with `allow` and `deny` lists; ' +
  '`allow_responses` lets a user that may not publish reply to requests it received.';

export const KEY_DOCS: Readonly<Record<string, Readonly<Record<string, KeyDoc>>>> = {
  top: {
    port: {
      description:
        'The port clients connect to. The default is 4222; `-1` picks a random free port (useful in tests).',
      docsUrl: DOCS,
    },
    listen: { description: listenText('client'), docsUrl: DOCS },
    host: { description: hostText('client'), docsUrl: DOCS },
    client_advertise: {
      description:
        'The `host:port` this server tells clients to use to reach it (in the list of cluster URLs clients learn), ' +
        'for when its own address is not reachable from the clients.',
      docsUrl: DOCS,
    },
    server_name: {
      description:
        'A name for this server, shown in monitoring and logs instead of its generated ID. Every server of a ' +
        'JetStream cluster (and every MQTT server) needs one, unique in the whole system. Spaces are not allowed.',
      docsUrl: DOCS,
    },
    http_port: {
      description:
        'Port of the HTTP monitoring endpoint (`/varz`, `/connz`, `/healthz`, ...); 8222 by convention. ' +
        'It is served without TLS and without authentication, so keep it off public networks.',
      docsUrl: MONITORING_DOCS,
    },
    http: { description: 'The HTTP monitoring endpoint as a port or `host:port`.', docsUrl: MONITORING_DOCS },
    https_port: {
      description:
        'Port of the monitoring endpoint over HTTPS. It uses the top-level `tls` block (never asking clients for ' +
        'certificates); without that block the server fails to start, which `nats-server -t` does not notice.',
      docsUrl: MONITORING_DOCS,
    },
    https: { description: 'The HTTPS monitoring endpoint as a port or `host:port`; needs the top-level `tls` block.', docsUrl: MONITORING_DOCS },
    http_base_path: { description: 'A path prefix for every monitoring endpoint, for serving it behind a reverse proxy.', docsUrl: MONITORING_DOCS },
    cluster: {
      description:
        'Connects servers into one cluster: each server listens for routes on the cluster port and dials the ' +
        '`routes` it is given. Clients of any member can reach subscribers on every other member.',
      docsUrl: CLUSTER_DOCS,
    },
    gateway: {
      description:
        'Joins this cluster to others into a super-cluster. Each cluster has a gateway `name`, and `gateways` lists ' +
        'the other clusters and how to reach them. Only interest that crosses clusters travels over gateways.',
      docsUrl: GATEWAY_DOCS,
    },
    leafnodes: {
      description:
        'Leaf node connections: a listener for leaf nodes connecting to this server (the hub), and `remotes` this ' +
        'server dials as a leaf. A leaf extends a system across security domains; its local clients authenticate locally.',
      docsUrl: LEAF_DOCS,
    },
    websocket: {
      description:
        'A WebSocket listener for browser and other WebSocket clients. It needs its own `tls` block unless ' +
        '`no_tls: true` is set.',
      docsUrl: WEBSOCKET_DOCS,
    },
    mqtt: {
      description:
        'An MQTT 3.1.1 listener. MQTT sessions and retained messages are kept in JetStream, so JetStream must be ' +
        'enabled and the server needs a `server_name`.',
      docsUrl: MQTT_DOCS,
    },
    jetstream: {
      description:
        'Turns on JetStream, the persistence layer (streams, consumers, key-value and object stores). `enabled`, ' +
        '`true` or a block with `store_dir`, memory and file limits and a `domain`.',
      docsUrl: JETSTREAM_DOCS,
    },
    store_dir: { description: 'The folder JetStream keeps its data in (the same as `jetstream { store_dir }`).', docsUrl: JETSTREAM_DOCS },
    accounts: {
      description:
        'Accounts isolate tenants: each account has its own subject space, users, and the `exports` and `imports` ' +
        'that share streams and services between accounts. Keys here are account names.',
      docsUrl: ACCOUNTS_DOCS,
    },
    authorization: {
      description:
        'Authentication for client connections when no accounts are used: one `user`/`password` or `token`, or a ' +
        '`users` list with per-user `permissions`; `timeout` bounds how long a client may take to authenticate.',
      docsUrl: AUTH_DOCS,
    },
    tls: {
      description: 'TLS for client connections (and the HTTPS monitoring endpoint).',
      docsUrl: `${DOCS}/securing_nats/tls`,
    },
    max_payload: {
      description:
        'The largest message payload a client may publish, in bytes. The default is 1 MB (1,048,576). Values over ' +
        '8 MB make the server log a warning, and it may not exceed `max_pending`.',
      docsUrl: DOCS,
    },
    max_pending: {
      description:
        'How many bytes may wait in a connection\'s outgoing buffer before the client counts as a slow consumer and ' +
        'is disconnected. The default is 64 MB.',
      docsUrl: DOCS,
    },
    max_connections: { description: 'The most client connections the server accepts at once; the default is 65,536.', docsUrl: DOCS },
    max_control_line: {
      description: 'The longest protocol line (such as a `PUB` or `SUB` with its subject) a client may send, in bytes; the default is 4 KB.',
      docsUrl: DOCS,
    },
    max_subscriptions: { description: 'The most subscriptions one connection may hold; 0 (the default) means no limit.', docsUrl: DOCS },
    ping_interval: {
      description:
        'How often the server pings an idle client to check it is still there; the default is 2 minutes. Write a ' +
        'duration such as `"20s"`.',
      docsUrl: DOCS,
    },
    ping_max: { description: 'How many pings may go unanswered before the server closes the connection; the default is 2.', docsUrl: DOCS },
    write_deadline: {
      description:
        'How long a write to one client may block before the client is treated as a slow consumer; the default is ' +
        '10 seconds. Write a duration such as `"10s"`.',
      docsUrl: DOCS,
    },
    lame_duck_duration: {
      description:
        'In lame duck mode (started with `nats-server --signal ldm`), the time over which the server closes its ' +
        'client connections gradually, so clients reconnect elsewhere without a stampede. The default is 2 minutes.',
      docsUrl: DOCS,
    },
    lame_duck_grace_period: {
      description: 'In lame duck mode, how long the server waits before it starts closing clients; the default is 10 seconds.',
      docsUrl: DOCS,
    },
    system_account: {
      description:
        'The account whose users receive the server\'s system events and may send it system requests. Without it ' +
        'the server uses its own `$SYS` account.',
      docsUrl: `${DOCS}/sys_accounts`,
    },
    no_system_account: { description: 'Runs without a system account at all.', docsUrl: `${DOCS}/sys_accounts` },
    no_auth_user: {
      description:
        'A user from `users` (or an account\'s users) that clients connecting without credentials are logged in as. ' +
        'Without it such clients are refused once authentication is configured.',
      docsUrl: AUTH_DOCS,
    },
    allow_non_tls: {
      description:
        'With a top-level `tls` block, also lets clients connect without TLS on the same port. Off by default, so a ' +
        'TLS block normally makes TLS mandatory.',
      docsUrl: `${DOCS}/securing_nats/tls`,
    },
    debug: { description: 'Logs debug messages.', docsUrl: LOGGING_DOCS },
    trace: { description: 'Logs every protocol message (without payloads); expensive, for troubleshooting.', docsUrl: LOGGING_DOCS },
    logtime: { description: 'Prefixes log lines with a timestamp (on by default).', docsUrl: LOGGING_DOCS },
    logfile: { description: 'Writes the log to this file instead of standard error. A relative path is taken from the working directory.', docsUrl: LOGGING_DOCS },
    pidfile: { description: 'Writes the server\'s process id to this file.', docsUrl: DOCS },
    ports_file_dir: { description: 'A folder where the server writes a file listing the ports it actually listens on.', docsUrl: DOCS },
    operator: {
      description:
        'Decentralised (JWT) authentication: the operator JWT, or paths to files holding it. Accounts and users ' +
        'then come from JWTs signed by this operator, found through `resolver`.',
      docsUrl: JWT_DOCS,
    },
    resolver: {
      description:
        'Where the server finds account JWTs in operator mode: `MEMORY` (from `resolver_preload`), `URL(...)` of an ' +
        'account server, or a block for the built-in NATS-based resolver (`type: full` or `cache`).',
      docsUrl: `${JWT_DOCS}/resolver`,
    },
    resolver_tls: { description: 'TLS for requests to a `URL(...)` account resolver.', docsUrl: `${JWT_DOCS}/resolver` },
    resolver_preload: { description: 'Account JWTs by account public key, for the `MEMORY` resolver or to seed the others.', docsUrl: `${JWT_DOCS}/resolver` },
    trusted: { description: 'Operator public keys whose signed JWTs this server trusts.', docsUrl: JWT_DOCS },
    mappings: { description: 'Subject mappings for the global account: a source subject to a destination (or weighted destinations).', docsUrl: `${DOCS}/configuring_subject_mapping` },
  },
  cluster: {
    name: {
      description: 'The cluster\'s name; every member must use the same one. Gateways use it to tell clusters apart.',
      docsUrl: CLUSTER_DOCS,
    },
    port: { description: 'The port other cluster members connect to for routes; 6222 by convention.', docsUrl: CLUSTER_DOCS },
    listen: { description: listenText('route'), docsUrl: CLUSTER_DOCS },
    host: { description: hostText('route'), docsUrl: CLUSTER_DOCS },
    advertise: { description: advertiseText('route'), docsUrl: CLUSTER_DOCS },
    no_advertise: {
      description: 'Stops telling clients about the other cluster members\' client URLs, so clients only use the URLs they were given.',
      docsUrl: CLUSTER_DOCS,
    },
    routes: {
      description:
        'URLs of the other cluster members to dial, such as `nats-route://host:6222`. Listing a server\'s own URL is ' +
        'fine (it is skipped); members learn about each other, so a few seed URLs are enough.',
      docsUrl: CLUSTER_DOCS,
    },
    authorization: { description: authorizationText('dialling routes'), docsUrl: CLUSTER_DOCS },
    tls: { description: 'TLS for route connections.', docsUrl: `${DOCS}/clustering/cluster_tls` },
    connect_retries: {
      description:
        'How many times to retry a route learned from other members before giving up on it; 0 (the default) means no ' +
        'retry. Routes listed in `routes` are retried regardless.',
      docsUrl: CLUSTER_DOCS,
    },
    pool_size: { description: 'How many route connections to open to each other member, to spread traffic over them.', docsUrl: CLUSTER_DOCS },
    compression: { description: 'S2 compression of route traffic (`off`, `accept`, `s2_fast`, `s2_auto`, ...).', docsUrl: CLUSTER_DOCS },
    permissions: { description: 'Which subjects may be imported from and exported to the other routes.', docsUrl: CLUSTER_DOCS },
  },
  gateway: {
    name: { description: 'This cluster\'s gateway name; every server of the cluster uses the same one, and other clusters list it in their `gateways`.', docsUrl: GATEWAY_DOCS },
    port: { description: 'The port other clusters\' gateways connect to; 7222 by convention.', docsUrl: GATEWAY_DOCS },
    listen: { description: listenText('gateway'), docsUrl: GATEWAY_DOCS },
    host: { description: hostText('gateway'), docsUrl: GATEWAY_DOCS },
    advertise: { description: advertiseText('gateway'), docsUrl: GATEWAY_DOCS },
    gateways: { description: 'The other clusters of the super-cluster: each a block with the cluster\'s `name` and its `url` or `urls`.', docsUrl: GATEWAY_DOCS },
    authorization: { description: authorizationText('incoming gateways'), docsUrl: GATEWAY_DOCS },
    tls: { description: 'TLS for gateway connections.', docsUrl: GATEWAY_DOCS },
    reject_unknown_cluster: { description: 'Refuses gateway connections from clusters not listed in `gateways`.', docsUrl: GATEWAY_DOCS },
  },
  'gateway.gateways[]': {
    name: { description: 'The gateway name of the remote cluster (its `gateway { name }`).', docsUrl: GATEWAY_DOCS },
    url: { description: 'A URL of a server in the remote cluster, such as `nats://host:7222`.', docsUrl: GATEWAY_DOCS },
    urls: { description: 'Several URLs of servers in the remote cluster.', docsUrl: GATEWAY_DOCS },
    tls: { description: 'TLS for connections this server opens to that cluster.', docsUrl: GATEWAY_DOCS },
  },
  leafnodes: {
    port: { description: 'The port leaf nodes connect to; 7422 by convention.', docsUrl: LEAF_DOCS },
    listen: { description: listenText('leaf node'), docsUrl: LEAF_DOCS },
    host: { description: hostText('leaf node'), docsUrl: LEAF_DOCS },
    advertise: { description: advertiseText('leaf node'), docsUrl: LEAF_DOCS },
    no_advertise: { description: 'Does not tell connecting leaf nodes about the other servers\' leaf node URLs.', docsUrl: LEAF_DOCS },
    remotes: {
      description:
        'The connections this server dials as a leaf: each a block with the hub\'s `url` (or `urls`), the local ' +
        '`account` to bind, and `credentials` or other login details.',
      docsUrl: LEAF_DOCS,
    },
    authorization: { description: authorizationText('connecting leaf nodes') + ' A `users` list may bind each to an account.', docsUrl: LEAF_DOCS },
    tls: { description: 'TLS for leaf nodes connecting to this server.', docsUrl: LEAF_DOCS },
    min_version: { description: 'The oldest nats-server version (such as `"2.8.0"`) allowed to connect as a leaf node; not a TLS version.', docsUrl: LEAF_DOCS },
  },
  'leafnodes.remotes[]': {
    url: { description: 'The hub to connect to, such as `nats-leaf://hub:7422` (`tls://` and `wss://` also work); with a list, one of them is picked for each attempt.', docsUrl: LEAF_DOCS },
    account: { description: 'The local account this leaf connection is bound to: what it receives is delivered there.', docsUrl: LEAF_DOCS },
    credentials: {
      description: 'Path to a `.creds` file (user JWT and nkey seed) for logging in to the hub. Keep it readable only by the server.',
      docsUrl: LEAF_DOCS,
    },
    nkey: { description: 'An nkey seed to log in to the hub with. It is a secret: prefer `credentials` in a protected file.', docsUrl: LEAF_DOCS },
    tls: { description: 'TLS for this outgoing leaf connection.', docsUrl: LEAF_DOCS },
    hub: { description: 'Makes this side act as the hub of the connection even though it dials.', docsUrl: LEAF_DOCS },
    deny_imports: { description: 'Subjects not received from the hub over this connection.', docsUrl: LEAF_DOCS },
    deny_exports: { description: 'Subjects not sent to the hub over this connection.', docsUrl: LEAF_DOCS },
  },
  websocket: {
    port: { description: 'The port WebSocket clients connect to.', docsUrl: WEBSOCKET_DOCS },
    listen: { description: listenText('WebSocket'), docsUrl: WEBSOCKET_DOCS },
    host: { description: hostText('WebSocket'), docsUrl: WEBSOCKET_DOCS },
    advertise: { description: advertiseText('WebSocket'), docsUrl: WEBSOCKET_DOCS },
    no_tls: { description: 'Serves WebSocket without TLS (for use behind a TLS-terminating proxy, or for tests).', docsUrl: WEBSOCKET_DOCS },
    tls: { description: 'TLS for WebSocket clients; required unless `no_tls: true`.', docsUrl: WEBSOCKET_DOCS },
    same_origin: { description: 'Only accepts browser connections whose `Origin` matches the server\'s own host.', docsUrl: WEBSOCKET_DOCS },
    allowed_origins: { description: 'The browser origins allowed to connect, such as `https://app.example.com`.', docsUrl: WEBSOCKET_DOCS },
    compression: { description: 'Offers per-message compression to WebSocket clients.', docsUrl: WEBSOCKET_DOCS },
    handshake_timeout: { description: 'How long the WebSocket handshake (TLS included) may take.', docsUrl: WEBSOCKET_DOCS },
    no_auth_user: { description: 'The user WebSocket clients without credentials are logged in as.', docsUrl: WEBSOCKET_DOCS },
    authorization: { description: authorizationText('WebSocket clients'), docsUrl: WEBSOCKET_DOCS },
  },
  mqtt: {
    port: { description: 'The port MQTT clients connect to; 1883 by convention (8883 with TLS).', docsUrl: MQTT_DOCS },
    listen: { description: listenText('MQTT'), docsUrl: MQTT_DOCS },
    host: { description: hostText('MQTT'), docsUrl: MQTT_DOCS },
    tls: { description: 'TLS for MQTT clients.', docsUrl: MQTT_DOCS },
    no_auth_user: { description: 'The user MQTT clients without credentials are logged in as.', docsUrl: MQTT_DOCS },
    authorization: { description: authorizationText('MQTT clients'), docsUrl: MQTT_DOCS },
    ack_wait: { description: 'How long the server waits for an MQTT client to acknowledge a QoS 1 message before sending it again.', docsUrl: MQTT_DOCS },
    max_ack_pending: { description: 'How many QoS 1 messages may be unacknowledged per subscription.', docsUrl: MQTT_DOCS },
  },
  jetstream: {
    store_dir: { description: 'The folder JetStream keeps streams in. Give every server its own folder.', docsUrl: JETSTREAM_DOCS },
    max_memory_store: { description: 'The most memory all memory-backed streams together may use. Without it the server picks a share of the machine\'s memory.', docsUrl: JETSTREAM_DOCS },
    max_file_store: { description: 'The most disk space all file-backed streams together may use. Without it the server picks a limit from the free disk space.', docsUrl: JETSTREAM_DOCS },
    domain: { description: 'A JetStream domain name, which separates the JetStream of leaf node systems from the hub\'s.', docsUrl: JETSTREAM_DOCS },
    enabled: { description: 'Turns JetStream on or off while keeping the block.', docsUrl: JETSTREAM_DOCS },
    encryption_key: { description: 'Encrypts stored data at rest with a key derived from this secret. Keep it out of shared configs (use `$VARIABLE`).', docsUrl: JETSTREAM_DOCS },
    cipher: { description: 'The cipher for encryption at rest: `chachapoly` or `aes`.', docsUrl: JETSTREAM_DOCS },
    unique_tag: { description: 'A server tag prefix whose values must differ between the servers holding replicas of one stream (for spreading replicas over zones).', docsUrl: JETSTREAM_DOCS },
  },
  authorization: {
    user: { description: 'The user name clients log in with (together with `password`).', docsUrl: AUTH_DOCS },
    pass: { description: 'The password for `user`. Prefer a bcrypt hash (`nats server passwd`) over plain text.', docsUrl: AUTH_DOCS },
    token: { description: 'A single token clients log in with instead of a user name and password.', docsUrl: AUTH_DOCS },
    timeout: { description: 'How many seconds a client has to authenticate after connecting.', docsUrl: AUTH_DOCS },
    users: { description: usersText, docsUrl: AUTH_DOCS },
    default_permissions: { description: 'Permissions for users that have none of their own.', docsUrl: AUTHZ_DOCS },
    auth_callout: { description: 'Delegates authentication to an external service that answers on a NATS subject.', docsUrl: `${DOCS}/securing_nats/auth_callout` },
  },
  'users[]': {
    user: { description: 'The user name.', docsUrl: AUTH_DOCS },
    pass: { description: 'The user\'s password; a bcrypt hash is better than plain text.', docsUrl: AUTH_DOCS },
    nkey: { description: 'The user\'s public nkey (starts with `U`); the client proves it holds the seed instead of sending a password.', docsUrl: AUTH_DOCS },
    permissions: { description: permissionsText, docsUrl: AUTHZ_DOCS },
    allowed_connection_types: { description: 'The connection types this user may use: `STANDARD`, `WEBSOCKET`, `MQTT`, `LEAFNODE`...', docsUrl: AUTH_DOCS },
  },
  permissions: {
    publish: { description: 'The subjects the user may (or, with `deny`, may not) publish to.', docsUrl: AUTHZ_DOCS },
    subscribe: { description: 'The subjects the user may (or, with `deny`, may not) subscribe to.', docsUrl: AUTHZ_DOCS },
    allow_responses: { description: 'Lets the user publish replies to requests it received, even without publish permission for the reply subjects.', docsUrl: AUTHZ_DOCS },
  },
  'accounts.<name>': {
    users: { description: usersText, docsUrl: ACCOUNTS_DOCS },
    exports: { description: 'Streams and services this account offers to other accounts.', docsUrl: ACCOUNTS_DOCS },
    imports: { description: 'Streams and services this account takes from other accounts\' exports.', docsUrl: ACCOUNTS_DOCS },
    jetstream: { description: 'Enables JetStream for this account, optionally with limits on memory, storage, streams and consumers.', docsUrl: ACCOUNTS_DOCS },
    nkey: { description: 'The account\'s public nkey (starts with `A`).', docsUrl: ACCOUNTS_DOCS },
    mappings: { description: 'Subject mappings applied inside this account.', docsUrl: `${DOCS}/configuring_subject_mapping` },
    default_permissions: { description: 'Permissions for users of this account that have none of their own.', docsUrl: AUTHZ_DOCS },
    limits: { description: 'Limits on connections, subscriptions, payload size and leaf nodes for this account.', docsUrl: ACCOUNTS_DOCS },
  },
};

/** Contexts whose keys mean what the same keys of another context mean. */
const SAME_KEYS_AS: Readonly<Record<string, string>> = {
  'cluster.authorization': 'authorization',
  'gateway.authorization': 'authorization',
  'leafnodes.authorization': 'authorization',
  simple_authorization: 'authorization',
  'leafnodes.authorization.users[]': 'users[]',
};

/** Our description of a key (its canonical name) in a context, if we wrote one. */
export function keyDoc(contextId: string, keyName: string): KeyDoc | undefined {
  const byKey = KEY_DOCS[contextId] ?? KEY_DOCS[SAME_KEYS_AS[contextId] ?? ''];
  return byKey && Object.prototype.hasOwnProperty.call(byKey, keyName) ? byKey[keyName] : undefined;
}

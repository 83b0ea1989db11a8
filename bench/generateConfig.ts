/**
 * Deterministic NATS server configs shaped like big real deployments, for `npm run bench` and the
 * generator's own test. A main file of about `targetLines` lines, plus one included file (the
 * system account and every 25th account live there):
 *
 * - top-level options, `$VARIABLES` (ports, a shared permissions map), `tls {}` with mutual TLS;
 * - `cluster` with tls and routes, `gateway` with tls and remote gateways, `leafnodes` with tls and
 *   several remotes (each with its own tls), `websocket` and `mqtt` with tls, `jetstream`;
 * - `accounts` with many users (user/password, bcrypt-style hashes, nkeys), permissions with
 *   publish/subscribe allow/deny lists and response permissions, exports and imports between
 *   accounts, and `include` of the second file.
 *
 * Every tls block names the files in `certificates`: they must exist (the benchmark writes
 * development certificates with the project's own generator), so certificate checks run for real. The same input always gives the same text. Lines average about 120 bytes, so
 * 100,000 lines are about 12 MB, as in the issue.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';

export interface CertificatePaths {
  ca: string;
  serverCert: string;
  serverKey: string;
}

export interface GeneratedConfig {
  /** Name of the main file (what `nats-server -c` and the CLI get). */
  mainName: string;
  main: string;
  /** Name of the included file, relative to the main file's folder. */
  includedName: string;
  included: string;
  /** Lines of the main file: what `targetLines` aims at. */
  mainLines: number;
  /** Lines of both files together. */
  lines: number;
  /** Bytes of both files together. */
  bytes: number;
  accounts: number;
  users: number;
}

export interface GenerateOptions {
  targetLines: number;
  certificates: CertificatePaths;
  /** Base for the output names (`<base>.conf`, `<base>-accounts.conf`). */
  baseName?: string;
  /** JetStream store folder written into the config (nats-server -t does not create it). */
  storeDir?: string;
}

/** Text plus where it goes; call {@link writeGeneratedConfig} to put it on disk. */
export function generateConfig(options: GenerateOptions): GeneratedConfig {
  const baseName = options.baseName ?? 'bench';
  const mainName = `${baseName}.conf`;
  const includedName = `${baseName}-accounts.conf`;
  const tls = tlsLines(options.certificates);

  const head = headerLines(options, tls);
  const mainAccounts: string[] = [];
  const includedAccounts: string[] = [...systemAccountLines()];
  // `targetLines` counts the main file (the one opened in an editor); the included file adds
  // about 4% on top.
  const tail = ['}', ''];
  const target = Math.max(options.targetLines, 0);
  let mainLines = head.length + 2; // the include line and the accounts block's closing brace
  let accounts = 1;
  let users = 1;
  // At least two business accounts: the leafnode remotes bind to them, and imports need a neighbour.
  for (let index = 1; index <= 2 || mainLines < target; index++) {
    const inIncludedFile = index % INCLUDED_EVERY === 0;
    const block = accountLines(index, target - mainLines, !inIncludedFile);
    accounts++;
    users += block.users;
    if (inIncludedFile) {
      includedAccounts.push(...block.lines);
    } else {
      mainAccounts.push(...block.lines);
      mainLines += block.lines.length;
    }
  }

  const main = [...head, `  include "${includedName}"`, ...mainAccounts, ...tail].join('\n');
  const included = ['# Accounts kept in their own file, included from inside the accounts block.', ...includedAccounts, ''].join('\n');
  return {
    mainName,
    main,
    includedName,
    included,
    mainLines: countLines(main),
    lines: countLines(main) + countLines(included),
    bytes: Buffer.byteLength(main) + Buffer.byteLength(included),
    accounts,
    users,
  };
}

/** Writes both files into `folder`; returns the main file's path. */
export async function writeGeneratedConfig(folder: string, config: GeneratedConfig): Promise<string> {
  await mkdir(folder, { recursive: true });
  await writeFile(nodePath.join(folder, config.includedName), config.included);
  const mainPath = nodePath.join(folder, config.mainName);
  await writeFile(mainPath, config.main);
  return mainPath;
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

const quote = (text: string) => JSON.stringify(text);
/** Every this many accounts, one goes to the included file instead of the main one. */
const INCLUDED_EVERY = 25;

function tlsLines(certificates: CertificatePaths): { mutual: string[]; serverOnly: string[]; client: string } {
  const cert = `cert_file: ${quote(certificates.serverCert)}`;
  const key = `key_file: ${quote(certificates.serverKey)}`;
  const ca = `ca_file: ${quote(certificates.ca)}`;
  return {
    mutual: [cert, key, ca, 'verify: true', 'timeout: 2'],
    serverOnly: [cert, key],
    client: `{ ${cert}, ${key}, ${ca}, timeout: 3 }`,
  };
}

const CIPHERS = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
];

/** `name { … }` with the body indented; nested blocks indent again when their parent wraps them. */
function block(name: string, body: string[]): string[] {
  return [`${name} {`, ...body.map((line) => `  ${line}`), '}'];
}

function headerLines(options: GenerateOptions, tls: ReturnType<typeof tlsLines>): string[] {
  const storeDir = options.storeDir ?? '/tmp/nats-conf-bench/jetstream';
  return [
    '# Generated by bench/generateConfig.ts: a large deployment for the benchmark.',
    'CLIENT_PORT: 4222',
    'CLUSTER_PORT: 6222',
    'DEFAULT_PERMISSIONS: {',
    '  publish: { allow: ["_INBOX.>", "$JS.API.>"], deny: ["$SYS.>"] }',
    '  subscribe: { allow: ["_INBOX.>", "public.>"], deny: ["$SYS.>", "internal.>"] }',
    '}',
    '',
    'server_name: bench-node-1',
    'host: 0.0.0.0',
    'port: $CLIENT_PORT',
    'http_port: 8222',
    'max_payload: 4MB',
    'max_pending: 64MB',
    'max_connections: 65536',
    'max_control_line: 4KB',
    'ping_interval: "20s"',
    'ping_max: 3',
    'write_deadline: "10s"',
    'lame_duck_duration: "2m"',
    'debug: false',
    'trace: false',
    'logtime: true',
    'log_file: "/var/log/nats/bench-node-1.log"',
    'pid_file: "/var/run/nats/bench-node-1.pid"',
    'system_account: SYS',
    '',
    ...block('tls', [...tls.mutual, 'cipher_suites: [', ...CIPHERS.map((name) => `  ${quote(name)}`), ']', 'curve_preferences: ["CurveP256", "X25519"]']),
    '',
    ...block('cluster', [
      'name: bench-cluster',
      'host: 0.0.0.0',
      'port: $CLUSTER_PORT',
      'no_advertise: true',
      'connect_retries: 30',
      ...block('tls', [...tls.mutual]),
      'routes: [',
      ...[2, 3, 4, 5].map((node) => `  "nats-route://bench-node-${node}.example.net:6222"`),
      ']',
    ]),
    '',
    ...block('gateway', [
      'name: bench-east',
      'listen: 0.0.0.0:7222',
      ...block('tls', [...tls.mutual]),
      'gateways: [',
      ...['west', 'north', 'south'].map(
        (region) => `  { name: bench-${region}, urls: ["nats://gw1.${region}.example.net:7222", "nats://gw2.${region}.example.net:7222"] }`,
      ),
      ']',
    ]),
    '',
    ...block('leafnodes', [
      'listen: 0.0.0.0:7422',
      ...block('tls', [...tls.mutual]),
      'remotes: [',
      ...[1, 2, 3].flatMap((hub) => [
        '  {',
        `    urls: ["tls://hub${hub}.example.net:7422", "tls://hub${hub}-backup.example.net:7422"]`,
        `    account: ${accountName(((hub - 1) % 2) + 1)}`,
        `    tls: ${tls.client}`,
        '  }',
      ]),
      ']',
    ]),
    '',
    ...block('websocket', ['port: 8443', ...block('tls', [...tls.serverOnly]), 'compression: true', 'handshake_timeout: "5s"']),
    '',
    ...block('mqtt', ['port: 8883', ...block('tls', [...tls.mutual]), 'ack_wait: "30s"', 'max_ack_pending: 100']),
    '',
    ...block('jetstream', [`store_dir: ${quote(storeDir)}`, 'max_memory_store: 1GB', 'max_file_store: 64GB']),
    '',
    ...block('authorization', ['timeout: 2']),
    '',
    'accounts {',
  ];
}

function systemAccountLines(): string[] {
  return [
    '  SYS {',
    '    users: [',
    `      { user: "sys-admin", password: ${quote(bcryptLike('sys-admin'))} }`,
    '    ]',
    '  }',
  ];
}

function accountName(index: number): string {
  return `ACC_${String(index).padStart(5, '0')}`;
}

/** A string shaped like a bcrypt hash ($2a$11$ + 53 characters), as nats-server accepts for passwords. */
function bcryptLike(seed: string): string {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha512').update(seed).digest();
  let text = '';
  for (let i = 0; i < 53; i++) text += alphabet[digest[i] % 64];
  return `$2a$11$${text}`;
}

/**
 * A valid public user nkey (what nats-server checks: the `U` prefix byte, 32 key bytes and the
 * CRC-16 checksum, in base32), derived from `seed` so it never changes between runs.
 */
export function userNkey(seed: string): string {
  const USER_PREFIX_BYTE = 20 << 3;
  const raw = Buffer.alloc(35);
  raw[0] = USER_PREFIX_BYTE;
  createHash('sha256').update(seed).digest().copy(raw, 1);
  const checksum = crc16(raw.subarray(0, 33));
  raw[33] = checksum & 0xff;
  raw[34] = checksum >> 8;
  return base32(raw);
}

/** CRC-16/XMODEM (polynomial 0x1021, initial 0), the checksum nkeys use. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += alphabet[(value << (5 - bits)) & 31];
  return text;
}

const SERVICES = ['orders', 'payments', 'inventory', 'shipping', 'billing', 'search', 'audit', 'metrics'];

/**
 * One account: a mix of one-line users (the bulk of big deployments) and multi-line ones, exports
 * of its own subjects and imports from the previous account. `room` caps the user count so
 * small targets stay small. An included file has its own variable scope (and sits inside the
 * accounts block, where a definition would be an account), so only the main file uses
 * `$DEFAULT_PERMISSIONS`.
 */
function accountLines(index: number, room: number, mainFile: boolean): { lines: string[]; users: number } {
  const name = accountName(index);
  const prefix = `acc${index}`;
  // Three at least, so every main-file account uses the shared permissions variable.
  const userCount = Math.max(3, Math.min(40, room - 24));
  const lines: string[] = [`  ${name} {`, '    jetstream: enabled', '    users: ['];
  for (let u = 0; u < userCount; u++) {
    const service = SERVICES[(index + u) % SERVICES.length];
    const other = SERVICES[(index + u + 3) % SERVICES.length];
    const id = `${prefix}-${service}-${u}`;
    // Five one-line users for each multi-line one: about 120 bytes a line overall.
    switch (u % 6 === 4 ? 0 : u % 6) {
      case 0:
        lines.push(
          `      { user: ${quote(id)}, password: ${quote(bcryptLike(id))}, permissions: { publish: { allow: ["${prefix}.${service}.>", "${prefix}.${other}.requests.*", "_INBOX.>"], deny: ["${prefix}.admin.>", "$SYS.>"] }, subscribe: { allow: ["${prefix}.${service}.>", "${prefix}.events.>"] }, allow_responses: { max: 1, expires: "5s" } } }`,
        );
        break;
      case 1:
        lines.push(
          `      { nkey: ${userNkey(id)}, permissions: { publish: ["${prefix}.${service}.requests.>", "${prefix}.${other}.events.>"], subscribe: { allow: ["${prefix}.${service}.>", "_INBOX.>"], deny: ["${prefix}.admin.>", "$SYS.>"] } } }`,
        );
        break;
      case 2:
        lines.push(
          mainFile
            ? `      { user: ${quote(id)}, password: ${quote(bcryptLike(id))}, permissions: $DEFAULT_PERMISSIONS }`
            : `      { user: ${quote(id)}, password: ${quote(bcryptLike(id))}, permissions: { publish: "${prefix}.${service}.>", subscribe: "_INBOX.>" } }`,
        );
        break;
      case 3:
        lines.push(
          `      { nkey: ${userNkey(id)}, permissions: { publish: { allow: ["${prefix}.${other}.>", "${prefix}.${service}.status.*"], deny: ["${prefix}.admin.>"] }, subscribe: { allow: ["${prefix}.>", "public.${service}.>"], deny: ["${prefix}.secrets.>"] }, allow_responses: true } }`,
        );
        break;
      default:
        lines.push(
          '      {',
          `        user: ${quote(id)}`,
          `        password: ${quote(bcryptLike(id))}`,
          '        permissions: {',
          `          publish: { allow: ["${prefix}.${service}.>", "${prefix}.${other}.commands.*"], deny: ["${prefix}.admin.>", "$SYS.>"] }`,
          `          subscribe: { allow: ["${prefix}.${service}.>", "_INBOX.>"] }`,
          '        }',
          '      }',
        );
    }
  }
  lines.push('    ]', '    exports: [');
  lines.push(`      { stream: "${prefix}.events.>" }`, `      { service: "${prefix}.api.>", response_type: stream }`, '    ]');
  if (index > 1) {
    const from = index - 1;
    lines.push(
      '    imports: [',
      `      { stream: { account: ${accountName(from)}, subject: "acc${from}.events.>" }, prefix: "from${from}" }`,
      `      { service: { account: ${accountName(from)}, subject: "acc${from}.api.orders" }, to: "${prefix}.remote.orders" }`,
      '    ]',
    );
  }
  lines.push('  }');
  return { lines, users: userCount };
}

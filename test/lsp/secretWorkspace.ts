/**
 * A throw-away workspace full of secrets for the leak tests: configs that put a unique canary in
 * every secret-bearing key nats-server knows (passwords, tokens, nkey seeds, encryption keys,
 * credentials files, environment variables), private keys in every PEM form made with openssl,
 * and broken variants that push those secrets into error paths (syntax errors right after a
 * secret, wrong kinds, misspelt keys, a secret used as a cipher or a path, swapped key and
 * certificate files, a key file included or opened as a config).
 *
 * `canaries` maps each secret fragment to a label; `findCanaries` says which appear in a text.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomToken(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

/** An nkey seed shape (S + type + base32), as nats-server and nsc print them. */
function seed(type: 'U' | 'A' | 'O'): string {
  return `S${type}${randomToken(56, BASE32)}`;
}

function publicNkey(type: 'U' | 'A' | 'O'): string {
  return `${type}${randomToken(55, BASE32)}`;
}

export interface SecretWorkspace {
  dir: string;
  /** Config files (relative to dir) and their text. */
  configs: { name: string; text: string }[];
  /** Non-config files that the tests also open as if they were configs. */
  openedAsConfig: { name: string; text: string }[];
  /** Environment variables the server process gets (their values are canaries). */
  env: Record<string, string>;
  /** Secret fragment → what it is. */
  canaries: Map<string, string>;
  /** Adds the body lines of a PEM private key (e.g. one generated during the test) as canaries. */
  addKeyCanaries(label: string, pem: string): void;
  dispose(): void;
}

/** The base64 body lines of every PRIVATE KEY block (headers like Proc-Type are not secret). */
export function privateKeyLines(pem: string): string[] {
  const lines: string[] = [];
  const blocks = pem.matchAll(/-----BEGIN ([A-Z ]*PRIVATE KEY)-----([\s\S]*?)-----END \1-----/g);
  for (const block of blocks) {
    for (const line of block[2].split('\n')) {
      const trimmed = line.trim();
      // Short final lines ("Ag==") could match anything; 16 characters are unique enough.
      if (trimmed.length >= 16 && !trimmed.includes(':')) lines.push(trimmed);
    }
  }
  return lines;
}

function openssl(dir: string, args: string[]): void {
  if (!existsSync(OPENSSL)) throw new Error(`${OPENSSL} is missing: install it with 'apt-get install -y openssl'`);
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createSecretWorkspace(): SecretWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-secrets-'));
  const canaries = new Map<string, string>();
  const secret = (label: string, prefix = ''): string => {
    const token = randomToken(14);
    canaries.set(token, label);
    return `${prefix}${token}`;
  };
  const seedCanary = (label: string, type: 'U' | 'A' | 'O'): string => {
    const value = seed(type);
    canaries.set(value.slice(2, 26), label);
    return value;
  };
  const addKeyCanaries = (label: string, pem: string): void => {
    const lines = privateKeyLines(pem);
    if (lines.length === 0) throw new Error(`${label} holds no private key lines`);
    for (const line of lines) canaries.set(line, label);
  };

  // Private keys in every form nats-server meets, and a certificate with its key.
  mkdirSync(path.join(dir, 'keys'));
  mkdirSync(path.join(dir, 'tls'));
  // Only openssl sees the passphrase; the encrypted keys' bodies are the canaries.
  const passphrase = `pass-${randomToken(14)}`;
  openssl(dir, ['genrsa', '-traditional', '-out', 'keys/rsa-traditional.key', '2048']);
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'keys/ec.key']);
  openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'keys/pkcs8.key']);
  openssl(dir, ['pkcs8', '-topk8', '-in', 'keys/ec.key', '-v2', 'aes256', '-passout', `pass:${passphrase}`, '-out', 'keys/encrypted-pkcs8.key']);
  openssl(dir, ['rsa', '-in', 'keys/rsa-traditional.key', '-aes256', '-traditional', '-passout', `pass:${passphrase}`, '-out', 'keys/encrypted-legacy.key']);
  openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tls/server-key.pem', '-out', 'tls/server-cert.pem',
    '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  writeFileSync(path.join(dir, 'tls/combined.pem'), read('tls/server-cert.pem') + read('tls/server-key.pem'));
  for (const name of ['keys/rsa-traditional.key', 'keys/ec.key', 'keys/pkcs8.key', 'keys/encrypted-pkcs8.key', 'keys/encrypted-legacy.key', 'tls/server-key.pem']) {
    addKeyCanaries(name, read(name));
  }

  // A credentials file: a user JWT (a bearer credential) and the user's seed.
  const jwtPayload = secret('creds JWT payload', 'eyJqdGkiOi');
  const credsSeed = seedCanary('creds seed', 'U');
  writeFileSync(
    path.join(dir, 'user.creds'),
    `-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.${jwtPayload}.c2lnbmF0dXJl\n------END NATS USER JWT------\n\n` +
      '************************* IMPORTANT *************************\nNKEY Seed printed below can be used to sign and prove identity.\n\n' +
      `-----BEGIN USER NKEY SEED-----\n${credsSeed}\n------END USER NKEY SEED------\n`,
  );

  const env = {
    NATS_CANARY_PASSWORD: secret('env password', 'envpw-'),
    NATS_CANARY_TOKEN: secret('env token', 'envtok-'),
    DB_VALUE: secret('env value used as a password', 'envdb-'),
    // Never referenced: the environment is nobody's business but the config's.
    APP_UNRELATED_SETTING: secret('unreferenced env value', 'envx-'),
    NATS_UNUSED_SECRET: secret('unreferenced env secret', 'envs-'),
  };

  const configs: { name: string; text: string }[] = [];
  const config = (name: string, lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    configs.push({ name, text });
    writeFileSync(path.join(dir, name), text);
  };

  config('secrets.conf', [
    '# Every secret-bearing key, each with its own canary.',
    `PASS_VAR = "${secret('variable password', 'pwvar-')}"`,
    `SEED_VAR = ${seedCanary('seed in a variable', 'U')}`,
    `plain_looking = "${secret('secret in a harmless-named variable used as a password', 'pwplain-')}"`,
    'server_name: secrets',
    'listen: 127.0.0.1:4222',
    'authorization {',
    '  users: [',
    `    { user: alice, password: "${secret('users[] password', 'pw-')}" }`,
    `    { user: bob, password: "$2a$11$${secret('bcrypt hash', '')}0123456789abcdefghijklmnopq" }`,
    '    { user: carol, password: $PASS_VAR }',
    '    { user: dave, password: $NATS_CANARY_PASSWORD }',
    '    { user: erin, pass: $DB_VALUE }',
    '    { user: frank, password: $plain_looking }',
    `    { nkey: ${publicNkey('U')} }`,
    '  ]',
    '  timeout: 2',
    '}',
    'cluster {',
    '  name: c1',
    '  listen: 127.0.0.1:6222',
    `  authorization { user: route, password: "${secret('cluster password', 'pwc-')}", timeout: 2 }`,
    `  routes: [ "nats-route://route:${secret('password in a route URL', 'pwurl-')}@127.0.0.1:6223" ]`,
    '}',
    'gateway {',
    '  name: g1',
    '  listen: 127.0.0.1:7222',
    `  authorization { user: gw, password: "${secret('gateway password', 'pwg-')}" }`,
    `  gateways: [ { name: g2, url: "nats://gw:${secret('password in a gateway URL', 'pwgurl-')}@127.0.0.1:7223" } ]`,
    '}',
    'leafnodes {',
    '  listen: 127.0.0.1:7422',
    `  authorization { user: leaf, password: "${secret('leafnode password', 'pwl-')}", users: [ { user: leaf2, password: "${secret('leafnode users[] password', 'pwlu-')}" } ] }`,
    '  remotes: [',
    '    { url: "nats-leaf://127.0.0.1:7423", credentials: "user.creds" }',
    `    { url: "nats-leaf://127.0.0.1:7424", nkey: ${seedCanary('leafnode remote seed', 'U')} }`,
    '    { url: "nats-leaf://127.0.0.1:7425", seed: $SEED_VAR }',
    `    { url: "nats-leaf://leafuser:${secret('password in a leafnode URL', 'pwlurl-')}@127.0.0.1:7426" }`,
    '  ]',
    '}',
    'websocket {',
    '  listen: 127.0.0.1:8080',
    '  no_tls: true',
    `  authorization { user: ws, password: "${secret('websocket password', 'pww-')}" }`,
    '}',
    'mqtt {',
    '  listen: 127.0.0.1:1883',
    `  authorization { user: mq, password: "${secret('mqtt password', 'pwm-')}" }`,
    '}',
    'jetstream {',
    '  store_dir: "/tmp/nats-conf-secrets-js"',
    `  encryption_key: "${secret('jetstream encryption key', 'ek-')}"`,
    `  prev_encryption_key: "${secret('jetstream previous encryption key', 'pek-')}"`,
    '}',
    'accounts {',
    `  ACC: { nkey: ${publicNkey('A')}, users: [ { user: acc, password: "${secret('account user password', 'pwa-')}" } ] }`,
    '}',
  ]);

  config('tokens.conf', [
    `authorization { token: "${secret('authorization token', 'tok-')}", timeout: 2 }`,
    `websocket { listen: 127.0.0.1:8081, no_tls: true, authorization { token: "${secret('websocket token', 'tokw-')}" } }`,
    'mqtt { listen: 127.0.0.1:1884, authorization { token: $NATS_CANARY_TOKEN } }',
    'jetstream {',
    '  store_dir: "/tmp/nats-conf-secrets-js2"',
    `  tpm { keys_file: "/tmp/nats-conf-tpm.json", encryption_password: "${secret('tpm encryption password', 'tpm-')}", srk_password: "${secret('tpm srk password', 'srk-')}" }`,
    '}',
    'accounts {',
    `  SYS: { users: [ { nkey: ${publicNkey('U')} } ], nkey: ${publicNkey('A')} }`,
    '}',
    `operator_seed_here = ${seedCanary('operator seed in a variable', 'O')}`,
    `account_seed_here = ${seedCanary('account seed in a variable', 'A')}`,
  ]);

  config('tls.conf', [
    'tls {',
    '  cert_file: "tls/server-cert.pem"',
    '  key_file: "tls/server-key.pem"',
    '  ca_file: "tls/server-cert.pem"',
    '}',
    'cluster { name: c, listen: 127.0.0.1:6222, tls { cert_file: "tls/combined.pem", key_file: "tls/combined.pem" } }',
    'leafnodes { listen: 127.0.0.1:7422, tls { cert_file: "tls/server-cert.pem", key_file: "keys/pkcs8.key" } }',
    'gateway { name: g, listen: 127.0.0.1:7222, tls { cert_file: "tls/server-cert.pem", key_file: "keys/encrypted-pkcs8.key" } }',
    'websocket { listen: 127.0.0.1:8443, tls { cert_file: "tls/server-cert.pem", key_file: "keys/encrypted-legacy.key" } }',
    'mqtt { listen: 127.0.0.1:8883, tls { cert_file: "tls/server-cert.pem", key_file: "keys/rsa-traditional.key" } }',
    'https_port: 8222',
    'monitor_tls_key: 1',
  ]);

  // Broken variants: the parser and the checks meet the secrets on their error paths.
  config('broken-syntax.conf', [
    'authorization {',
    '  users: [',
    `    { user: a, password: "${secret('password before a stray brace', 'pwsx1-')}" }}`,
    `    { user: b, password: ${secret('bare password before garbage', 'pwsx2-')} x y }`,
    `    { user: c, password: ${secret('bare password before a colon', 'pwsx3-')}: z }`,
    `    { user: d, password: "${secret('unterminated password', 'pwsx4-')}`,
    '  ]',
    '}',
    `token = ${secret('bare token before a bracket', 'toksx-')} ]`,
    `leafnodes { remotes: [ { url: "nats://h:1", nkey: ${seedCanary('seed before garbage', 'U')}#" } ] }`,
    `password: '${secret('unterminated single-quoted password', 'pwsx5-')}`,
  ]);
  config('broken-kinds.conf', [
    `authorization { user: x, password { inner: "${secret('password given a map', 'pwk1-')}" } }`,
    `cluster { authorization { user: y, password: [ "${secret('password given a list', 'pwk2-')}" ] } }`,
    'gateway { name: g, authorization { user: z, password: 918273645501 } }',
    `leafnodes { remotes: [ { url: "nats://h:1", nkey: [ ${seedCanary('seed given a list', 'U')} ] } ] }`,
    `websocket { authorization { token: { t: "${secret('token given a map', 'tokk-')}" } } }`,
    `jetstream { encryption_key: [ "${secret('encryption key given a list', 'ekk-')}" ] }`,
  ]);
  canaries.set('918273645501', 'numeric password');
  config('broken-unknown.conf', [
    `authorization { user: x, passwrd: "${secret('password under a misspelt key', 'pwu1-')}", pasword: "${secret('password under another misspelt key', 'pwu2-')}" }`,
    `tokn: "${secret('token under a misspelt key', 'toku-')}"`,
    `leafnodes { remotes: [ { url: "nats://h:1", seeed: ${seedCanary('seed under a misspelt key', 'U')} } ] }`,
    `cluster { authorization { user: y, password: "${secret('cluster password beside an unknown key', 'pwu3-')}", bogus_field: 1 } }`,
    `cluster { authorization { token: "${secret('token where tokens are refused', 'toku2-')}" } }`,
  ]);
  config('broken-misuse.conf', [
    `PASS_SECRET = "${secret('password used as a cipher and a path', 'pwmis-')}"`,
    'tls {',
    '  cert_file: "tls/server-cert.pem"',
    '  key_file: "tls/server-key.pem"',
    `  cipher_suites: [ $PASS_SECRET, ${seedCanary('seed used as a cipher', 'U')} ]`,
    '  curve_preferences: [ $PASS_SECRET, $NATS_CANARY_TOKEN ]',
    '  min_version: $NATS_CANARY_PASSWORD',
    '}',
    'cluster { name: c, listen: 127.0.0.1:6222, tls { cert_file: $PASS_SECRET, key_file: $SEED_ALIAS } }',
    `SEED_ALIAS = "${seedCanary('seed used as a key path', 'A')}"`,
    'gateway { name: g, listen: 127.0.0.1:7222, tls { cert_file: $NATS_CANARY_PASSWORD, key_file: "tls/server-key.pem", ca_file: $NATS_CANARY_TOKEN } }',
    'leafnodes { listen: 127.0.0.1:7422, tls { cert_file: "tls/server-cert.pem", key_file: "tls/server-key.pem", pinned_certs: [ $PASS_SECRET ] } }',
    'server_name: $PASS_SECRET',
    'port: $NATS_CANARY_PASSWORD',
    'include $PASS_SECRET',
  ]);
  config('broken-swapped.conf', [
    'tls { cert_file: "keys/pkcs8.key", key_file: "tls/server-cert.pem", ca_file: "keys/ec.key" }',
    'cluster { name: c, listen: 127.0.0.1:6222, tls { cert_file: "keys/encrypted-pkcs8.key", key_file: "keys/rsa-traditional.key", ca_file: "tls/server-key.pem" } }',
    'gateway { name: g, listen: 127.0.0.1:7222, tls { cert_file: "tls/combined.pem", key_file: "keys/encrypted-legacy.key", ca_file: "tls/combined.pem" } }',
    'leafnodes { listen: 127.0.0.1:7422, tls { cert_file: "user.creds", key_file: "user.creds", ca_file: "keys/pkcs8.key" } }',
  ]);
  config('broken-include.conf', [
    'include "keys/pkcs8.key"',
    'include "keys/rsa-traditional.key"',
    'include "keys/encrypted-legacy.key"',
    'include "tls/server-key.pem"',
    'include "tls/combined.pem"',
    'include "user.creds"',
    'port: 4222',
  ]);

  // nats-server itself quotes the value it refuses: "unrecognized cipher <value>".
  config('nats-server-echo.conf', [
    `ECHO_PASSWORD = "${secret('password nats-server would echo', 'pwecho-')}"`,
    'tls { cipher_suites: [ $ECHO_PASSWORD ] }',
  ]);

  const openedAsConfig = ['keys/pkcs8.key', 'keys/rsa-traditional.key', 'keys/ec.key', 'keys/encrypted-pkcs8.key', 'keys/encrypted-legacy.key', 'tls/combined.pem', 'user.creds'].map(
    (name) => ({ name, text: read(name) }),
  );

  return { dir, configs, openedAsConfig, env, canaries, addKeyCanaries, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The labels of the canaries found in `text`. */
export function findCanaries(canaries: ReadonlyMap<string, string>, text: string): string[] {
  const found: string[] = [];
  for (const [fragment, label] of canaries) if (text.includes(fragment)) found.push(`${label} (${fragment.slice(0, 12)}…)`);
  return found;
}

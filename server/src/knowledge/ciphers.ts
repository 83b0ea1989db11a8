/**
 * TLS cipher suite names that `cipher_suites` accepts, per nats-server release line.
 *
 * Two lines exist:
 * - `static` (2.9.10 up to 2.11.x): a fixed map of 24 names written into nats-server itself.
 *   Every one of the 24, and the names it lacks, was tried against the 2.9.10 binary with
 *   `nats-server -t` (tests note this); 2.10 and 2.11 still carry the same map (read from source).
 * - `go` (2.12.0 and later): exactly the names Go's crypto/tls lists in `CipherSuites()` plus
 *   `InsecureCipherSuites()`, using Go's spelling. For Go 1.25 that is 25 names, 13 secure and
 *   12 that Go flags as insecure. Naming an insecure one is a configuration error unless
 *   `allow_insecure_cipher_suites: true` is set.
 *
 * Names are case-sensitive in every release. Sources: nats-config-reference.md §4.1.
 */

import { rankSuggestions } from './suggest';
import { type ServerVersion, targetIncludes } from './versions';

/** The two lists a target can use. */
export type CipherLine = 'static' | 'go';

export type KeyExchange = 'ECDHE-RSA' | 'ECDHE-ECDSA' | 'RSA' | 'TLS 1.3';

/** Why Go (and so nats-server ≥ 2.12) flags a suite as insecure. */
export type InsecureReason = 'rsa-key-exchange' | 'rc4' | '3des' | 'cbc-sha256';

export interface CipherSuiteInfo {
  /** The exact, case-sensitive spelling the config must use. */
  name: string;
  /** IANA code point. */
  id: number;
  /** OpenSSL's name for the same suite, for did-you-mean when people paste OpenSSL spellings. */
  opensslName?: string;
  /** The protocol version the suite is negotiated in under nats-server (whose floor is TLS 1.2). */
  tlsVersion: '1.2' | '1.3';
  /** The protocol versions Go itself allows the suite for. */
  goProtocols: 'TLS 1.0-1.2' | 'TLS 1.2' | 'TLS 1.3';
  keyExchange: KeyExchange;
  /** The certificate key type the suite needs on the serving side. */
  certificateKey: 'RSA' | 'ECDSA' | 'any';
  /** Bulk cipher, e.g. "AES-128-GCM". */
  cipher: string;
  /** Message authentication, e.g. "AEAD" or "HMAC-SHA1". */
  mac: string;
  /** Accepted by each line. */
  accepted: Readonly<Record<CipherLine, boolean>>;
  /** Part of the default list of each line (the list used when `cipher_suites` is absent). */
  defaultIn: Readonly<Record<CipherLine, boolean>>;
  /** Go's reasons for flagging the suite insecure (checked from 2.12.0 on); empty when it is not. */
  insecureReasons: readonly InsecureReason[];
  /**
   * False for the three TLS 1.3 suites: Go never lets a configured list restrict TLS 1.3, so
   * naming them is accepted and changes nothing.
   */
  hasEffect: boolean;
  /** The spelling the other line uses for the same suite (only the CHACHA20 pair differs). */
  otherSpelling?: string;
  /** One sentence in our words for hovers and completion details. */
  summary: string;
}

const ID_ORDER = (a: CipherSuiteInfo, b: CipherSuiteInfo) => a.id - b.id;

interface Row {
  name: string;
  id: number;
  openssl?: string;
  kx: KeyExchange;
  cipher: string;
  mac: string;
  go: CipherSuiteInfo['goProtocols'];
  /** accepted by the static (≤2.11) map */
  s: boolean;
  /** accepted by the Go (≥2.12) list */
  g: boolean;
  /** default in static line */
  ds?: boolean;
  /** default in Go line */
  dg?: boolean;
  insecure?: InsecureReason[];
  other?: string;
}

// One row per spelling. Order of columns: name, code point, OpenSSL name, key exchange, cipher,
// MAC, Go protocol range, accepted static / go, default static / go, insecure reasons.
const ROWS: readonly Row[] = [
  { name: 'TLS_RSA_WITH_RC4_128_SHA', id: 0x0005, openssl: 'RC4-SHA', kx: 'RSA', cipher: 'RC4-128', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rsa-key-exchange', 'rc4'] },
  { name: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', id: 0x000a, openssl: 'DES-CBC3-SHA', kx: 'RSA', cipher: '3DES-EDE-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rsa-key-exchange', '3des'] },
  { name: 'TLS_RSA_WITH_AES_128_CBC_SHA', id: 0x002f, openssl: 'AES128-SHA', kx: 'RSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rsa-key-exchange'] },
  { name: 'TLS_RSA_WITH_AES_256_CBC_SHA', id: 0x0035, openssl: 'AES256-SHA', kx: 'RSA', cipher: 'AES-256-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rsa-key-exchange'] },
  { name: 'TLS_RSA_WITH_AES_128_CBC_SHA256', id: 0x003c, openssl: 'AES128-SHA256', kx: 'RSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA256', go: 'TLS 1.2', s: true, g: true, insecure: ['rsa-key-exchange', 'cbc-sha256'] },
  { name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', id: 0x009c, openssl: 'AES128-GCM-SHA256', kx: 'RSA', cipher: 'AES-128-GCM', mac: 'AEAD', go: 'TLS 1.2', s: false, g: true, insecure: ['rsa-key-exchange'] },
  { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', id: 0x009d, openssl: 'AES256-GCM-SHA384', kx: 'RSA', cipher: 'AES-256-GCM', mac: 'AEAD', go: 'TLS 1.2', s: true, g: true, insecure: ['rsa-key-exchange'] },
  { name: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', id: 0xc007, openssl: 'ECDHE-ECDSA-RC4-SHA', kx: 'ECDHE-ECDSA', cipher: 'RC4-128', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rc4'] },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', id: 0xc009, openssl: 'ECDHE-ECDSA-AES128-SHA', kx: 'ECDHE-ECDSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, dg: true },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', id: 0xc00a, openssl: 'ECDHE-ECDSA-AES256-SHA', kx: 'ECDHE-ECDSA', cipher: 'AES-256-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, dg: true },
  { name: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', id: 0xc011, openssl: 'ECDHE-RSA-RC4-SHA', kx: 'ECDHE-RSA', cipher: 'RC4-128', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['rc4'] },
  { name: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', id: 0xc012, openssl: 'ECDHE-RSA-DES-CBC3-SHA', kx: 'ECDHE-RSA', cipher: '3DES-EDE-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, insecure: ['3des'] },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', id: 0xc013, openssl: 'ECDHE-RSA-AES128-SHA', kx: 'ECDHE-RSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, dg: true },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', id: 0xc014, openssl: 'ECDHE-RSA-AES256-SHA', kx: 'ECDHE-RSA', cipher: 'AES-256-CBC', mac: 'HMAC-SHA1', go: 'TLS 1.0-1.2', s: true, g: true, dg: true },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', id: 0xc023, openssl: 'ECDHE-ECDSA-AES128-SHA256', kx: 'ECDHE-ECDSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA256', go: 'TLS 1.2', s: true, g: true, insecure: ['cbc-sha256'] },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', id: 0xc027, openssl: 'ECDHE-RSA-AES128-SHA256', kx: 'ECDHE-RSA', cipher: 'AES-128-CBC', mac: 'HMAC-SHA256', go: 'TLS 1.2', s: true, g: true, insecure: ['cbc-sha256'] },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', id: 0xc02b, openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256', kx: 'ECDHE-ECDSA', cipher: 'AES-128-GCM', mac: 'AEAD', go: 'TLS 1.2', s: true, g: true, ds: true, dg: true },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', id: 0xc02c, openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384', kx: 'ECDHE-ECDSA', cipher: 'AES-256-GCM', mac: 'AEAD', go: 'TLS 1.2', s: true, g: true, ds: true, dg: true },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', id: 0xc02f, openssl: 'ECDHE-RSA-AES128-GCM-SHA256', kx: 'ECDHE-RSA', cipher: 'AES-128-GCM', mac: 'AEAD', go: 'TLS 1.2', s: true, g: true, ds: true, dg: true },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', id: 0xc030, openssl: 'ECDHE-RSA-AES256-GCM-SHA384', kx: 'ECDHE-RSA', cipher: 'AES-256-GCM', mac: 'AEAD', go: 'TLS 1.2', s: true, g: true, ds: true, dg: true },
  // The CHACHA20 pair: same suites, two spellings. The static map used Go's old constant names
  // without "_SHA256"; from 2.12.0 the names come from Go's CipherSuite.Name, which has it.
  { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', id: 0xcca8, openssl: 'ECDHE-RSA-CHACHA20-POLY1305', kx: 'ECDHE-RSA', cipher: 'CHACHA20', mac: 'AEAD (POLY1305)', go: 'TLS 1.2', s: true, g: false, ds: true, other: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256' },
  { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', id: 0xcca9, openssl: 'ECDHE-ECDSA-CHACHA20-POLY1305', kx: 'ECDHE-ECDSA', cipher: 'CHACHA20', mac: 'AEAD (POLY1305)', go: 'TLS 1.2', s: true, g: false, ds: true, other: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256' },
  { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', id: 0xcca8, openssl: 'ECDHE-RSA-CHACHA20-POLY1305', kx: 'ECDHE-RSA', cipher: 'CHACHA20', mac: 'AEAD (POLY1305)', go: 'TLS 1.2', s: false, g: true, dg: true, other: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305' },
  { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', id: 0xcca9, openssl: 'ECDHE-ECDSA-CHACHA20-POLY1305', kx: 'ECDHE-ECDSA', cipher: 'CHACHA20', mac: 'AEAD (POLY1305)', go: 'TLS 1.2', s: false, g: true, dg: true, other: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305' },
  // TLS 1.3 suites: accepted by both lines, listed in the Go line's default, never restrictable.
  { name: 'TLS_AES_128_GCM_SHA256', id: 0x1301, kx: 'TLS 1.3', cipher: 'AES-128-GCM', mac: 'AEAD', go: 'TLS 1.3', s: true, g: true, dg: true },
  { name: 'TLS_AES_256_GCM_SHA384', id: 0x1302, kx: 'TLS 1.3', cipher: 'AES-256-GCM', mac: 'AEAD', go: 'TLS 1.3', s: true, g: true, dg: true },
  { name: 'TLS_CHACHA20_POLY1305_SHA256', id: 0x1303, kx: 'TLS 1.3', cipher: 'CHACHA20', mac: 'AEAD (POLY1305)', go: 'TLS 1.3', s: true, g: true, dg: true },
];

const REASON_TEXT: Readonly<Record<InsecureReason, string>> = {
  'rsa-key-exchange': 'RSA key exchange (no forward secrecy)',
  rc4: 'the broken RC4 stream cipher',
  '3des': '3DES, whose 64-bit blocks are open to Sweet32',
  'cbc-sha256': 'CBC with HMAC-SHA256, which Go implements without Lucky13 countermeasures',
};

/** Why a suite is flagged insecure, in words. */
export function insecureReasonText(reason: InsecureReason): string {
  return REASON_TEXT[reason];
}

function summarize(row: Row): string {
  if (row.kx === 'TLS 1.3') {
    return `TLS 1.3 suite (${row.cipher}). Accepted, but Go does not let a configured list restrict TLS 1.3, so naming it has no effect.`;
  }
  const kx = row.kx === 'RSA' ? 'RSA key exchange' : `${row.kx} key exchange`;
  let text = `TLS 1.2 suite: ${kx}, ${row.cipher} with ${row.mac}.`;
  if (row.insecure && row.insecure.length > 0) {
    text += ` Flagged insecure from 2.12 on: ${row.insecure.map((r) => REASON_TEXT[r]).join('; ')}.`;
  }
  return text;
}

export const CIPHER_SUITES: readonly CipherSuiteInfo[] = ROWS.map((row): CipherSuiteInfo => ({
  name: row.name,
  id: row.id,
  opensslName: row.openssl,
  tlsVersion: row.kx === 'TLS 1.3' ? '1.3' : '1.2',
  goProtocols: row.go,
  keyExchange: row.kx,
  certificateKey: row.kx === 'ECDHE-ECDSA' ? 'ECDSA' : row.kx === 'TLS 1.3' ? 'any' : 'RSA',
  cipher: row.cipher,
  mac: row.mac,
  accepted: { static: row.s, go: row.g },
  defaultIn: { static: row.ds === true, go: row.dg === true },
  insecureReasons: row.insecure ?? [],
  hasEffect: row.kx !== 'TLS 1.3',
  otherSpelling: row.other,
  summary: summarize(row),
}));

/**
 * The static line's default, in nats-server's order (only AEAD ECDHE suites). The Go line's
 * default is Go's `CipherSuites()` order: the three TLS 1.3 ids first, then the ten ECDHE suites.
 */
const STATIC_DEFAULT_ORDER: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];
const GO_DEFAULT_ORDER: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
];

/** The first release whose cipher names come from Go (the `go` line). */
export const GO_CIPHER_NAMES_SINCE = '2.12.0';

/** Which list a target uses. */
export function cipherLineFor(target: ServerVersion): CipherLine {
  return targetIncludes(target, GO_CIPHER_NAMES_SINCE) ? 'go' : 'static';
}

const BY_NAME = new Map(CIPHER_SUITES.map((c) => [c.name, c]));
const BY_LOWER = new Map(CIPHER_SUITES.map((c) => [c.name.toLowerCase(), c]));

/** Every suite name the target accepts, sorted by code point. */
export function ciphersFor(target: ServerVersion): readonly CipherSuiteInfo[] {
  const line = cipherLineFor(target);
  return CIPHER_SUITES.filter((c) => c.accepted[line]).sort(ID_ORDER);
}

/** Exact, case-sensitive check, as nats-server does it. */
export function isKnownCipher(name: string, target: ServerVersion): boolean {
  const info = BY_NAME.get(name);
  return info !== undefined && info.accepted[cipherLineFor(target)];
}

/** The list used when `cipher_suites` is absent, in the server's order. */
export function defaultCiphers(target: ServerVersion): readonly string[] {
  return cipherLineFor(target) === 'go' ? GO_DEFAULT_ORDER : STATIC_DEFAULT_ORDER;
}

/**
 * Facts about a suite, whichever line spells it that way. Exact names win; otherwise a
 * case-insensitive match is returned (the config would still reject the wrong case).
 */
export function cipherInfo(name: string): CipherSuiteInfo | undefined {
  return BY_NAME.get(name) ?? BY_LOWER.get(name.toLowerCase());
}

/** True when the target is ≥ 2.12 and Go flags the suite insecure (needs `allow_insecure_cipher_suites`). */
export function isInsecureCipher(name: string, target: ServerVersion): boolean {
  const info = BY_NAME.get(name);
  return info !== undefined && cipherLineFor(target) === 'go' && info.accepted.go && info.insecureReasons.length > 0;
}

/**
 * The spelling of `name` that the target accepts: `name` itself when it is already valid, the
 * other spelling of the CHACHA20 pair when that is the valid one (matched case-insensitively),
 * otherwise undefined.
 */
export function renamedCipher(name: string, target: ServerVersion): string | undefined {
  if (isKnownCipher(name, target)) return name;
  const info = cipherInfo(name);
  if (info?.otherSpelling && isKnownCipher(info.otherSpelling, target)) return info.otherSpelling;
  return undefined;
}

/**
 * Did-you-mean for an unrecognised cipher name: valid names for the target, best first.
 * A case-insensitive match comes first (its exact spelling), then the renamed CHACHA20 spelling,
 * then the suite whose OpenSSL name was typed, then the nearest names by edit distance.
 */
export function closestCiphers(name: string, target: ServerVersion, n = 3): string[] {
  const valid = ciphersFor(target).map((c) => c.name);
  const preferred: string[] = [];
  const caseMatch = BY_LOWER.get(name.toLowerCase());
  if (caseMatch && isKnownCipher(caseMatch.name, target)) preferred.push(caseMatch.name);
  const renamed = renamedCipher(name, target);
  if (renamed) preferred.push(renamed);
  const byOpenssl = CIPHER_SUITES.find(
    (c) => c.opensslName !== undefined && c.opensslName.toLowerCase() === name.toLowerCase() && c.accepted[cipherLineFor(target)],
  );
  if (byOpenssl) preferred.push(byOpenssl.name);
  return rankSuggestions(name, valid, n, preferred);
}

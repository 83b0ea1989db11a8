/**
 * Reading certificate, key and CA files: as bytes, at most 1 MB, regular files only, cached per
 * file by path + modification time + size so the language server does not read unchanged files
 * again on every keystroke.
 *
 * What nats-server does with them is Go's `tls.X509KeyPair` (cert_file + key_file) and
 * `x509.CertPool.AppendCertsFromPEM` (ca_file); the views below replay their decisions (which
 * PEM blocks count, in which order, with which error) on top of Node's own parsers
 * (`crypto.X509Certificate`, `crypto.createPrivateKey`). Private keys are parsed only to learn
 * their type and size and to derive their public key: nothing of the private key is kept.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'crypto';
import { fromBER, ObjectIdentifier, Sequence } from 'asn1js';
import type { Environment } from '../environment';

/** Files larger than this are not read (a certificate chain is a few kilobytes). */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// PEM

/** One PEM block as Go's `pem.Decode` finds it. */
export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  der: Buffer;
}

const PEM_BLOCK = /(?:^|\n)-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:\r?\n|^)-----END \1-----/g;

/** The PEM blocks of a file in order; blocks Go cannot decode (bad base64) are skipped, as Go does. */
export function pemBlocks(bytes: Uint8Array): PemBlock[] {
  // latin1 keeps every byte as one character: offsets and binary garbage stay harmless.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blocks: PemBlock[] = [];
  PEM_BLOCK.lastIndex = 0;
  for (let m = PEM_BLOCK.exec(text); m; m = PEM_BLOCK.exec(text)) {
    const lines = m[2].split(/\r?\n/);
    const headers: Record<string, string> = {};
    let i = 0;
    for (; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon < 0) break;
      headers[lines[i].slice(0, colon).trim()] = lines[i].slice(colon + 1).trim();
    }
    const body = lines.slice(i).join('').replace(/[ \t\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) continue;
    blocks.push({ type: m[1], headers, der: Buffer.from(body, 'base64') });
  }
  return blocks;
}

function isPrivateKeyType(type: string): boolean {
  return type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');
}

function isEncrypted(block: PemBlock): boolean {
  return block.type === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Certificates and keys

/** What a certificate says, for checks and hovers. */
export interface CertificateInfo {
  x509: X509Certificate;
  subject: string;
  issuer: string;
  /** The subject's common name, when it has one. */
  commonName?: string;
  dnsNames: string[];
  ipAddresses: string[];
  otherNames: string[];
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  /** SHA-256 of the DER certificate, `AB:CD:…` as openssl prints it. */
  fingerprint256: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: what `pinned_certs` holds. */
  spkiSha256: string;
  key: KeyDescription;
  signature: SignatureAlgorithm | undefined;
  isCa: boolean;
  /** Subject and issuer are the same name. */
  selfIssued: boolean;
  /** Extended key usage OIDs; undefined when the certificate has no such extension (any use). */
  extKeyUsage: string[] | undefined;
  /** The DER SubjectPublicKeyInfo, to compare with a private key's public half. */
  spki: Buffer;
}

export interface KeyDescription {
  /** Node's asymmetricKeyType: rsa, rsa-pss, ec, ed25519, ... */
  type: string;
  /** Modulus bits (RSA) or curve bits (EC). */
  bits?: number;
  /** EC curve name as Node knows it (prime256v1, secp384r1, ...). */
  curve?: string;
}

export interface SignatureAlgorithm {
  oid: string;
  /** Readable name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA384. */
  name: string;
  /** The hash, when the algorithm names one: SHA-1, SHA-256, ... */
  hash?: string;
}

/** The result of parsing a private key block (nothing of the key itself is kept). */
export type PrivateKeyResult =
  | { ok: true; key: KeyDescription; spki: Buffer; goAccepts: boolean }
  | { ok: false; encrypted: boolean };

const SIGNATURES: Readonly<Record<string, { name: string; hash?: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'SHA-1' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};

/**
 * The signature algorithm, read with an ASN.1 decoder (Node 20's X509Certificate does not expose
 * it): `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm SEQUENCE { algorithm OID,
 * ... }, signature }` (RFC 5280). The plain DER decoder, not the schema-driven certificate
 * classes built on it: those took some 70 ms and 6 MB to load, on every start of the server and
 * the CLI, for this one field.
 */
function signatureAlgorithmOf(raw: Buffer): SignatureAlgorithm | undefined {
  try {
    const decoded = fromBER(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    const certificate = decoded.offset === -1 ? undefined : decoded.result;
    const algorithm = certificate instanceof Sequence ? certificate.valueBlock.value[1] : undefined;
    const identifier = algorithm instanceof Sequence ? algorithm.valueBlock.value[0] : undefined;
    if (!(identifier instanceof ObjectIdentifier)) return undefined;
    const oid = identifier.valueBlock.toString();
    const known = SIGNATURES[oid];
    return { oid, name: known?.name ?? oid, ...(known?.hash ? { hash: known.hash } : {}) };
  } catch {
    return undefined;
  }
}

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256, 'P-256': 256, secp384r1: 384, 'P-384': 384, secp521r1: 521, 'P-521': 521, secp224r1: 224, 'P-224': 224, secp256k1: 256,
};
/** The curves Go's crypto/x509 parses. */
const GO_CURVES = new Set(['prime256v1', 'P-256', 'secp384r1', 'P-384', 'secp521r1', 'P-521', 'secp224r1', 'P-224']);

export function describeKey(key: KeyObject): KeyDescription {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') return { type, ...(details.modulusLength ? { bits: details.modulusLength } : {}) };
  if (type === 'ec') {
    const curve = details.namedCurve;
    return { type, ...(curve ? { curve } : {}), ...(curve && CURVE_BITS[curve] ? { bits: CURVE_BITS[curve] } : {}) };
  }
  if (type === 'ed25519') return { type, bits: 256 };
  return { type };
}

/** "RSA 2048 bits", "EC P-256 (prime256v1)", "Ed25519". */
export function keyDescriptionText(key: KeyDescription): string {
  switch (key.type) {
    case 'rsa':
      return `RSA ${key.bits ?? '?'} bits`;
    case 'rsa-pss':
      return `RSA-PSS ${key.bits ?? '?'} bits`;
    case 'ec':
      return `EC ${key.curve ?? '?'}${key.bits ? ` (${key.bits} bits)` : ''}`;
    case 'ed25519':
      return 'Ed25519';
    default:
      return key.type.toUpperCase();
  }
}

function goAcceptsKey(key: KeyDescription): boolean {
  return key.type === 'rsa' || key.type === 'ed25519' || (key.type === 'ec' && key.curve !== undefined && GO_CURVES.has(key.curve));
}

/** Parses one CERTIFICATE block; undefined when it is not a certificate Node can read. */
export function parseCertificate(der: Buffer): CertificateInfo | undefined {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  const names = splitAltNames(x509.subjectAltName);
  let legacy: { ext_key_usage?: string[] } = {};
  try {
    legacy = x509.toLegacyObject() as { ext_key_usage?: string[] };
  } catch {
    // keep the defaults
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject)?.[1];
  return {
    x509,
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    ...(cn !== undefined ? { commonName: cn } : {}),
    dnsNames: names.dns,
    ipAddresses: names.ip,
    otherNames: names.other,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    serialNumber: x509.serialNumber,
    fingerprint256: x509.fingerprint256,
    spkiSha256: createHash('sha256').update(spki).digest('hex'),
    key: describeKey(x509.publicKey),
    signature: signatureAlgorithmOf(x509.raw),
    isCa: x509.ca,
    selfIssued: x509.subject === x509.issuer,
    extKeyUsage: legacy.ext_key_usage ? [...legacy.ext_key_usage] : undefined,
    spki,
  };
}

/** Parses a private key block as Go does (PKCS#1, then PKCS#8, then SEC 1), keeping only its description. */
export function parsePrivateKeyBlock(block: PemBlock): PrivateKeyResult {
  if (isEncrypted(block)) return { ok: false, encrypted: true };
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      const key = createPrivateKey({ key: block.der, format: 'der', type });
      const description = describeKey(key);
      const spki = exportPublic(key);
      return { ok: true, key: description, spki, goAccepts: goAcceptsKey(description) };
    } catch {
      // try the next form
    }
  }
  return { ok: false, encrypted: false };
}

/** The public half of a private key (createPublicKey keeps nothing private). */
function exportPublic(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

function splitAltNames(text: string | undefined): { dns: string[]; ip: string[]; other: string[] } {
  const result = { dns: [] as string[], ip: [] as string[], other: [] as string[] };
  if (!text) return result;
  for (const part of text.split(/, (?=[A-Za-z ]+:)/)) {
    if (part.startsWith('DNS:')) result.dns.push(part.slice(4));
    else if (part.startsWith('IP Address:')) result.ip.push(part.slice('IP Address:'.length));
    else result.other.push(part);
  }
  return result;
}

function oneLine(name: string): string {
  return name.split('\n').filter((part) => part !== '').join(', ');
}

// ---------------------------------------------------------------------------------------------
// A file, and what Go makes of it

export interface PemFile {
  size: number;
  blocks: PemBlock[];
  /** Every CERTIFICATE block, parsed (undefined where Node cannot read it), in file order. */
  certificates: Array<CertificateInfo | undefined>;
  /** The first private key block, parsed; undefined when the file has none. */
  privateKey: PrivateKeyResult | undefined;
}

/** Go's `tls.X509KeyPair` view of the certificate input. */
export type CertificateInput =
  | { ok: true; chain: Array<CertificateInfo | undefined> }
  | { ok: false; problem: 'no-pem' | 'switched' | 'no-certificate'; skipped: string[] };

/** Go's `tls.X509KeyPair` view of the key input. */
export type KeyInput =
  | { ok: true; key: PrivateKeyResult }
  | { ok: false; problem: 'no-pem' | 'certificate-instead' | 'no-key'; skipped: string[] };

export function certificateInput(file: PemFile): CertificateInput {
  const skipped = file.blocks.filter((b) => b.type !== 'CERTIFICATE').map((b) => b.type);
  if (file.certificates.length > 0) return { ok: true, chain: file.certificates };
  if (skipped.length === 0) return { ok: false, problem: 'no-pem', skipped };
  if (skipped.length === 1 && skipped[0].endsWith('PRIVATE KEY')) return { ok: false, problem: 'switched', skipped };
  return { ok: false, problem: 'no-certificate', skipped };
}

export function keyInput(file: PemFile): KeyInput {
  const skipped: string[] = [];
  for (const block of file.blocks) {
    if (isPrivateKeyType(block.type)) return { ok: true, key: file.privateKey as PrivateKeyResult };
    skipped.push(block.type);
  }
  if (skipped.length === 0) return { ok: false, problem: 'no-pem', skipped };
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') return { ok: false, problem: 'certificate-instead', skipped };
  return { ok: false, problem: 'no-key', skipped };
}

/** `AppendCertsFromPEM`: CERTIFICATE blocks without headers that parse. */
export function caCertificates(file: PemFile): CertificateInfo[] {
  const result: CertificateInfo[] = [];
  let index = 0;
  for (const block of file.blocks) {
    if (block.type !== 'CERTIFICATE') continue;
    const parsed = file.certificates[index++];
    if (parsed && Object.keys(block.headers).length === 0) result.push(parsed);
  }
  return result;
}

export function parsePemFile(bytes: Uint8Array): PemFile {
  const blocks = pemBlocks(bytes);
  const certificates = blocks.filter((b) => b.type === 'CERTIFICATE').map((b) => parseCertificate(b.der));
  const keyBlock = blocks.find((b) => isPrivateKeyType(b.type));
  return { size: bytes.byteLength, blocks, certificates, privateKey: keyBlock ? parsePrivateKeyBlock(keyBlock) : undefined };
}

// ---------------------------------------------------------------------------------------------
// Loading, with the cache

export type LoadedFile =
  | { ok: true; path: string; file: PemFile }
  | { ok: false; path: string; reason: 'not-found' | 'is-directory' | 'unreadable' | 'too-large' | 'not-a-file'; message: string; size?: number };

interface CacheEntry {
  size: number;
  mtimeMs: number;
  file: PemFile;
}

/** Parsed files per environment (one in the language server), by absolute path. */
const caches = new WeakMap<Environment, Map<string, CacheEntry>>();
const MAX_CACHED_FILES = 256;

/**
 * Reads and parses a certificate/key/CA file; the parsed form is reused while the file's
 * modification time and size stay the same (only a stat per call).
 */
export async function loadPemFile(environment: Environment, path: string): Promise<LoadedFile> {
  const info = await environment.stat(path);
  if (info === undefined) return { ok: false, path, reason: 'not-found', message: `${path} does not exist` };
  if (info.type === 'directory') return { ok: false, path, reason: 'is-directory', message: `${path} is a folder, not a file` };
  if (info.type === 'file' && info.size > MAX_CERTIFICATE_FILE_BYTES) {
    return { ok: false, path, reason: 'too-large', message: `${path} is larger than ${MAX_CERTIFICATE_FILE_BYTES} bytes`, size: info.size };
  }
  let cache = caches.get(environment);
  if (!cache) {
    cache = new Map();
    caches.set(environment, cache);
  }
  const cached = cache.get(path);
  if (cached && info.type === 'file' && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
    // Most recently used last, so the oldest entry is evicted first.
    cache.delete(path);
    cache.set(path, cached);
    return { ok: true, path, file: cached.file };
  }
  const read = await environment.readBytes(path, MAX_CERTIFICATE_FILE_BYTES);
  if (!read.ok) {
    cache.delete(path);
    return { ok: false, path, reason: read.reason, message: read.message, ...(read.size !== undefined ? { size: read.size } : {}) };
  }
  const file = parsePemFile(read.bytes);
  if (info.type === 'file') {
    cache.delete(path);
    cache.set(path, { size: info.size, mtimeMs: info.mtimeMs, file });
    while (cache.size > MAX_CACHED_FILES) cache.delete(cache.keys().next().value as string);
  }
  return { ok: true, path, file };
}

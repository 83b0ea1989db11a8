/**
 * What a hover on a certificate path shows about the file's content: for certificates (cert_file,
 * ca_file) each certificate's subject, names, issuer, validity with days left, key, signature,
 * fingerprints (and the `pinned_certs` value), CA flag and key usages; for a key file only the
 * key's type and size. Never anything of a private key beyond that.
 */
import type { Environment } from '../environment';
import { ekuName } from '../analysis/certificates';
import {
  caCertificates, certificateInput, keyDescriptionText, keyInput, loadPemFile, MAX_CERTIFICATE_FILE_BYTES,
  type CertificateInfo,
} from '../analysis/certificateFiles';
import { bold, bullets, code, escapeMarkdown, sections } from './markdown';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A CA bundle can hold hundreds of certificates; the hover shows the first few. */
const MAX_SHOWN = 5;

/** Markdown sections about the file at `path` (already resolved), for the option `option`. */
export async function certificateContentMarkdown(environment: Environment, option: string, path: string): Promise<string | undefined> {
  const loaded = await loadPemFile(environment, path);
  if (!loaded.ok) {
    if (loaded.reason === 'too-large') return `${bold('Content:')} not read (larger than ${MAX_CERTIFICATE_FILE_BYTES / 1024 / 1024} MB).`;
    return undefined;
  }
  const file = loaded.file;
  if (option === 'key_file') {
    const input = keyInput(file);
    if (!input.ok) {
      return `${bold('Content:')} ${input.problem === 'certificate-instead' ? 'a certificate, not a private key' : 'no PEM private key'}.`;
    }
    if (!input.key.ok) return `${bold('Private key:')} ${input.key.encrypted ? 'encrypted (nats-server cannot use it)' : 'cannot be parsed'}.`;
    return `${bold('Private key:')} ${escapeMarkdown(keyDescriptionText(input.key.key))}.`;
  }
  const now = environment.now();
  if (option === 'ca_file') {
    const cas = caCertificates(file);
    if (cas.length === 0) return `${bold('Content:')} no certificate (nats-server: "failed to parse root ca certificate").`;
    return sections(
      `${bold('CA certificates:')} ${cas.length}`,
      ...cas.slice(0, MAX_SHOWN).map((c, i) => certificateSection(c, cas.length > 1 ? `Certificate ${i + 1}` : 'Certificate', now)),
      cas.length > MAX_SHOWN ? `… and ${cas.length - MAX_SHOWN} more.` : undefined,
    );
  }
  const input = certificateInput(file);
  if (!input.ok) {
    return `${bold('Content:')} ${input.problem === 'switched' ? 'a private key, not a certificate' : 'no PEM certificate'}.`;
  }
  const chain = input.chain;
  return sections(
    chain.length > 1 ? `${bold('Chain:')} ${chain.length} certificates` : undefined,
    ...chain.slice(0, MAX_SHOWN).map((c, i) =>
      c ? certificateSection(c, chain.length > 1 ? (i === 0 ? 'Certificate 1 (this server\'s)' : `Certificate ${i + 1}`) : 'Certificate', now) : `${bold(`Certificate ${i + 1}`)}: cannot be parsed.`,
    ),
    chain.length > MAX_SHOWN ? `… and ${chain.length - MAX_SHOWN} more.` : undefined,
  );
}

function certificateSection(c: CertificateInfo, title: string, now: Date): string {
  const sans = [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((n) => `IP:${n}`), ...c.otherNames];
  return sections(
    bold(title),
    bullets([
      `Subject: ${escapeMarkdown(c.subject)}`,
      `Names (SAN): ${sans.length > 0 ? sans.map(code).join(', ') : 'none'}`,
      `Issuer: ${escapeMarkdown(c.issuer)}${c.selfIssued ? ' (self-issued)' : ''}`,
      `Valid: ${isoDate(c.notBefore)} to ${isoDate(c.notAfter)} (${validity(c, now)})`,
      `Key: ${escapeMarkdown(keyDescriptionText(c.key))}`,
      `Signature: ${escapeMarkdown(c.signature?.name ?? 'unknown')}`,
      `SHA-256 fingerprint: ${code(c.fingerprint256)}`,
      `SPKI SHA-256 (for pinned_certs): ${code(c.spkiSha256)}`,
      `CA: ${c.isCa ? 'yes' : 'no'}`,
      `Extended key usage: ${c.extKeyUsage === undefined ? 'not restricted' : c.extKeyUsage.map(ekuName).join(', ') || 'none'}`,
    ]),
  );
}

function validity(c: CertificateInfo, now: Date): string {
  const t = now.getTime();
  if (c.notBefore.getTime() > t) return `not valid yet: starts in ${Math.ceil((c.notBefore.getTime() - t) / DAY_MS)} days`;
  const left = Math.floor((c.notAfter.getTime() - t) / DAY_MS);
  if (c.notAfter.getTime() < t) return `**expired** ${-left} day${-left === 1 ? '' : 's'} ago`;
  return `${left} day${left === 1 ? '' : 's'} left`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

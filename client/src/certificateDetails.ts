/**
 * "NATS: Show Certificate Details": a Markdown description of a certificate or key file, made
 * with Node's own `crypto.X509Certificate` (no extra library in the client). Pure: bytes in,
 * Markdown out, so it is unit-tested without VS Code. Private key material is never shown:
 * for keys only the kind, size and file mode are reported.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'crypto';

export interface DescribeOptions {
  /** The file's path (the heading and the file-mode advice). */
  path: string;
  /** The file's mode bits (`stat.mode`), when known: keys readable by others get a note. */
  mode?: number;
  /** The clock (tests). */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const EXTENDED_KEY_USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'TLS server (serverAuth)',
  '1.3.6.1.5.5.7.3.2': 'TLS client (clientAuth)',
  '1.3.6.1.5.5.7.3.3': 'code signing',
  '1.3.6.1.5.5.7.3.4': 'e-mail protection',
  '1.3.6.1.5.5.7.3.8': 'time stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP signing',
  '2.5.29.37.0': 'any purpose',
};

const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

interface PemBlock {
  label: string;
  text: string;
}

function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) blocks.push({ label: match[1], text: match[0] });
  return blocks;
}

/** Escapes text for a Markdown table cell or paragraph. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (character) => `\\${character}`).replace(/\r?\n/g, ', ');
}

function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return `ECDSA ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? ''}`.trim();
    case 'rsa':
    case 'rsa-pss':
      return `${key.asymmetricKeyType === 'rsa' ? 'RSA' : 'RSA-PSS'} ${details.modulusLength ?? '?'} bits`;
    default:
      return (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  }
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function validity(certificate: X509Certificate, now: Date): string {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  const range = `${isoDay(from)} to ${isoDay(to)}`;
  if (now < from) return `${range}: **not valid yet**`;
  const daysLeft = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
  if (now > to) return `${range}: **expired ${Math.floor((now.getTime() - to.getTime()) / DAY_MS)} days ago**`;
  if (daysLeft < 30) return `${range}: **expires in ${daysLeft} days**`;
  return `${range} (${daysLeft} days left)`;
}

function isSelfSigned(certificate: X509Certificate): boolean {
  try {
    return certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}

function certificateTable(certificate: X509Certificate, now: Date): string[] {
  const rows: Array<[string, string]> = [
    ['Subject', escapeMarkdown(certificate.subject)],
    ['Issuer', `${escapeMarkdown(certificate.issuer)}${isSelfSigned(certificate) ? ' (self-signed)' : ''}`],
    ['Valid', validity(certificate, now)],
    ['Names (SAN)', certificate.subjectAltName ? escapeMarkdown(certificate.subjectAltName) : 'none'],
    ['Extended key usage', certificate.keyUsage?.length ? certificate.keyUsage.map((oid) => EXTENDED_KEY_USAGES[oid] ?? oid).join(', ') : 'not restricted'],
    ['CA', certificate.ca ? 'yes (may sign certificates)' : 'no'],
    ['Public key', describeKey(certificate.publicKey)],
    ['Serial number', certificate.serialNumber],
    ['SHA-256 fingerprint', certificate.fingerprint256],
  ];
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)];
}

function describePrivateKey(block: PemBlock): string {
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text)) {
    return `An encrypted private key (${block.label}). The key itself is not shown.`;
  }
  try {
    const key = createPrivateKey(block.text);
    return `${describeKey(createPublicKey(key))} private key (${block.label}). The key itself is not shown.`;
  } catch {
    return `A ${block.label} block that cannot be read as a private key.`;
  }
}

function fileModeNote(mode: number | undefined, hasPrivateKey: boolean): string[] {
  if (!hasPrivateKey || mode === undefined || process.platform === 'win32') return [];
  const permissions = mode & 0o777;
  if ((permissions & 0o077) === 0) return [];
  return ['', `File mode ${permissions.toString(8).padStart(4, '0')}: other users can read this private key. \`chmod 600\` keeps it private.`];
}

/** The Markdown shown for a certificate, chain, key or bundle file. */
export function describeCertificateFile(bytes: Uint8Array, options: DescribeOptions): string {
  const now = options.now ?? new Date();
  const name = options.path.split(/[\\/]/).pop() || options.path;
  const lines = [`# ${escapeMarkdown(name)}`, '', `\`${options.path.replace(/`/g, "'")}\``, ''];
  const text = Buffer.from(bytes).toString('latin1');
  const blocks = pemBlocks(text);

  if (blocks.length === 0) {
    try {
      const certificate = new X509Certificate(Buffer.from(bytes)); // DER
      lines.push('## Certificate (DER)', '', ...certificateTable(certificate, now), '', 'nats-server reads PEM files only: convert it with `openssl x509 -inform der -in FILE -out FILE.pem`.');
    } catch {
      lines.push(bytes.length === 0 ? 'The file is empty.' : 'No PEM certificate or key found in this file.');
    }
    return `${lines.join('\n')}\n`;
  }

  const certificates: Array<X509Certificate | undefined> = [];
  let hasPrivateKey = false;
  const certificateCount = blocks.filter((block) => block.label === 'CERTIFICATE').length;
  for (const block of blocks) {
    if (block.label === 'CERTIFICATE') {
      const index = certificates.length + 1;
      lines.push(`## Certificate${certificateCount > 1 ? ` ${index} of ${certificateCount}` : ''}`, '');
      try {
        const certificate = new X509Certificate(block.text);
        const previous = certificates.at(-1);
        certificates.push(certificate);
        lines.push(...certificateTable(certificate, now), '');
        if (previous) {
          const issues = previous.checkIssued(certificate) && previous.verify(certificate.publicKey);
          lines.push(issues ? `Signed certificate ${index - 1}: the chain is in order.` : `**Did not sign certificate ${index - 1}**: the chain is out of order or incomplete.`, '');
        }
      } catch {
        certificates.push(undefined);
        lines.push('This CERTIFICATE block cannot be parsed.', '');
      }
    } else if (/PRIVATE KEY$/.test(block.label)) {
      hasPrivateKey = true;
      lines.push('## Private key', '', describePrivateKey(block), '');
    } else {
      lines.push(`## ${escapeMarkdown(block.label)}`, '', 'Not a certificate or private key.', '');
    }
  }
  lines.push(...fileModeNote(options.mode, hasPrivateKey));
  return `${lines.join('\n').trimEnd()}\n`;
}

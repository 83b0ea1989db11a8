/**
 * Names `curve_preferences` accepts (Go's key exchange groups), per nats-server release.
 *
 * The four classic names were tried against the 2.9.10 binary (accepted), and so were the three
 * post-quantum hybrids and the spellings `P256` / `curvep256` (all rejected with
 * `unrecognized curve preference <name>`). Names are case-sensitive.
 *
 * `SecP256r1MLKEM768` and `SecP384r1MLKEM1024` exist only in nats-server main after v2.14.5, and
 * only in a binary built with Go 1.26 or newer (a build-tag file); main itself currently builds
 * with Go 1.25, which rejects them. We accept them for the 'latest' target only, so a config
 * written for such a build is not flagged, and say so in their descriptions.
 *
 * Sources: nats-config-reference.md §4.2.
 */

import { rankSuggestions } from './suggest';
import { type ServerVersion, targetIncludes } from './versions';

export interface CurveInfo {
  /** The exact, case-sensitive spelling. */
  name: string;
  /** The IANA "supported groups" code point. */
  id: number;
  /** Other names people use for the same group (OpenSSL / RFC spellings), for did-you-mean. */
  otherNames: readonly string[];
  kind: 'classic' | 'post-quantum hybrid';
  /** The first release accepting the name; `2.15.0-dev` = only unreleased main builds (target 'latest'). */
  since: string;
  /** Accepted only when the server binary was built with this Go version or newer. */
  requiresGo?: string;
  /** Our own description for hovers and completion. */
  description: string;
}

export const CURVES: readonly CurveInfo[] = [
  {
    name: 'X25519',
    id: 0x001d,
    otherNames: ['x25519', 'curve25519'],
    kind: 'classic',
    since: '1.0.0',
    description: 'Elliptic-curve Diffie-Hellman over Curve25519. Fast, constant-time, and first in the classic default order.',
  },
  {
    name: 'CurveP256',
    id: 0x0017,
    otherNames: ['P256', 'P-256', 'secp256r1', 'prime256v1'],
    kind: 'classic',
    since: '1.0.0',
    description: 'NIST P-256 (secp256r1, prime256v1). The most widely supported curve; also allowed in FIPS-140 mode.',
  },
  {
    name: 'CurveP384',
    id: 0x0018,
    otherNames: ['P384', 'P-384', 'secp384r1'],
    kind: 'classic',
    since: '1.0.0',
    description: 'NIST P-384 (secp384r1). Larger and slower than P-256; sometimes required by policy.',
  },
  {
    name: 'CurveP521',
    id: 0x0019,
    otherNames: ['P521', 'P-521', 'secp521r1'],
    kind: 'classic',
    since: '1.0.0',
    description: 'NIST P-521 (secp521r1). The largest NIST curve and the slowest of the four.',
  },
  {
    name: 'X25519MLKEM768',
    id: 0x11ec,
    otherNames: ['X25519Kyber768', 'x25519_mlkem768', 'X25519MLKEM'],
    kind: 'post-quantum hybrid',
    since: '2.12.0',
    description:
      'Hybrid key exchange combining X25519 with ML-KEM-768, protecting recorded traffic against a ' +
      'future quantum computer. TLS 1.3 only. Accepted from nats-server 2.12.0 and first in its default order.',
  },
  {
    name: 'SecP256r1MLKEM768',
    id: 0x11eb,
    otherNames: ['secp256r1_mlkem768', 'P256MLKEM768'],
    kind: 'post-quantum hybrid',
    since: '2.15.0-dev',
    requiresGo: '1.26',
    description:
      'Hybrid key exchange combining NIST P-256 with ML-KEM-768. TLS 1.3 only. Only nats-server main ' +
      'after 2.14.5 knows it, and only when built with Go 1.26 or newer; main currently builds with ' +
      'Go 1.25, so a stock build rejects it. Released lines (2.14 and older) reject it.',
  },
  {
    name: 'SecP384r1MLKEM1024',
    id: 0x11ed,
    otherNames: ['secp384r1_mlkem1024', 'P384MLKEM1024'],
    kind: 'post-quantum hybrid',
    since: '2.15.0-dev',
    requiresGo: '1.26',
    description:
      'Hybrid key exchange combining NIST P-384 with ML-KEM-1024. TLS 1.3 only. Only nats-server main ' +
      'after 2.14.5 knows it, and only when built with Go 1.26 or newer; main currently builds with ' +
      'Go 1.25, so a stock build rejects it. Released lines (2.14 and older) reject it.',
  },
];

function acceptedBy(curve: CurveInfo, target: ServerVersion): boolean {
  return targetIncludes(target, curve.since);
}

// Default preference orders when `curve_preferences` is absent. FIPS-140 mode (and the 2.11.11+
// FIPS branch) drops X25519 and puts X25519MLKEM768 first; that build variant is not modelled.
const CLASSIC_DEFAULT = ['X25519', 'CurveP256', 'CurveP384', 'CurveP521'] as const;
const GO125_DEFAULT = ['X25519MLKEM768', 'X25519', 'CurveP256', 'CurveP384', 'CurveP521'] as const;
/** main built with Go ≥ 1.26 (not the stock build); documented, not used as a target default. */
export const GO126_MAIN_DEFAULT_CURVES: readonly string[] = [
  'X25519MLKEM768',
  'SecP384r1MLKEM1024',
  'SecP256r1MLKEM768',
  'X25519',
  'CurveP256',
  'CurveP384',
  'CurveP521',
];

/** Every curve name the target accepts, in table order. */
export function curvesFor(target: ServerVersion): readonly CurveInfo[] {
  return CURVES.filter((c) => acceptedBy(c, target));
}

/** Exact, case-sensitive check, as nats-server does it. */
export function isKnownCurve(name: string, target: ServerVersion): boolean {
  const info = CURVES.find((c) => c.name === name);
  return info !== undefined && acceptedBy(info, target);
}

/**
 * The order used when `curve_preferences` is absent. 'latest' gives the stock (Go 1.25) build's
 * order; see `GO126_MAIN_DEFAULT_CURVES` for a Go 1.26 build of main.
 */
export function defaultCurves(target: ServerVersion): readonly string[] {
  return targetIncludes(target, '2.12.0') ? GO125_DEFAULT : CLASSIC_DEFAULT;
}

/** Facts about a curve name: exact spelling first, then case-insensitive. */
export function curveInfo(name: string): CurveInfo | undefined {
  return CURVES.find((c) => c.name === name) ?? CURVES.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

/**
 * Did-you-mean for an unrecognised curve name: valid names for the target, best first. A
 * case-insensitive match or a known other name (`P256`, `secp384r1`, `P-521`) comes first, then
 * the nearest valid names by edit distance.
 */
export function closestCurves(name: string, target: ServerVersion, n = 3): string[] {
  const valid = curvesFor(target).map((c) => c.name);
  const lower = name.toLowerCase();
  const preferred = CURVES.filter(
    (c) => c.name.toLowerCase() === lower || c.otherNames.some((o) => o.toLowerCase() === lower),
  ).map((c) => c.name);
  return rankSuggestions(name, valid, n, preferred);
}

/**
 * What counts as a secret, for every feature that shows values (hover, completion details, the
 * outline): one rule, so a value hidden in one place is never shown in another.
 */

/** Key and variable names whose values are secrets (passwords, tokens, nkey seeds, JWTs, ...), common misspellings included. */
const SECRET_NAME = /pass|pasw|pwd|toke?n|secret|seed|nkey|private|cred|api_?key|encryption|signing|jwt/i;

/** Values that are secrets whatever their name: bcrypt hashes and nkey seeds. */
const SECRET_VALUE = /^(\$2[aby]?\$|S[A-Z][A-Z2-7]{50,})/;

/** Shown instead of a secret value. */
export const SECRET_MASK = '••••••';

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function looksSecretValue(value: string): boolean {
  // Both shapes start with `$` or `S`: most values are passed over without the regular expression.
  const first = value.charCodeAt(0);
  return (first === 36 || first === 83) && SECRET_VALUE.test(value);
}

/** Names that look secret but whose values are not: limits, cookie names, a credentials file's path. */
const NOT_A_SECRET_VALUE = /cookie|^max_|_position$|^creds$|^credentials$/i;

/** Keys whose value itself is a secret (what diagnostics must never quote). */
export function holdsSecretValue(name: string): boolean {
  return looksSecretName(name) && !NOT_A_SECRET_VALUE.test(name);
}

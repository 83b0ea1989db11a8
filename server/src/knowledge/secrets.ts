/**
 * What counts as a secret, for every feature that shows values (hover, completion details, the
 * outline): one rule, so a value hidden in one place is never shown in another.
 */

/** Key and variable names whose values are secrets (passwords, tokens, nkey seeds, JWTs, ...). */
const SECRET_NAME = /pass|token|secret|seed|nkey|private|cred|api_?key|encryption|signing|jwt/i;

/** Values that are secrets whatever their name: bcrypt hashes and nkey seeds. */
const SECRET_VALUE = /^(\$2[aby]?\$|S[A-Z][A-Z2-7]{50,})/;

/** Shown instead of a secret value. */
export const SECRET_MASK = '••••••';

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function looksSecretValue(value: string): boolean {
  return SECRET_VALUE.test(value);
}

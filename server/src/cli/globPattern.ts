/**
 * The small glob language of `ignore` in .nats-conf-lint.json and `--ignore`: `*` (any run of
 * characters within one path segment), `?` (one character), `**` (any number of whole
 * segments), always with `/` separators. A pattern without a `/` matches a name at any depth,
 * as in .gitignore; one with a `/` matches from the base folder. A trailing `/` is dropped:
 * a pattern that matches a folder skips everything inside it.
 */

export interface GlobPattern {
  /** The pattern as written, for messages. */
  source: string;
  matches(relativePath: string): boolean;
}

/** `anchored`: match from the base folder even without a `/` (a command-line glob, as a shell reads it). */
export function compileGlob(source: string, options: { anchored?: boolean } = {}): GlobPattern {
  let pattern = source.replace(/\\/g, '/').replace(/\/+$/, '');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  const anchored = options.anchored === true || pattern.includes('/');
  if (!anchored) pattern = `**/${pattern}`;
  const expression = new RegExp(`^${translate(pattern)}$`);
  return { source, matches: (relativePath) => expression.test(relativePath.replace(/\\/g, '/')) };
}

/** A glob as a regular expression body. */
function translate(pattern: string): string {
  let out = '';
  const segments = pattern.split('/');
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // Zero or more whole segments, each followed by `/` unless it ends the pattern.
      out += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    for (const char of segment) {
      if (char === '*') out += '[^/]*';
      else if (char === '?') out += '[^/]';
      else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (!last) out += '/';
  });
  return out;
}

/** True when an argument asks for glob expansion (a shell that did not expand it passed it on). */
export function hasGlobCharacters(argument: string): boolean {
  return /[*?]/.test(argument);
}

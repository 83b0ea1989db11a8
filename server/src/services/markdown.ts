/** Small builders for the markdown of hovers, so texts from the config never break the markup. */

/** `text` as inline code; a text containing backticks gets a longer fence, as CommonMark allows. */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain text with markdown's special characters escaped (file names, values from the config). */
export function escapeMarkdown(text: string): string {
  // Underscores inside a word never start emphasis, so `cipher_suites` stays readable.
  return text.replace(/[\\`*{}[\]#|<>~]/g, (c) => `\\${c}`).replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (match) => match.replace('_', '\\_'));
}

export function bold(text: string): string {
  return `**${text}**`;
}

export function link(label: string, url: string): string {
  return `[${label}](${url})`;
}

/** Joins sections with blank lines, skipping empty ones. */
export function sections(...parts: Array<string | undefined | false>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n\n');
}

/** A bullet list; empty when there are no items. */
export function bullets(items: ReadonlyArray<string | undefined | false>): string {
  return items.filter((item): item is string => typeof item === 'string' && item !== '').map((item) => `- ${item}`).join('\n');
}

/** `1073741824` → `1,073,741,824`. */
export function formatInteger(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

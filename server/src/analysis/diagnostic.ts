import type { Range, RelatedInformation, Severity } from '../parser/ast';

/** A finding of the analysis, independent of LSP; `server.ts` and `cli.ts` translate it. */
export interface Diagnostic {
  /** Stable identifier (documented in the README); drives severities and quick fixes. */
  code: string;
  message: string;
  severity: Severity;
  range: Range;
  source: 'nats-conf';
  related?: RelatedInformation[];
  /** What a quick fix needs, so fixes never re-read the text. */
  data?: unknown;
}

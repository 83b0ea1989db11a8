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

/** A problem as the analysis records it, before it becomes a {@link Diagnostic}. */
export interface RecordedProblem {
  code: string;
  message: string;
  severity: Severity;
  range: Range;
  related?: RelatedInformation[];
  data?: unknown;
}

/** The diagnostic of a problem: related information and data only when there are any. */
export function diagnosticOf(problem: RecordedProblem): Diagnostic {
  const diagnostic: Diagnostic = { code: problem.code, message: problem.message, severity: problem.severity, range: problem.range, source: 'nats-conf' };
  if (problem.related && problem.related.length > 0) diagnostic.related = problem.related;
  if (problem.data !== undefined) diagnostic.data = problem.data;
  return diagnostic;
}

/** The README row of a diagnostic code (README tables, the CLI's SARIF rules). */
export interface CodeDoc<Code extends string = string> {
  code: Code;
  /** The usual severity; `error` always means nats-server refuses the config. */
  severity: Severity | 'warning or information';
  /** One line, for the README. */
  description: string;
  /** A config line that produces it. */
  example: string;
}

/**
 * What `nats-conf-lint` found, and the text, JSON and GitLab Code Quality forms of it (SARIF
 * is in sarif.ts). Findings come from our analysis (`nats-conf`) or from `nats-server -t`.
 */
import { createHash } from 'crypto';
import path from 'path';
import type { Severity } from '../parser/ast';

export interface LintRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface LintFinding {
  /** The file as printed (as given on the command line, or found below a folder argument). */
  display: string;
  absolutePath: string;
  /** 0-based, UTF-16 columns, as in LSP. */
  range: LintRange;
  severity: Severity;
  code: string;
  message: string;
  source: 'nats-conf' | 'nats-server';
  related: { absolutePath: string; range: LintRange; message: string }[];
}

/** A finding in the JSON output: positions are 0-based, as in LSP. */
interface JsonFinding {
  file: string;
  range: LintRange;
  severity: Severity;
  code: string;
  message: string;
  source: LintFinding['source'];
}

function comparePositions(a: LintRange['start'], b: LintRange['start']): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * By file path, then position; our findings before nats-server's at the same place; then by
 * code and message, so the order never depends on the order the checks finished in.
 */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  if (a.absolutePath !== b.absolutePath) return a.absolutePath < b.absolutePath ? -1 : 1;
  return comparePositions(a.range.start, b.range.start)
    || comparePositions(a.range.end, b.range.end)
    || (a.source === b.source ? 0 : a.source === 'nats-conf' ? -1 : 1)
    || compareText(a.code, b.code)
    || compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line:col: severity: message [code]`, 1-based. */
export function formatText(finding: LintFinding): string {
  const { line, character } = finding.range.start;
  return `${finding.display}:${line + 1}:${character + 1}: ${finding.severity}: ${finding.message} [${finding.code}]`;
}

export function formatJson(findings: readonly LintFinding[]): string {
  const out: JsonFinding[] = findings.map((finding) => ({
    file: finding.display,
    range: { start: { ...finding.range.start }, end: { ...finding.range.end } },
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
    source: finding.source,
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

const GITLAB_SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

/**
 * GitLab's Code Quality report (a JSON array; `artifacts: reports: codequality`). Paths are
 * relative to `rootFolder` (the repository root in a CI job). The fingerprint leaves out the
 * line, so a finding keeps it when lines above it move; the count of equal findings before it
 * keeps fingerprints unique.
 */
export function formatGitlab(findings: readonly LintFinding[], rootFolder: string): string {
  const occurrences = new Map<string, number>();
  const out = findings.map((finding) => {
    const relative = path.relative(rootFolder, finding.absolutePath).split(path.sep).join('/');
    const identity = `${relative}\0${finding.code}\0${finding.message}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${identity}\0${occurrence}`).digest('hex');
    return {
      description: finding.message,
      check_name: finding.code,
      fingerprint,
      severity: GITLAB_SEVERITY[finding.severity],
      location: { path: relative, lines: { begin: finding.range.start.line + 1 } },
    };
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * What every service receives: the document's analysis (one per document version, shared by
 * all requests), the environment for file access, and helpers to move between positions and
 * offsets in the analysed text.
 */
import * as nodePath from 'path';
import type { Environment } from '../environment';
import type { Analysis } from '../languageService';
import type { Position } from '../parser/ast';

export interface ServiceContext {
  analysis: Analysis;
  environment: Environment;
}

/** The offset of a position in the analysed text (clamped to the text). */
export function offsetAt(analysis: Analysis, position: Position): number {
  const starts = analysis.tree.lineStarts;
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return analysis.document.text.length;
  const lineStart = starts[position.line];
  const nextStart = position.line + 1 < starts.length ? starts[position.line + 1] : analysis.document.text.length;
  return Math.max(lineStart, Math.min(lineStart + position.character, nextStart));
}

/**
 * The folder relative certificate paths are resolved against: `natsConf.paths.base` /
 * `--cwd` when set, else the config file's own folder. nats-server itself uses its working
 * directory, which is why this is a setting.
 */
export function pathBase(analysis: Analysis): string | undefined {
  if (analysis.settings.pathBase) return analysis.settings.pathBase;
  return analysis.document.path ? nodePath.dirname(analysis.document.path) : undefined;
}

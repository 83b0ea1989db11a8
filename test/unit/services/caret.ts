/**
 * Service tests write a config with `|` where the cursor is; `analyzeAt` removes the marker,
 * analyses the rest and hands back the cursor position and the language service.
 */
import type { Position } from '../../../server/src/parser/ast';
import {
  createLanguageService,
  type Analysis,
  type AnalysisSettings,
  type LanguageService,
  type LanguageServiceOptions,
} from '../../../server/src/languageService';
import type { Environment } from '../../../server/src/environment';
import { fakeEnvironment, type FakeFile } from '../analysis/helpers';

export const CARET = '|';

export interface CaretOptions {
  /** Default /conf/main.conf; `undefined` analyses an untitled document. */
  path?: string;
  files?: Record<string, FakeFile>;
  env?: Record<string, string>;
  settings?: Partial<AnalysisSettings>;
  service?: LanguageServiceOptions;
  environment?: Environment;
}

export interface CaretResult {
  analysis: Analysis;
  position: Position;
  service: LanguageService;
  /** The text without the marker. */
  text: string;
}

/** Splits `marked` at its single `|` into the text and the cursor position. */
export function splitCaret(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CARET);
  if (offset < 0 || marked.indexOf(CARET, offset + 1) >= 0) throw new Error('the text needs exactly one | marking the cursor');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  return {
    text: before + marked.slice(offset + 1),
    position: { line, character: offset - (before.lastIndexOf('\n') + 1) },
  };
}

export async function analyzeAt(marked: string, options: CaretOptions = {}): Promise<CaretResult> {
  const { text, position } = splitCaret(marked);
  const environment = options.environment ?? fakeEnvironment(options.files, options.env);
  const service = createLanguageService(environment, options.service);
  const path = 'path' in options ? options.path : '/conf/main.conf';
  const uri = path !== undefined ? `file://${path}` : 'untitled:Untitled-1';
  const analysis = await service.analyze({ uri, path, text }, options.settings);
  return { analysis, position, service, text };
}

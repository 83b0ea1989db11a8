/**
 * The language service: the analysis (analyzer.ts) plus the editor features built on it —
 * hover, completion, code actions, outline, folding, selection ranges, links, definition.
 */
import type { Environment } from './environment';
import type {
  CodeAction, CompletionList, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, SelectionRange,
} from 'vscode-languageserver-types';
import type { Position } from './parser/ast';
import { hover } from './services/hover';
import { complete } from './services/completion';
import { codeActions, type CodeActionRequest } from './services/codeActions';
import { documentSymbols, foldingRanges, selectionRanges } from './services/structure';
import { definition, documentLinks } from './services/links';

import { createAnalyzer, type Analysis, type AnalyzerOptions, type Analyzer } from './analyzer';

export * from './analyzer';
export type { CodeActionRequest };

/** Include caps and the like (tests lower them). */
export type LanguageServiceOptions = AnalyzerOptions;

export interface LanguageService extends Analyzer {
  hover(analysis: Analysis, position: Position): Promise<Hover | undefined>;
  complete(analysis: Analysis, position: Position): Promise<CompletionList>;
  codeActions(analysis: Analysis, request: CodeActionRequest): Promise<CodeAction[]>;
  documentSymbols(analysis: Analysis): DocumentSymbol[];
  foldingRanges(analysis: Analysis): FoldingRange[];
  selectionRanges(analysis: Analysis, positions: Position[]): SelectionRange[];
  documentLinks(analysis: Analysis): Promise<DocumentLink[]>;
  definition(analysis: Analysis, position: Position): Promise<Location[]>;
}

export function createLanguageService(environment: Environment, options: LanguageServiceOptions = {}): LanguageService {
  // An editor analyzes after each edit: the checks of the blocks an edit cannot change are kept.
  const analyzer = createAnalyzer(environment, { recheckEdits: true, ...options });
  const context = (analysis: Analysis) => ({ analysis, environment });
  return {
    analyze: analyzer.analyze,
    validate: analyzer.validate,
    hover: (analysis, position) => hover(context(analysis), position),
    complete: (analysis, position) => complete(context(analysis), position),
    codeActions: (analysis, request) => codeActions(context(analysis), request),
    documentSymbols: (analysis) => documentSymbols(context(analysis)),
    foldingRanges: (analysis) => foldingRanges(context(analysis)),
    selectionRanges: (analysis, positions) => selectionRanges(context(analysis), positions),
    documentLinks: (analysis) => documentLinks(context(analysis)),
    definition: (analysis, position) => definition(context(analysis), position),
  };
}

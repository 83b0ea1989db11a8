/** The document's structure: outline symbols, folding ranges and selection ranges. */
import type { DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver-types';
import type { Position } from '../parser/ast';
import type { ServiceContext } from './context';

export function documentSymbols(context: ServiceContext): DocumentSymbol[] {
  void context;
  return [];
}

export function foldingRanges(context: ServiceContext): FoldingRange[] {
  void context;
  return [];
}

export function selectionRanges(context: ServiceContext, positions: Position[]): SelectionRange[] {
  void context;
  return positions.map((position) => ({ range: { start: position, end: position } }));
}

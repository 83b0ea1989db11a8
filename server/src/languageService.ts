import type { Environment } from './environment';
import type { Diagnostic } from './analysis/diagnostic';
import { parse } from './parser/parser';

export type ServerVersion = '2.9' | '2.10' | '2.11' | '2.12' | '2.14' | 'latest';
export const SERVER_VERSIONS: readonly ServerVersion[] = ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest'];

export interface AnalysisSettings {
  /** The nats-server release line the config is checked against. */
  serverVersion: ServerVersion;
}

export const DEFAULT_SETTINGS: AnalysisSettings = { serverVersion: 'latest' };

export interface SourceDocument {
  uri: string;
  /** File-system path of the document, when it has one; includes resolve against its folder. */
  path?: string;
  text: string;
  version?: number;
}

export interface LanguageService {
  /** Every diagnostic for the document, in document order. Never throws. */
  validate(document: SourceDocument, settings?: Partial<AnalysisSettings>): Promise<Diagnostic[]>;
}

export function createLanguageService(environment: Environment): LanguageService {
  void environment;
  return {
    async validate(document) {
      const tree = parse(document.text);
      return tree.errors.map((problem) => ({
        code: problem.code,
        message: problem.message,
        severity: problem.severity,
        range: problem.range,
        source: 'nats-conf' as const,
        related: problem.related,
      }));
    },
  };
}

/**
 * `--format sarif`: a SARIF 2.1.0 log as GitHub code scanning reads it. One run; findings of
 * nats-server (`--validate-with-server`) are results of the same run under their own rule ids
 * (`nats-server-*`), so one upload shows both. Paths are relative to the folder the linter ran
 * in, under the `%SRCROOT%` base, which code scanning resolves to the repository root.
 */
import path from 'path';
import { pathToFileURL } from 'url';
import type { Severity } from '../parser/ast';
import { ruleCatalog, type RuleDoc } from './ruleCatalog';
import type { LintFinding } from './report';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

export interface SarifInput {
  toolVersion: string;
  /** The folder relative URIs are taken from (the linter's current folder). */
  rootFolder: string;
  /** Absolute paths of the files checked, in report order. */
  checkedFiles: readonly string[];
  findings: readonly LintFinding[];
  /** Problems that kept files from being checked (unreadable, nats-server not run). */
  notifications: readonly { message: string; file?: string }[];
}

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export function buildSarifLog(input: SarifInput): object {
  const artifacts: { location: ArtifactLocation }[] = [];
  const artifactIndex = new Map<string, number>();
  const artifactLocation = (absolutePath: string): ArtifactLocation => {
    let index = artifactIndex.get(absolutePath);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(absolutePath, index);
      artifacts.push({ location: locationUri(absolutePath, input.rootFolder) });
    }
    return { ...locationUri(absolutePath, input.rootFolder), index };
  };
  for (const file of input.checkedFiles) artifactLocation(file);

  const catalog = ruleCatalog();
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (finding: LintFinding): number => {
    let index = ruleIndex.get(finding.code);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(finding.code, index);
      rules.push(ruleDescriptor(finding, catalog.get(finding.code)));
    }
    return index;
  };

  const results = input.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.code,
      ruleIndex: ruleFor(finding),
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.absolutePath), region: region(finding.range) } }],
    };
    if (finding.related.length > 0) {
      result.relatedLocations = finding.related.map((related, index) => ({
        id: index + 1,
        message: { text: related.message },
        physicalLocation: { artifactLocation: artifactLocation(related.absolutePath), region: region(related.range) },
      }));
    }
    return result;
  });

  const notifications = input.notifications.map((notification) => ({
    level: 'error',
    message: { text: notification.message },
    ...(notification.file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(notification.file) } }] } : {}),
  }));

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nats-conf-lint',
            version: input.toolVersion,
            ...(/^\d+\.\d+\.\d+/.test(input.toolVersion) ? { semanticVersion: input.toolVersion } : {}),
            rules,
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(input.rootFolder) } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function ruleDescriptor(finding: LintFinding, doc: RuleDoc | undefined): object {
  const description = doc?.description ?? (finding.source === 'nats-server' ? 'A problem nats-server -t reported.' : 'A problem nats-conf-lint reported.');
  const example = doc?.example ? `Example: ${doc.example}` : '';
  const where = doc ? `Documented in the vscode-nats-conf README under ${doc.readmeSection}.` : '';
  const how = finding.source === 'nats-server'
    ? 'Reported by nats-server -t (--validate-with-server).'
    : 'Change its level with --severity CODE=LEVEL or "severity" in .nats-conf-lint.json.';
  const source = [where, how].filter(Boolean).join(' ');
  return {
    id: finding.code,
    shortDescription: { text: description },
    fullDescription: { text: example ? `${description} ${example}` : description },
    help: {
      text: [description, example, source].filter(Boolean).join('\n\n'),
      markdown: [description, doc?.example ? `Example: \`${doc.example.replace(/`/g, "'")}\`` : '', source].filter(Boolean).join('\n\n'),
    },
    defaultConfiguration: { level: sarifLevel(doc?.severity ?? finding.severity) },
    properties: { tags: [finding.source === 'nats-server' ? 'nats-server' : 'nats-conf'] },
  };
}

/** SARIF regions are 1-based; an end column is the column after the last character. */
function region(range: LintFinding['range']): object {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Relative to the root under `%SRCROOT%` when inside it; otherwise an absolute file URI. */
function locationUri(absolutePath: string, rootFolder: string): ArtifactLocation {
  const relative = path.relative(rootFolder, absolutePath);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  }
  return { uri: pathToFileURL(absolutePath).href };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

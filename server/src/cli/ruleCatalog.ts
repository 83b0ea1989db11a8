/**
 * One entry per diagnostic code, for tools that describe rules apart from their findings (the
 * SARIF `rules` of `nats-conf-lint --format sarif`). TLS and certificate codes come from their
 * own documentation tables; the rest are described here. test/cli/cliSarif.test.ts checks that
 * every code the analysis can report has an entry.
 */
import { SyntaxCode } from '../parser/syntaxCodes';
import { IncludeCode } from '../analysis/includes';
import { VariableCode } from '../analysis/resolve';
import { SchemaCode } from '../analysis/schemaRules';
import { TLS_CODE_DOCS } from '../analysis/tlsRules';
import { CERT_CODE_DOCS } from '../analysis/certificates';
import { NatsServerCode } from '../natsServer/verdict';
import type { Severity } from '../parser/ast';

export interface RuleDoc {
  code: string;
  /** The usual severity; codes reported at two levels list the higher one. */
  severity: Severity;
  /** One line. */
  description: string;
  /** A config line that produces it ('' when none can be written down). */
  example: string;
  /** The README's "Diagnostic codes" table that lists the code, by heading. */
  readmeSection: string;
}

type Entry = [code: string, severity: Severity, description: string, example: string];

const SYNTAX_SECTION = 'Diagnostic codes';

const GENERAL_RULES: readonly Entry[] = [
  [SyntaxCode.unexpectedEof, 'error', 'The file ends inside a statement, string or quoted key.', 'password: "secret'],
  [SyntaxCode.expectedValueEnd, 'error', 'Two settings on one line without `;`, `,` or a newline between them.', 'port: 4222 http_port: 8222'],
  [SyntaxCode.unexpectedSeparator, 'error', 'A line starts with `=` or `:`, so its key is missing.', '= 4222'],
  [SyntaxCode.unterminatedInclude, 'error', 'The quoted path of an `include` is never closed.', 'include "other.conf'],
  [SyntaxCode.invalidIncludeValue, 'error', '`include` is followed by something other than a path.', 'include ["a.conf"]'],
  [SyntaxCode.floatLeadingDot, 'error', 'A number starts with `.`.', 'timeout: .5'],
  [SyntaxCode.floatMissingDigit, 'error', 'A number ends in `.`.', 'timeout: 1.'],
  [SyntaxCode.missingValue, 'error', 'The line ends right after `key =` at the top level.', 'port ='],
  [SyntaxCode.arrayLeadingComma, 'error', 'A `,` stands where an array element should be.', 'routes: [ , "nats://a:6222" ]'],
  [SyntaxCode.arrayValueEnd, 'error', 'Array elements are not separated by `,` or a newline.', 'cipher_suites: [ "A" "B" ]'],
  [SyntaxCode.arrayEndInMap, 'error', 'A `]` stands where a map key should be.', 'tls { ] }'],
  [SyntaxCode.unterminatedMap, 'error', 'A `{` is never closed.', 'tls {'],
  [SyntaxCode.unterminatedMapKey, 'error', 'The file ends inside a quoted key of a map.', 'tls { "cert_file'],
  [SyntaxCode.mapLeadingComma, 'error', 'A `,` stands where a map value should be.', 'tls { verify: , }'],
  [SyntaxCode.mapValueEnd, 'error', 'Map entries are not separated by `,`, `;` or a newline.', 'tls { verify: true timeout: 2 }'],
  [SyntaxCode.unterminatedBlock, 'error', 'A raw `( ... )` block whose `)` never stands alone at the start of a line.', 'description: ('],
  [SyntaxCode.invalidEscape, 'error', 'An escape other than \\t \\n \\r \\" \\\\ \\xHH in a double-quoted or bare string.', 'name: "a\\q"'],
  [SyntaxCode.invalidHexEscape, 'error', '`\\x` is not followed by two hexadecimal digits.', 'name: "\\x4g"'],
  [SyntaxCode.expectedDigit, 'error', 'A `-` is not followed by a digit.', 'port: -x'],
  [SyntaxCode.invalidDateTime, 'error', 'A date not in `YYYY-MM-DDTHH:MM:SSZ` form, or not a real date.', 'start: 2024-01-01T00:00:00'],
  [SyntaxCode.blockValueEnd, 'error', 'Reserved for the block-level messages of nats-server 2.10.16 and later.', ''],
  [SyntaxCode.integerOutOfRange, 'error', 'An integer outside 64 bits.', 'max_payload: 99999999999999999999'],
  [SyntaxCode.floatOutOfRange, 'error', 'A number too large for a 64-bit float.', ''],
  [SyntaxCode.danglingKey, 'error', 'The file ends with a key that has no value (nats-server 2.9.22 and later reject it).', 'http_port'],
  [SyntaxCode.keyWithoutValue, 'warning', 'A key with no value before its map\'s `}`: nats-server pairs it with the map itself, and keys after it with the wrong values.', 'tls { verify }'],
  [SyntaxCode.droppedValue, 'warning', 'A size suffix nats-server accepts but silently drops the value for.', 'max_payload: 1kbb'],
  [SyntaxCode.nulByte, 'warning', 'A NUL byte: nats-server stops reading there or fails with "Unexpected EOF".', ''],
  [IncludeCode.notFound, 'error', 'The included file does not exist (paths are relative to the including file\'s folder).', 'include "missing.conf"'],
  [IncludeCode.unreadable, 'error', 'The included path is a folder, unreadable or too large.', 'include ""'],
  [IncludeCode.cycle, 'error', 'Files include each other in a loop (nats-server 2.9.10 crashes).', ''],
  [IncludeCode.parseError, 'error', 'The included file has a syntax or variable error of its own.', 'include "broken.conf"'],
  [IncludeCode.limit, 'warning', 'More than 1,000 nested or 20,000 included files; the rest is not checked.', ''],
  [IncludeCode.unresolved, 'information', 'The includes of an unsaved document cannot be resolved.', ''],
  [VariableCode.undefined, 'error', '`$NAME` is defined neither by an earlier key in an enclosing block nor in the environment.', 'port: $PORT'],
  [VariableCode.parseError, 'error', 'The environment variable\'s value is not a valid config value.', ''],
  [VariableCode.cycle, 'error', 'Environment variables refer to each other in a loop (nats-server 2.9.10 crashes).', ''],
  ['syntax-internal-error', 'error', 'The checker itself failed on this file; please report it.', ''],
];

const SCHEMA_SECTION = 'Diagnostic codes › Keys and values (the whole config)';

const SCHEMA_RULES: readonly Entry[] = [
  [SchemaCode.unknownField, 'error', 'A key the block does not have (nats-server: `unknown field`).', 'prot: 4222'],
  [SchemaCode.fieldTooNew, 'error', 'A key introduced after the targeted nats-server release.', 'tls { min_version: "1.3" } on 2.9'],
  [SchemaCode.wrongType, 'error', 'A value of a kind the key does not take.', 'http_port: "8222"'],
  [SchemaCode.deprecatedForm, 'error', 'A form nats-server reads with a warning, which makes `nats-server -t` fail.', 'ping_interval: 60'],
  [SchemaCode.deprecatedKey, 'warning', 'A deprecated key: newer nats-server releases warn about it.', 'cluster { authorization { permissions { } } }'],
  [SchemaCode.ignoredField, 'warning', 'A key the block silently ignores (exact-case maps such as `resolver`).', 'resolver { Dir: "./jwt" }'],
];

/** What `--validate-with-server` adds: nats-server's own verdict, by the kind of message it printed. */
const NATS_SERVER_RULES: readonly Entry[] = [
  [NatsServerCode.Error, 'error', 'nats-server -t refused an option at this position.', ''],
  [NatsServerCode.Warning, 'warning', 'nats-server -t reported a problem that makes the check fail while the server still starts (such as "invalid use of field").', ''],
  [NatsServerCode.ParseError, 'error', 'nats-server\'s config parser stopped at this line.', ''],
  [NatsServerCode.IncludeError, 'error', 'nats-server could not open an included file.', ''],
  [NatsServerCode.Refused, 'error', 'nats-server refused the file without naming a position.', ''],
];

function fromEntries(entries: readonly Entry[], readmeSection: string): RuleDoc[] {
  return entries.map(([code, severity, description, example]) => ({ code, severity, description, example, readmeSection }));
}

/** `warning or information` in the TLS and certificate tables: the rule's usual level is the higher one. */
function usualSeverity(severity: Severity | 'warning or information'): Severity {
  return severity === 'warning or information' ? 'warning' : severity;
}

/** Markdown in the code tables reads fine as text once its backticks are gone. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

let catalog: Map<string, RuleDoc> | undefined;

/** Every documented code, by code. */
export function ruleCatalog(): ReadonlyMap<string, RuleDoc> {
  if (!catalog) {
    const rules: RuleDoc[] = [
      ...fromEntries(GENERAL_RULES, SYNTAX_SECTION),
      ...fromEntries(SCHEMA_RULES, SCHEMA_SECTION),
      ...fromEntries(NATS_SERVER_RULES, "Diagnostic codes › nats-server's own verdict"),
      ...TLS_CODE_DOCS.map((doc) => ({ code: doc.code, severity: usualSeverity(doc.severity), description: sentence(doc.description), example: doc.example, readmeSection: 'Diagnostic codes › TLS' })),
      ...CERT_CODE_DOCS.map((doc) => ({ code: doc.code, severity: usualSeverity(doc.severity), description: sentence(doc.description), example: doc.example, readmeSection: 'Diagnostic codes › Certificates' })),
    ];
    catalog = new Map(rules.map((rule) => [rule.code, rule]));
  }
  return catalog;
}

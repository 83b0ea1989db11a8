/**
 * nats-conf-lint: the language server's checks on the command line, for CI and pre-commit hooks.
 * Exit codes: 0 no errors, 1 at least one error, 2 bad usage or an input that cannot be read.
 */
import path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from './analysis/diagnostic';
import type { Position } from './parser/ast';
import {
  createLanguageService, SERVER_VERSIONS, SEVERITY_OVERRIDES, type ServerVersion, type SeverityOverride,
} from './languageService';
import { createNodeEnvironment } from './nodeEnvironment';

/** Replaced by the build with the manifest's version. */
declare const NATS_CONF_VERSION: string | undefined;

const PROGRAM = 'nats-conf-lint';
const EXIT_CLEAN = 0;
const EXIT_ERRORS_FOUND = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: ${PROGRAM} [options] FILE...
       ${PROGRAM} gen-certs DIR [--name HOST]... [--force]

Checks NATS server configuration files the way nats-server reads them.
gen-certs writes development certificates for mutual TLS (see '${PROGRAM} gen-certs --help').

Options:
  --format text|json     Output format (default: text).
                           text: file:line:col: severity: message [code]  (1-based)
                           json: one array of diagnostics with 0-based positions
  --cwd DIR              The folder nats-server would run in: relative certificate and
                         key paths resolve against it (default: the current folder).
  --server-version V     The nats-server release to check against:
                         ${SERVER_VERSIONS.join(', ')} (default: latest).
  --severity CODE=LEVEL  Report diagnostic CODE as error, warning, information or hint,
                         or not at all with off. Repeat for several codes.
  --quiet                Report errors only.
  --max-warnings N       Exit 1 when more than N warnings are found (default: no limit).
  -h, --help             Show this help.
  -v, --version          Show the version.

Exit status: 0 when no errors were found, 1 when any error was found (or more
warnings than --max-warnings), 2 for bad usage or a file that cannot be read.
`;

type OutputFormat = 'text' | 'json';

interface Options {
  format: OutputFormat;
  /** Where relative certificate paths resolve (nats-server uses its working directory). */
  cwd: string;
  serverVersion: ServerVersion;
  severityOverrides: Record<string, SeverityOverride>;
  /** Errors only. */
  quiet: boolean;
  /** More warnings than this fail the run; undefined: no limit. */
  maxWarnings?: number;
  files: string[];
}

type ParsedArguments = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string };

/** A diagnostic in the JSON output: positions are 0-based, as in LSP. */
interface JsonDiagnostic {
  file: string;
  range: { start: Position; end: Position };
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  source: 'nats-conf';
}

function parseArguments(argv: readonly string[]): ParsedArguments {
  const options: Options = { format: 'text', cwd: process.cwd(), serverVersion: 'latest', severityOverrides: {}, quiet: false, files: [] };
  let cwdGiven: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') {
      options.files.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      options.files.push(argument);
      continue;
    }
    if (argument === '-h' || argument === '--help') return { kind: 'help' };
    if (argument === '-v' || argument === '--version') return { kind: 'version' };
    if (argument === '--quiet' || argument === '-q') {
      options.quiet = true;
      continue;
    }

    // Options that take a value, as `--name value` or `--name=value`.
    const equals = argument.indexOf('=');
    const name = equals > 0 ? argument.slice(0, equals) : argument;
    if (name !== '--format' && name !== '--cwd' && name !== '--server-version' && name !== '--severity' && name !== '--max-warnings') {
      return { kind: 'usage-error', message: `unknown option '${argument}'` };
    }
    let value: string | undefined;
    if (equals > 0) value = argument.slice(equals + 1);
    else if (index + 1 < argv.length) value = argv[++index];
    if (value === undefined || value === '') return { kind: 'usage-error', message: `option '${name}' needs a value` };

    if (name === '--max-warnings') {
      if (!/^\d+$/.test(value)) return { kind: 'usage-error', message: `--max-warnings takes a whole number, not '${value}'` };
      options.maxWarnings = Number(value);
    } else if (name === '--format') {
      if (value !== 'text' && value !== 'json') {
        return { kind: 'usage-error', message: `--format must be 'text' or 'json', not '${value}'` };
      }
      options.format = value;
    } else if (name === '--server-version') {
      if (!SERVER_VERSIONS.includes(value as ServerVersion)) {
        return { kind: 'usage-error', message: `--server-version must be one of ${SERVER_VERSIONS.join(', ')}, not '${value}'` };
      }
      options.serverVersion = value as ServerVersion;
    } else if (name === '--severity') {
      const separator = value.lastIndexOf('=');
      const code = separator > 0 ? value.slice(0, separator) : '';
      const level = value.slice(separator + 1) as SeverityOverride;
      if (!code || !SEVERITY_OVERRIDES.includes(level)) {
        return { kind: 'usage-error', message: `--severity takes CODE=LEVEL with LEVEL one of ${SEVERITY_OVERRIDES.join(', ')}, not '${value}'` };
      }
      options.severityOverrides[code] = level;
    } else {
      cwdGiven = value;
    }
  }
  if (cwdGiven !== undefined) options.cwd = path.resolve(cwdGiven);
  if (options.files.length === 0) return { kind: 'usage-error', message: 'no files given' };
  return { kind: 'run', options };
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function formatText(file: string, diagnostic: Diagnostic): string {
  const { line, character } = diagnostic.range.start;
  return `${file}:${line + 1}:${character + 1}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]`;
}

function toJson(file: string, diagnostic: Diagnostic): JsonDiagnostic {
  const { start, end } = diagnostic.range;
  return {
    file,
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    source: 'nats-conf',
  };
}

async function run(argv: readonly string[]): Promise<number> {
  // A config file really named gen-certs is still linted as `./gen-certs` or `-- gen-certs`.
  if (argv[0] === GEN_CERTS) return runGenCerts(argv.slice(1));
  const parsed = parseArguments(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`${typeof NATS_CONF_VERSION === 'string' ? NATS_CONF_VERSION : 'development'}\n`);
    return EXIT_CLEAN;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`${PROGRAM}: ${parsed.message}\nRun '${PROGRAM} --help' for usage.\n`);
    return EXIT_USAGE;
  }

  const { options } = parsed;
  const environment = createNodeEnvironment();
  const cwdInfo = await environment.stat(options.cwd);
  if (cwdInfo?.type !== 'directory') {
    process.stderr.write(`${PROGRAM}: --cwd ${options.cwd} is not a folder\n`);
    return EXIT_USAGE;
  }

  const service = createLanguageService(environment);
  let unreadableInput = false;
  let errorFound = false;
  let warnings = 0;
  const textLines: string[] = [];
  const jsonDiagnostics: JsonDiagnostic[] = [];
  for (const file of options.files) {
    // Input files resolve against the shell's folder, like `nats-server -c FILE`.
    const absolutePath = path.resolve(file);
    const read = await environment.readFile(absolutePath);
    if (!read.ok) {
      const detail = read.reason === 'unreadable' ? ` (${read.message})` : '';
      process.stderr.write(`${PROGRAM}: ${file}: ${describeReadFailure(read.reason)}${detail}\n`);
      unreadableInput = true;
      continue;
    }
    const diagnostics = await service.validate(
      { uri: pathToFileURL(absolutePath).href, path: absolutePath, text: read.text, version: 0 },
      { serverVersion: options.serverVersion, severityOverrides: options.severityOverrides, pathBase: options.cwd },
    );
    const sorted = [...diagnostics].sort(
      (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
    );
    for (const diagnostic of sorted) {
      if (diagnostic.severity === 'error') errorFound = true;
      if (diagnostic.severity === 'warning') warnings++;
      if (options.quiet && diagnostic.severity !== 'error') continue;
      if (options.format === 'json') jsonDiagnostics.push(toJson(file, diagnostic));
      else textLines.push(formatText(file, diagnostic));
    }
  }

  if (options.format === 'json') process.stdout.write(`${JSON.stringify(jsonDiagnostics, null, 2)}\n`);
  else if (textLines.length > 0) process.stdout.write(`${textLines.join('\n')}\n`);

  if (unreadableInput) return EXIT_USAGE;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    process.stderr.write(`${PROGRAM}: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_ERRORS_FOUND;
  }
  return errorFound ? EXIT_ERRORS_FOUND : EXIT_CLEAN;
}

// ---------------------------------------------------------------------------------------------
// gen-certs

const GEN_CERTS = 'gen-certs';

const GEN_CERTS_USAGE = `Usage: ${PROGRAM} gen-certs DIR [--name HOST]... [--force]

Writes development certificates for mutual TLS to DIR (created when missing):
  ca.pem           a new CA (its private key is not kept)
  server-cert.pem  server certificate for localhost, 127.0.0.1, ::1 and every
                   --name, for serverAuth and clientAuth (so it also serves
                   cluster, gateway and leafnode links)
  server-key.pem   its private key
  client-cert.pem  client certificate (CN=nats-dev-client, clientAuth)
  client-key.pem   its private key
ECDSA P-256, valid for 825 days; private keys get mode 0600. Then prints the
tls block (cert_file, key_file, ca_file, verify: true) to paste into the config.

Options:
  --name HOST    Another host name or IP address for the server certificate.
                 Repeat, or separate several with commas.
  --force        Replace existing files (without it nothing is written when
                 any of the five files exists).
  -h, --help     Show this help.

Exit status: 0 when the files were written, 2 for bad usage or when they
could not be written (files exist without --force, bad name, no permission).
`;

type GenCertsArguments =
  | { kind: 'run'; folder: string; names: string[]; force: boolean }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

function parseGenCertsArguments(argv: readonly string[]): GenCertsArguments {
  const folders: string[] = [];
  const names: string[] = [];
  let force = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') {
      folders.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      folders.push(argument);
      continue;
    }
    if (argument === '-h' || argument === '--help') return { kind: 'help' };
    if (argument === '--force') {
      force = true;
      continue;
    }
    if (argument === '--name' || argument.startsWith('--name=')) {
      const value = argument === '--name' ? argv[++index] : argument.slice('--name='.length);
      if (value === undefined || value.trim() === '') return { kind: 'usage-error', message: `option '--name' needs a value` };
      names.push(value);
      continue;
    }
    return { kind: 'usage-error', message: `${GEN_CERTS}: unknown option '${argument}'` };
  }
  if (folders.length === 0) return { kind: 'usage-error', message: `${GEN_CERTS}: no folder given` };
  if (folders.length > 1) return { kind: 'usage-error', message: `${GEN_CERTS}: one folder only, not ${folders.map((f) => `'${f}'`).join(' ')}` };
  return { kind: 'run', folder: folders[0], names, force };
}

async function runGenCerts(argv: readonly string[]): Promise<number> {
  const parsed = parseGenCertsArguments(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(GEN_CERTS_USAGE);
    return EXIT_CLEAN;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`${PROGRAM}: ${parsed.message}\nRun '${PROGRAM} ${GEN_CERTS} --help' for usage.\n`);
    return EXIT_USAGE;
  }
  // Loaded only here: linting never pays for the certificate library.
  const { generateCertificates, CertificateGenerationError, parseNames } = await import('./certificates/generate');
  const invalid = parseNames(parsed.names).invalid;
  if (invalid.length > 0) {
    process.stderr.write(`${PROGRAM}: ${GEN_CERTS}: not a host name or IP address: ${invalid.map((name) => `'${name}'`).join(', ')}\n`);
    return EXIT_USAGE;
  }
  try {
    const result = await generateCertificates({ folder: parsed.folder, names: parsed.names, overwrite: parsed.force });
    const files = result.files;
    const width = Math.max(...result.written.map((file) => file.length));
    const line = (file: string | undefined, text: string) => (file ? [`  ${file.padEnd(width)}  ${text}`] : []);
    const names = [...result.dnsNames, ...result.ipAddresses].join(', ');
    const out = [
      `Wrote development certificates to ${result.folder} (valid until ${result.notAfter.toISOString().slice(0, 10)}):`,
      ...line(files.ca, 'CA certificate (ca_file)'),
      ...line(files.serverCert, `server certificate for ${names} (cert_file)`),
      ...line(files.serverKey, 'server private key, mode 0600 (key_file)'),
      ...line(files.clientCert, 'client certificate'),
      ...line(files.clientKey, 'client private key, mode 0600'),
      ...(result.replaced.length > 0 ? ['', `Replaced: ${result.replaced.join(', ')}`] : []),
      '',
      'Paste this block into the server config (top level, or inside cluster, gateway or leafnodes):',
      '',
      result.tlsBlock,
      '',
    ];
    if (files.clientCert && files.clientKey) {
      out.push(
        'Clients must present a certificate signed by the CA, for example:',
        `  nats --server tls://localhost:4222 --tlscert ${shellQuote(files.clientCert)} --tlskey ${shellQuote(files.clientKey)} --tlsca ${shellQuote(files.ca)} rtt`,
        '',
      );
    }
    process.stdout.write(out.join('\n'));
    return EXIT_CLEAN;
  } catch (error) {
    if (error instanceof CertificateGenerationError) {
      const hint = error.reason === 'exists' ? ' (use --force to replace them)' : '';
      process.stderr.write(`${PROGRAM}: ${GEN_CERTS}: ${error.message}${hint}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function describeReadFailure(reason: string): string {
  switch (reason) {
    case 'not-found':
      return 'no such file';
    case 'is-directory':
      return 'is a folder, not a file';
    case 'too-large':
      return 'too large to be a configuration file';
    case 'not-a-file':
      return 'not a regular file';
    default:
      return 'cannot be read';
  }
}

// A closed pipe (`nats-conf-lint ... | head`) is not a failure of the lint.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);

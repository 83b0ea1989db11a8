/**
 * nats-conf-lint: the language server's checks on the command line, for CI and pre-commit hooks.
 * Exit codes: 0 no errors, 1 at least one error, 2 bad usage or an input that cannot be read.
 */
import os from 'os';
import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from './analysis/diagnostic';
import {
  createAnalyzer, SERVER_VERSIONS, SEVERITY_OVERRIDES, type ServerVersion, type SeverityOverride,
} from './analyzer';
import { createNodeEnvironment } from './nodeEnvironment';
import { secretMasker } from './analysis/redactSecrets';
import { collectFiles, isNatsConfigCandidate, type CandidateFile, type IgnoreRule } from './cli/collectFiles';
import { compileGlob } from './cli/globPattern';
import { findLintConfig, loadLintConfig, LintConfigError, resolveExecutable, type LintConfig } from './cli/lintConfig';
import { compareFindings, formatGitlab, formatJson, formatText, type LintFinding } from './cli/report';

/** Replaced by the build with the manifest's version. */
declare const NATS_CONF_VERSION: string | undefined;

const PROGRAM = 'nats-conf-lint';
const EXIT_CLEAN = 0;
const EXIT_ERRORS_FOUND = 1;
const EXIT_USAGE = 2;

const DEFAULT_NATS_SERVER = 'nats-server';
const NATS_SERVER_INSTALL_HINT = 'Install it (Debian/Ubuntu: apt-get install -y nats-server; other systems: a release from https://github.com/nats-io/nats-server/releases), or name it with --nats-server PATH or "natsServerPath" in .nats-conf-lint.json.';

const USAGE = `Usage: ${PROGRAM} [options] FILE|FOLDER|GLOB...
       ${PROGRAM} gen-certs DIR [--name HOST]... [--force]

Checks NATS server configuration files the way nats-server reads them.
Files named on the command line are always checked. Folders are searched
recursively (not node_modules or hidden folders) for *.conf files that are
NATS configs: named nats.conf, nats-server.conf, *.nats.conf or nats-*.conf,
or reading as one. A quoted GLOB ('configs/**/*.conf') is searched the same way.
gen-certs writes development certificates for mutual TLS (see '${PROGRAM} gen-certs --help').

Options:
  --format FORMAT        Output format (default: text).
                           text:   file:line:col: severity: message [code]  (1-based)
                           json:   one array of diagnostics with 0-based positions
                           sarif:  SARIF 2.1.0 (GitHub code scanning)
                           gitlab: GitLab Code Quality report
  --cwd DIR              The folder nats-server would run in: relative certificate and
                         key paths resolve against it (default: the current folder).
  --server-version V     The nats-server release to check against:
                         ${SERVER_VERSIONS.join(', ')} (default: latest).
  --severity CODE=LEVEL  Report diagnostic CODE as error, warning, information or hint,
                         or not at all with off. Repeat for several codes.
  --quiet                Report errors only.
  --max-warnings N       Exit 1 when more than N warnings are found (default: no limit).
  --ignore PATTERN       Skip files and folders matching PATTERN when searching folders
                         (relative to the current folder). Repeat for several.
  --validate-with-server Also run 'nats-server -t' on each file and report its verdict.
  --nats-server PATH     The nats-server executable (default: nats-server on PATH).
  --config FILE          Read settings from FILE instead of the nearest .nats-conf-lint.json
                         in the current folder or above it.
  --no-config            Read no settings file.
  -h, --help             Show this help.
  -v, --version          Show the version.

Options given here override the settings file.
Exit status: 0 when no errors were found, 1 when any error was found (or more
warnings than --max-warnings), 2 for bad usage, a bad settings file, a file that
cannot be read, nothing to check, or nats-server missing or failing.
`;

const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'gitlab'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What the command line says; undefined where it says nothing, so the settings file may fill it in. */
interface CommandLine {
  format: OutputFormat;
  cwd?: string;
  serverVersion?: ServerVersion;
  severityOverrides: Record<string, SeverityOverride>;
  quiet: boolean;
  maxWarnings?: number;
  ignore: string[];
  validateWithServer: boolean;
  natsServer?: string;
  configFile?: string;
  noConfig: boolean;
  inputs: string[];
}

/** The command line merged over the settings file. */
interface Options {
  format: OutputFormat;
  /** Where relative certificate paths resolve (nats-server uses its working directory). */
  cwd: string;
  /** Where `cwd` was set, for messages. */
  cwdOrigin: string;
  serverVersion: ServerVersion;
  severityOverrides: Record<string, SeverityOverride>;
  /** Errors only. */
  quiet: boolean;
  /** More warnings than this fail the run; undefined: no limit. */
  maxWarnings?: number;
  ignore: IgnoreRule[];
  /** The nats-server executable, when its verdict is wanted. */
  natsServer?: string;
  expiryWarningDays?: number;
  inputs: string[];
}

type ParsedArguments = { kind: 'run'; commandLine: CommandLine } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string };

const VALUE_OPTIONS = new Set(['--format', '--cwd', '--server-version', '--severity', '--max-warnings', '--ignore', '--nats-server', '--config']);

function parseArguments(argv: readonly string[]): ParsedArguments {
  const commandLine: CommandLine = { format: 'text', severityOverrides: {}, quiet: false, ignore: [], validateWithServer: false, noConfig: false, inputs: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') {
      commandLine.inputs.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      commandLine.inputs.push(argument);
      continue;
    }
    if (argument === '-h' || argument === '--help') return { kind: 'help' };
    if (argument === '-v' || argument === '--version') return { kind: 'version' };
    if (argument === '--quiet' || argument === '-q') {
      commandLine.quiet = true;
      continue;
    }
    if (argument === '--validate-with-server') {
      commandLine.validateWithServer = true;
      continue;
    }
    if (argument === '--no-config') {
      commandLine.noConfig = true;
      continue;
    }

    // Options that take a value, as `--name value` or `--name=value`.
    const equals = argument.indexOf('=');
    const name = equals > 0 ? argument.slice(0, equals) : argument;
    if (!VALUE_OPTIONS.has(name)) return { kind: 'usage-error', message: `unknown option '${argument}'` };
    let value: string | undefined;
    if (equals > 0) value = argument.slice(equals + 1);
    else if (index + 1 < argv.length) value = argv[++index];
    if (value === undefined || value === '') return { kind: 'usage-error', message: `option '${name}' needs a value` };

    switch (name) {
      case '--max-warnings':
        if (!/^\d+$/.test(value)) return { kind: 'usage-error', message: `--max-warnings takes a whole number, not '${value}'` };
        commandLine.maxWarnings = Number(value);
        break;
      case '--format':
        if (!OUTPUT_FORMATS.includes(value as OutputFormat)) {
          return { kind: 'usage-error', message: `--format must be ${OUTPUT_FORMATS.map((f) => `'${f}'`).join(', ')}, not '${value}'` };
        }
        commandLine.format = value as OutputFormat;
        break;
      case '--server-version':
        if (!SERVER_VERSIONS.includes(value as ServerVersion)) {
          return { kind: 'usage-error', message: `--server-version must be one of ${SERVER_VERSIONS.join(', ')}, not '${value}'` };
        }
        commandLine.serverVersion = value as ServerVersion;
        break;
      case '--severity': {
        const separator = value.lastIndexOf('=');
        const code = separator > 0 ? value.slice(0, separator) : '';
        const level = value.slice(separator + 1) as SeverityOverride;
        if (!code || !SEVERITY_OVERRIDES.includes(level)) {
          return { kind: 'usage-error', message: `--severity takes CODE=LEVEL with LEVEL one of ${SEVERITY_OVERRIDES.join(', ')}, not '${value}'` };
        }
        commandLine.severityOverrides[code] = level;
        break;
      }
      case '--ignore':
        commandLine.ignore.push(value);
        break;
      case '--nats-server':
        commandLine.natsServer = value;
        break;
      case '--config':
        commandLine.configFile = value;
        break;
      default:
        commandLine.cwd = value;
    }
  }
  if (commandLine.configFile !== undefined && commandLine.noConfig) return { kind: 'usage-error', message: '--config and --no-config exclude each other' };
  if (commandLine.inputs.length === 0) return { kind: 'usage-error', message: 'no files given' };
  return { kind: 'run', commandLine };
}

/** The settings file named by --config, or the nearest one; undefined with --no-config or none found. */
async function readSettingsFile(commandLine: CommandLine): Promise<LintConfig | undefined> {
  if (commandLine.noConfig) return undefined;
  const file = commandLine.configFile ?? (await findLintConfig(process.cwd()));
  return file === undefined ? undefined : loadLintConfig(file);
}

function mergeOptions(commandLine: CommandLine, settings: LintConfig | undefined): Options {
  const here = process.cwd();
  const settingsFolder = settings ? path.dirname(settings.file) : here;
  const ignore: IgnoreRule[] = [
    ...(settings?.ignore ?? []).map((pattern) => ({ pattern: compileGlob(pattern), base: settingsFolder })),
    ...commandLine.ignore.map((pattern) => ({ pattern: compileGlob(pattern), base: here })),
  ];
  const validate = commandLine.validateWithServer || settings?.validateWithServer === true;
  return {
    format: commandLine.format,
    cwd: commandLine.cwd !== undefined ? path.resolve(commandLine.cwd) : (settings?.cwd ?? here),
    cwdOrigin: commandLine.cwd === undefined && settings?.cwd !== undefined ? `"cwd" of ${settings.file}` : '--cwd',
    serverVersion: commandLine.serverVersion ?? settings?.serverVersion ?? 'latest',
    severityOverrides: { ...settings?.severity, ...commandLine.severityOverrides },
    quiet: commandLine.quiet,
    maxWarnings: commandLine.maxWarnings ?? settings?.maxWarnings,
    ignore,
    natsServer: validate
      ? (commandLine.natsServer !== undefined ? resolveExecutable(commandLine.natsServer, here) : (settings?.natsServerPath ?? DEFAULT_NATS_SERVER))
      : undefined,
    expiryWarningDays: settings?.expiryWarningDays,
    inputs: commandLine.inputs,
  };
}

function toolVersion(): string {
  return typeof NATS_CONF_VERSION === 'string' ? NATS_CONF_VERSION : 'development';
}

/** Where a path is shown: as the checked file was given, else relative to the current folder when inside it. */
function displayPathFor(absolutePath: string, checked: ReadonlyMap<string, string>): string {
  const known = checked.get(absolutePath);
  if (known !== undefined) return known;
  const relative = path.relative(process.cwd(), absolutePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolutePath;
}

function fromDiagnostic(file: CandidateFile, diagnostic: Diagnostic): LintFinding {
  const { start, end } = diagnostic.range;
  return {
    display: file.display,
    absolutePath: file.absolutePath,
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    source: 'nats-conf',
    related: (diagnostic.related ?? []).map((related) => ({
      absolutePath: related.uri?.startsWith('file:') ? fileURLToPath(related.uri) : file.absolutePath,
      range: related.range,
      message: related.message,
    })),
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
    process.stdout.write(`${toolVersion()}\n`);
    return EXIT_CLEAN;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`${PROGRAM}: ${parsed.message}\nRun '${PROGRAM} --help' for usage.\n`);
    return EXIT_USAGE;
  }

  let settings: LintConfig | undefined;
  try {
    settings = await readSettingsFile(parsed.commandLine);
  } catch (error) {
    if (!(error instanceof LintConfigError)) throw error;
    process.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const options = mergeOptions(parsed.commandLine, settings);
  const environment = createNodeEnvironment();
  const cwdInfo = await environment.stat(options.cwd);
  if (cwdInfo?.type !== 'directory') {
    process.stderr.write(`${PROGRAM}: ${options.cwdOrigin} ${options.cwd} is not a folder\n`);
    return EXIT_USAGE;
  }

  const service = createAnalyzer(environment);
  const collected = await collectFiles(options.inputs, options.ignore);
  // Input files resolve against the shell's folder, like `nats-server -c FILE`; reports go by path.
  const candidates = [...collected.files].sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
  const checked = new Map<string, string>();
  const findings: LintFinding[] = [];
  const notifications: { message: string; file?: string }[] = [];
  let failed = false;
  const natsServer = options.natsServer !== undefined ? await natsServerChecks(options.natsServer, options) : undefined;
  const reportProblem = (message: string, file?: string) => {
    process.stderr.write(`${PROGRAM}: ${message}\n`);
    notifications.push({ message, file });
    failed = true;
  };

  for (const file of candidates) {
    const read = await environment.readFile(file.absolutePath);
    if (!read.ok) {
      // A .conf found in a folder that cannot be read may be anything: only named configs must be readable.
      if (!file.explicit && !isNatsConfigCandidate(file, '')) continue;
      const detail = read.reason === 'unreadable' ? ` (${read.message})` : '';
      reportProblem(`${file.display}: ${describeReadFailure(read.reason)}${detail}`, file.absolutePath);
      continue;
    }
    if (!isNatsConfigCandidate(file, read.text)) continue;
    checked.set(file.absolutePath, file.display);
    const diagnostics = await service.validate(
      { uri: pathToFileURL(file.absolutePath).href, path: file.absolutePath, text: read.text, version: 0 },
      {
        serverVersion: options.serverVersion,
        severityOverrides: options.severityOverrides,
        pathBase: options.cwd,
        ...(options.expiryWarningDays !== undefined ? { expiryWarningDays: options.expiryWarningDays } : {}),
      },
    );
    for (const diagnostic of diagnostics) findings.push(fromDiagnostic(file, diagnostic));
    if (natsServer) {
      // nats-server quotes values in its errors; a secret used as one is masked like in ours.
      const analysis = await service.analyze({ uri: pathToFileURL(file.absolutePath).href, path: file.absolutePath, text: read.text }).catch(() => undefined);
      natsServer.check(file, analysis ? secretMasker(analysis.resolution) : (text) => text);
    }
  }
  if (natsServer) findings.push(...(await natsServer.report(reportProblem)));

  for (const walked of collected.walked) {
    if (!walked.absolutePaths.some((file) => checked.has(file))) {
      process.stderr.write(`${PROGRAM}: ${walked.argument}: ${walked.kind === 'folder' ? 'no NATS config files in this folder' : 'no NATS config files match this pattern'} (looked for *.conf named nats.conf, nats-server.conf, *.nats.conf or nats-*.conf, or reading as a NATS config)\n`);
    }
  }
  if (checked.size === 0 && !failed) reportProblem('no NATS config files to check');

  const unique = dedupe(findings.map((finding) => ({ ...finding, display: displayPathFor(finding.absolutePath, checked) })));
  unique.sort(compareFindings);
  const errors = unique.filter((finding) => finding.severity === 'error').length;
  const warnings = unique.filter((finding) => finding.severity === 'warning').length;
  const shown = options.quiet ? unique.filter((finding) => finding.severity === 'error') : unique;

  if (options.format === 'json') process.stdout.write(formatJson(shown));
  else if (options.format === 'gitlab') process.stdout.write(formatGitlab(shown, process.cwd()));
  else if (options.format === 'sarif') {
    const { buildSarifLog } = await import('./cli/sarif');
    const log = buildSarifLog({ toolVersion: toolVersion(), rootFolder: process.cwd(), checkedFiles: [...checked.keys()], findings: shown, notifications });
    process.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
  } else if (shown.length > 0) process.stdout.write(`${shown.map(formatText).join('\n')}\n`);

  if (failed) return EXIT_USAGE;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    process.stderr.write(`${PROGRAM}: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_ERRORS_FOUND;
  }
  return errors > 0 ? EXIT_ERRORS_FOUND : EXIT_CLEAN;
}

/** nats-server reports an included file's problem once per file that includes it. */
function dedupe(findings: LintFinding[]): LintFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (finding.source !== 'nats-server') return true;
    const key = JSON.stringify([finding.absolutePath, finding.range, finding.code, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** nats-server runs side by side for several files: each run is a separate short process. */
const NATS_SERVER_PARALLEL_RUNS = Math.max(1, Math.min(8, os.availableParallelism()));

interface NatsServerChecks {
  /** Starts checking a file (at most NATS_SERVER_PARALLEL_RUNS at a time). */
  check(file: CandidateFile, maskSecrets: (text: string) => string): void;
  /** Waits for every check; reports problems and the version note in file order; returns the findings. */
  report(reportProblem: (message: string, file?: string) => void): Promise<LintFinding[]>;
}

async function natsServerChecks(executable: string, options: Options): Promise<NatsServerChecks> {
  // Loaded only here: a plain lint never pays for it.
  const { validateWithNatsServer } = await import('./natsServer/index');
  const { targetForInstalled } = await import('./natsServer/versionNotice');
  type Verdict = Awaited<ReturnType<typeof validateWithNatsServer>>;
  const checks: { file: CandidateFile; verdict: Promise<Verdict | undefined>; maskSecrets: (text: string) => string }[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];
  let missing = false;

  const runLimited = async (file: CandidateFile): Promise<Verdict | undefined> => {
    if (running >= NATS_SERVER_PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      // Once nats-server is known to be missing, the other files need not try.
      if (missing) return undefined;
      const verdict = await validateWithNatsServer({ executable, file: file.absolutePath, cwd: options.cwd });
      if (verdict.status === 'not-found') missing = true;
      return verdict;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };

  return {
    check(file, maskSecrets) {
      checks.push({ file, verdict: runLimited(file), maskSecrets });
    },
    async report(reportProblem) {
      const findings: LintFinding[] = [];
      let missingReported = false;
      let versionNoted = false;
      for (const { file, verdict: pending, maskSecrets } of checks) {
        const verdict = await pending;
        if (verdict === undefined || verdict.status === 'not-found') {
          if (!missingReported) reportProblem(`--validate-with-server: nats-server not found (tried '${executable}'). ${NATS_SERVER_INSTALL_HINT}`);
          missingReported = true;
          continue;
        }
        if (verdict.status === 'timeout' || verdict.status === 'failed') {
          reportProblem(`nats-server could not check ${file.display}: ${maskSecrets(verdict.detail ?? verdict.status)}`, file.absolutePath);
          continue;
        }
        if (verdict.version && !versionNoted) {
          versionNoted = true;
          const matching = targetForInstalled(verdict.version);
          if (matching !== undefined && matching !== options.serverVersion) {
            process.stderr.write(`${PROGRAM}: note: nats-server ${verdict.version} is installed, but the checks follow --server-version ${options.serverVersion}; --server-version ${matching} matches it.\n`);
          }
        }
        for (const finding of verdict.findings) {
          findings.push({
            display: file.display,
            absolutePath: finding.file,
            range: finding.range,
            severity: finding.severity,
            code: finding.code,
            message: maskSecrets(finding.message),
            source: 'nats-server',
            related: [],
          });
        }
      }
      return findings;
    },
  };
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

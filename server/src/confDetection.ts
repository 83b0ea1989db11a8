/**
 * Decides whether a `.conf` file is a NATS server configuration, by name and by content. The
 * editor (client/src/extension.ts via client/src/confDetection.ts) and `nats-conf-lint` walking
 * folders share these rules, so both pick the same files.
 *
 * `.conf` is shared by many formats (nginx, Apache, supervisord, sysctl, rsyslog, HOCON, ...),
 * and VS Code opens them all as `properties` or `plaintext`. We only switch a file to
 * `nats-conf` when its option names are NATS ones written in NATS syntax, and no strong sign of
 * another format is present. Pure and side-effect free so it can be tested without VS Code.
 */

/**
 * True for the names the extension manifest claims for `nats-conf` (`filenames` nats.conf and
 * nats-server.conf, `filenamePatterns` *.nats.conf and nats-*.conf). VS Code compares them
 * case-insensitively, and so does this. Takes a base name, not a path.
 */
export function isNatsConfigFileName(baseName: string): boolean {
  const name = baseName.toLowerCase();
  if (name === 'nats.conf' || name === 'nats-server.conf') return true;
  return name.endsWith('.nats.conf') || (name.startsWith('nats-') && name.endsWith('.conf'));
}

/** Only the start of a file is examined: a NATS config shows its nature in its first options. */
export const DETECTION_SCAN_LIMIT = 64 * 1024;

/** Points a text needs (after penalties) to count as a NATS config. */
const DETECTION_THRESHOLD = 2;

/** Option names hardly any other `.conf` format uses; one of them is enough. */
const DISTINCTIVE_KEYS = new Set([
  'server_name', 'jetstream', 'leafnodes', 'leafnode', 'gateway', 'gateways', 'cluster',
  'authorization', 'accounts', 'websocket', 'mqtt', 'routes', 'http_port', 'https_port',
  'monitor_port', 'monitoring_port', 'prof_port', 'http_base_path', 'max_payload', 'max_pending',
  'max_control_line', 'max_connections', 'max_subscriptions', 'max_subs', 'ping_interval',
  'ping_max', 'write_deadline', 'store_dir', 'max_file_store', 'max_memory_store', 'max_mem_store',
  'system_account', 'no_auth_user', 'cert_file', 'key_file', 'ca_file', 'verify_and_map',
  'verify_cert_and_check_known_urls', 'cipher_suites', 'curve_preferences', 'pinned_certs',
  'handshake_first', 'ocsp_peer', 'operator', 'resolver', 'resolver_preload', 'trusted_keys',
  'lame_duck_duration', 'lame_duck_grace_period', 'connect_error_reports',
  'reconnect_error_reports', 'no_advertise', 'client_advertise', 'cluster_advertise',
  'authentication_timeout', 'auth_callout', 'server_tags', 'server_metadata', 'nkey',
  'default_permissions', 'allow_responses', 'remote_syslog', 'logtime', 'logfile_size_limit',
  'log_size_limit', 'ports_file_dir', 'pid_file', 'max_traced_msg_len', 'disable_sublist_cache',
  'connect_retries', 'pool_size', 'compression', 'jetstream_max_memory', 'unique_tag',
  'max_outstanding_catchup', 'sync_interval', 'deny_import', 'deny_export', 'leafnode_advertise',
  'credentials', 'exports', 'imports', 'mappings', 'nkeys', 'user_jwt', 'token_expiration',
]);

/** Option names NATS uses that other formats use too; they count when written in NATS syntax. */
const COMMON_KEYS = new Set([
  'port', 'listen', 'host', 'net', 'tls', 'include', 'users', 'user', 'password', 'pass', 'token',
  'timeout', 'debug', 'trace', 'name', 'url', 'urls', 'permissions', 'publish', 'subscribe',
  'allow', 'deny', 'verify', 'http', 'https', 'syslog', 'domain', 'remotes', 'account', 'stream',
  'service', 'advertise', 'insecure', 'log_file', 'max_age', 'limits', 'tls_map',
]);

interface Statement {
  key: string;
  /** How the key is followed: `:`/`=` separator, an opening brace/bracket, or whitespace. */
  separator: ':' | '=' | '{' | '[' | ' ' | 'none';
  value: string;
  /** The line continues into a `{` map or `[` array. */
  opensBlock: boolean;
}

interface Evidence {
  /** Best weight seen per NATS option name (counted once per name). */
  knownKeys: Map<string, number>;
  unknownKeys: Set<string>;
  penalty: number;
}

/** True when the text reads as a NATS server configuration. Never throws. */
export function looksLikeNatsConfig(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  const evidence: Evidence = { knownKeys: new Map(), unknownKeys: new Set(), penalty: 0 };
  // A BOM is invisible in the editor; nats-server would make it part of the first key.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.slice(0, DETECTION_SCAN_LIMIT).split(/\r?\n|\r/);
  // A scan cut mid-line would judge a fragment; drop it unless it is the whole text.
  if (body.length > DETECTION_SCAN_LIMIT && lines.length > 1) lines.pop();

  let openYamlParentIndent: number | undefined;
  // Rough nesting, counted outside quotes: enough to tell `[section]` from an array element and
  // top-level options from nested ones.
  let braceDepth = 0;
  let bracketDepth = 0;
  let topLevelKnownKeys = 0;
  let topLevelForeignBlocks = 0;
  for (const rawLine of lines) {
    const line = stripComment(rawLine).trimEnd();
    const trimmed = line.trimStart();
    if (trimmed === '') continue;
    const indent = line.length - trimmed.length;
    const braceDepthAtLineStart = braceDepth;
    const bracketDepthAtLineStart = bracketDepth;
    const nesting = countNesting(trimmed);
    braceDepth = Math.max(0, braceDepth + nesting.braces);
    bracketDepth = Math.max(0, bracketDepth + nesting.brackets);

    // A `key:` with nothing after it and indented `key: value` lines below is YAML, not NATS.
    if (openYamlParentIndent !== undefined && indent > openYamlParentIndent && /^[\w-]+:(\s|$)/.test(trimmed)) {
      evidence.penalty += 2;
    }
    openYamlParentIndent = undefined;

    // An ini/systemd/supervisord `[section]` header outside any array: never valid NATS.
    if (bracketDepthAtLineStart === 0 && /^\[[^\[\]"',]+\]$/.test(trimmed)) return false;
    if (/^<\/?[A-Za-z]/.test(trimmed)) {
      evidence.penalty += 4; // Apache-style `<VirtualHost *:80>` / `</Directory>`
      continue;
    }
    if (trimmed.startsWith(';')) {
      evidence.penalty += 1; // ini comment
      continue;
    }
    if (/^- /.test(trimmed)) {
      evidence.penalty += 1; // a YAML list item
      continue;
    }
    if (/^[/*&!%@]/.test(trimmed) && !trimmed.startsWith('//')) {
      evidence.penalty += 1; // a path, syslog selector or action where a statement should be
      continue;
    }

    const endsWithSemicolon = trimmed.endsWith(';');
    const segments = splitSegments(trimmed);
    segments.forEach((segment, index) => {
      const statement = readStatement(segment);
      if (!statement) return;
      // nginx writes `include mime.types;`; NATS needs no `;` and rarely has one.
      const nginxInclude = statement.key === 'include' && statement.separator === ' ' && endsWithSemicolon;
      const known = !nginxInclude && weigh(statement, evidence);
      if (index === 0 && braceDepthAtLineStart === 0) {
        if (known) topLevelKnownKeys++;
        else if (statement.opensBlock && statement.separator !== '[') topLevelForeignBlocks++;
      }
      const onlyStatementOnLine = segments.length === 1 || (segments.length === 2 && segments[1].trim() === '');
      if (index === 0 && statement.separator === ' ' && endsWithSemicolon && statement.key !== 'include') {
        evidence.penalty += 1; // nginx-style `directive value;`
      }
      if (index === 0 && onlyStatementOnLine && statement.separator === ':' && statement.value === '' && !statement.opensBlock) {
        openYamlParentIndent = indent;
      }
    });
  }

  let score = 0;
  for (const weight of evidence.knownKeys.values()) score += weight;
  // Everything nested under blocks we do not know (HOCON's `akka { ... }`): NATS names borrowed
  // deep inside another format's tree.
  if (topLevelKnownKeys === 0 && topLevelForeignBlocks > 0) evidence.penalty += 3;
  // Many names we do not know against few we do: another format that borrows `port` or `cluster`.
  // NATS configs name accounts and users freely, so the bar is generous.
  if (evidence.unknownKeys.size > 3 * evidence.knownKeys.size + 2) evidence.penalty += 2;
  return score - evidence.penalty >= DETECTION_THRESHOLD;
}

/** Net change in `{}` and `[]` nesting over one (comment-free) line, ignoring quoted text. */
function countNesting(line: string): { braces: number; brackets: number } {
  let braces = 0;
  let brackets = 0;
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '{') braces++;
    else if (char === '}') braces--;
    else if (char === '[') brackets++;
    else if (char === ']') brackets--;
  }
  return { braces, brackets };
}

/** Adds what one statement says to the evidence; true when its key is a NATS option name. */
function weigh(statement: Statement, evidence: Evidence): boolean {
  const { key, separator, value } = statement;
  if (separator === 'none') {
    if (!DISTINCTIVE_KEYS.has(key) && !COMMON_KEYS.has(key)) evidence.penalty += 1; // logrotate's bare `daily`
    return false;
  }
  if (/^\(/.test(value) && separator === ' ') {
    evidence.penalty += 1; // rsyslog's `module(load="imuxsock")`
    return false;
  }
  if (key.startsWith('$') || key.includes('.')) {
    evidence.penalty += 1; // rsyslog legacy `$Directive`, sysctl `net.ipv4.ip_forward`
    return false;
  }
  if (hasSeveralBareTokens(value)) evidence.penalty += 1; // `create 0640 root adm`: not one NATS value

  const natsSyntax = separator !== ' ';
  let weight = 0;
  if (DISTINCTIVE_KEYS.has(key)) weight = 3;
  else if (COMMON_KEYS.has(key)) weight = natsSyntax ? 2 : 1;

  if (weight === 0) {
    evidence.unknownKeys.add(key);
    return false;
  }
  evidence.knownKeys.set(key, Math.max(weight, evidence.knownKeys.get(key) ?? 0));
  return true;
}

/** Reads `key [sep] value` from one segment; undefined for array elements and other values. */
function readStatement(segment: string): Statement | undefined {
  const match = /^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z_$][\w.$-]*))([ \t]*)(.*)$/.exec(segment);
  if (!match) return undefined;
  const quotedKey = match[1] ?? match[2];
  const key = quotedKey ?? match[3];
  const gap = match[4];
  let rest = match[5].trimEnd();
  // splitSegments leaves an opening `{`/`[` at the end of the piece it opens.
  const opener = rest.endsWith('{') || rest.endsWith('[') ? (rest.slice(-1) as '{' | '[') : undefined;
  if (opener) rest = rest.slice(0, -1).trimEnd();

  let separator: Statement['separator'];
  if (rest.startsWith(':') || rest.startsWith('=')) {
    separator = rest[0] as ':' | '=';
    rest = rest.slice(1);
    // `nats://host:4222` in an array is a value, not `nats` followed by a separator.
    if (separator === ':' && rest.startsWith('//')) return undefined;
  } else if (rest === '') {
    if (opener) return { key, separator: opener, value: '', opensBlock: true };
    // A quoted string alone on a line is an array element, not a key without a value.
    if (quotedKey !== undefined) return undefined;
    separator = 'none';
  } else if (rest.startsWith('(') && gap === '') {
    return { key, separator: ' ', value: rest, opensBlock: false };
  } else if (gap === '') {
    return undefined; // something like `foo"bar` or `a<b`: not a statement we understand
  } else {
    separator = ' ';
  }
  return { key, separator, value: rest.trim(), opensBlock: opener !== undefined };
}

/**
 * Splits a line into statement-sized pieces at braces, brackets, `,` and `;` outside quotes, so
 * `tls { cert_file: "a", key_file: "b" }` yields each key. An opening `{`/`[` stays at the end
 * of the piece before it, so `tls {` is still recognisably a block.
 */
function splitSegments(line: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      current += char;
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === '{' || char === '[') {
      segments.push(current + char);
      current = '';
    } else if (char === '}' || char === ']' || char === ',' || char === ';') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments.filter((segment, index) => index === 0 || segment.trim() !== '');
}

/** Removes a `#` or `//` comment that starts a line or follows whitespace, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      continue;
    }
    const startsComment = char === '#' || (char === '/' && line[index + 1] === '/');
    if (startsComment && (index === 0 || line[index - 1] === ' ' || line[index - 1] === '\t')) {
      return line.slice(0, index);
    }
  }
  return line;
}

/** True for `a b` (two unquoted words); a NATS value is one token, a quoted string, or a block. */
function hasSeveralBareTokens(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.startsWith('"') || trimmed.startsWith("'")) return false;
  return /\S\s+\S/.test(trimmed);
}

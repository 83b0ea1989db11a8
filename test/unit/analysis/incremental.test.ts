/**
 * analyze(document, settings, previous): an edit inside a quoted string, an unquoted word or an
 * integer, or of blanks between tokens, reuses the previous tree (patched in place) and, when nothing it depends on changed, the previous resolution.
 * Whatever is reused, the diagnostics must be exactly those of a fresh analysis of the text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLanguageService, type Analysis, type LanguageService, type ServerVersion } from '../../../server/src/languageService';
import { parse } from '../../../server/src/parser/parser';
import { fakeEnvironment, rangeOf, resolutionDump, type FakeFile } from './helpers';
import { treeDump, typedThenDeleted } from '../parser/helpers';

const PATH = '/conf/main.conf';
const URI = `file://${PATH}`;

/** One language service over a fake environment whose files the test may change in between. */
function session(files: Record<string, FakeFile> = {}, env: Record<string, string> = {}) {
  const service: LanguageService = createLanguageService(fakeEnvironment(files, env));
  const settings = (serverVersion?: ServerVersion) => (serverVersion ? { serverVersion } : {});
  return {
    files,
    analyze: (text: string, previous?: Analysis, serverVersion?: ServerVersion) =>
      service.analyze({ uri: URI, path: PATH, text }, settings(serverVersion), previous),
    /** A fresh analysis (no previous) by a service of its own, over the same files. */
    fresh: (text: string, serverVersion?: ServerVersion) =>
      createLanguageService(fakeEnvironment(files, env)).analyze({ uri: URI, path: PATH, text }, settings(serverVersion)),
  };
}

type Session = ReturnType<typeof session>;

/**
 * Analyzes `text` with `previous` and checks the result against a fresh analysis: the same
 * diagnostics, and a tree equal to a parse of the text. Says what was reused.
 */
async function analyzeAfter(s: Session, text: string, previous: Analysis, serverVersion?: ServerVersion) {
  const previousTree = previous.tree;
  const previousMaps = previous.resolution.maps;
  const analysis = await s.analyze(text, previous, serverVersion);
  const fresh = await s.fresh(text, serverVersion);
  assert.deepEqual(analysis.diagnostics, fresh.diagnostics, `diagnostics after the edit to ${JSON.stringify(text)}`);
  assert.deepEqual(treeDump(analysis.tree), treeDump(fresh.tree), 'the tree is the tree of the new text');
  assert.deepEqual(resolutionDump(analysis), resolutionDump(fresh), 'the resolution is that of the new text');
  assert.equal(analysis.document.text, text);
  return { analysis, treeReused: analysis.tree === previousTree, resolutionReused: analysis.resolution.maps === previousMaps };
}

function codes(analysis: Analysis): string[] {
  return analysis.diagnostics.map((d) => d.code);
}

function only(analysis: Analysis, code: string) {
  const found = analysis.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} expected, got ${JSON.stringify(codes(analysis))}`);
  return found[0];
}

const GOOD_CIPHER = 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256';

/** A config with diagnostics of several rules, the strings of which the tests edit. */
function tlsConfig(cipher: string, timeout: string): string {
  return [
    'tls {',
    `  cipher_suites: [ "${cipher}", "TLS_BOGUS" ]`,
    `  timeout: "${timeout}"`,
    '}',
    'server_name: "srv"',
    'bogus_key: 1',
    '',
  ].join('\n');
}

describe('an edit inside a string or an integer, or of blanks, reuses the tree and gives the diagnostics of a fresh analysis', () => {
  test('a diagnostic appears and disappears as a cipher name and a duration are typed', async () => {
    const s = session();
    const first = await s.analyze(tlsConfig(GOOD_CIPHER, '2s'));
    assert.deepEqual(codes(first).filter((c) => c !== 'tls-no-certificate'), ['tls-unknown-cipher', 'unknown-field']);

    // A character deleted from a known cipher: it is unknown now, and TLS_BOGUS on the same line moved left.
    const typo = tlsConfig(GOOD_CIPHER.slice(0, -1), '2s');
    const second = await analyzeAfter(s, typo, first);
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, true);
    const unknown = second.analysis.diagnostics.filter((d) => d.code === 'tls-unknown-cipher');
    assert.deepEqual(unknown.map((d) => d.range), [rangeOf(typo, `"${GOOD_CIPHER.slice(0, -1)}"`), rangeOf(typo, '"TLS_BOGUS"')]);
    assert.match(unknown[0].message, /does not know the cipher suite "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA25"/);

    // A duration typed wrong on the next line.
    const badDuration = tlsConfig(GOOD_CIPHER.slice(0, -1), '2x');
    const third = await analyzeAfter(s, badDuration, second.analysis);
    assert.equal(third.treeReused, true);
    assert.deepEqual(only(third.analysis, 'tls-invalid-duration').range, rangeOf(badDuration, '"2x"'));

    // Both put right again: only the diagnostics of the start remain, at their places.
    const fourth = await analyzeAfter(s, tlsConfig(GOOD_CIPHER.slice(0, -1), '2s'), third.analysis);
    const fixed = tlsConfig(GOOD_CIPHER, '2s');
    const fifth = await analyzeAfter(s, fixed, fourth.analysis);
    assert.equal(fourth.treeReused && fifth.treeReused, true);
    assert.equal(fifth.analysis.tree, first.tree, 'one tree all along');
    assert.deepEqual(only(fifth.analysis, 'tls-unknown-cipher').range, rangeOf(fixed, '"TLS_BOGUS"'));
    assert.deepEqual(only(fifth.analysis, 'unknown-field').range, rangeOf(fixed, 'bogus_key'));
    assert.deepEqual(fifth.analysis.diagnostics, first.diagnostics);
  });

  test('indenting lines and aligning a value (blanks between tokens) reuse the tree and the resolution', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s');
    const first = await s.analyze(text);
    const indented = text.replace('  timeout:', '      timeout:');
    const second = await analyzeAfter(s, indented, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    const aligned = indented.replace('bogus_key: 1', 'bogus_key:    1');
    const third = await analyzeAfter(s, aligned, second.analysis);
    assert.equal(third.treeReused && third.resolutionReused, true);
    // The diagnostics after the edits moved with their text.
    assert.deepEqual(only(third.analysis, 'unknown-field').range, rangeOf(aligned, 'bogus_key'));
    assert.deepEqual(only(third.analysis, 'tls-unknown-cipher').range, rangeOf(aligned, '"TLS_BOGUS"'));
  });

  test('typing into an unquoted word (a cipher name, a curve) reuses the tree and the resolution', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s').replace('  timeout:', '  curve_preferences: [ X25519, CurveP256 ]\n  timeout:');
    const unquoted = text.replace(`"${GOOD_CIPHER}"`, GOOD_CIPHER);
    const first = await s.analyze(unquoted);
    const typo = unquoted.replace(GOOD_CIPHER, `${GOOD_CIPHER}X`);
    const second = await analyzeAfter(s, typo, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    const unknown = second.analysis.diagnostics.filter((d) => d.code === 'tls-unknown-cipher');
    assert.deepEqual(unknown.map((d) => d.range), [rangeOf(typo, `${GOOD_CIPHER}X`), rangeOf(typo, '"TLS_BOGUS"')]);
    const curve = typo.replace('CurveP256', 'CurveP2567');
    const third = await analyzeAfter(s, curve, second.analysis);
    assert.equal(third.treeReused && third.resolutionReused, true);
    assert.deepEqual(only(third.analysis, 'tls-unknown-curve').range, rangeOf(curve, 'CurveP2567'));
    const fixed = await analyzeAfter(s, unquoted, (await analyzeAfter(s, typo, third.analysis)).analysis);
    assert.equal(fixed.treeReused, true);
    assert.deepEqual(fixed.analysis.diagnostics, first.diagnostics);
  });

  test('digits typed into and deleted from an integer reuse the tree and the resolution', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s').replace('bogus_key: 1', 'bogus_key: 1\nmax_payload: 1048576');
    const first = await s.analyze(text);
    const typed = text.replace('max_payload: 1048576', 'max_payload: 10485760000');
    const second = await analyzeAfter(s, typed, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    const third = await analyzeAfter(s, text, second.analysis);
    assert.equal(third.treeReused && third.resolutionReused, true);
    assert.deepEqual(codes(third.analysis), codes(first));
  });

  test('an identical text reuses the tree and the resolution', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s');
    const first = await s.analyze(text);
    const again = await analyzeAfter(s, text, first);
    assert.equal(again.treeReused, true);
    assert.equal(again.resolutionReused, true);
    assert.notEqual(again.analysis.resolution, first.resolution, 'a new resolution object, for caches keyed by it');
  });

  test('a previous analysis of another document is not reused', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s');
    const service = createLanguageService(fakeEnvironment());
    const other = await service.analyze({ uri: 'file:///conf/other.conf', path: '/conf/other.conf', text });
    const analysis = await service.analyze({ uri: URI, path: PATH, text }, {}, other);
    assert.notEqual(analysis.tree, other.tree);
    assert.deepEqual(analysis.diagnostics, (await s.fresh(text)).diagnostics);
  });
});

describe('typing into a key reuses the tree, and the resolution when only that binding\'s name changes', () => {
  test('a key typed wrong and put right: the unknown key is reported where it is, the resolution is kept', async () => {
    const s = session();
    const text = tlsConfig(GOOD_CIPHER, '2s');
    const first = await s.analyze(text);
    const typo = text.replace('timeout:', 'timeoutx:');
    const second = await analyzeAfter(s, typo, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    assert.deepEqual(
      second.analysis.diagnostics.filter((d) => d.code === 'unknown-field').map((d) => d.range),
      [rangeOf(typo, 'timeoutx'), rangeOf(typo, 'bogus_key')],
    );
    const fixed = await analyzeAfter(s, text, second.analysis);
    assert.equal(fixed.treeReused && fixed.resolutionReused, true);
    assert.deepEqual(fixed.analysis.diagnostics, first.diagnostics);
    // A top-level key, then one in a map in a list.
    const top = await analyzeAfter(s, text.replace('server_name', 'server_names'), fixed.analysis);
    assert.equal(top.treeReused && top.resolutionReused, true);
    const users = 'authorization {\n  users: [ { user: a, password: "secret-1" }, { user: b, password: "secret-2" } ]\n}\n';
    const u1 = await s.analyze(users);
    const u2 = await analyzeAfter(s, users.replace('{ user: b', '{ usr: b'), u1);
    assert.equal(u2.treeReused && u2.resolutionReused, true);
    assert.deepEqual(only(u2.analysis, 'unknown-field').range, rangeOf(users.replace('{ user: b', '{ usr: b'), 'usr'));
  });

  test('a new or old name that a variable refers to: the tree is kept, the resolution made afresh', async () => {
    const s = session();
    const text = 'port: 4222\nmonitor_port: $port\n';
    const first = await s.analyze(text);
    assert.deepEqual(first.diagnostics, []);
    const renamed = await analyzeAfter(s, 'porty: 4222\nmonitor_port: $port\n', first);
    assert.equal(renamed.treeReused, true);
    assert.equal(renamed.resolutionReused, false);
    assert.ok(codes(renamed.analysis).includes('variable-undefined'));
    const back = await analyzeAfter(s, text, renamed.analysis);
    assert.equal(back.treeReused, true);
    assert.deepEqual(back.analysis.diagnostics, []);
  });

  test('a duplicate key, a name taken, an include in the map: the resolution is made afresh', async () => {
    const s = session({ '/conf/inc.conf': 'debug: true\n' });
    // The later of two `port` keys renamed: the earlier one counts again.
    const duplicate = 'port: 1\nport: 2\n';
    const d = await analyzeAfter(s, 'port: 1\nports: 2\n', await s.analyze(duplicate));
    assert.equal(d.treeReused && !d.resolutionReused, true);
    // `portx` loses its x and becomes a second `port`, which wins.
    const taken = await analyzeAfter(s, 'port: 1\nport: 2\n', await s.analyze('port: 1\nportx: 2\n'));
    assert.equal(taken.treeReused && !taken.resolutionReused, true);
    // An included file in the same map could set the new name.
    const included = await analyzeAfter(s, 'include "inc.conf"\ndebugx: false\n', await s.analyze('include "inc.conf"\ndebug: false\n'));
    assert.equal(included.treeReused && !included.resolutionReused, true);
  });
});

describe('the resolution is reused only when it still holds', () => {
  test('not when it had a diagnostic: an undefined variable after the edit on the same line moves', async () => {
    const s = session();
    const before = 'server_name: "srv"; authorization { token: $NOPE }\n';
    const first = await s.analyze(before);
    assert.ok(first.resolution.diagnostics.length > 0);
    const after = 'server_name: "server-one"; authorization { token: $NOPE }\n';
    const second = await analyzeAfter(s, after, first);
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, false);
    assert.deepEqual(only(second.analysis, 'variable-undefined').range, rangeOf(after, '$NOPE'));
  });

  test('yes when the included files are the same; not when one changed in between', async () => {
    const s = session({ '/conf/inc.conf': 'debug: true\n' });
    const first = await s.analyze('include "inc.conf"\nserver_name: "srv"\n');
    assert.deepEqual(first.diagnostics, []);
    const same = await analyzeAfter(s, 'include "inc.conf"\nserver_name: "srv2"\n', first);
    assert.equal(same.treeReused, true);
    assert.equal(same.resolutionReused, true);

    s.files['/conf/inc.conf'] = 'debug: true\nbogus_in_include: 1\nx: $NOPE\n';
    const changed = await analyzeAfter(s, 'include "inc.conf"\nserver_name: "srv23"\n', same.analysis);
    assert.equal(changed.treeReused, true);
    assert.equal(changed.resolutionReused, false);
    assert.ok(codes(changed.analysis).includes('include-parse-error'));
    assert.ok(changed.analysis.diagnostics.some((d) => d.message.includes("'bogus_in_include'")));
  });

  test('not when an included file appeared or disappeared', async () => {
    const s = session({});
    const first = await s.analyze('include "inc.conf"\nserver_name: "srv"\n');
    assert.deepEqual(codes(first), ['include-not-found']);
    s.files['/conf/inc.conf'] = 'bogus_in_include: 1\n';
    const appeared = await analyzeAfter(s, 'include "inc.conf"\nserver_name: "srv2"\n', first);
    assert.equal(appeared.resolutionReused, false);
    assert.ok(appeared.analysis.diagnostics.some((d) => d.message.includes("'bogus_in_include'")));
    delete s.files['/conf/inc.conf'];
    const gone = await analyzeAfter(s, 'include "inc.conf"\nserver_name: "srv23"\n', appeared.analysis);
    assert.equal(gone.resolutionReused, false);
    assert.deepEqual(codes(gone.analysis), ['include-not-found']);
  });

  test('not when the dangling-key rule changes (2.9 to 2.10): an included file ending in a key becomes an error', async () => {
    const s = session({ '/conf/inc.conf': 'debug: true\ntrailing' });
    const first = await s.analyze('include "inc.conf"\nserver_name: "srv"\n', undefined, '2.9');
    assert.deepEqual(first.resolution.diagnostics, []);
    const second = await analyzeAfter(s, 'include "inc.conf"\nserver_name: "srv2"\n', first, '2.10');
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, false);
    assert.deepEqual(codes(second.analysis), ['include-parse-error']);
  });

  test('the same text at 2.9 then 2.10: the tree is kept, the dangling key becomes an error', async () => {
    const s = session();
    const text = 'server_name: "srv"\ntrailing';
    const first = await s.analyze(text, undefined, '2.9');
    assert.equal(only(first, 'syntax-dangling-key').severity, 'warning');
    const second = await analyzeAfter(s, text, first, '2.10');
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, false);
    assert.equal(only(second.analysis, 'syntax-dangling-key').severity, 'error');
  });

  test('yes when the version changes within one rule (2.10 to 2.11), and the version rules follow the new target', async () => {
    const s = session();
    const first = await s.analyze(tlsConfig(GOOD_CIPHER, '2s'), undefined, '2.10');
    const second = await analyzeAfter(s, tlsConfig(GOOD_CIPHER, '3s'), first, '2.11');
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, true);
    assert.equal(second.analysis.settings.serverVersion, '2.11');
  });
});

describe('edits the tree cannot absorb', () => {
  test('a new key typed: a fresh tree with the diagnostics of a fresh analysis', async () => {
    const s = session();
    const first = await s.analyze(tlsConfig(GOOD_CIPHER, '2s'));
    const typed = await analyzeAfter(s, tlsConfig(GOOD_CIPHER, '2s') + 'another_bogus: 2\n', first);
    assert.equal(typed.treeReused, false);
    assert.equal(typed.analysis.diagnostics.filter((d) => d.code === 'unknown-field').length, 2);
  });

  test('a brace removed: a fresh tree with the syntax error', async () => {
    const s = session();
    const first = await s.analyze(tlsConfig(GOOD_CIPHER, '2s'));
    const broken = await analyzeAfter(s, tlsConfig(GOOD_CIPHER, '2s').replace('}\n', '\n'), first);
    assert.equal(broken.treeReused, false);
    assert.ok(codes(broken.analysis).some((c) => c.startsWith('syntax-')));
    // An edit inside a string of the broken text is not patched either: the problem is at the
    // end of the text and points at the `{` before it (the lines between may be a token's).
    const next = await analyzeAfter(s, tlsConfig(GOOD_CIPHER, '3s').replace('}\n', '\n'), broken.analysis);
    assert.equal(next.treeReused, false);
    // Away from problems, such an edit is patched (see the next test).
  });

  test('a key typed on a line of its own, letter by letter: the syntax error it makes stays, the tree and the findings elsewhere are kept', async () => {
    const s = session();
    const text = (line: string) => `server_name: srv\naccounts {\n  A {\n    jetstream: enabled\n${line}    users: [ { user: a, password: "hunter22" } ]\n    bogus_a: 1\n  }\n}\nbogus_top: 1\n`;
    const first = await s.analyze(text('    m\n'));
    assert.ok(codes(first).some((code) => code.startsWith('syntax-')), JSON.stringify(codes(first)));
    let previous = first;
    for (const typed of ['ma', 'max', 'max_', 'max_c']) {
      const next = await analyzeAfter(s, text(`    ${typed}\n`), previous);
      assert.equal(next.treeReused, true, typed);
      assert.deepEqual(codes(next.analysis), codes(first), typed);
      previous = next.analysis;
    }
  });

  test('the same previous passed twice: the second analysis parses afresh and the first keeps its tree', async () => {
    const s = session();
    const first = await s.analyze(tlsConfig(GOOD_CIPHER, '2s'));
    const secondText = tlsConfig(GOOD_CIPHER, '3s');
    const second = await analyzeAfter(s, secondText, first);
    assert.equal(second.treeReused, true);
    const third = await analyzeAfter(s, tlsConfig(GOOD_CIPHER, '4x'), first);
    assert.equal(third.treeReused, false);
    assert.notEqual(third.analysis.tree, second.analysis.tree);
    assert.ok(codes(third.analysis).includes('tls-invalid-duration'));
    // The tree the second analysis took over was not patched again.
    assert.deepEqual(treeDump(second.analysis.tree), treeDump(parse(secondText)));
  });
});

describe('secrets in diagnostics are those of the new text', () => {
  test('a password edited: the messages that quote it are masked with the new value', async () => {
    const s = session();
    const text = (password: string) =>
      `authorization { user: a, password: "${password}" }\nxhunter2hunter3x: 3\ntls { cipher_suites: [ "hunter2hunter3" ] }\n`;
    const first = await s.analyze(text('hunter2hunter2'));
    // Not the password yet: quoted as they are.
    assert.ok(first.diagnostics.some((d) => d.message.includes("'xhunter2hunter3x'")));
    assert.ok(first.diagnostics.some((d) => d.message.includes('"hunter2hunter3"')));

    const second = await analyzeAfter(s, text('hunter2hunter3'), first);
    assert.equal(second.treeReused, true);
    assert.equal(second.resolutionReused, true);
    assert.match(only(second.analysis, 'unknown-field').message, /^Unknown key 'x••••••x' in the top level/);
    assert.match(only(second.analysis, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
    for (const diagnostic of second.analysis.diagnostics) assert.doesNotMatch(JSON.stringify(diagnostic), /hunter2hunter3/);

    // Changed again: the old value is no secret any more and is quoted again.
    const third = await analyzeAfter(s, text('another-secret'), second.analysis);
    assert.equal(third.resolutionReused, true);
    assert.match(only(third.analysis, 'unknown-field').message, /^Unknown key 'xhunter2hunter3x'/);
  });

  /** A config whose cipher suite is the value of `key` in the authorization block. */
  const quoting = (key: string, indent = '') =>
    `authorization { user: a, ${key}: "hunter2hunter3" }\n${indent}tls { cipher_suites: [ "hunter2hunter3" ] }\n`;

  test('blanks typed, and a key renamed between two names that both hold a secret: still masked', async () => {
    const s = session();
    const first = await s.analyze(quoting('password'));
    assert.match(only(first, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
    const indented = await analyzeAfter(s, quoting('password', '  '), first);
    assert.equal(indented.resolutionReused, true);
    assert.match(only(indented.analysis, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
    const renamed = await analyzeAfter(s, quoting('passwords', '  '), indented.analysis);
    assert.equal(renamed.resolutionReused, true);
    assert.match(only(renamed.analysis, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
    for (const diagnostic of renamed.analysis.diagnostics) assert.doesNotMatch(JSON.stringify(diagnostic), /hunter2hunter3/);
  });

  test('a map key renamed out of a secret name and back: the secret inside it stays masked, its other strings follow the name', async () => {
    const s = session();
    const text = (key: string, shared = '') =>
      `opts { ${key} { password: "hunter2hunter3", note: "plaintext99" } }\n${shared}tls { cipher_suites: [ "hunter2hunter3", "plaintext99" ] }\n`;
    const ciphers = (analysis: Analysis) => analysis.diagnostics.filter((d) => d.code === 'tls-unknown-cipher').map((d) => /cipher suite "([^"]*)"/.exec(d.message)?.[1]);
    const first = await s.analyze(text('pwd'));
    assert.deepEqual(ciphers(first), ['••••••', '••••••']);
    const out = await analyzeAfter(s, text('pw'), first);
    assert.equal(out.resolutionReused, true);
    assert.deepEqual(ciphers(out.analysis), ['••••••', 'plaintext99']);
    const back = await analyzeAfter(s, text('pwd'), out.analysis);
    assert.equal(back.resolutionReused, true);
    assert.deepEqual(ciphers(back.analysis), ['••••••', '••••••']);
    // A string that is a secret elsewhere too stays masked when one of its keys is renamed.
    const shared = 'authorization { user: a, password: "plaintext99" }\n';
    const sharing = await s.analyze(text('pwd', shared));
    const renamed = await analyzeAfter(s, text('pw', shared), sharing);
    assert.equal(renamed.resolutionReused, true);
    assert.deepEqual(ciphers(renamed.analysis), ['••••••', '••••••']);
  });

  test('a key renamed out of a secret name under a key that holds a secret: everything under it stays masked', async () => {
    const s = session();
    const text = (key: string) => `opts { password { ${key}: "plaintext99" } }\ntls { cipher_suites: [ "plaintext99" ] }\n`;
    const first = await s.analyze(text('pwd'));
    const renamed = await analyzeAfter(s, text('pw'), first);
    assert.equal(renamed.resolutionReused, true);
    assert.match(only(renamed.analysis, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
  });

  test('a value edited outside every secret keeps the secrets; one that becomes a URL with credentials, or one a secret refers to, does not', async () => {
    const s = session();
    const text = (cipher: string, x = 'hunter2hunter3') =>
      `X: "${x}"\nauthorization { user: a, password: $X }\ntls { cipher_suites: [ "${cipher}", $X ] }\n`;
    const first = await s.analyze(text('TLS_NOPE'));
    assert.ok(first.diagnostics.some((d) => d.message.includes('"TLS_NOPE"')));
    // Typing into the cipher name: nothing secret changes, and the password stays masked.
    const typed = await analyzeAfter(s, text('TLS_NOPES'), first);
    assert.equal(typed.resolutionReused, true);
    assert.ok(typed.analysis.diagnostics.some((d) => d.message.includes('"TLS_NOPES"')));
    for (const diagnostic of typed.analysis.diagnostics) assert.doesNotMatch(JSON.stringify(diagnostic), /hunter2hunter3/);
    // An `@` typed: a URL's credentials are a secret now.
    const noAt = await analyzeAfter(s, text('nats://u:s3cr3tpassw0rdh'), typed.analysis);
    assert.ok(noAt.analysis.diagnostics.some((d) => d.message.includes('s3cr3tpassw0rdh')));
    const url = await analyzeAfter(s, text('nats://u:s3cr3tpassw0rd@h'), noAt.analysis);
    assert.equal(url.resolutionReused, true);
    for (const diagnostic of url.analysis.diagnostics) assert.doesNotMatch(JSON.stringify(diagnostic), /s3cr3tpassw0rd/);
    // The value the password refers to, edited: its new text is the secret.
    const referred = await analyzeAfter(s, text('nats://u:s3cr3tpassw0rd@h', 'hunter2hunter4'), url.analysis);
    assert.equal(referred.resolutionReused, true);
    for (const diagnostic of referred.analysis.diagnostics) assert.doesNotMatch(JSON.stringify(diagnostic), /hunter2hunter4/);
  });

  test('a key renamed into a name that holds a secret, and out of it: its value is masked, then quoted', async () => {
    const s = session();
    const first = await s.analyze(quoting('pw'));
    assert.match(only(first, 'tls-unknown-cipher').message, /cipher suite "hunter2hunter3"/);
    const secret = await analyzeAfter(s, quoting('pwd'), first);
    assert.equal(secret.resolutionReused, true);
    assert.match(only(secret.analysis, 'tls-unknown-cipher').message, /cipher suite "••••••"/);
    const plain = await analyzeAfter(s, quoting('pw'), secret.analysis);
    assert.equal(plain.resolutionReused, true);
    assert.match(only(plain.analysis, 'tls-unknown-cipher').message, /cipher suite "hunter2hunter3"/);
  });
});

describe('after a patched edit only the blocks it can change are checked again; the others keep their findings', () => {
  /** Two accounts, each with a finding in its account block and one in its user's block. */
  function accounts(password: string, bUser = '{ user: b, password: "secretbb", bogus_user: 1 }', tlsKey = 'tl'): string {
    return [
      'accounts {',
      '  A {',
      `    users: [ { user: a, password: "${password}", bogus_a_user: 1 } ]`,
      '    bogus_a: 1',
      '  }',
      '  B {',
      `    users: [ ${bUser} ]`,
      '    bogus_b: 1',
      '  }',
      '}',
      `cluster { port: 6222, ${tlsKey} { timeout: "3x" } }`,
      '',
    ].join('\n');
  }

  /** The finding that names `key`. */
  function about(analysis: Analysis, key: string) {
    const found = analysis.diagnostics.filter((d) => d.message.includes(`'${key}'`));
    assert.equal(found.length, 1, `one finding about ${key} expected, got ${JSON.stringify(analysis.diagnostics.map((d) => d.message))}`);
    return found[0];
  }

  test('typing into a password: its user and account are checked again, the other account keeps its findings', async () => {
    const s = session();
    const first = await s.analyze(accounts('hunter22'));
    const second = await analyzeAfter(s, accounts('hunter222'), first);
    assert.equal(second.resolutionReused, true);
    // Kept: the very findings of the last analysis.
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    assert.equal(about(second.analysis, 'bogus_b'), about(first, 'bogus_b'));
    assert.equal(about(second.analysis, 'tl'), about(first, 'tl'));
    // Checked again: the edited value's block, and the blocks around it.
    assert.notEqual(about(second.analysis, 'bogus_a_user'), about(first, 'bogus_a_user'));
    assert.notEqual(about(second.analysis, 'bogus_a'), about(first, 'bogus_a'));
    // Typed back: the same diagnostics as at first.
    const third = await analyzeAfter(s, accounts('hunter22'), second.analysis);
    assert.deepEqual(third.analysis.diagnostics, first.diagnostics);
  });

  test('blanks typed before a finding on its line: that block is checked again, its finding moves; the others are kept', async () => {
    const s = session();
    const text = accounts('hunter22');
    const first = await s.analyze(text);
    const spaced = text.replace('{ user: b,', '{  user: b,');
    const second = await analyzeAfter(s, spaced, first);
    assert.equal(second.resolutionReused, true);
    assert.deepEqual(about(second.analysis, 'bogus_user').range, rangeOf(spaced, 'bogus_user'));
    assert.notDeepEqual(about(second.analysis, 'bogus_user').range, about(first, 'bogus_user').range);
    // Kept: the findings of blocks away from the line (bogus_b, on the next line, is checked again).
    assert.equal(about(second.analysis, 'bogus_a_user'), about(first, 'bogus_a_user'));
    assert.equal(about(second.analysis, 'bogus_a'), about(first, 'bogus_a'));
    assert.equal(about(second.analysis, 'tl'), about(first, 'tl'));
  });

  test('a key renamed into tls: the block under it appears with its findings, and goes again', async () => {
    const s = session();
    const text = accounts('hunter22');
    const first = await s.analyze(text);
    assert.ok(!codes(first).includes('tls-invalid-duration'));
    const renamed = accounts('hunter22', undefined, 'tls');
    const second = await analyzeAfter(s, renamed, first);
    assert.equal(second.resolutionReused, true);
    assert.ok(codes(second.analysis).some((code) => code.startsWith('tls-')), JSON.stringify(codes(second.analysis)));
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    const back = await analyzeAfter(s, text, second.analysis);
    assert.deepEqual(codes(back.analysis), codes(first));
  });

  test('users sharing permissions through a variable: typing into one password still checks only around it', async () => {
    const s = session();
    const text = (password: string) =>
      `P = { publish: "a.>", bogus_permission: 1 }\n${accounts(password, '{ user: b, password: "secretbb", permissions: $P, bogus_user: 1 }').replace('bogus_a_user: 1', 'permissions: $P, bogus_a_user: 1')}`;
    const first = await s.analyze(text('hunter22'));
    const second = await analyzeAfter(s, text('hunter222'), first);
    assert.equal(second.resolutionReused, true);
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    assert.notEqual(about(second.analysis, 'bogus_a_user'), about(first, 'bogus_a_user'));
  });

  test('a line added to an account and removed: the resolution is kept, findings before it are kept, those after it move', async () => {
    const s = session();
    const text = accounts('hunter22');
    const first = await s.analyze(text);
    const added = text.replace('    bogus_b: 1\n', '    bogus_b: 1\n    bogus_new: 1\n');
    const second = await analyzeAfter(s, added, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    assert.deepEqual(about(second.analysis, 'bogus_new').range, rangeOf(added, 'bogus_new'));
    assert.equal(about(second.analysis, 'bogus_a_user'), about(first, 'bogus_a_user'));
    assert.equal(about(second.analysis, 'bogus_a'), about(first, 'bogus_a'));
    assert.deepEqual(about(second.analysis, 'tl').range, rangeOf(added, 'tl'));
    const removed = await analyzeAfter(s, text, second.analysis);
    assert.equal(removed.treeReused && removed.resolutionReused, true);
    assert.deepEqual(removed.analysis.diagnostics, first.diagnostics);
  });

  test('lines the resolution cannot take in place (a repeated name, a $NAME, a block): resolved afresh', async () => {
    const s = session();
    const text = accounts('hunter22');
    for (const line of ['    bogus_b: 2\n', '    x: $Y\n', '    m { a: 1 }\n']) {
      const first = await s.analyze(text);
      const added = await analyzeAfter(s, text.replace('    bogus_b: 1\n', `    bogus_b: 1\n${line}`), first);
      assert.equal(added.treeReused, true, line);
      assert.equal(added.resolutionReused, false, line);
    }
  });

  test('a top-level value typed into, and a top-level key holding one renamed: the top level is checked again, the other blocks keep their findings', async () => {
    const s = session();
    const withTop = (name: string, key: string) => `server_name: "${name}"\n${key}: true\n${accounts('hunter22')}`;
    const first = await s.analyze(withTop('srv', 'debugx'));
    const second = await analyzeAfter(s, withTop('srvx', 'debugx'), first);
    assert.equal(second.resolutionReused, true);
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    assert.equal(about(second.analysis, 'tl'), about(first, 'tl'));
    assert.notEqual(about(second.analysis, 'debugx'), about(first, 'debugx'));

    // The key renamed to a known option, and back: its finding goes and comes.
    const third = await analyzeAfter(s, withTop('srvx', 'debug'), second.analysis);
    assert.equal(third.resolutionReused, true);
    assert.ok(!third.analysis.diagnostics.some((d) => d.message.includes("'debugx'")));
    assert.equal(about(third.analysis, 'bogus_user'), about(first, 'bogus_user'));
    const fourth = await analyzeAfter(s, withTop('srvx', 'debugx'), third.analysis);
    assert.equal(fourth.resolutionReused, true);
    assert.deepEqual(about(fourth.analysis, 'debugx').range, rangeOf(withTop('srvx', 'debugx'), 'debugx'));
    assert.equal(about(fourth.analysis, 'bogus_user'), about(first, 'bogus_user'));
  });

  test('allow_non_tls renamed into place: the top-level tls block, whose checks read it, is checked again', async () => {
    const s = session();
    // The tls block is lines away from the key: it is not checked again for being near the edit.
    const text = (key: string) => `tls { timeout: 2 }\n${accounts('hunter22')}${key}: true\n`;
    const first = await s.analyze(text('allow_non_tl'));
    assert.equal(only(first, 'tls-no-certificate').severity, 'warning');
    const second = await analyzeAfter(s, text('allow_non_tls'), first);
    assert.equal(second.resolutionReused, true);
    assert.equal(only(second.analysis, 'tls-no-certificate').severity, 'information');
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    const back = await analyzeAfter(s, text('allow_non_tl'), second.analysis);
    assert.equal(only(back.analysis, 'tls-no-certificate').severity, 'warning');

    // The same as a line added between two top-level keys, and removed.
    const lines = (extra: string) => `tls { timeout: 2 }\n${accounts('hunter22')}debug: false\n${extra}trace: false\n`;
    const third = await s.analyze(lines(''));
    const added = await analyzeAfter(s, lines('allow_non_tls: true\n'), third);
    assert.equal(added.treeReused && added.resolutionReused, true);
    assert.equal(only(added.analysis, 'tls-no-certificate').severity, 'information');
    assert.equal(about(added.analysis, 'bogus_user'), about(third, 'bogus_user'));
    const removed = await analyzeAfter(s, lines(''), added.analysis);
    assert.equal(only(removed.analysis, 'tls-no-certificate').severity, 'warning');
  });

  test('a top-level line added and removed: the tree and the resolution are kept, findings before it are kept, those after it move', async () => {
    const s = session();
    const text = `server_name: srv\n${accounts('hunter22')}`;
    const first = await s.analyze(text);
    const added = text.replace('cluster {', 'bogus_top: 1\ncluster {');
    const second = await analyzeAfter(s, added, first);
    assert.equal(second.treeReused && second.resolutionReused, true);
    assert.deepEqual(about(second.analysis, 'bogus_top').range, rangeOf(added, 'bogus_top'));
    assert.equal(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
    assert.equal(about(second.analysis, 'bogus_a'), about(first, 'bogus_a'));
    assert.deepEqual(about(second.analysis, 'tl').range, rangeOf(added, 'tl'));
    const removed = await analyzeAfter(s, text, second.analysis);
    assert.equal(removed.treeReused && removed.resolutionReused, true);
    assert.deepEqual(removed.analysis.diagnostics, first.diagnostics);
  });

  test('top-level lines with an include at the top level: kept in place, unless the included file sets the name, a $NAME reads it or it repeats', async () => {
    const s = session({ '/conf/extra.conf': 'max_payload: 1MB\nbogus_included: 1\n' });
    const text = `include "extra.conf"\nserver_name: srv\n${accounts('hunter22')}`;
    const cases: [string, boolean][] = [
      ['debug: true\n', true],
      ['bogus_top: 1; trace: false\n', true],
      ['max_payload: 2MB\n', false],
      ['server_name: other\n', false],
      ['y: $server_name\n', false],
    ];
    for (const [line, kept] of cases) {
      // A fresh analysis each time: one passed as previous is consumed.
      const first = await s.analyze(text);
      const added = await analyzeAfter(s, text.replace('cluster {', `${line}cluster {`), first);
      assert.equal(added.treeReused, true, line);
      assert.equal(added.resolutionReused, kept, line);
      if (kept) assert.equal(about(added.analysis, 'bogus_user'), about(first, 'bogus_user'));
      const back = await analyzeAfter(s, text, added.analysis);
      assert.equal(back.resolutionReused, kept, `${line} removed`);
    }
    // Before the include: its bindings come after the new one's.
    const includeSecond = `server_name: srv\ninclude "extra.conf"\n${accounts('hunter22')}`;
    const before = await analyzeAfter(s, includeSecond.replace('include', 'debug: true\ninclude'), await s.analyze(includeSecond));
    assert.equal(before.treeReused && before.resolutionReused, true);
    // A line removed between the include and another key, and typed back.
    const first = await s.analyze(text);
    const without = await analyzeAfter(s, text.replace('server_name: srv\n', ''), first);
    assert.equal(without.treeReused && without.resolutionReused, true);
    const again = await analyzeAfter(s, text, without.analysis);
    assert.equal(again.resolutionReused, true);
    assert.deepEqual(again.analysis.diagnostics, first.diagnostics);
  });

  test('a list element added on a line of its own and removed: scalars keep the tree and the resolution; a map or a $NAME is resolved afresh', async () => {
    const s = session();
    // After the accounts: their findings come before the lines that move.
    const text = (extra: string) =>
      `${accounts('hunter22')}tls {\n  cipher_suites: [\n    "${GOOD_CIPHER}"\n${extra}    "TLS_BOGUS"\n  ]\n}\n`;
    const first = await s.analyze(text(''));
    const added = await analyzeAfter(s, text('    "TLS_BOGUS_TOO"\n'), first);
    assert.equal(added.treeReused && added.resolutionReused, true);
    assert.equal(codes(added.analysis).filter((code) => code === 'tls-unknown-cipher').length, 2, JSON.stringify(codes(added.analysis)));
    assert.equal(about(added.analysis, 'bogus_a'), about(first, 'bogus_a'));
    const removed = await analyzeAfter(s, text(''), added.analysis);
    assert.equal(removed.treeReused && removed.resolutionReused, true);
    assert.deepEqual(removed.analysis.diagnostics, first.diagnostics);

    // An element that may hold credentials: the secrets are looked for again (analyzeAfter compares the messages).
    const credentials = await analyzeAfter(s, text('    "nats://admin:pa55word@example.net"\n'), await s.analyze(text('')));
    assert.equal(credentials.resolutionReused, true);
    assert.ok(credentials.analysis.diagnostics.every((d) => !d.message.includes('pa55word')), JSON.stringify(credentials.analysis.diagnostics.map((d) => d.message)));

    for (const element of ['    $CIPHER\n', '    { a: 1 }\n']) {
      const again = await s.analyze(text(''));
      const next = await analyzeAfter(s, text(element), again);
      assert.equal(next.treeReused, true, element);
      assert.equal(next.resolutionReused, false, element);
    }
    // A user added to a users list (a map): the comparison of the texts finds it inside the next
    // user; aligned to the start of its line, it is read whole.
    const users = accounts('hunter22', '{ user: b, password: "secretbb", bogus_user: 1 }\n      { user: c, password: "secretcc" }');
    const before = await s.analyze(users);
    const withUser = await analyzeAfter(s, users.replace('      { user: c', '      { user: d, password: "secretdd", bogus_d: 1 }\n      { user: c'), before);
    assert.equal(withUser.treeReused && withUser.resolutionReused, true);
    assert.deepEqual(about(withUser.analysis, 'bogus_d').range, rangeOf(users.replace('      { user: c', '      { user: d, password: "secretdd", bogus_d: 1 }\n      { user: c'), 'bogus_d'));
    assert.equal(about(withUser.analysis, 'bogus_a_user'), about(before, 'bogus_a_user'));
    const userD = withUser.analysis.resolution.maps.get(
      [...withUser.analysis.resolution.maps.keys()].find((node) => node.kind === 'map' && node.entries.some((e) => e.kind === 'keyValue' && e.name === 'bogus_d'))!,
    );
    assert.ok(userD, 'the new user has its content');
    const dNode = [...withUser.analysis.resolution.maps.keys()].find((node) => withUser.analysis.resolution.maps.get(node) === userD)!;
    const withoutUser = await analyzeAfter(s, users, withUser.analysis);
    assert.equal(withoutUser.treeReused && withoutUser.resolutionReused, true);
    assert.equal(withoutUser.analysis.resolution.maps.has(dNode), false, 'the removed user is forgotten');
    assert.deepEqual(withoutUser.analysis.diagnostics, before.diagnostics);
    // A user with its permissions (maps and lists inside) is resolved in place too, their findings and all.
    const withPermissions = users.replace('      { user: c', '      { user: e, permissions: { publish: { allow: ["a.>"], bogus_allow: 1 } } }\n      { user: c');
    const nested = await analyzeAfter(s, withPermissions, await s.analyze(users));
    assert.equal(nested.treeReused && nested.resolutionReused, true);
    assert.deepEqual(about(nested.analysis, 'bogus_allow').range, rangeOf(withPermissions, 'bogus_allow'));
    const publishNode = [...nested.analysis.resolution.maps.keys()].find((node) => node.kind === 'map' && node.entries.some((e) => e.kind === 'keyValue' && e.name === 'bogus_allow'))!;
    assert.ok(publishNode, 'the maps inside the new user have their contents');
    const nestedGone = await analyzeAfter(s, users, nested.analysis);
    assert.equal(nestedGone.resolutionReused, true);
    assert.equal(nestedGone.analysis.resolution.maps.has(publishNode), false, 'the maps inside the removed user are forgotten');
    assert.deepEqual(nestedGone.analysis.diagnostics, before.diagnostics);
    // A `$NAME` or a list of maps inside: afresh.
    for (const user of ['{ user: f, permissions: $P }', '{ user: g, x: [ { a: 1 } ] }']) {
      const other = await analyzeAfter(s, users.replace('      { user: c', `      ${user}\n      { user: c`), await s.analyze(users));
      assert.equal(other.treeReused && !other.resolutionReused, true, user);
    }
  });

  test('a top-level key holding a map renamed, or a map given through a variable edited: every block is checked again', async () => {
    const s = session();
    const renamed = (key: string) => `${key} { port: 4222 }\n${accounts('hunter22')}`;
    const first = await s.analyze(renamed('cluste'));
    const second = await analyzeAfter(s, renamed('cluster'), first);
    assert.equal(second.treeReused, true);
    assert.notEqual(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));

    const throughVariable = (timeout: string) => `T = { timeout: "${timeout}" }\n${accounts('hunter22').replace('tl { timeout: "3x" }', 'tls: $T')}`;
    const third = await s.analyze(throughVariable('3x'));
    const fourth = await analyzeAfter(s, throughVariable('3xy'), third);
    assert.equal(fourth.resolutionReused, true);
    assert.notEqual(about(fourth.analysis, 'bogus_user'), about(third, 'bogus_user'));
  });

  test('the same text at another target: every block is checked again, for that target', async () => {
    const s = session();
    const text = accounts('hunter22');
    const first = await s.analyze(text, undefined, '2.10');
    const second = await analyzeAfter(s, text, first, '2.11');
    assert.equal(second.resolutionReused, true);
    assert.notEqual(about(second.analysis, 'bogus_user'), about(first, 'bogus_user'));
  });
});

describe("keys without a value before their map's `}` (nats-server gives them the map)", () => {
  /** Types `typed` at `at` one character per analysis, then deletes it the same way; each step is checked against a fresh analysis. */
  async function typeAndDelete(s: Session, text: string, at: number, typed: string): Promise<void> {
    let previous = await s.analyze(text);
    for (const step of typedThenDeleted(text, at, typed)) previous = (await analyzeAfter(s, step, previous, '2.9')).analysis;
  }

  test('typed as the last line of an account, of a tls block and of a user, and deleted: each step as a fresh analysis says', async () => {
    const s = session();
    const config = 'accounts {\n  A {\n    users: [\n      { user: a, password: b }\n    ]\n  }\n  B { users: [ { user: c, password: d } ] }\n}\n' +
      'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n}\nport: 4222\n';
    await typeAndDelete(s, config, config.indexOf('    ]\n  }') + '    ]\n'.length, '    max_connections: 10\n');
    await typeAndDelete(s, config, config.indexOf('}\nport'), '  verify: true\n');
    await typeAndDelete(s, config, config.indexOf(' }\n    ]'), ', x: 1');
  });

  test('a line typed into an account before its users, character by character, and deleted: the tree and the resolution are kept at every step', async () => {
    const s = session();
    const config = 'accounts {\n  A {\n    jetstream: enabled\n    users: [\n      { user: a, password: b }\n    ]\n  }\n  B { users: [ { user: c, password: d } ] }\n}\nport: 4222\n';
    const at = config.indexOf('\n    users');
    const typed = '\n    max_connections: 10';
    const steps = typedThenDeleted(config, at, typed);
    let previous = await s.analyze(config);
    const kept: string[] = [];
    for (const step of steps) {
      const after = await analyzeAfter(s, step, previous);
      if (!after.treeReused || !after.resolutionReused) kept.push(JSON.stringify(step.slice(at, step.indexOf('users'))));
      previous = after.analysis;
    }
    assert.deepEqual(kept, [], 'steps analysed afresh');
    // While the key waits for its value, the one syntax error is on the users line, and names the key.
    const waiting = await s.analyze(steps[8]);
    assert.deepEqual(waiting.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range.start.line]), [['syntax-map-value-end', 4]]);
  });

  test('a top-level line typed character by character after an include: each step as a fresh analysis says, the resolution afresh while a key waits', async () => {
    const s = session({ '/conf/extra.conf': 'max_payload: 1MB\n' });
    const config = 'include "extra.conf"\nserver_name: srv\nport: 4222\n';
    const at = config.indexOf('\nport');
    const typed = '\nhttp_port: 8222';
    const steps = typedThenDeleted(config, at, typed);
    let previous = await s.analyze(config);
    for (let i = 1; i <= typed.length; i++) {
      const after = await analyzeAfter(s, steps[i - 1], previous);
      // While `h`... waits for its value (on the port line), the bindings around the include are resolved afresh.
      if (i > 1 && i < 'http_port: 8'.length + 1) assert.equal(after.resolutionReused, false, typed.slice(0, i));
      previous = after.analysis;
    }
  });

  test('keys around one renamed, values typed into: each step as a fresh analysis says', async () => {
    const s = session();
    const config = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verify\n}\nport: 4222\naccounts { A { x }, B { users: [ { user: c, password: d } ] } }\n';
    await typeAndDelete(s, config, config.indexOf('file:'), 'x');
    await typeAndDelete(s, config, config.indexOf('port') + 2, 'x');
    await typeAndDelete(s, config, config.indexOf('4222'), '1');
    await typeAndDelete(s, config, config.indexOf(' B {'), 'y');
    await typeAndDelete(s, config, config.indexOf('x }'), 'y');
    await typeAndDelete(s, config, config.indexOf('password: d') + 'password: '.length, 'z');
  });
});

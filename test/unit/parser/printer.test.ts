import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../server/src/parser/parser';
import { formatFloat, printDocument, quoteString, UnprintableError } from '../../../server/src/parser/printer';
import type { KeyValue, MapValue } from '../../../server/src/parser/ast';
import { structuralForm } from '../../fuzz/properties';
import { repoRoot } from '../../fuzz/seeds';

/** Prints the parse of `text`, checks the print reparses to the same tree without errors, returns it. */
function printed(text: string): string {
  const document = parse(text);
  assert.deepEqual(document.errors.filter((e) => e.severity === 'error').map((e) => e.code), [], `the input has errors: ${text}`);
  const output = printDocument(document);
  const again = parse(output);
  assert.deepEqual(again.errors.filter((e) => e.severity === 'error').map((e) => e.code), [], `the print has errors: ${output}`);
  assert.equal(structuralForm(again), structuralForm(document), `the print reads back differently:\n${output}`);
  assert.equal(printDocument(again), output, 'printing is stable');
  return output;
}

describe('printer: layout', () => {
  test('one statement per line, key: value, two-space indentation, maps and arrays', () => {
    assert.equal(
      printed('port = 4222; tls { cert_file: "a.pem", verify true }\nroutes [ nats://a:6222, "b" ]\nempty {}\nnone = []\n'),
      'port: 4222\ntls: {\n  cert_file: "a.pem"\n  verify: true\n}\nroutes: [\n  "nats://a:6222"\n  "b"\n]\nempty: {\n}\nnone: [\n]\n',
    );
  });

  test('maps inside arrays inside maps', () => {
    assert.equal(
      printed('accounts { A { users: [ { user: a, password: b }, {user: c} ] } }'),
      'accounts: {\n  A: {\n    users: [\n      {\n        user: "a"\n        password: "b"\n      }\n      {\n        user: "c"\n      }\n    ]\n  }\n}\n',
    );
  });

  test('JSON-style top-level braces and CRLF line ends become the canonical layout', () => {
    assert.equal(printed('{\r\n  "port": 4222,\r\n  "tls": { "verify": true } }\r\n'), 'port: 4222\ntls: {\n  verify: true\n}\n');
    // A '}' that starts a line is read as a key named '}' without a value, which nats-server tolerates.
    assert.equal(printed('{\n  "port": 4222\n}\n'), 'port: 4222\n"}"\n');
  });

  test('comments keep their order and their block, each on its own line', () => {
    assert.equal(
      printed('# head\nport: 1 # after port\ntls { // inside\n  verify: true\n  # last in tls\n}\nx: [ 1, # in array\n 2 ]\n# tail'),
      '# head\nport: 1\n# after port\ntls: {\n  // inside\n  verify: true\n  # last in tls\n}\nx: [\n  1\n  # in array\n  2\n]\n# tail\n',
    );
  });

  test('a key without a value stays last in its map, and at the end of the file', () => {
    assert.equal(printed('a { b }\nc'), 'a: {\n  b\n}\nc\n');
  });

  test('include directives, with the path quoted in a style it does not contain', () => {
    assert.equal(printed('include ./a.conf\nm { INCLUDE \'b "x".conf\' }\n'), 'include "./a.conf"\nm: {\n  include \'b "x".conf\'\n}\n');
  });

  test('20,000 nested maps print without recursion', () => {
    const depth = 20_000;
    const text = 'a {'.repeat(depth) + '}'.repeat(depth);
    const output = printDocument(parse(text), { indent: '' });
    assert.equal(output, 'a: {\n'.repeat(depth) + '}\n'.repeat(depth));
    assert.equal(structuralForm(parse(output)), structuralForm(parse(text)));
  });
});

describe('printer: values as nats-server reads them', () => {
  test('strings are double-quoted with the escapes nats-server decodes', () => {
    assert.equal(quoteString('a"b\\c\nd\te\rf\0g'), '"a\\"b\\\\c\\nd\\te\\rf\\x00g"');
    assert.equal(quoteString("it's é 😀 \u2028"), '"it\'s é 😀 \u2028"');
    assert.equal(printed('s: "\\x41\\t\\"q\\""\nt: \'C:\\dir\\file\'\n'), 's: "A\\t\\"q\\""\nt: "C:\\\\dir\\\\file"\n');
  });

  test('raw blocks, unquoted text, bcrypt hashes and IP-like values become quoted strings', () => {
    assert.equal(
      printed('r: (\nline one\n  two\n)\nu: nats-route://a:6222\nh: $2a$11$abc.def\nip: 127.0.0.1:4222\nquoted_bool: "true"\n'),
      'r: "\\nline one\\n  two\\n"\nu: "nats-route://a:6222"\nh: "$2a$11$abc.def"\nip: "127.0.0.1:4222"\nquoted_bool: "true"\n',
    );
  });

  test('integers keep their digits and suffix, so the computed value (wraparound included) is the same', () => {
    assert.equal(printed('a: 1MB\nb: -1KB\nc: 0012\nd: 10e\ne: 9223372036854775807\n'), 'a: 1MB\nb: -1KB\nc: 0012\nd: 10e\ne: 9223372036854775807\n');
    const document = parse(printed('d: 10e\n'));
    assert.equal((document.entries[0] as KeyValue).value?.kind, 'integer');
  });

  test('a dropped value (unknown suffix) is printed as written and stays dropped', () => {
    assert.equal(printed('a: 1kbb\n'), 'a: 1kbb\n');
  });

  test('floats always have a point and digits on both sides, never an exponent', () => {
    assert.equal(printed('a: 1.50\nb: -0.0\nc: 3.0\n'), 'a: 1.5\nb: -0.0\nc: 3.0\n');
    assert.equal(formatFloat(1e21), '1000000000000000000000.0');
    assert.equal(formatFloat(1.5e-7), '0.00000015');
    assert.equal(formatFloat(-2.5e22), '-25000000000000000000000.0');
    assert.throws(() => formatFloat(Number.NaN), UnprintableError);
  });

  test('booleans, datetimes and variables', () => {
    assert.equal(printed('a: Yes\nb: off\nc: 2016-01-02T03:04:05Z\nV: 1\nd: $V\ne: [ $V ]\n'), 'a: true\nb: false\nc: 2016-01-02T03:04:05Z\nV: 1\nd: $V\ne: [\n  $V\n]\n');
  });
});

describe('printer: keys', () => {
  test('keys are quoted only when they must be; include is always quoted', () => {
    assert.equal(
      printed('"with space": 1\n"a=b": 2\n\'say "hi"\': 3\n"include": 4\ninclude: 5\n"": 6\n"#k": 7\n"}": 8\na.b-c$: 9\n'),
      '"with space": 1\n"a=b": 2\n\'say "hi"\': 3\n"include": 4\n"include": 5\n"": 6\n"#k": 7\n"}": 8\na.b-c$: 9\n',
    );
  });

  test('the first key keeps a byte order mark as part of its name, as nats-server does', () => {
    assert.equal(printed('\ufeffport: 1\n'), '\ufeffport: 1\n');
  });
});

describe('printer: trees no text can express', () => {
  test('a key holding both quotes and a space', () => {
    const document = parse('k: 1\n');
    (document.entries[0] as KeyValue).name = `a "b' c`;
    assert.throws(() => printDocument(document), UnprintableError);
  });

  test('a key without a value followed by another entry', () => {
    const document = parse('a { b }\n');
    const map = (document.entries[0] as KeyValue).value as MapValue;
    map.entries.push(parse('c: 1').entries[0]);
    assert.throws(() => printDocument(document), /has no value and is not the last/);
  });
});

describe('printer: real configs', () => {
  test('every example config prints and reparses to the same tree', () => {
    const folder = join(repoRoot(), 'examples');
    const names = readdirSync(folder).filter((name) => name.endsWith('.conf'));
    assert.ok(names.length >= 3);
    for (const name of names) {
      const text = readFileSync(join(folder, name), 'utf8');
      const document = parse(text);
      if (document.errors.some((e) => e.severity === 'error')) continue; // a deliberately broken example
      printed(text);
    }
  });
});

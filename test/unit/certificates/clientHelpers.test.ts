import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  defaultCertificateFolder, indentUnit, placeTlsBlock, reindent, resolveFolderInput, splitNames, toGenerateArguments,
} from '../../../client/src/certificateHelpers';

const BLOCK = 'tls {\n  cert_file: "/c/s.pem"\n  verify: true\n}';
const abs = (...parts: string[]) => path.resolve(path.sep, ...parts);

describe('client certificate helpers', () => {
  test('defaultCertificateFolder: certs next to the config, else in the workspace folder', () => {
    assert.equal(defaultCertificateFolder(abs('srv', 'nats', 'nats.conf'), abs('ws')), abs('srv', 'nats', 'certs'));
    assert.equal(defaultCertificateFolder(undefined, abs('ws')), abs('ws', 'certs'));
    assert.equal(defaultCertificateFolder(undefined, undefined), undefined);
  });

  test('resolveFolderInput: absolute as is, relative against the base, quotes removed, empty refused', () => {
    assert.equal(resolveFolderInput(`  ${abs('a', 'b')}  `, abs('x')), abs('a', 'b'));
    assert.equal(resolveFolderInput('certs', abs('srv')), abs('srv', 'certs'));
    assert.equal(resolveFolderInput(`"${abs('with space')}"`, undefined), abs('with space'));
    assert.equal(resolveFolderInput('certs', undefined), undefined);
    assert.equal(resolveFolderInput('   ', abs('srv')), undefined);
  });

  test('splitNames', () => {
    assert.deepEqual(splitNames(' a.example, 10.0.0.1;b  c '), ['a.example', '10.0.0.1', 'b', 'c']);
    assert.deepEqual(splitNames(''), []);
  });

  test('placeTlsBlock on a blank line takes its indentation', () => {
    assert.deepEqual(placeTlsBlock('    ', BLOCK, '\n', '  '), {
      start: 0,
      end: 4,
      text: '    tls {\n      cert_file: "/c/s.pem"\n      verify: true\n    }',
    });
  });

  test('placeTlsBlock after a line with content: a new line below, deeper after an opening brace', () => {
    assert.deepEqual(placeTlsBlock('port: 4222', BLOCK, '\r\n', '  '), {
      start: 10,
      end: 10,
      text: '\r\ntls {\r\n  cert_file: "/c/s.pem"\r\n  verify: true\r\n}',
    });
    assert.equal(placeTlsBlock('  cluster {  # routes', BLOCK, '\n', '  ').text.split('\n')[1], '    tls {');
  });

  test('indentUnit and reindent follow the editor', () => {
    assert.equal(indentUnit(true, 4), '    ');
    assert.equal(indentUnit(false, 4), '\t');
    assert.equal(reindent(BLOCK, '\t'), 'tls {\n\tcert_file: "/c/s.pem"\n\tverify: true\n}');
    assert.equal(reindent(BLOCK, '  '), BLOCK);
  });

  test('toGenerateArguments ignores what it does not understand', () => {
    assert.deepEqual(toGenerateArguments(undefined), {});
    assert.deepEqual(toGenerateArguments({ folder: 3, names: ['a', 2], insertTlsBlock: 'yes', configUri: 'file:///x' }), { names: ['a'], configUri: 'file:///x' });
  });
});

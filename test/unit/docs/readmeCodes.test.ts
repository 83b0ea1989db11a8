/** The README lists every diagnostic code, each with a description and an example. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SyntaxCode } from '../../../server/src/parser/syntaxCodes';
import { IncludeCode } from '../../../server/src/analysis/includes';
import { VariableCode } from '../../../server/src/analysis/resolve';
import { SchemaCode } from '../../../server/src/analysis/schemaRules';
import { TlsCode } from '../../../server/src/analysis/tlsRules';
import { CertCode } from '../../../server/src/analysis/certificates';

const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

/** `| \`code\` | description | example |` rows of the README's tables. */
function documentedRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const match = /^\| `([a-z0-9-]+)` \|(.*)\|\s*$/.exec(line);
    if (match) rows.set(match[1], match[2].split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

test('every diagnostic code has a README row with a description and an example', () => {
  const rows = documentedRows();
  const codes = [
    ...Object.values(SyntaxCode), 'syntax-internal-error',
    ...Object.values(IncludeCode), ...Object.values(VariableCode), ...Object.values(SchemaCode), ...Object.values(TlsCode), ...Object.values(CertCode),
  ];
  const missing = codes.filter((code) => !rows.has(code));
  assert.deepEqual(missing, [], `codes without a README row: ${missing.join(', ')}`);
  for (const code of codes) {
    const [description, example] = rows.get(code) ?? [];
    assert.ok(description && description.length > 10, `${code}: description`);
    assert.ok(example && example.length > 0, `${code}: example column`);
  }
});

// Where things are. E2E_ROOT (default <repo>/.e2e, git-ignored) holds code-server and run state.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(fileURLToPath(import.meta.url), '..', '..');
export const REPO = path.resolve(E2E_DIR, '..', '..');
export const E2E_ROOT = path.resolve(process.env.E2E_ROOT || path.join(REPO, '.e2e'));
export const CODE_SERVER = process.env.CODE_SERVER || path.join(E2E_ROOT, 'cs', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The bundled suite VS Code loads (extensionTestsPath); mocha resolves from test/e2e/node_modules. */
export const SUITE_OUT = path.join(E2E_DIR, 'out', 'suite');
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');
export const SETUP_HINT = process.env.E2E_ROOT ? `E2E_ROOT=${E2E_ROOT} bash scripts/e2e-setup.sh` : 'bash scripts/e2e-setup.sh';

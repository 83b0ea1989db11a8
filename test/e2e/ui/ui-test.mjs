#!/usr/bin/env node
// Route (a) of the end-to-end tests: drive the real VS Code workbench (code-server) in Chromium the
// way a person would, on the demo workspace, with the extension installed in the state folder.
//
// Every step waits for something concrete in the page (a squiggle, a Problems row, the hover
// widget with the expected text, the suggest list with the expected label, the quick fix menu,
// the edited line) and saves a PNG. A step that does not happen within its timeout fails the run:
// exit status 1, with failure.png showing the page at that moment.
//
// Usage: node test/e2e/ui/ui-test.mjs [--state DIR] [--out DIR] [--dev EXTENSION_FOLDER]
//   --state  state folder holding the installed extension (default .e2e/ui); HOME/XDG_* point into it
//   --out    where the PNGs go (default <state>/screens)
//   --dev    load an unpacked extension folder (like F5) instead of the installed .vsix
// scripts/e2e-screenshots.mjs builds and installs the .vsix first, then calls run().
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_ROOT, HERE, generateCertificates, launchBrowser, requireTools, startCodeServer, stopProcessGroup } from './workbench.mjs';

const STEP_TIMEOUT = Number(process.env.STEP_TIMEOUT_MS || 30_000);
const FIRST_DIAGNOSTIC_TIMEOUT = Number(process.env.FIRST_DIAGNOSTIC_TIMEOUT_MS || 60_000);

/** The screenshots, in order. The names are what docs/images/ holds. */
export const SHOTS = {
  squiggles: '01-squiggles.png',
  problems: '02-problems-panel.png',
  hoverTimeout: '03-hover-timeout.png',
  hoverCertificate: '04-hover-certificate-path.png',
  completeCipher: '05-complete-cipher-suite.png',
  completePath: '06-complete-certificate-path.png',
  quickFixMenu: '07-quick-fix-menu.png',
  quickFixApplied: '08-quick-fix-applied.png',
  allFixed: '09-all-fixed.png',
};
export const FAILURE_SHOT = 'failure.png';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.hotExit': 'off',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 150,
  'remote.autoForwardPorts': false,
  'workbench.colorTheme': 'Default Light Modern',
};

class StepFailure extends Error {}

/**
 * Runs the whole scenario. Returns { ok, timings, shots, failure? }; never throws for a failed step.
 * Options: stateDir, outDir, devExtension (folder), log (function).
 */
export async function run({ stateDir = path.join(E2E_ROOT, 'ui'), outDir, devExtension, log = console.log } = {}) {
  requireTools();
  outDir ??= path.join(stateDir, 'screens');
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of [...Object.values(SHOTS), FAILURE_SHOT]) fs.rmSync(path.join(outDir, name), { force: true });

  // A fresh window state and a throwaway copy of the workspace every run; certificates made now.
  fs.rmSync(path.join(stateDir, 'user-data'), { recursive: true, force: true });
  fs.mkdirSync(path.join(stateDir, 'user-data/User'), { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'user-data/User/settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const workspace = path.join(stateDir, 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(HERE, 'workspace'), workspace, { recursive: true });
  const certificates = generateCertificates(workspace);
  log(`  certificates: ${certificates.map((name) => `certs/${name}`).join(', ')} (openssl)`);

  const timings = {};
  const shots = [];
  const started = Date.now();
  let codeServer;
  let browser;
  let page;
  let current = 'start code-server';
  let failure;

  const step = async (name, body) => {
    current = name;
    const t0 = Date.now();
    await body();
    timings[name] = Date.now() - t0;
    log(`  ok   ${name} (${timings[name]} ms)`);
  };
  const shot = async (name) => {
    // Fade-ins (hover, suggest, menus) run to their end first, so nothing half-transparent is captured.
    await page.screenshot({ path: path.join(outDir, name), animations: 'disabled' });
    shots.push(name);
  };

  // Ctrl+C or a kill must not leave code-server (its own process group) or Chromium behind.
  const interrupted = async (signal) => {
    log(`  interrupted (${signal}): stopping code-server and Chromium`);
    if (browser) await browser.close().catch(() => {});
    if (codeServer) await stopProcessGroup(codeServer).catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    codeServer = await startCodeServer(stateDir);
    timings['code-server up'] = codeServer.startMs;
    current = 'launch Chromium';
    browser = await launchBrowser(stateDir);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const ui = new Workbench(page);

    await step('workbench shows the demo workspace', async () => {
      let url = `${codeServer.base}/?folder=${encodeURIComponent(workspace)}`;
      if (devExtension) {
        const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${codeServer.port}${path.resolve(devExtension)}`]];
        url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      }
      await page.goto(url);
      await ui.see(page.locator('.monaco-workbench'), 'the workbench');
      await ui.see(ui.explorerRow('nats.conf'), 'nats.conf in the Explorer');
      await ui.see(ui.explorerRow('certs'), 'the generated certs folder in the Explorer');
    });

    await step('open nats.conf: red squiggle under tls, yellow under 0.0001', async () => {
      await ui.explorerRow('nats.conf').click();
      await ui.see(page.locator('.statusbar-item', { hasText: 'NATS Server Config' }), 'the language mode "NATS Server Config" in the status bar');
      await ui.seeText(/^tls \{$/m, 'the tls block in the editor');
      await ui.see(ui.editor.locator('.squiggly-error').first(), 'a red (error) squiggle: the missing key_file', FIRST_DIAGNOSTIC_TIMEOUT);
      await ui.see(ui.editor.locator('.squiggly-warning').first(), 'a yellow (warning) squiggle: timeout 0.0001');
      await ui.seeSquiggleAt('squiggly-error', 'tls {', 'tls');
      await ui.seeSquiggleAt('squiggly-warning', 'timeout: 0.0001', '0.0001');
      await ui.seeProblemCounts(1, 1);
      await ui.restMouse();
      await shot(SHOTS.squiggles);
    });

    await step('Problems panel lists both', async () => {
      await page.keyboard.press('Control+Shift+M');
      await ui.see(ui.problemRow("'key_file' is missing"), 'the Problems row "\'cert_file\' is set ... but \'key_file\' is missing"');
      await ui.see(ui.problemRow('is too short'), 'the Problems row "A TLS handshake timeout of 0.0001 s is too short"');
      await ui.see(ui.problemRow('tls-missing-key-file'), 'the code tls-missing-key-file in the Problems panel');
      await ui.see(ui.problemRow('tls-timeout-too-low'), 'the code tls-timeout-too-low in the Problems panel');
      await ui.seeCount(page.locator('.markers-panel .monaco-list-row'), 3, 'three Problems rows (the file and its two problems)');
      await shot(SHOTS.problems);
    });

    await step('hover timeout: what it means, its default', async () => {
      await ui.hoverText('timeout: 0.0001', 'timeout');
      await ui.see(ui.hover('How long a new connection gets to complete the TLS handshake'), 'the hover explaining timeout');
      await ui.see(ui.hover('Default:'), 'the default in the timeout hover');
      await shot(SHOTS.hoverTimeout);
      await ui.closeHover();
    });

    await step('hover the certificate path: where it resolves', async () => {
      await ui.hoverText('cert_file: "./certs/server-cert.pem"', 'server-cert');
      const hover = ui.hover('Certificate file');
      await ui.see(hover, 'the hover "Certificate file ./certs/server-cert.pem"');
      await ui.see(ui.hover(`${workspace}/certs/server-cert.pem`), 'the resolved path in the hover');
      await ui.see(ui.hover('exists'), 'the file status "exists" in the hover');
      await shot(SHOTS.hoverCertificate);
      await ui.closeHover();
    });

    await step('complete a cipher suite inside cipher_suites: [ "', async () => {
      await ui.clickEndOf('timeout: 0.0001');
      await page.keyboard.press('Enter');
      await page.keyboard.type('ciph', { delay: 40 });
      await ui.pickSuggestion('cipher_suites');
      // The key's snippet writes `cipher_suites: [ "" ]` and opens the list of suites inside the quotes.
      await ui.seeText(/^ {2}cipher_suites: \[ "" \]$/m, 'cipher_suites: [ "" ] inserted by the key completion');
      const suite = 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384';
      await ui.see(ui.suggestion(suite), `${suite} in the suggest list`);
      await ui.see(ui.focusedSuggestion(/TLS_ECDHE_/), 'a secure ECDHE suite first');
      await ui.restMouse();
      await shot(SHOTS.completeCipher);
      await page.keyboard.type('ECDSA_WITH_AES_256_G', { delay: 25 });
      await ui.pickSuggestion(suite);
      await ui.seeText(new RegExp(`^ {2}cipher_suites: \\[ "${suite}" \\]$`, 'm'), `cipher_suites: [ "${suite}" ]`);
    });

    await step('complete certificate paths in a new cluster tls block', async () => {
      await ui.clickEndOf('port: 6222');
      await page.keyboard.press('Enter');
      await page.keyboard.type('tls {', { delay: 40 });
      await ui.closeSuggest();
      await page.keyboard.press('Enter');
      await page.keyboard.type('cert_f', { delay: 40 });
      await ui.pickSuggestion('cert_file');
      await page.keyboard.type('./certs/', { delay: 60 });
      await ui.see(ui.suggestion('server-cert.pem'), 'server-cert.pem in the suggest list');
      await ui.see(ui.suggestion('ca.pem'), 'ca.pem in the suggest list');
      await ui.see(ui.suggestion('server-key.pem'), 'server-key.pem in the suggest list');
      await ui.see(ui.focusedSuggestion(/^(ca|server-cert)\.pem/), 'a certificate (not the key) first for cert_file');
      await ui.restMouse();
      await shot(SHOTS.completePath);
      await page.keyboard.type('server-c', { delay: 40 });
      await ui.pickSuggestion('server-cert.pem');
      await ui.seeText(/^ {4}cert_file: "\.\/certs\/server-cert\.pem"$/m, 'cert_file: "./certs/server-cert.pem" in cluster.tls');
      // key_file: the private key comes first in the list.
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('key_f', { delay: 40 });
      await ui.pickSuggestion('key_file');
      await page.keyboard.type('./certs/', { delay: 60 });
      await ui.see(ui.focusedSuggestion(/^server-key\.pem/), 'server-key.pem first for key_file');
      await page.keyboard.press('Enter');
      await ui.seeText(
        /^ {2}tls \{\n {4}cert_file: "\.\/certs\/server-cert\.pem"\n {4}key_file: "\.\/certs\/server-key\.pem"\n {2}\}$/m,
        'the complete cluster tls block',
      );
      // Still exactly the two seeded problems: the new block is fine.
      await ui.seeProblemCounts(1, 1);
    });

    await step('quick fix (Ctrl+.) on the timeout warning', async () => {
      await ui.clickText('timeout: 0.0001', '0.0001');
      await page.keyboard.press('Control+.');
      await ui.see(ui.codeAction('Use the default, 2 seconds'), 'the quick fix "Use the default, 2 seconds" in the Ctrl+. menu');
      await shot(SHOTS.quickFixMenu);
      await ui.chooseCodeAction('Use the default, 2 seconds');
      await ui.seeText(/^ {2}timeout: 2$/m, 'timeout: 2 in the editor');
      await ui.see(ui.problemRow('is too short'), 'the timeout problem gone from the Problems panel', STEP_TIMEOUT, 'detached');
      await ui.seeProblemCounts(1, 0);
      await ui.restMouse();
      await shot(SHOTS.quickFixApplied);
    });

    await step('quick fix (Ctrl+.) on the missing key_file', async () => {
      const title = 'Add key_file: "./certs/server-key.pem"';
      await ui.clickText('tls {', 'tls');
      await page.keyboard.press('Control+.');
      await ui.see(ui.codeAction(title), `the quick fix '${title}'`);
      await ui.chooseCodeAction(title);
      await ui.seeText(
        /^tls \{\n {2}cert_file: "\.\/certs\/server-cert\.pem"\n {2}key_file: "\.\/certs\/server-key\.pem"\n/m,
        'key_file: "./certs/server-key.pem" inserted after cert_file',
      );
      await ui.see(page.locator('.markers-panel', { hasText: 'No problems have been detected in the workspace' }).first(), 'the Problems panel with no problems');
      await ui.seeProblemCounts(0, 0);
      await ui.see(ui.editor.locator('.squiggly-error, .squiggly-warning').first(), 'no squiggles left', STEP_TIMEOUT, 'detached');
      await ui.restMouse();
      await shot(SHOTS.allFixed);
    });
  } catch (error) {
    failure = { step: current, message: firstLine(error) };
    log(`  FAIL ${current}: ${failure.message}`);
    if (page) {
      await page.screenshot({ path: path.join(outDir, FAILURE_SHOT) }).catch(() => {});
      if (fs.existsSync(path.join(outDir, FAILURE_SHOT))) failure.screenshot = path.join(outDir, FAILURE_SHOT);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (codeServer) {
      try {
        await stopProcessGroup(codeServer);
      } catch (error) {
        failure ??= { step: 'stop code-server', message: firstLine(error) };
      }
    }
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
  timings.total = Date.now() - started;
  return { ok: !failure, timings, shots, failure, outDir, log: codeServer?.log };
}

function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}

/** What a person looks at and does in the workbench, as DOM queries and key presses. */
class Workbench {
  constructor(page) {
    this.page = page;
    this.editor = page.locator('.editor-instance .monaco-editor').first();
  }

  explorerRow(name) {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactly(name) }) });
  }

  problemRow(text) {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
  }

  /** Waits until the Problems item in the status bar shows `errors` and `warnings` (its text is "E W" next to the icons). */
  async seeProblemCounts(errors, warnings, timeout = STEP_TIMEOUT) {
    const item = this.page.locator('[id="status.problems"]').first();
    const until = Date.now() + timeout;
    let shown = '';
    for (;;) {
      shown = ((await item.count()) > 0 ? await item.innerText() : '').trim().split(/\s+/).join(' ');
      if (shown === `${errors} ${warnings}`) return;
      if (Date.now() > until) break;
      await this.page.waitForTimeout(100);
    }
    throw new StepFailure(`did not see ${errors} error(s) and ${warnings} warning(s) in the status bar within ${timeout} ms (it shows "${shown}")`);
  }

  hover(text) {
    return this.page.locator('.monaco-hover:not(.hidden)', { hasText: text }).first();
  }

  suggestion(label) {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: exactly(label) }),
    }).first();
  }

  focusedSuggestion(label) {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row.focused', {
      has: this.page.locator('.label-name', { hasText: label }),
    }).first();
  }

  codeAction(title) {
    return this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
  }

  /** Waits for `locator` (state: visible by default); the failure message says what was expected. */
  async see(locator, what, timeout = STEP_TIMEOUT, state = 'visible') {
    try {
      await locator.waitFor({ state, timeout });
    } catch {
      throw new StepFailure(`${state === 'visible' ? 'did not see' : 'still saw'} ${what} within ${timeout} ms`);
    }
  }

  async seeCount(locator, count, what, timeout = STEP_TIMEOUT) {
    const until = Date.now() + timeout;
    while ((await locator.count()) !== count) {
      if (Date.now() > until) throw new StepFailure(`did not see ${what} within ${timeout} ms (saw ${await locator.count()})`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The editor's text as rendered (lines in screen order, non-breaking spaces as spaces). */
  editorText() {
    return this.editor.evaluate((editor) =>
      [...editor.querySelectorAll('.view-lines .view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => line.textContent.replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  }

  async seeText(pattern, what, timeout = STEP_TIMEOUT) {
    const until = Date.now() + timeout;
    let text = '';
    for (;;) {
      text = await this.editorText();
      if (pattern.test(text)) return;
      if (Date.now() > until) break;
      await this.page.waitForTimeout(100);
    }
    throw new StepFailure(`did not see ${what} within ${timeout} ms; the editor shows:\n${text}`);
  }

  /** The screen position of `needle` (its middle, or its end with { end: true }) on the line containing `lineText`. */
  async textPoint(lineText, needle, { end = false } = {}) {
    const point = await this.editor.evaluate(
      (editor, { lineText, needle, end }) => {
        const lines = [...editor.querySelectorAll('.view-lines .view-line')];
        const line = lines.find((element) => element.textContent.replace(/\u00a0/g, ' ').includes(lineText));
        if (!line) return undefined;
        const text = line.textContent.replace(/\u00a0/g, ' ');
        const start = text.indexOf(needle, text.indexOf(lineText));
        if (start < 0) return undefined;
        const index = end ? start + needle.length - 1 : start + Math.floor(needle.length / 2);
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (index < seen + node.length) {
            const range = document.createRange();
            range.setStart(node, index - seen);
            range.setEnd(node, index - seen + 1);
            const box = range.getBoundingClientRect();
            return { x: end ? box.right - 1 : box.left + box.width / 2, y: box.top + box.height / 2 };
          }
          seen += node.length;
        }
        return undefined;
      },
      { lineText, needle, end },
    );
    if (!point) throw new StepFailure(`did not find "${needle}" on a line with "${lineText}" in the editor`);
    return point;
  }

  /** Waits until a squiggle of `kind` (squiggly-error, squiggly-warning) lies under `needle` on the line with `lineText`. */
  async seeSquiggleAt(kind, lineText, needle, timeout = STEP_TIMEOUT) {
    const until = Date.now() + timeout;
    for (;;) {
      const { x, y } = await this.textPoint(lineText, needle);
      const under = await this.editor.evaluate(
        (editor, { kind, x, y }) =>
          [...editor.querySelectorAll(`.${kind}`)].some((element) => {
            const box = element.getBoundingClientRect();
            return box.left <= x && x <= box.right && box.top - 4 <= y && y <= box.bottom + 4;
          }),
        { kind, x, y },
      );
      if (under) return;
      if (Date.now() > until) throw new StepFailure(`did not see a ${kind} under "${needle}" on the line "${lineText}" within ${timeout} ms`);
      await this.page.waitForTimeout(100);
    }
  }

  async hoverText(lineText, needle) {
    const { x, y } = await this.textPoint(lineText, needle);
    await this.page.mouse.move(x, y, { steps: 4 });
  }

  async clickText(lineText, needle) {
    const { x, y } = await this.textPoint(lineText, needle);
    await this.page.mouse.click(x, y);
    await this.restMouse();
  }

  async clickEndOf(lineText) {
    const { x, y } = await this.textPoint(lineText, lineText, { end: true });
    await this.page.mouse.click(x, y);
    await this.page.keyboard.press('End');
    await this.restMouse();
  }

  /** Parks the pointer on the empty lower part of the Explorer, where nothing shows a hover or covers the editor. */
  async restMouse() {
    const box = await this.page.locator('.explorer-folders-view').first().boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
  }

  async closeHover() {
    await this.restMouse();
    await this.page.keyboard.press('Escape');
    await this.see(this.page.locator('.monaco-hover:not(.hidden) .hover-contents').first(), 'the hover close', STEP_TIMEOUT, 'hidden');
  }

  async closeSuggest() {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible').first();
    if (await widget.count()) await this.page.keyboard.press('Escape');
    await this.see(widget, 'the suggest list close', STEP_TIMEOUT, 'hidden');
  }

  /** Waits until `label` is the focused (first) suggestion, then accepts it with Enter. */
  async pickSuggestion(label) {
    await this.see(this.focusedSuggestion(exactly(label)), `"${label}" selected in the suggest list`);
    await this.page.keyboard.press('Enter');
  }

  /** Moves the selection in the Ctrl+. menu to `title` with the arrow keys (clicking it is unreliable) and presses Enter. */
  async chooseCodeAction(title) {
    const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
    for (let i = 0; i < 12; i++) {
      if ((await focused.count()) > 0 && (await focused.first().innerText()).includes(title)) {
        await this.page.keyboard.press('Enter');
        await this.see(this.page.locator('.action-widget .monaco-list-row.action').first(), 'the quick fix menu close', STEP_TIMEOUT, 'hidden');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
      await this.page.waitForTimeout(50);
    }
    throw new StepFailure(`could not select "${title}" in the quick fix menu`);
  }
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return path.resolve(argv[++i]);
    };
    if (arg === '--state') options.stateDir = value();
    else if (arg === '--out') options.outDir = value();
    else if (arg === '--dev') options.devExtension = value();
    else if (arg === '-h' || arg === '--help') {
      console.log('usage: node test/e2e/ui/ui-test.mjs [--state DIR] [--out DIR] [--dev EXTENSION_FOLDER]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

export function report(result, log = console.log) {
  log(`  timings (ms): ${JSON.stringify(result.timings)}`);
  log(`  screenshots in ${result.outDir}: ${result.shots.join(' ') || '(none)'}`);
  if (result.failure) {
    log(`UI test FAILED at "${result.failure.step}": ${result.failure.message}`);
    if (result.failure.screenshot) log(`  failure screenshot: ${result.failure.screenshot}`);
    if (result.log) log(`  code-server log: ${result.log}`);
  } else {
    log(`UI test passed: ${result.shots.length} screenshots`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const result = await run(options);
  report(result);
  process.exit(result.ok ? 0 : 1);
}

/**
 * The three engines the elements are tested in, behind one small page interface (the subset of
 * puppeteer's `Page` the tests use: `goto`, `url`, `evaluate`, `keyboard`, `setViewport`,
 * `screenshot`, `close`):
 *
 *   - Chromium: Debian's `chromium` over the DevTools protocol (puppeteer-core);
 *   - Firefox: Debian's `firefox-esr` over WebDriver BiDi (puppeteer-core);
 *   - WebKit (Safari's engine): WebKitGTK's `WebKitWebDriver` driving `MiniBrowser` under Xvfb, over
 *     classic W3C WebDriver (plain HTTP, below), because neither puppeteer nor Playwright can drive
 *     Debian's WebKit.
 *
 * Used by web-test-runner.config.mjs (launchers) and scripts/e2e-engines.mjs (flows).
 */
import {spawn} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import puppeteer from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Which engines this machine has (CI installs all three; a laptop may lack some). */
export const available = {
  chromium: existsSync(CHROMIUM_PATH),
  firefox: existsSync(FIREFOX_PATH),
  webkit: existsSync(WEBKIT_DRIVER) && existsSync(MINIBROWSER) && existsSync('/usr/bin/xvfb-run'),
};

/** `ENGINES=chromium,firefox` narrows the engines a run uses (default: every one installed). */
export function enginesWanted() {
  const asked = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',').map((s) => s.trim());
  return asked.filter((e) => available[e]);
}

/**
 * Firefox prefs for the tests: fake camera and microphone granted without a prompt
 * (`media.navigator.streams.fake`, `media.navigator.permission.disabled`), sound allowed without a
 * click. `media` = 'none' leaves the real (absent) devices and the prompt.
 */
export function firefoxPrefs(media = 'fake') {
  return {
    'media.autoplay.default': 0,
    'media.autoplay.blocking_policy': 0,
    'media.autoplay.block-webaudio': false,
    // A download (a test's "Download signed PDF") would open Firefox's downloads panel, which takes
    // the focus from the page: every later file ran on a document without focus (issue #25).
    'browser.download.alwaysOpenPanel': false,
    'browser.download.useDownloadDir': true,
    'browser.download.folderList': 2,
    'browser.download.dir': tmpdir(),
    ...(media === 'fake'
      ? {'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true}
      : {}),
  };
}

// ------------------------------------------------------------------------------------------------
// puppeteer pages (Chromium, Firefox)

/**
 * Firefox ESR 140 lacks a BiDi command puppeteer 24 sends with every viewport change
 * (`emulation.setScreenOrientationOverride`; the viewport itself is set) and puppeteer's BiDi
 * keyboard does not know the key name "Space": both papered over here, nothing else.
 */
export function patchFirefoxPage(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      await setViewport(viewport);
    } catch (e) {
      if (!/setScreenOrientationOverride/.test(String(e?.message))) throw e;
    }
  };
  const key = (k) => (k === 'Space' ? ' ' : k);
  for (const m of ['press', 'down', 'up']) {
    const f = page.keyboard[m].bind(page.keyboard);
    page.keyboard[m] = (k, ...rest) => f(key(k), ...rest);
  }
  return page;
}

/** Launches Firefox ESR over WebDriver BiDi. */
export function launchFirefox({media = 'fake', env} = {}) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: firefoxPrefs(media),
    ...(env ? {env} : {}),
  });
}

// ------------------------------------------------------------------------------------------------
// WebKit over W3C WebDriver

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const {port} = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** W3C WebDriver key codes for the key names the tests use (puppeteer's names). */
const KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: ' ',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};
const keyValue = (k) =>
  KEYS[k] ?? (/^Key[A-Z]$/.test(k) ? k.slice(3).toLowerCase() : /^Digit\d$/.test(k) ? k.slice(5) : k);

/**
 * `WebKitWebDriver` under `xvfb-run` on a free port; `newPage()` opens a MiniBrowser session. One
 * display and one driver serve every session of a run.
 */
export class WebKitDriver {
  /** `tz`: the time zone MiniBrowser runs in (its own `TZ`). */
  static async start({tz} = {}) {
    const port = await freePort();
    // `-a` picks a free display; the driver's output is kept for failures only.
    const proc = spawn('xvfb-run', ['-a', '-s', '-screen 0 1600x1200x24', WEBKIT_DRIVER, `--port=${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: {...process.env, ...(tz ? {TZ: tz} : {})},
    });
    let log = '';
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    const driver = new WebKitDriver(`http://127.0.0.1:${port}`, proc, () => log);
    const until = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`${driver.base}/status`);
        if (r.ok) break;
      } catch {
        /* not listening yet */
      }
      if (proc.exitCode !== null || Date.now() > until)
        throw new Error(`WebKitWebDriver did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return driver;
  }

  constructor(base, proc, log) {
    this.base = base;
    this.proc = proc;
    this.log = log;
  }

  async request(method, path, body, timeoutMs) {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: {'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    });
    const json = await r.json().catch(() => ({value: null}));
    if (!r.ok || json.value?.error)
      throw new Error(
        `WebDriver ${method} ${path}: ${json.value?.error ?? r.status} ${json.value?.message ?? ''}`,
      );
    return json.value;
  }

  /**
   * A MiniBrowser window (its own session: own cookies and storage). `args` are MiniBrowser options,
   * e.g. `--enable-mock-capture-devices=true`.
   */
  async newPage({args = []} = {}) {
    const capabilities = {
      alwaysMatch: {
        'webkitgtk:browserOptions': {
          binary: MINIBROWSER,
          args: ['--automation', '--autoplay-policy=allow', ...args],
        },
      },
    };
    // A MiniBrowser that never comes up (seen once in CI under load: the request hung until
    // undici's 300 s limit) is given 60 s, then one more launch.
    let value;
    for (let attempt = 1; ; attempt++) {
      try {
        value = await this.request('POST', '/session', {capabilities}, 60_000);
        break;
      } catch (e) {
        if (attempt >= 2) throw e;
        console.log(`      WebKit: a new MiniBrowser session failed (${e.message}); launching again`);
      }
    }
    const page = new WebKitPage(this, value.sessionId);
    await page.setViewport({width: 800, height: 600});
    return page;
  }

  async close() {
    try {
      process.kill(-this.proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

/** One MiniBrowser session with the slice of puppeteer's Page API the tests and flows use. */
export class WebKitPage {
  constructor(driver, id) {
    this.driver = driver;
    this.id = id;
    this.closed = false;
    this.lastUrl = 'about:blank';
    this.keyboard = {
      press: (k) => this.keys([...this.keyDown(k), ...this.keyUp(k)]),
      down: (k) => this.keys(this.keyDown(k)),
      up: (k) => this.keys(this.keyUp(k)),
      type: (text) =>
        this.keys(
          [...text].flatMap((c) => [
            {type: 'keyDown', value: c},
            {type: 'keyUp', value: c},
          ]),
        ),
    };
  }

  cmd(method, path, body) {
    return this.driver.request(method, `/session/${this.id}${path}`, body);
  }

  keyDown(k) {
    return [{type: 'keyDown', value: keyValue(k)}];
  }

  keyUp(k) {
    return [{type: 'keyUp', value: keyValue(k)}];
  }

  keys(actions) {
    return this.cmd('POST', '/actions', {actions: [{type: 'key', id: 'keyboard', actions}]});
  }

  async goto(url) {
    this.lastUrl = url;
    await this.cmd('POST', '/url', {url});
  }

  async url() {
    return this.closed ? this.lastUrl : this.cmd('GET', '/url');
  }

  /** Runs `fn(...args)` in the page (awaiting a returned promise) and returns its JSON value. */
  evaluate(fn, ...args) {
    const source = typeof fn === 'function' ? fn.toString() : `() => (${fn})`;
    return this.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${source})(...Array.prototype.slice.call(arguments, 0, -1)))
          .then((v) => done({ok: v === undefined ? null : v}), (e) => done({error: String(e && e.stack || e)}));`,
      args,
    }).then((r) => {
      if (r && 'error' in r) throw new Error(r.error);
      return r?.ok;
    });
  }

  /** Sizes the window so that the page's own viewport is `width` × `height` CSS px. */
  async setViewport({width, height}) {
    let w = width;
    let h = height;
    for (let i = 0; i < 3; i++) {
      await this.cmd('POST', '/window/rect', {width: w, height: h});
      const inner = await this.cmd('POST', '/execute/sync', {
        script: 'return [window.innerWidth, window.innerHeight]',
        args: [],
      });
      if (inner[0] === width && inner[1] === height) return;
      // MiniBrowser's window has a minimum size (its toolbar): stop when it does not shrink further.
      const nw = Math.max(100, Math.round(w + width - inner[0]));
      const nh = Math.max(100, Math.round(h + height - inner[1]));
      if (nw === w && nh === h) return;
      w = nw;
      h = nh;
    }
  }

  async screenshot({path} = {}) {
    const b64 = await this.cmd('GET', '/screenshot');
    const buf = Buffer.from(b64, 'base64');
    if (path) writeFileSync(path, buf);
    return buf;
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.cmd('DELETE', '').catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------------------------
// web-test-runner launchers

/**
 * web-test-runner's launcher for WebKit: one MiniBrowser session, one test file at a time. It calls
 * itself a 'puppeteer' launcher so that @web/test-runner-commands' `sendKeys` and `setViewport`
 * drive it through `getPage()` (WebKitPage speaks that slice of puppeteer's API).
 */
export function webkitLauncher({args = [], tz} = {}) {
  let driver;
  let page;
  let starting;
  const active = new Set();
  const ensure = () =>
    (starting ??= (async () => {
      driver = await WebKitDriver.start({tz});
      page = await driver.newPage({args});
    })());
  return {
    name: 'WebKit',
    type: 'puppeteer',
    concurrency: 1,
    async startSession(id, url) {
      await ensure();
      await page.setViewport({width: 800, height: 600});
      active.add(id);
      await page.goto(url);
    },
    isActive: (id) => active.has(id),
    getBrowserUrl: () => page?.url(),
    getPage: () => page,
    async stopSession(id) {
      active.delete(id);
      await page.goto('about:blank').catch(() => undefined);
      return {};
    },
    async startDebugSession() {
      throw new Error('WebKit: no debug session (run MiniBrowser by hand instead)');
    },
    async stop() {
      await page?.close();
      await driver?.close();
    },
  };
}

// A minimal W3C WebDriver client for the scripts that drive the built bundle in real browsers
// (check-static.mjs, bench.mjs): headless Chromium through chromedriver and headless Firefox through
// geckodriver, with the flags in webdriver.json; and the GitHub-Pages-like static server.
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const caps = JSON.parse(readFileSync(new URL("../webdriver.json", import.meta.url), "utf8"));
const which = (cmd) => {
  try { return execFileSync("sh", ["-c", `command -v ${cmd}`]).toString().trim() || null; } catch { return null; }
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The two browsers, each with its driver, on ports 9515 and 4445 unless SHINKIN_OTP_CHROMEDRIVER_PORT or
 *  SHINKIN_OTP_GECKODRIVER_PORT name others (two checkouts checking at once on one machine). */
export const browsers = [
  { name: "Chromium", driver: "/usr/bin/chromedriver", port: Number(process.env.SHINKIN_OTP_CHROMEDRIVER_PORT || 9515), args: (p) => [`--port=${p}`],
    // The console's messages, for `consoleErrors` (not in webdriver.json: the test runner's too).
    capabilities: { browserName: "chrome", "goog:chromeOptions": caps["goog:chromeOptions"],
      "goog:loggingPrefs": { browser: "ALL" } } },
  { name: "Firefox", driver: which("geckodriver"), port: Number(process.env.SHINKIN_OTP_GECKODRIVER_PORT || 4445), args: (p) => ["--port", String(p)],
    capabilities: { browserName: "firefox", "moz:firefoxOptions": caps["moz:firefoxOptions"] } },
];

/** A check script's tally: `check(ok, what)` prints "ok"/"FAIL: what" and counts failures;
 *  `exit()` ends the process with 1 if any failed. */
export function tally() {
  let failures = 0;
  return {
    check: (ok, what) => { console.log(`${ok ? "ok" : "FAIL"}: ${what}`); if (!ok) failures++; },
    exit: () => process.exit(failures ? 1 : 0),
  };
}

/** Runs `checks(page, name)` in each browser in turn, in a fresh session closed afterwards; a throw
 *  counts as that browser's failure (through `check`) and the next browser still runs. */
export async function inEachBrowser(check, checks) {
  for (const b of browsers) {
    let page;
    try {
      page = await openBrowser(b);
      await checks(page, b.name);
    } catch (e) {
      check(false, `${b.name}: ${e.message}`);
    } finally {
      if (page) await page.close();
    }
    await sleep(100);
  }
}

/** The Content-Security-Policy header the server sends with the page's own origin's `/`. */
export const servedPolicy = (page) => page.runAsync(`
  const done = arguments[arguments.length - 1];
  fetch('/').then((r) => done(r.headers.get('content-security-policy') || ''), (e) => done('error ' + e));`);

/** Polls `fn` until it returns `want` or `ms` pass; returns the last value. */
export async function until(fn, want, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last === want) return last;
    await sleep(100);
  }
  return last;
}

/** Serves DIST under PREFIX on PORT like GitHub Pages (404.html for unknown paths). */
export async function serveStatic(dist, prefix, port) {
  const server = spawn("node", [new URL("./static-server.mjs", import.meta.url).pathname, dist, prefix, String(port)],
    { stdio: "inherit" });
  await sleep(500);
  return server;
}

/** The file of bundle DIST that request URL `url` names under PREFIX, as a static host finds it:
 *  `…/` is its index.html; a path outside PREFIX, escaping DIST or missing is 404.html.
 *  Returns { body, ext, type } (ext and type: the file's, or HTML's for 404.html). */
export async function bundleFile(dist, prefix, url) {
  const path = decodeURIComponent(new URL(url, "http://x").pathname);
  let rel = path.startsWith(prefix) ? path.slice(prefix.length) : null;
  if (rel === "" || rel?.endsWith("/")) rel += "index.html";
  let body = null;
  try {
    if (rel !== null && !normalize(rel).startsWith("..")) body = await readFile(join(dist, rel));
  } catch {
    body = null;
  }
  const ext = body ? extname(rel) : ".html";
  if (!body) body = await readFile(join(dist, "404.html"));
  return { body, ext, type: BUNDLE_TYPES[ext] ?? "application/octet-stream" };
}

const BUNDLE_TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css",
};

/** Starts `browser`'s driver and a session; returns { run, runAsync, go, open, cdp, h1, type, click, back, forward,
 *  press, resize, close }. */
export async function openBrowser(browser) {
  if (!browser.driver) throw new Error(`${browser.name}: no driver installed`);
  const driver = spawn(browser.driver, browser.args(browser.port), { stdio: "ignore" });
  const base = `http://127.0.0.1:${browser.port}`;
  const wd = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  try {
    await until(async () => { try { return (await wd("GET", "/status")).ready; } catch { return false; } }, true, 20000);
    const { sessionId } = await wd("POST", "/session", { capabilities: { alwaysMatch: browser.capabilities } });
    const s = `/session/${sessionId}`;
    const run = (script, args = []) => wd("POST", `${s}/execute/sync`, { script, args });
    const go = (url) => wd("POST", `${s}/url`, { url });
    return {
      run,
      runAsync: (script, args = []) => wd("POST", `${s}/execute/async`, { script, args }),
      go,
      /** Loads `url` and waits until the app has started there (its `app:restored` mark): `go`
       *  returns at the page's load, when the prerendered screen shows but the app's files are not
       *  even fetched yet. Answers whether it started within 30 s. */
      open: async (url) => {
        await go(url);
        return until(() => run("return performance.getEntriesByName('app:restored').length > 0;"), true);
      },
      /** Chromium only: a DevTools Protocol command (throttling, scripts run before the page's). */
      cdp: (cmd, params = {}) => wd("POST", `${s}/goog/cdp/execute`, { cmd, params }),
      h1: () => run("const h = document.querySelector('h1'); return h ? h.textContent : null;"),
      /** Chromium only (null elsewhere: geckodriver has no log endpoint): the errors the browser's
       *  console got since the last call (a failed load, a CSP violation, an uncaught exception). */
      consoleErrors: async () => browser.name !== "Chromium" ? null
        : (await wd("POST", `${s}/se/log`, { type: "browser" })).filter((e) => e.level === "SEVERE").map((e) => e.message),
      /** Types `text` into the element `css` selects, as the keyboard would (it takes the focus). */
      type: async (css, text) => {
        const el = await wd("POST", `${s}/element`, { using: "css selector", value: css });
        await wd("POST", `${s}/element/${Object.values(el)[0]}/value`, { text });
      },
      /** Clicks `el` (an element an executed script returned) as the mouse would: a trusted click. */
      click: (el) => wd("POST", `${s}/element/${Object.values(el)[0]}/click`, {}),
      /** The browser's own Back and Forward buttons. */
      back: () => wd("POST", `${s}/back`, {}),
      forward: () => wd("POST", `${s}/forward`, {}),
      /** Presses and releases one key (a WebDriver key value, e.g. "\uE00C" for Escape). */
      press: (key) => wd("POST", `${s}/actions`, { actions: [{ type: "key", id: "keyboard",
        actions: [{ type: "keyDown", value: key }, { type: "keyUp", value: key }] }] }),
      /** Sets the window's outer size; answers the page's width then (the viewport's, without a
       *  scrollbar), for checks at a phone's width. */
      resize: async (width, height) => {
        await wd("POST", `${s}/window/rect`, { width, height });
        return run("return document.documentElement.clientWidth;");
      },
      close: async () => { try { await wd("DELETE", s); } finally { driver.kill(); } },
    };
  } catch (e) {
    driver.kill();
    throw e;
  }
}

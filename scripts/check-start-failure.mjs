// A start that fails says so: loads a built bundle (its pages prerendered, scripts/build-static.sh)
// in headless Chromium and headless Firefox through WebDriver while the app cannot start, types a
// 契約者ID into the prerendered login screen, and checks that the loader (scripts/post-build.mjs)
// shows src/ui/messages/start-failure.html in time: an alert after the heading, above the form, with
// 再読み込み (which reloads), ご利用推奨環境 and the bank's contact line, the typed 契約者ID kept and
// the focus left in its field. The ways in, served by a loopback server in this script (no caching):
//  - the wasm refused (403, as a proxy refusing application/wasm), cut off half-way (the connection
//    dropped) or corrupted (one byte flipped: its integrity check fails); the JS refused (404); a
//    browser without WebAssembly (Firefox's javascript.options.wasm off; in Chromium, deleted before
//    the page's scripts run): the "cannot load" wording within 5 s;
//  - the wasm stalled (half sent, never finished): the "taking long" wording 10 s after the loader
//    began fetching, not before (checked from 9.5 s after the page was asked for to 15 s);
//  - the wasm late (sent in full 13 s after it was asked for): the stall's message, then the app
//    starts, its take-over removes the message and the live field holds the typing.
// Usage: node scripts/check-start-failure.mjs DIST PREFIX [PORT]   (scripts/test.sh runs it)
import { createServer } from "node:http";
import { browsers, bundleFile, openBrowser, sleep, tally } from "./webdriver.mjs";

const [dist, prefix, port = "8098"] = process.argv.slice(2);
if (!dist || !prefix) throw new Error("usage: node scripts/check-start-failure.mjs DIST PREFIX [PORT]");
const site = `http://127.0.0.1:${port}${prefix}`;
const STALL_MS = 10000; // scripts/post-build.mjs's

// What the server does to the app's files in the case being checked.
let mode = "ok";
const open = new Set(); // stalled and late responses, ended when the case is over
const server = createServer(async (req, res) => {
  let { body, ext, type } = await bundleFile(dist, prefix, req.url);
  const headers = { "content-type": type, "cache-control": "no-store" };
  const half = body.subarray(0, body.length >> 1);
  if (ext === ".wasm" && mode === "wasm refused") {
    res.writeHead(403, { "content-type": "text/plain" });
    return res.end("Forbidden by policy: application/wasm");
  }
  if (ext === ".js" && mode === "JS refused") {
    res.writeHead(404, { "content-type": "text/plain" });
    return res.end("not found");
  }
  if (ext === ".wasm" && mode === "wasm corrupted") {
    body = Buffer.from(body);
    body[body.length >> 1] ^= 0x01;
  }
  res.writeHead(200, { ...headers, "content-length": String(body.length) });
  if (ext === ".wasm" && mode === "wasm cut off") {
    res.write(half);
    return setTimeout(() => res.destroy(), 200);
  }
  if (ext === ".wasm" && mode === "wasm stalled") {
    open.add(res);
    return res.write(half);
  }
  if (ext === ".wasm" && mode === "wasm late") {
    open.add(res);
    return setTimeout(() => { open.delete(res); res.end(body); }, STALL_MS + 3000);
  }
  res.end(body);
});
await new Promise((ready) => server.listen(Number(port), "127.0.0.1", ready));
const { check, exit } = tally();

// The page's state, as one JSON string: the message (if any), its visible wording, its place, and
// the typing and focus.
const state = `
  const box = document.getElementById('start-failure');
  const field = document.getElementById('login-contract-id');
  const form = document.querySelector('#prerendered form');
  const shown = box ? [...box.querySelectorAll('[data-when]')].filter((p) => !p.hidden).map((p) => p.dataset.when) : [];
  return JSON.stringify({
    box: !!box,
    alert: box?.getAttribute('role') === 'alert',
    shown: shown.join(),
    text: box?.textContent ?? '',
    visible: !!box && box.getBoundingClientRect().height > 0,
    afterHeading: !!box && box.previousElementSibling?.tagName === 'H1',
    aboveForm: !!box && !!form && !!(box.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING),
    prerendered: !!document.getElementById('prerendered'),
    value: field?.value ?? null,
    focus: document.activeElement?.id ?? null,
    started: performance.getEntriesByName('app:started').length > 0,
    h1s: document.querySelectorAll('h1').length,
  });`;
const TYPED = "10000000001";

/** Loads the page while the server is in `how`'s mode, types the 契約者ID, and waits up to `ms` for
 *  the message; answers the page's state then and when (ms after asking for the page) it showed. */
async function load(page, how, ms) {
  mode = how;
  const asked = Date.now();
  await page.go(site);
  await page.type("#login-contract-id", TYPED);
  let s;
  while (Date.now() - asked < ms) {
    s = JSON.parse(await page.run(state));
    if (s.box) break;
    await sleep(100);
  }
  return { s, at: Date.now() - asked };
}

/** The checks every shown message passes: the wording of `when`, in its place, the typing kept. */
function checkMessage(name, how, s, when) {
  check(s.box && s.alert && s.visible && s.shown === when,
    `${name}, ${how}: an alert says "${when === "failed" ? "could not load" : "taking long"}" (${s.shown || "no message"})`);
  check(/再読み込み/.test(s.text) && /ご利用推奨環境/.test(s.text) && /JavaScript/.test(s.text) && /WebAssembly/.test(s.text)
    && /当金庫までお問い合わせください/.test(s.text), `${name}, ${how}: it names 再読み込み, ご利用推奨環境 and the bank's contact`);
  check(s.afterHeading && s.aboveForm && s.prerendered, `${name}, ${how}: it is after the heading, above the prerendered form`);
  check(s.value === TYPED && s.focus === "login-contract-id",
    `${name}, ${how}: the typed 契約者ID is kept and the focus left in its field (${s.value}, focus ${s.focus})`);
}

// A browser without WebAssembly (as iOS's Lockdown Mode leaves Safari): Firefox by its preference,
// set at the session's start; Chromium (its --js-flags=--noexpose_wasm left it in place here) by a
// script the DevTools Protocol runs before the page's own.
const withoutWasm = {
  Chromium: { capabilities: (c) => c,
    prepare: (page) => page.cdp("Page.addScriptToEvaluateOnNewDocument", { source: "delete globalThis.WebAssembly;" }) },
  Firefox: { capabilities: (c) => ({ ...c, "moz:firefoxOptions": { ...c["moz:firefoxOptions"],
    prefs: { "javascript.options.wasm": false } } }), prepare: async () => {} },
};

for (const b of browsers) {
  let page;
  const done = () => { for (const res of open) res.destroy(); open.clear(); };
  try {
    page = await openBrowser(b);
    // The same page starts when nothing is wrong: no message (this server serves it as it is).
    mode = "ok";
    const started = await page.open(site);
    const fine = JSON.parse(await page.run(state));
    check(started && !fine.box, `${b.name}: with the files served, the app starts and no message shows`);

    for (const how of ["wasm refused", "wasm cut off", "wasm corrupted", "JS refused"]) {
      const { s, at } = await load(page, how, 5000);
      check(s.box, `${b.name}, ${how}: the message shows within 5 s (${at} ms)`);
      if (s.box) checkMessage(b.name, how, s, "failed");
      done();
    }

    // 再読み込み reloads the page (here, to the same refusal and the same message).
    await load(page, "wasm refused", 5000);
    let reloaded = false;
    const pressed = await page.run("const b = document.querySelector('#start-failure button'); if (b) b.click(); return !!b;");
    if (!pressed) reloaded = null;
    for (let i = 0; i < 50 && reloaded === false; i++) {
      await sleep(100);
      reloaded = await page.run("return performance.getEntriesByType('navigation')[0]?.type === 'reload' && !!document.getElementById('start-failure');");
    }
    check(reloaded === true, `${b.name}: 再読み込み reloads the page${pressed ? "" : " (no button to press)"}`);

    {
      const how = "wasm stalled";
      const { s, at } = await load(page, how, STALL_MS + 5000);
      check(s.box && at >= STALL_MS - 500 && at <= STALL_MS + 5000,
        `${b.name}, ${how}: the message shows ${STALL_MS / 1000} s after the fetching began, not before (${at} ms after asking for the page)`);
      if (s.box) checkMessage(b.name, how, s, "slow");
      done();
    }

    {
      const how = "wasm late";
      const { s } = await load(page, how, STALL_MS + 2500);
      if (s.box) checkMessage(b.name, how, s, "slow");
      else check(false, `${b.name}, ${how}: the stall's message shows while the wasm is late`);
      let after;
      for (let i = 0; i < 150; i++) {
        after = JSON.parse(await page.run(state));
        if (after.started && !after.prerendered) break;
        await sleep(100);
      }
      await sleep(300); // the typing is restored at once, the focus a frame later
      after = JSON.parse(await page.run(state));
      check(after.started && !after.box && !after.prerendered && after.h1s === 1,
        `${b.name}, ${how}: the app starts after all and its take-over removes the message (started ${after.started}, message ${after.box})`);
      check(after.value === TYPED && after.focus === "login-contract-id",
        `${b.name}, ${how}: the live 契約者ID field holds the typing, focused (${after.value}, focus ${after.focus})`);
      done();
    }

    {
      // English chosen earlier (src/ui/prefs.rs's LANGUAGE_KEY): before any app, the page's head
      // script has made it lang="en" and hidden the Japanese prerendered screen; the message that
      // the app cannot start still shows, in English only. Then, served as it is, the app starts
      // in English.
      const how = "English chosen, wasm refused";
      mode = "wasm refused";
      await page.go(site);
      await page.run("localStorage.setItem('shinkin-otp.language', 'en'); return true;");
      await page.go(site);
      let e;
      for (let i = 0; i < 50; i++) {
        e = JSON.parse(await page.run(`
          const box = document.getElementById('start-failure');
          const pre = document.getElementById('prerendered');
          return JSON.stringify({ lang: document.documentElement.lang,
            hidden: !!pre && getComputedStyle(pre).visibility === 'hidden',
            box: !!box, visible: !!box && getComputedStyle(box).visibility === 'visible' && box.getBoundingClientRect().height > 0,
            text: box?.textContent ?? '' });`));
        if (e.box) break;
        await sleep(100);
      }
      check(e.lang === "en" && e.hidden, `${b.name}, ${how}: the page is lang="en" with the Japanese screen hidden before the app (lang ${e.lang}, hidden ${e.hidden})`);
      check(e.box && e.visible && /Reload/.test(e.text) && /contact us/.test(e.text) && !/再読み込み/.test(e.text),
        `${b.name}, ${how}: the message shows, visible, in English only`);
      mode = "ok";
      await page.go(site);
      let live;
      for (let i = 0; i < 150; i++) {
        live = JSON.parse(await page.run("return JSON.stringify({ h1: document.querySelector('h1')?.textContent ?? '', pre: !!document.getElementById('prerendered'), lang: document.documentElement.lang });"));
        if (!live.pre && live.h1) break;
        await sleep(100);
      }
      check(!live.pre && live.h1 === "Log in" && live.lang === "en", `${b.name}, English chosen: the app starts in English (h1 ${live.h1}, lang ${live.lang})`);
      await page.run("localStorage.removeItem('shinkin-otp.language'); return true;");
      done();
    }
  } catch (e) {
    check(false, `${b.name}: ${e.message}`);
  } finally {
    done();
    if (page) await page.close();
  }
  await sleep(100);

  // A browser without WebAssembly: its own session, the option set at start.
  try {
    page = await openBrowser({ ...b, capabilities: withoutWasm[b.name].capabilities(b.capabilities) });
    await withoutWasm[b.name].prepare(page);
    await page.go(site);
    const gone = await page.run("return typeof WebAssembly;");
    check(gone === "undefined", `${b.name}: the browser option turns WebAssembly off (${gone})`);
    const how = "no WebAssembly";
    const { s, at } = await load(page, "ok", 5000);
    check(s.box, `${b.name}, ${how}: the message shows within 5 s (${at} ms)`);
    if (s.box) checkMessage(b.name, how, s, "failed");
  } catch (e) {
    check(false, `${b.name}, no WebAssembly: ${e.message}`);
  } finally {
    if (page) await page.close();
    page = undefined;
  }
  await sleep(100);
}
server.close();
server.closeAllConnections?.();
exit();

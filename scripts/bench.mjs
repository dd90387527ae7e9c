// Time to the login screen's 利用開始, the app against a plain HTML page of the same form
// (scripts/bench/plain-login.html), in headless Chromium and headless Firefox through WebDriver.
// Not a test: it measures and prints Markdown tables; scripts/bench.sh serves the pages and runs it.
//
// What is timed, per page load: from navigation start (performance.now() = 0) until a <button>
// whose text is 利用開始 has been painted. Nothing is added to the pages (the app's CSP forbids
// inline scripts, and the app is measured as built). Right after navigation (page load strategy
// "eager": WebDriver returns at DOMContentLoaded, before the app's wasm has mounted anything) an
// injected script
//  - reads the paint timing entry first-contentful-paint (waiting for it if not there yet);
//  - checks whether the button is already in the DOM; if not, watches the DOM with a
//    MutationObserver and, when the button appears, takes the time of the next animation frame
//    (the frame that renders it; rAF runs just before that frame's paint);
//  - answers max(first contentful paint, that frame). The plain page has the button in its HTML,
//    so its time is its first contentful paint. The app's page body is empty until the wasm mounts
//    the whole screen at once, so its first contentful paint is that screen (the max only matters
//    if something else were painted first, which the table would show as FCP < 利用開始).
// The button is also checked to be laid out (non-zero size) and visible when measured.
// Each load is a fresh WebDriver session, so a fresh profile and an empty HTTP cache; the browser
// first shows the plain page as a data: URL with its stylesheet inline (warming its renderer and
// the Japanese fonts the stylesheet names, which the first page to use them pays for: about 400 ms
// in Chromium here), on no origin of ours, so with nothing in the HTTP cache; then the page under test ("first visit": the site's first visit with a running browser);
// a second navigation to the same URL in that session is the "return visit" (hashed files from the
// cache, index.html revalidated, 304). Pages are taken in alternating
// pairs (app then plain, plain then app on the next run), for the demo build and the customer
// build; one discarded pair per browser first warms the server and the OS. Medians of RUNS runs.
// Usage: node scripts/bench.mjs RUNS DEMO_URL CUSTOMER_URL PLAIN_URL
import { browsers, sleep, until } from "./webdriver.mjs";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { median } from "./bench/median.mjs";

const [runsArg, demoUrl, customerUrl, plainUrl] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
if (!plainUrl || !(runs > 0)) throw new Error("usage: node scripts/bench.mjs RUNS DEMO_URL CUSTOMER_URL PLAIN_URL");

// Bounded: the whole run stops by itself after 30 minutes; drivers are ended on any exit.
// On a signal the open session is ended first, through its driver, which then closes its browser
// (a driver killed with a session open leaves the browser running).
const drivers = new Set();
const sessions = new Set(); // functions ending the open sessions
const stopDrivers = () => { for (const d of drivers) d.kill(); drivers.clear(); };
process.on("exit", stopDrivers);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, async () => {
    await Promise.race([Promise.allSettled([...sessions].map((end) => end())), sleep(5000)]);
    stopDrivers();
    process.exit(130);
  });
}
setTimeout(() => { console.error("bench.mjs: 30 minutes passed, stopping"); process.exit(1); }, 30 * 60 * 1000).unref();

const caps = JSON.parse(readFileSync(new URL("../webdriver.json", import.meta.url), "utf8"));

const MEASURE = `
  const done = arguments[arguments.length - 1];
  const find = () => [...document.querySelectorAll('button')].find(b => b.textContent.trim() === '利用開始');
  const fcp = new Promise((resolve) => {
    const now = performance.getEntriesByName('first-contentful-paint')[0];
    if (now) return resolve(now.startTime);
    new PerformanceObserver((list, obs) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) { obs.disconnect(); resolve(e.startTime); }
    }).observe({ type: 'paint', buffered: true });
  });
  const shown = new Promise((resolve) => {
    if (find()) return resolve({ inHtml: true, frame: 0 });
    const mo = new MutationObserver(() => {
      if (!find()) return;
      mo.disconnect();
      requestAnimationFrame(() => resolve({ inHtml: false, frame: performance.now() }));
    });
    mo.observe(document, { childList: true, subtree: true, characterData: true });
  });
  Promise.all([fcp, shown]).then(([fcp, s]) => {
    const b = find(), r = b.getBoundingClientRect(), st = getComputedStyle(b);
    done({ fcp, frame: s.frame, inHtml: s.inHtml, t: Math.max(fcp, s.frame),
           visible: r.width > 0 && r.height > 0 && st.visibility === 'visible' && st.display !== 'none' });
  });`;

// The warm-up page: the plain page with its stylesheet inline (same fonts and text, no request).
const WARM_UP = readFileSync(new URL("./bench/plain-login.html", import.meta.url), "utf8")
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "")
  .replace('<link rel="stylesheet" href="main.css">',
    `<style>${readFileSync(new URL("../style/main.css", import.meta.url), "utf8")}</style>`);

async function startDriver(b) {
  if (!b.driver) throw new Error(`${b.name}: no driver installed`);
  const proc = spawn(b.driver, b.args(b.port), { stdio: "ignore" });
  drivers.add(proc);
  const base = `http://127.0.0.1:${b.port}`;
  const wd = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60000) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  const ready = await until(async () => { try { return (await wd("GET", "/status")).ready; } catch { return false; } }, true, 20000);
  if (ready !== true) throw new Error(`${b.name}: driver not ready`);
  const options = b.name === "Chromium"
    ? { browserName: "chrome", "goog:chromeOptions": caps["goog:chromeOptions"] }
    : { browserName: "firefox", "moz:firefoxOptions": caps["moz:firefoxOptions"] };
  return {
    stop: () => { proc.kill(); drivers.delete(proc); },
    /** One fresh session: a cold load of `url`, then a warm one. */
    async load(url) {
      const { sessionId } = await wd("POST", "/session", { capabilities: { alwaysMatch: {
        ...options, pageLoadStrategy: "eager", timeouts: { script: 30000, pageLoad: 30000 } } } });
      const s = `/session/${sessionId}`;
      const end = () => wd("DELETE", s).catch(() => {});
      sessions.add(end);
      try {
        const once = async () => {
          await wd("POST", `${s}/url`, { url });
          const m = await wd("POST", `${s}/execute/async`, { script: MEASURE, args: [] });
          if (!m.visible) throw new Error(`${url}: 利用開始 is in the DOM but not visible`);
          return m;
        };
        // The browser itself warmed first (its renderer and Japanese fonts), on another origin, so
        // that "first visit" is the site's first visit, not the browser's start.
        await wd("POST", `${s}/url`, { url: `data:text/html;charset=utf-8,${encodeURIComponent(WARM_UP)}` });
        const cold = await once();
        await sleep(300);
        const warm = await once();
        return { cold, warm };
      } finally {
        sessions.delete(end);
        await end();
      }
    },
  };
}

const ms = (v) => `${v.toFixed(0)} ms`;
const builds = [["demo", demoUrl], ["customer", customerUrl]];
const rows = [];

for (const b of browsers) {
  console.error(`[bench] ${b.name}: ${runs} runs`);
  const driver = await startDriver(b);
  try {
    for (const [, url] of builds) { await driver.load(url); await driver.load(plainUrl); } // warm-up, discarded
    for (const [build, url] of builds) {
      const app = [], plain = [];
      for (let i = 0; i < runs; i++) {
        const pair = i % 2 === 0 ? [[app, url], [plain, plainUrl]] : [[plain, plainUrl], [app, url]];
        for (const [into, u] of pair) into.push(await driver.load(`${u}?run=${i}`));
      }
      const med = (xs, k, f) => median(xs.map((x) => x[k][f]));
      for (const k of ["cold", "warm"]) {
        rows.push({ browser: b.name, build, kind: k,
          app: med(app, k, "t"), appFcp: med(app, k, "fcp"), plain: med(plain, k, "t"),
          early: app.filter((x) => x[k].fcp < x[k].frame).length, mounted: app.filter((x) => x[k].inHtml).length });
      }
    }
  } finally {
    driver.stop();
  }
}

console.log("| browser | build | load | app: 利用開始 painted | plain page: 利用開始 painted | ratio app / plain |");
console.log("| --- | --- | --- | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(`| ${r.browser} | ${r.build} | ${r.kind === "cold" ? "first visit" : "return visit"} | ${ms(r.app)} | ${ms(r.plain)} | ${(r.app / r.plain).toFixed(2)}× |`);
}
const early = rows.filter((r) => r.early > 0);
console.log(`\nmedians of ${runs} loads each, app and plain page in alternating pairs; first visit = fresh browser profile` +
  " (empty cache), return visit = the same URL again in that session; served by the reference server (--static) on 127.0.0.1" +
  (early.length ? `; something was painted before 利用開始 in ${early.map((r) => `${r.browser} ${r.build} ${r.kind} (${r.early}×)`).join(", ")}` : "") +
  `; the app had mounted before the timing script started (its time is then its first contentful paint) in ` +
  `${rows.reduce((n, r) => n + r.mounted, 0)} of ${rows.length * runs} loads`);

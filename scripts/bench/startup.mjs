// The start-up profile: where the time from navigation to the live login screen goes, read from the
// page's own timeline — the loader's `loader:…` marks (scripts/post-build.mjs), the app's `app:…`
// marks (src/ui/timing.rs), the resource timings of the JS and wasm files, first contentful paint
// and the long tasks. Headless Chromium through WebDriver, each load a fresh session (empty cache);
// once as this machine runs it, once slowed as Lighthouse's mobile run is (4× CPU through the
// DevTools Protocol, a 1.6 Mbit/s line with 150 ms latency). Medians of RUNS loads per page and
// condition, printed as Markdown tables. A page given with --plain (the plain HTML login page) has
// no app: its "ready" is its first contentful paint, the yardstick of the live-time goals. With
// --json FILE the medians are also written there for scripts/bench/goals.mjs.
// Not a test; scripts/bench.sh serves the pages and runs it.
// Usage: node scripts/bench/startup.mjs RUNS [--json FILE] [--plain NAME=URL] NAME=URL...
import { writeFileSync } from "node:fs";
import { browsers, openBrowser, sleep } from "../webdriver.mjs";
import { median } from "./median.mjs";

const [runsArg, ...rest] = process.argv.slice(2);
const runs = Number(runsArg);
const pages = [], plainPages = new Set();
let jsonFile = null;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--json") jsonFile = rest[++i];
  else if (rest[i] === "--plain") { plainPages.add(rest[i + 1]); pages.push(rest[++i]); }
  else pages.push(rest[i]);
}
if (!(runs > 0) || pages.length === 0 || pages.some((p) => !p?.includes("="))) {
  throw new Error("usage: node scripts/bench/startup.mjs RUNS [--json FILE] [--plain NAME=URL] NAME=URL...");
}
setTimeout(() => { console.error("startup.mjs: 15 minutes passed, stopping"); process.exit(1); }, 15 * 60 * 1000).unref();

// Registered before the page's own scripts, so long tasks from the first one on are seen.
const OBSERVE = `window.__longTasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: "longtask", buffered: true });`;

// Answers once the app has restored the typing (a plain page: once it has painted; or after 20 s,
// within WebDriver's 30 s script timeout), with every figure in ms from navigation start.
const READ = `
  const plain = arguments[0];
  const done = arguments[arguments.length - 1];
  const end = Date.now() + 20000;
  (function poll() {
    const mark = (n) => performance.getEntriesByName(n, "mark")[0]?.startTime ?? null;
    const fcp0 = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
    if ((plain ? fcp0 : mark("app:restored")) === null && Date.now() < end) return setTimeout(poll, 50);
    // The long-task observer hears of a task only after it ends, a turn later: wait for it.
    if (!poll.settled) { poll.settled = true; return setTimeout(poll, 1000); }
    const res = (ext) => performance.getEntriesByType("resource").find((r) => r.name.endsWith(ext));
    const nav = performance.getEntriesByType("navigation")[0];
    const wasm = res(".wasm"), js = res(".js");
    done({
      html: nav.responseEnd,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      painted: mark("loader:painted"), jsStart: js?.fetchStart ?? null, jsEnd: js?.responseEnd ?? null,
      jsRun: mark("loader:js"), wasmStart: wasm?.fetchStart ?? null, wasmEnd: wasm?.responseEnd ?? null,
      instantiated: mark("app:instantiated"), started: mark("app:started"), takenOver: mark("app:taken-over"), mounted: mark("app:mounted"),
      restored: plain ? fcp0 : mark("app:restored"),
      longest: Math.max(0, ...(window.__longTasks ?? []).map(([, d]) => d)),
      // As Lighthouse's total blocking time counts: the part of each task after the first
      // contentful paint, less 50 ms.
      blocking: (window.__longTasks ?? []).reduce((sum, [s, d]) => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
        return sum + Math.max(0, s + d - Math.max(s, fcp) - 50);
      }, 0),
    });
  })();`;

const conditions = [
  { name: "this machine", cpu: 1, net: null },
  { name: "4× CPU, slow 4G", cpu: 4, net: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 } },
];

const ms = (x) => (x === null ? "–" : `${Math.round(x)} ms`);

// A difference of timeline points, or null when one is missing (a load that lacks a mark is left
// out of that row's median rather than counted as a negative time).
const since = (to, from) => (to === null || from === null ? null : to - from);
// The rows: the first three and "ready" are times from navigation start, the others durations. The
// wasm is fetched with its integrity hash, so it compiles once its last byte is in and checked.
const phases = [
  ["HTML received (from navigation start)", (r) => r.html],
  ["first contentful paint: the prerendered screen (from navigation start)", (r) => r.fcp],
  ["the loader runs the app, after the first painted frame (from navigation start)", (r) => r.painted],
  ["JS glue evaluated (fetched since the page was parsed)", (r) => since(r.jsRun, r.painted)],
  ["wasm downloaded, after the JS has run (both fetched at once)", (r) => since(r.wasmEnd, r.wasmStart === null || r.jsRun === null ? null : Math.max(r.wasmStart, r.jsRun))],
  ["wasm compiled and instantiated after its last byte", (r) => since(r.instantiated, r.wasmEnd)],
  ["the browser's turn between the two start-up tasks", (r) => since(r.started, r.instantiated)],
  ["take-over: typing read, prerendered markup removed", (r) => since(r.takenOver, r.started)],
  ["live screen built and mounted", (r) => since(r.mounted, r.takenOver)],
  ["typing and focus restored", (r) => since(r.restored, r.mounted)],
  ["**live login screen ready** (from navigation start)", (r) => r.restored],
  ["longest task", (r) => r.longest],
  ["blocking time after the first paint (each long task's time over 50 ms, as TBT counts)", (r) => r.blocking],
];

const chromium = browsers.find((b) => b.name === "Chromium");
const results = {}; // page -> condition -> [reading]
for (const page of pages) {
  const [name, url] = [page.slice(0, page.indexOf("=")), page.slice(page.indexOf("=") + 1)];
  results[name] = {};
  for (const c of conditions) {
    results[name][c.name] = [];
    for (let i = 0; i < runs; i++) {
      const b = await openBrowser(chromium);
      try {
        await b.cdp("Network.enable");
        await b.cdp("Network.setCacheDisabled", { cacheDisabled: true });
        if (c.net) await b.cdp("Network.emulateNetworkConditions", c.net);
        if (c.cpu > 1) await b.cdp("Emulation.setCPUThrottlingRate", { rate: c.cpu });
        await b.cdp("Page.enable");
        await b.cdp("Page.addScriptToEvaluateOnNewDocument", { source: OBSERVE });
        await b.go(url);
        const r = await b.runAsync(READ, [plainPages.has(page)]);
        if (r.restored === null) console.error(`[startup] ${name}, ${c.name}: the app did not start within 20 s`);
        else results[name][c.name].push(r);
      } finally {
        await b.close();
      }
      await sleep(200);
    }
  }
}

const summary = {};
for (const [name, byCondition] of Object.entries(results)) {
  summary[name] = Object.fromEntries(conditions.map((c) => [c.name,
    { ready: median(byCondition[c.name].map((r) => r.restored)), loads: byCondition[c.name].length }]));
  if (plainPages.has(pages.find((p) => p.startsWith(`${name}=`)))) continue; // its rows would be empty
  const cols = conditions.map((c) => c.name);
  console.log(`\n${name}, Chromium, medians of ${runs} first visits (ms from navigation start):\n`);
  console.log(`| phase | ${cols.join(" | ")} |`);
  console.log(`| --- | ${cols.map(() => "---:").join(" | ")} |`);
  for (const [label, f] of phases) {
    console.log(`| ${label} | ${cols.map((c) => ms(median(byCondition[c].map(f)))).join(" | ")} |`);
  }
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ runs, conditions: conditions.map((c) => c.name), pages: summary }, null, 1));

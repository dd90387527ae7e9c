// Speed benchmark of the release bundle in headless Chromium and Firefox (not a test: it measures
// and prints). For each browser, RUNS page loads of the static bundle, reporting medians of:
//  - first contentful paint (the login screen is the first content: the page is empty until wasm runs);
//  - the wasm file's fetch time (resource timing, served from localhost, so mostly cache/compile);
//  - the time from pressing ログイン with empty fields to the error summary being on screen.
// Usage: node scripts/bench.mjs DIST PREFIX [RUNS]
import { browsers, openBrowser, serveStatic, until } from "./webdriver.mjs";

const [dist, prefix, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const port = 8098;
const server = await serveStatic(dist, prefix, port);
const site = `http://127.0.0.1:${port}${prefix}`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];

for (const b of browsers) {
  const page = await openBrowser(b);
  const fcp = [], wasm = [], submit = [];
  try {
    for (let i = 0; i < runs; i++) {
      await page.go(`${site}?run=${i}`);
      await until(page.h1, "ログイン");
      fcp.push(await page.run("const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;"));
      wasm.push(await page.run("const r = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return r ? r.duration : null;"));
      submit.push(await page.runAsync(`
        const done = arguments[arguments.length - 1];
        const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'ログイン');
        const t0 = performance.now();
        button.click();
        const poll = () => document.querySelector('.error-summary') ? done(performance.now() - t0) : requestAnimationFrame(poll);
        poll();`));
    }
  } finally {
    await page.close();
  }
  rows.push([b.name, median(fcp), median(wasm), median(submit)]);
}
server.kill();
const ms = (v) => (v == null ? "n/a" : `${v.toFixed(0)} ms`);
console.log(`| browser | first contentful paint | wasm fetch | ログイン → error summary |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const [name, f, w, s] of rows) console.log(`| ${name} | ${ms(f)} | ${ms(w)} | ${ms(s)} |`);
console.log(`\nmedians of ${runs} loads each, static bundle served from localhost`);

// No dead taps: loads a built bundle (its pages prerendered, scripts/build-static.sh) in headless
// Chromium and headless Firefox through WebDriver with the wasm held back (sent in full LATE_MS after
// it was asked for), so the prerendered login screen is on screen for a few seconds, and taps it as
// a customer would (WebDriver's element click: a real, trusted click) before the app is live. The
// loader (scripts/post-build.mjs) keeps those taps and the take-over (src/ui/takeover.rs) replays
// each once on the live screen:
//  - 利用開始 tapped at first paint: once the app is live the page is on 利用者認証;
//  - 拡大 tapped (twice) early, with a 契約者ID typed: once live the text is enlarged, by exactly one
//    click on the live 拡大 (one step, not two), and the typed 契約者ID is kept;
//  - Enter in the 契約者ID field early (the form's implicit submission, a click on ログイン): once
//    live, the login form has been submitted once (it says what is missing), nothing navigated.
// Usage: node scripts/check-early-taps.mjs DIST PREFIX [PORT]   (scripts/test.sh runs it)
import { createServer } from "node:http";
import { browsers, bundleFile, openBrowser, sleep, tally } from "./webdriver.mjs";

const [dist, prefix, port = "8099"] = process.argv.slice(2);
if (!dist || !prefix) throw new Error("usage: node scripts/check-early-taps.mjs DIST PREFIX [PORT]");
const site = `http://127.0.0.1:${port}${prefix}`;
const LATE_MS = 4000;

const open = new Set(); // late responses, ended when the browser is closed
const server = createServer(async (req, res) => {
  const { body, ext, type } = await bundleFile(dist, prefix, req.url);
  res.writeHead(200, { "content-type": type, "cache-control": "no-store",
    "content-length": String(body.length) });
  if (ext !== ".wasm") return res.end(body);
  open.add(res);
  setTimeout(() => { open.delete(res); res.end(body); }, LATE_MS);
});
await new Promise((ready) => server.listen(Number(port), "127.0.0.1", ready));
const { check, exit } = tally();

const TYPED = "10000000001";
// The page's state as one JSON string; `largeClicks` counts clicks on the live 拡大 (counted by a
// listener `count` puts on the document before the app is live).
const state = `
  const h1 = document.querySelector('h1');
  const large = [...document.querySelectorAll('.text-size button')].find((b) => b.textContent.trim() === '拡大');
  return JSON.stringify({
    started: performance.getEntriesByName('app:restored').length > 0,
    prerendered: !!document.getElementById('prerendered'),
    h1: h1 ? h1.textContent.trim() : null,
    auth: document.body.innerText.includes('利用者認証') && !document.getElementById('login-contract-id'),
    large: document.documentElement.classList.contains('text-large'),
    pressed: large?.getAttribute('aria-pressed') ?? null,
    largeClicks: window.largeClicks ?? null,
    value: document.getElementById('login-contract-id')?.value ?? null,
    errors: document.querySelectorAll('[aria-invalid="true"]').length,
    path: location.pathname,
  });`;
const count = `window.largeClicks = 0;
  document.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button');
    if (b && !document.getElementById('prerendered') && b.textContent.trim() === '拡大') window.largeClicks++;
  }, true);`;

/** The WebDriver element `css` selects (with `text`, the one of those with that text). */
const find = (page, css, text) => page.run(`return [...document.querySelectorAll(arguments[0])]
  .find((e) => arguments[1] === null || e.textContent.trim() === arguments[1]) ?? null;`, [css, text ?? null]);

/** Loads the page afresh (no stored text size), runs `early` while the wasm is held back, checks
 *  the app was not live then, and answers the page's state once the app is live. */
async function early(page, name, what, act) {
  const asked = Date.now();
  await page.go(site);
  // The stored text size is read when the app starts: none, whatever an earlier case chose.
  await page.run(`localStorage.clear(); ${count}`);
  await act();
  const before = JSON.parse(await page.run(state));
  check(!before.started && before.prerendered && Date.now() - asked < LATE_MS,
    `${name}, ${what}: done on the prerendered screen before the app was live (${Date.now() - asked} ms)`);
  let s;
  for (let i = 0; i < 200; i++) {
    s = JSON.parse(await page.run(state));
    if (s.started && !s.prerendered) break;
    await sleep(100);
  }
  await sleep(500); // the replay comes a frame after the take-over
  s = JSON.parse(await page.run(state));
  check(s.started && !s.prerendered, `${name}, ${what}: the app starts and takes over`);
  return s;
}

for (const b of browsers) {
  let page;
  try {
    page = await openBrowser(b);
    const click = async (css, text) => {
      const el = await find(page, css, text);
      if (!el) throw new Error(`no ${css} ${text ?? ""} on the page`);
      await page.click(el);
    };

    {
      const s = await early(page, b.name, "利用開始 tapped at first paint", () => click("#prerendered button", "利用開始"));
      check(s.auth, `${b.name}: 利用開始 tapped before the app was live ends on 利用者認証 (h1 ${s.h1})`);
    }

    {
      const s = await early(page, b.name, "拡大 tapped twice early, a 契約者ID typed", async () => {
        await page.type("#login-contract-id", TYPED);
        await click("#prerendered .text-size button", "拡大");
        await click("#prerendered .text-size button", "拡大");
      });
      check(s.large && s.pressed === "true" && s.largeClicks === 1,
        `${b.name}: 拡大 tapped early enlarges the text once live, by one click on the live 拡大 (large ${s.large}, pressed ${s.pressed}, clicks ${s.largeClicks})`);
      check(s.value === TYPED, `${b.name}: the 契約者ID typed before the app was live is kept (${s.value})`);
    }

    {
      const s = await early(page, b.name, "Enter in 契約者ID early", () => page.type("#login-contract-id", `${TYPED}\uE007`));
      check(s.value === TYPED && s.errors > 0 && !s.auth && s.path === prefix,
        `${b.name}: Enter typed before the app was live submits the live login form once (its missing password flagged: ${s.errors}; ${s.path})`);
    }
  } catch (e) {
    check(false, `${b.name}: ${e.message}`);
  } finally {
    for (const res of open) res.destroy();
    open.clear();
    if (page) await page.close();
  }
  await sleep(100);
}
server.close();
server.closeAllConnections?.();
exit();

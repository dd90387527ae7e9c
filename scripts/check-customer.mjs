// Loads the customer bundle as the reference server serves it (`--static DIR`, demo data) in headless
// Chromium and headless Firefox through WebDriver, and checks:
//  - the app starts at / and at a deep link (the server's 404.html fallback), with no demo kit and
//    no emulator pages;
//  - the Content-Security-Policy header allows connections to the page's own origin only, and
//    forbids framing; a fetch to another origin is blocked by it;
//  - a fixture customer logs in through the page: the bundle reaches the server's API.
// Usage: node scripts/check-customer.mjs URL   (e.g. http://127.0.0.1:47870/)
import { inEachBrowser, servedPolicy, tally, until } from "./webdriver.mjs";

const [site] = process.argv.slice(2);
const { check, exit } = tally();

// Types into an input as the browser reports typing, then clicks the submit button named `button`.
const login = `
  const [id, password, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
  const byLabel = (text) => {
    const label = [...document.querySelectorAll('label[for]')].find((l) => l.textContent.trim() === text);
    return label && document.getElementById(label.htmlFor);
  };
  for (const [label, value] of [['契約者ID（利用者番号）', id], ['パスワード', password]]) {
    const input = byLabel(label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'ログイン').click();
  done(true);`;

// Tries to reach another origin; answers whether the CSP stopped it (a securitypolicyviolation of
// connect-src, and the fetch rejected).
const probeOtherOrigin = `
  const done = arguments[arguments.length - 1];
  let violated = null;
  document.addEventListener('securitypolicyviolation', (e) => { violated = e.violatedDirective; });
  fetch('http://127.0.0.1:9/').then(() => done('fetched'), () => setTimeout(() => done(violated || 'rejected without a violation'), 200));`;

await inEachBrowser(check, async (page, name) => {
  for (const path of ["", "software-token", "some/deep/link"]) {
    await page.open(site + path);
    const got = await until(page.h1, "ログイン");
    check(got === "ログイン", `${name}: /${path} shows ログイン${got === "ログイン" ? "" : ` (got ${got})`}`);
    const kit = await page.run("return document.body.textContent.includes('デモキット') || !!document.getElementById('demo-kit');");
    check(!kit, `${name}: /${path} has no demo kit`);
  }
  const csp = await servedPolicy(page);
  check(/connect-src 'self'(;|$)/.test(csp) && /frame-ancestors 'none'/.test(csp) && !/'unsafe-inline'|'unsafe-eval'/.test(csp),
    `${name}: the CSP header connects to 'self' only and forbids framing (${csp})`);
  const blocked = await page.runAsync(probeOtherOrigin);
  check(blocked === "connect-src", `${name}: a fetch to another origin is blocked by connect-src (${blocked})`);
  await page.runAsync(login, ["10000000001", "hanako12"]);
  const top = await until(page.h1, "ログインしました", 20000);
  check(top === "ログインしました", `${name}: 山田 花子 logs in through the server's API (${top})`);
});
exit();

// Loads the demo on a server — the demo build on demo-server.html, whose bank is then the server
// (scripts/build-static.sh --demo-server) as the reference server serves it with --demo — in
// headless Chromium and headless Firefox through WebDriver, and checks:
//  - the page starts at / with the デモキット (built when opened), and the kit lists the server's tokens with their
//    holders (read from GET /api/v1/demo/back-office), each with a QR code whose otpauth URI
//    carries the server's seed;
//  - the CSP header lets the page connect to its own origin only, and forbids framing;
//  - a token issued from the kit is listed by the server;
//  - an emulator page (software-token?serial=…) shows that token's code: the page's bank is the
//    server too, since the in-browser demo bank never heard of that token.
// Usage: node scripts/check-demo-server.mjs URL   (e.g. http://127.0.0.1:17874/)
import { inEachBrowser, servedPolicy, tally, until } from "./webdriver.mjs";

const [site] = process.argv.slice(2);
const { check, exit } = tally();
// SKTS10000001's base32 secret (src/domain/demo_data.rs): the URI must carry the server's seed.
const FIXTURE_SECRET = "ONUGS3TLNFXC2ZDFNVXS243PMZ2C2MBR";

const kitState = `
  const tokens = [...document.querySelectorAll('#demo-kit .kit-token')];
  return {
    tokens: tokens.map((t) => t.querySelector('h3').textContent.trim()),
    ichiro: (tokens.find((t) => t.textContent.includes('SKHT20000002')) || { textContent: '' })
      .textContent.includes('佐藤 一郎 様が利用中'),
    qrs: document.querySelectorAll('#demo-kit .qr svg').length,
    uri: [...document.querySelectorAll('#demo-kit .provisioning')].map((p) => p.textContent)
      .find((t) => t.includes('SKTS10000001')) || '',
  };`;

// Back to the seeded demo data (each browser starts from the same 4 tokens), then opens the kit.
const resetAndOpenKit = `
  const done = arguments[arguments.length - 1];
  fetch('/api/v1/demo/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    .then((r) => { [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'デモキット').click(); done(r.status); },
      (e) => done('error ' + e));`;

const issue = `
  [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'ソフトウェアトークンを発行').click();`;

const serverTokens = `
  const done = arguments[arguments.length - 1];
  fetch('/api/v1/demo/back-office').then((r) => r.json()).then((o) => done(o.tokens.length), (e) => done('error ' + e));`;

// The serial of the server's newest software token.
const newestSoftware = `
  const done = arguments[arguments.length - 1];
  fetch('/api/v1/demo/back-office').then((r) => r.json())
    .then((o) => done(o.tokens.filter((t) => t.model === 'software').map((t) => t.serial).pop()), (e) => done('error ' + e));`;

await inEachBrowser(check, async (page, name) => {
  await page.open(site);
  const got = await until(page.h1, "ログイン");
  check(got === "ログイン", `${name}: / shows ログイン (${got})`);
  const closed = (await page.run(kitState)).tokens.length;
  check(closed === 0, `${name}: the kit's contents are not built before it is opened`);
  check(await page.runAsync(resetAndOpenKit) === 200, `${name}: demo data reset, kit opened`);
  const listed = await until(async () => (await page.run(kitState)).tokens.length, 4, 20000);
  const state = await page.run(kitState);
  check(listed === 4 && state.ichiro, `${name}: the kit lists the server's 4 tokens and 佐藤 一郎's (${JSON.stringify(state.tokens)})`);
  check(state.qrs === 4 && state.uri.includes(`secret=${FIXTURE_SECRET}`),
    `${name}: each token has a QR code; SKTS10000001's URI carries the server's seed`);
  const policy = await servedPolicy(page);
  check(/connect-src 'self'(;|$)/.test(policy) && /frame-ancestors 'none'/.test(policy),
    `${name}: the CSP header connects to 'self' only and forbids framing (${policy})`);
  const before = await page.runAsync(serverTokens);
  await page.run(issue);
  const after = await until(() => page.runAsync(serverTokens), before + 1, 20000);
  const shown = await until(async () => (await page.run(kitState)).tokens.length, before + 1, 20000);
  check(after === before + 1 && shown === before + 1, `${name}: a token issued in the kit is the server's (${before} → ${after}, kit ${shown})`);
  const serial = await page.runAsync(newestSoftware);
  await page.open(`${site}software-token?serial=${serial}`);
  const code = await until(
    () => page.run(`const c = document.querySelector('[aria-label="${serial} のワンタイムパスワード"]'); return c ? c.textContent.replace(/\\D/g, '').length : 0;`),
    6, 20000);
  check(code === 6, `${name}: the emulator page shows the token issued on the server, ${serial}: its code`);
});
exit();

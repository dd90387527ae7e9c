// Loads the customer bundle as the reference server serves it (`--static DIR`, demo data) in headless
// Chromium and headless Firefox through WebDriver, and checks:
//  - the app starts at / and at a deep link (the server's 404.html fallback), with no demo kit and
//    no emulator pages;
//  - the Content-Security-Policy header allows connections to the page's own origin only, and
//    forbids framing; a fetch to another origin is blocked by it;
//  - a fixture customer logs in through the page: the bundle reaches the server's API;
//  - the page loads with no error in the console (Chromium: a missing icon, a CSP violation), and
//    its wasm, JS and CSS arrive compressed (fewer bytes on the wire than decoded);
//  - over plain HTTP, first: the server's precompressed copies (scripts/compress.mjs) by
//    Accept-Encoding (br, gzip, none), each decoding to the file's bytes; Vary; Cache-Control
//    immutable for trunk's hashed files and no-cache for the page; 304 on If-None-Match and
//    If-Modified-Since; the icon linked by the page; /favicon.ico not 404.
// Usage: node scripts/check-customer.mjs URL   (e.g. http://127.0.0.1:17870/)
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { inEachBrowser, servedPolicy, tally, until } from "./webdriver.mjs";

const [site] = process.argv.slice(2);
const { check, exit } = tally();

// GET `path` with `headers` (node:http, so nothing is decoded or added); { status, headers, body }.
const get = (path, headers = {}) => new Promise((done, fail) => {
  request(new URL(path, site), { headers }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
  }).on("error", fail).end();
});

const page = await get("");
const files = [...page.body.toString().matchAll(/"\/([A-Za-z0-9_.-]+-[0-9a-f]{13,16}(?:_bg)?\.(?:wasm|js|css|svg))"/g)].map((m) => m[1]);
check(["_bg.wasm", ".js", ".svg"].every((ext) => files.some((f) => f.endsWith(ext))),
  `the page names its hashed wasm, JS and icon (${files.join(", ")}; the stylesheet is in the page)`);
for (const file of ["", ...new Set(files)]) {
  const name = file || "/";
  const plain = await get(file);
  const cache = plain.headers["cache-control"];
  // Vary may name more (the CORS layer adds origin with --allow-origin): accept-encoding must be in it.
  const vary = String(plain.headers.vary ?? "").toLowerCase().split(/\s*,\s*/);
  check(plain.status === 200 && !plain.headers["content-encoding"] && vary.includes("accept-encoding")
    && cache === (file ? "public, max-age=31536000, immutable" : "no-cache"),
    `${name}: ${plain.status} ${plain.headers["content-encoding"] ?? "unencoded"} without Accept-Encoding, Vary: ${plain.headers.vary}, Cache-Control: ${cache}`);
  for (const [encoding, decode] of [["br", brotliDecompressSync], ["gzip", gunzipSync]]) {
    const packed = await get(file, { "accept-encoding": encoding });
    check(packed.headers["content-encoding"] === encoding && packed.body.length < plain.body.length
      && decode(packed.body).equals(plain.body),
      `${name}: Accept-Encoding ${encoding} → Content-Encoding ${packed.headers["content-encoding"]}, ${packed.body.length} of ${plain.body.length} bytes, decoding to the file`);
    for (const [condition, value] of [["if-none-match", packed.headers.etag], ["if-modified-since", packed.headers["last-modified"]]]) {
      const again = await get(file, { "accept-encoding": encoding, [condition]: value });
      check(again.status === 304 && again.body.length === 0 && again.headers["cache-control"] === cache,
        `${name} (${encoding}): ${condition} ${value} → ${again.status}`);
    }
  }
}
check(page.headers["content-security-policy"]?.includes("frame-ancestors 'none'"), "the page is sent with its CSP");
const icon = await get(files.find((f) => f.endsWith(".svg")) ?? "none.svg");
check(icon.status === 200 && icon.headers["content-type"] === "image/svg+xml", `the icon is an SVG (${icon.headers["content-type"]})`);
const ico = await get("favicon.ico");
check(ico.status !== 404 && ico.status < 500, `/favicon.ico answers ${ico.status}, not 404`);

// Each of the wasm, JS and CSS with fewer bytes on the wire than decoded.
const transfer = `
  return performance.getEntriesByType('resource').filter((e) => /\\.(wasm|js|css)$/.test(e.name))
    .map((e) => [e.name.split('/').pop(), e.encodedBodySize, e.decodedBodySize]);`;

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
    // A deep link's page comes with status 404 (the fallback), which the console reports.
    const errors = await page.consoleErrors();
    if (path === "" && errors !== null) check(errors.length === 0, `${name}: / loads with no console error (${errors.join(" | ")})`);
    if (path === "") {
      const sizes = await page.run(transfer);
      check(["_bg.wasm", ".js"].every((ext) => sizes.some(([f]) => f.endsWith(ext)))
        && sizes.every(([, wire, decoded]) => wire > 0 && wire < decoded),
        `${name}: the wasm and JS arrive compressed (${sizes.map(([f, w, d]) => `${f} ${w}/${d}`).join(", ")})`);
    }
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

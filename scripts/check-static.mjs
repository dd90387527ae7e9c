// Loads the sub-path static bundle in headless Chromium and headless Firefox through WebDriver, with
// the bundle served as GitHub Pages would (scripts/static-server.mjs), and checks:
//  - the app starts at the sub-path root, at an emulator deep link and at an unknown path (404.html);
//  - the served page holds the login screen's markup (scripts/prerender.mjs), which the app
//    replaces, leaving one screen;
//  - the Content-Security-Policy is in force: the page's policy has the required directives and a
//    probe inline script, added after load, is blocked (it would mark the page if it ran).
// Usage: node scripts/check-static.mjs DIST PREFIX [PORT]
import { inEachBrowser, serveStatic, sleep, tally, until } from "./webdriver.mjs";

const [dist, prefix] = process.argv.slice(2);
const port = Number(process.argv[4] || 8097);
const server = await serveStatic(dist, prefix, port);
const site = `http://127.0.0.1:${port}${prefix}`;
const { check, exit } = tally();

await inEachBrowser(check, async (page, name) => {
  for (const [path, want] of [["", "ログイン"], ["software-token?serial=SKTS10000001", "ソフトウェアトークン（デモ）"],
                              ["hardware-token", "ハードウェアトークン（デモ）"], ["some/deep/link", "ログイン"]]) {
    await page.open(site + path);
    const got = await until(page.h1, want);
    check(got === want, `${name}: ${prefix}${path} shows ${want}${got === want ? "" : ` (got ${got})`}`);
  }
  await page.open(site);
  await until(page.h1, "ログイン");
  // The page as served carries the login screen (it paints before the wasm); once the app has
  // taken over, that markup is gone and the screen is there once.
  const served = await page.runAsync("const done = arguments[0]; fetch(location.href).then((r) => r.text()).then(done, (e) => done('error ' + e));");
  check(/<div id="prerendered">[\s\S]*利用開始/.test(served) && !/<div id="prerendered">[\s\S]* name="/.test(served),
    `${name}: the served page holds the login screen's markup, its inputs unnamed`);
  // The loader (rewritten by scripts/post-build.mjs) fetches the JS and wasm after the first paint,
  // each with its integrity hash; trunk's preload links, which fetched them at once, are gone.
  check((served.match(/integrity: "sha384-[A-Za-z0-9+/]+=*"/g) || []).length === 2 && !/<link rel="(module)?preload"/.test(served),
    `${name}: the served loader fetches the JS and wasm with their integrity hashes, after the first paint`);
  const after = await until(() => page.run("return [document.getElementById('prerendered') === null, document.querySelectorAll('h1').length, document.querySelectorAll('#login-contract-id').length].join();"), "true,1,1");
  check(after === "true,1,1", `${name}: the app took over the login screen (no copy left: ${after})`);
  const policy = await page.run("const m = document.querySelector('meta[http-equiv=Content-Security-Policy]'); return m ? m.content : '';");
  const scriptSrc = (policy.match(/script-src([^;]*)/) || ["", ""])[1];
  check(/'wasm-unsafe-eval'/.test(scriptSrc) && /object-src 'none'/.test(policy) && /base-uri 'none'/.test(policy)
    && /form-action 'none'/.test(policy)
    && !/'unsafe-inline'|'unsafe-eval'/.test(scriptSrc), `${name}: the policy has the required directives`);
  await page.run("const s = document.createElement('script'); s.textContent = \"document.documentElement.setAttribute('data-csp-probe', 'ran')\"; document.head.appendChild(s);");
  await sleep(300);
  const probe = await page.run("return document.documentElement.getAttribute('data-csp-probe');");
  check(probe === null, `${name}: an inline script added to the page is blocked by the policy`);
});
server.kill();
exit();

// Loads the sub-path static bundle in headless Chromium and headless Firefox through WebDriver, with
// the bundle served as GitHub Pages would (scripts/static-server.mjs), and checks:
//  - the app starts at the sub-path root, at an emulator deep link and at an unknown path (404.html);
//  - the Content-Security-Policy is in force: the page's policy has the required directives and a
//    probe inline script, added after load, is blocked (it would mark the page if it ran).
// Usage: node scripts/check-static.mjs DIST PREFIX   (drivers: /usr/bin/chromedriver, geckodriver)
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const [dist, prefix] = process.argv.slice(2);
const sitePort = 8097;
const caps = JSON.parse(readFileSync(new URL("../webdriver.json", import.meta.url), "utf8"));
const which = (cmd) => { try { return execFileSync("sh", ["-c", `command -v ${cmd}`]).toString().trim(); } catch { return null; } };
const browsers = [
  { name: "Chromium", driver: "/usr/bin/chromedriver", port: 9515, args: (p) => [`--port=${p}`],
    capabilities: { browserName: "chrome", "goog:chromeOptions": caps["goog:chromeOptions"] } },
  { name: "Firefox", driver: which("geckodriver"), port: 4445, args: (p) => ["--port", String(p)],
    capabilities: { browserName: "firefox", "moz:firefoxOptions": caps["moz:firefoxOptions"] } },
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wd(base, method, path, body) {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

async function until(fn, want, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last === want) return last;
    await sleep(250);
  }
  return last;
}

const server = spawn("node", [new URL("./static-server.mjs", import.meta.url).pathname, dist, prefix, String(sitePort)], { stdio: "inherit" });
await sleep(500);
const site = `http://127.0.0.1:${sitePort}${prefix}`;
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? "ok" : "FAIL"}: ${what}`); if (!ok) failures++; };

for (const b of browsers) {
  if (!b.driver) { check(false, `${b.name}: no driver`); continue; }
  const driver = spawn(b.driver, b.args(b.port), { stdio: "ignore" });
  const base = `http://127.0.0.1:${b.port}`;
  try {
    await until(async () => { try { return (await wd(base, "GET", "/status")).ready; } catch { return false; } }, true, 20000);
    const { sessionId } = await wd(base, "POST", "/session", { capabilities: { alwaysMatch: b.capabilities } });
    const s = `/session/${sessionId}`;
    const run = (script) => wd(base, "POST", `${s}/execute/sync`, { script, args: [] });
    const h1 = () => run("const h = document.querySelector('h1'); return h ? h.textContent : null;");
    for (const [path, want] of [["", "ログイン"], ["software-token?serial=SKTS10000001", "ソフトウェアトークン（デモ）"],
                                ["hardware-token", "ハードウェアトークン（デモ）"], ["some/deep/link", "ログイン"]]) {
      await wd(base, "POST", `${s}/url`, { url: site + path });
      const got = await until(h1, want);
      check(got === want, `${b.name}: ${prefix}${path} shows ${want}${got === want ? "" : ` (got ${got})`}`);
    }
    await wd(base, "POST", `${s}/url`, { url: site });
    await until(h1, "ログイン");
    const policy = await run("const m = document.querySelector('meta[http-equiv=Content-Security-Policy]'); return m ? m.content : '';");
    const scriptSrc = (policy.match(/script-src([^;]*)/) || ["", ""])[1];
    check(/'wasm-unsafe-eval'/.test(scriptSrc) && /object-src 'none'/.test(policy) && /base-uri 'none'/.test(policy)
      && !/'unsafe-inline'|'unsafe-eval'/.test(scriptSrc), `${b.name}: the policy has the required directives`);
    await run("const s = document.createElement('script'); s.textContent = \"document.documentElement.setAttribute('data-csp-probe', 'ran')\"; document.head.appendChild(s);");
    await sleep(300);
    const probe = await run("return document.documentElement.getAttribute('data-csp-probe');");
    check(probe === null, `${b.name}: an inline script added to the page is blocked by the policy`);
    await wd(base, "DELETE", s);
  } catch (e) {
    check(false, `${b.name}: ${e.message}`);
  } finally {
    driver.kill();
  }
}
server.kill();
process.exit(failures ? 1 : 0);

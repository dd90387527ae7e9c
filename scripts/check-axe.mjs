// axe-core's accessibility rules on the app in English, in headless Chromium and Firefox: the
// sub-path bundle served as a static host would, the language stored as English (as the header's
// switch stores it), then the login screen, 利用者認証 with its errors shown, 時刻補正's code step
// with its errors shown, the help topics and the open demo kit each checked with axe-core (installed by scripts/setup.sh, from npm). Any
// violation fails, with its rule, impact and the elements it names.
// Usage: node scripts/check-axe.mjs DIST PREFIX [PORT]   (scripts/test.sh runs it)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inEachBrowser, serveStatic, sleep, tally, until } from "./webdriver.mjs";

const [dist, prefix, port = "8096"] = process.argv.slice(2);
if (!dist || !prefix) throw new Error("usage: node scripts/check-axe.mjs DIST PREFIX [PORT]");
const site = `http://127.0.0.1:${port}${prefix}`;
const axeFile = join(execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim(), "axe-core", "axe.min.js");
const axe = readFileSync(axeFile, "utf8");
const { check, exit } = tally();

// Clicks the button (or summary) whose text is `name`, as the app's own tests find it.
const press = (name) => `
  const el = [...document.querySelectorAll('button, summary')].find((b) => b.textContent.trim() === ${JSON.stringify(name)});
  if (el) el.click();
  return !!el;`;

const server = await serveStatic(dist, prefix, port);
try {
  await inEachBrowser(check, async (page, name) => {
    await page.go(site);
    await page.run("localStorage.setItem('shinkin-otp.language', 'en'); return true;");
    check(await page.open(site), `${name}: the app starts`);
    check(await until(page.h1, "Log in") === "Log in", `${name}: in English`);
    await page.run(`${axe}; return true;`);
    const audit = async (what) => {
      await sleep(300);
      const found = JSON.parse(await page.runAsync(`
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
          (r) => done(JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })))),
          (e) => done(JSON.stringify([{ id: 'axe failed: ' + e, nodes: [] }])));`));
      check(found.length === 0, `${name}, ${what}: axe finds no violation${found.length ? ": " + JSON.stringify(found) : ""}`);
    };
    check(await page.run("return document.documentElement.lang;") === "en", `${name}: <html lang="en">`);
    await audit("login screen");
    check(await page.run(press("Start (利用開始)")), `${name}: Start (利用開始) pressed`);
    await until(page.h1, "Start one-time passwords (利用開始)");
    check(await page.run(press("Next")), `${name}: Next pressed with nothing typed`);
    await audit("identification with its errors");
    // 時刻補正 (佐藤 一郎, the demo's customer with a token in use): its code step, nothing typed.
    check(await page.open(site), `${name}: the app starts again`);
    await until(page.h1, "Log in");
    await page.run(`${axe}; return true;`);
    check(await page.run(press("Correct token clock (時刻補正)")), `${name}: Correct token clock pressed`);
    await until(page.h1, "Correct your token's clock (時刻補正)");
    await page.run(`
      document.getElementById('auth-contract-id').value = '10000000002';
      document.getElementById('auth-password').value = 'ichiro34';
      return true;`);
    check(await page.run(press("Next")), `${name}: Next pressed on 時刻補正's identification`);
    const codeStep = `return !!document.getElementById('resync-first-otp');`;
    for (let i = 0; i < 50 && !(await page.run(codeStep)); i++) await sleep(100);
    check(await page.run(codeStep), `${name}: 時刻補正's code step shown`);
    check(await page.run(press("Confirm")), `${name}: Confirm pressed with nothing typed`);
    await audit("時刻補正's code step with its errors");
    check(await page.run(press("Help topics")), `${name}: Help topics opened`);
    await audit("help topics");
    check(await page.run(press("Close help topics")), `${name}: Help topics closed`);
    check(await page.run(press("Demo kit")), `${name}: the demo kit opened`);
    await sleep(500);
    await audit("the open demo kit");
    await page.run("localStorage.removeItem('shinkin-otp.language'); return true;");
  });
} finally {
  server.kill();
}
exit();

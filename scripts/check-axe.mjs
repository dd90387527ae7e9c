// axe-core's accessibility rules on the app in English, in headless Chromium and Firefox: the
// sub-path bundle served as a static host would, the language stored as English (as the header's
// switch stores it), then the login screen, 利用者認証 with its errors shown, 時刻補正's code step
// with its errors shown, the help topics and the open demo kit each checked with axe-core
// (installed by scripts/setup.sh, from npm); then the presenters' tour in English and in
// Japanese, on a button step and on a field step. Any violation fails, with its rule, impact and
// the elements it names. Last, at a phone's width (360 px; Firefox's narrowest window), the tour's
// panel must not cover the control it points at, nor the page scroll sideways.
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

    // The tour, in English then in Japanese: its first step (a button on ログイン) and its second
    // (a field of 利用者認証, pointed at and described by the tour), with the kit's card shown.
    const tourSteps = async (language, [tour, start, next, end]) => {
      check(await page.run(press(tour)), `${name}: ${tour} pressed`);
      await audit(`the tour's first step (${language})`);
      check(await page.run(press(start)), `${name}: ${start} pressed on the tour's first step`);
      check(await page.run(press(next)), `${name}: ${next} pressed`);
      await sleep(500);
      const described = await page.run(`const t = document.querySelector('.tour-target');
        return t ? t.getAttribute('aria-describedby') : null;`);
      check(/\btour-text\b/.test(described ?? ""), `${name}: the pointed field is described by the tour (${language}): ${described}`);
      await audit(`the tour pointing at a field (${language})`);
      check(await page.run(press(end)), `${name}: ${end} pressed`);
      check(await page.run(press(language === "English" ? "Back" : "戻る")), `${name}: back to the login screen`);
      await until(page.h1, language === "English" ? "Log in" : "ログイン");
    };
    // From 時刻補正's code step, a fresh start for the tour.
    check(await page.open(site), `${name}: the app starts again for the tour`);
    await until(page.h1, "Log in");
    await page.run(`${axe}; return true;`);
    await tourSteps("English", ["Tour", "Start (利用開始)", "Next step", "End the tour"]);
    check(await page.run(press("日本語")), `${name}: 日本語 pressed`);
    await until(page.h1, "ログイン");
    await tourSteps("Japanese", ["ツアー", "利用開始", "次の手順", "ツアーを終了"]);

    // At 360 px: the pointed-at control is above the panel docked at the bottom, on both steps.
    // Headless Firefox keeps its window at least about 490 px wide: there the check runs at its
    // narrowest, still the docked layout (below 64rem).
    const width = await page.resize(360, 740);
    check(width <= 360 || (name === "Firefox" && width < 1024), `${name}: the page is ${width} px wide`);
    const clear = `const t = document.querySelector('.tour-target'), p = document.querySelector('.tour');
      if (!t || !p) return 'nothing pointed at or no panel';
      const a = t.getBoundingClientRect(), b = p.getBoundingClientRect(), html = document.documentElement;
      if (html.scrollWidth > html.clientWidth) return 'the page scrolls sideways: ' + html.scrollWidth;
      if (b.right > html.clientWidth) return 'the panel is wider than the page';
      return a.top >= 0 && a.bottom <= b.top ? 'clear' : 'covered: control ' + a.top + '-' + a.bottom + ', panel from ' + b.top;`;
    check(await page.run(press("ツアー")), `${name}: ツアー pressed at 360 px`);
    await sleep(500);
    check(await page.run(clear) === "clear", `${name}, 360 px, the tour's first step: ${await page.run(clear)}`);
    check(await page.run(press("利用開始")), `${name}: 利用開始 pressed at 360 px`);
    check(await page.run(press("次の手順")), `${name}: 次の手順 pressed at 360 px`);
    await sleep(500);
    check(await page.run(clear) === "clear", `${name}, 360 px, the tour's second step: ${await page.run(clear)}`);
    await audit("the tour at 360 px");
    check(await page.run(press("ツアーを終了")), `${name}: ツアーを終了 pressed`);
    await page.run("localStorage.removeItem('shinkin-otp.language'); return true;");
  });
} finally {
  server.kill();
}
exit();

// The browser's own Back and Forward buttons (WebDriver's back/forward) on a bundle as the reference
// server serves it (the customer build, or the demo on a server: both over a --demo server), in
// headless Chromium and headless Firefox, through 利用中止's lost-token path (the card step without
// a code; never confirmed, so nothing changes):
//  - Back from the token step shows 利用者認証 with the contract ID kept, the password empty;
//  - Back from the card step asks お手続きを中止しますか？ in a modal dialog with the focus on 続ける,
//    which axe-core (AXE_JS) finds nothing serious or critical in; the Escape key is 続ける;
//  - 中止する shows 利用者認証 again, and Forward then reaches neither later step;
//  - the address never changes;
//  - the time limit's warning (its 利用者認証 sent with the page's clock, Date.now, 8 minutes
//    behind, so the answer finds the warning due): a modal alertdialog, focus on 延長する, the time
//    left in its text, nothing serious or critical for axe-core; Escape is 延長する (the server's
//    extend call): the dialog closes and the token step stays.
// Usage: node scripts/check-back.mjs URL AXE_JS   (e.g. http://127.0.0.1:17870/ node_modules/axe-core/axe.min.js)
import { readFileSync } from "node:fs";
import { inEachBrowser, sleep, tally, until } from "./webdriver.mjs";

const [site, axePath] = process.argv.slice(2);
const axeSource = readFileSync(axePath, "utf8");
const { check, exit } = tally();
const ID = "10000000002";
const PASSWORD = "ichiro34";
const ESCAPE = "\uE00C";

const buttonNamed = (name) => `return [...document.querySelectorAll('button, summary')]
  .find((b) => b.textContent.trim() === ${JSON.stringify(name)}) || null;`;
const screen = `
  const value = (id) => { const el = document.getElementById(id); return el ? el.value : null; };
  const dialog = document.querySelector('dialog[open]');
  const active = document.activeElement;
  return {
    h1: (document.querySelector('h1') || {}).textContent || '',
    main: (document.querySelector('main') || {}).textContent || '',
    notice: (document.querySelector('p.notice') || {}).textContent || '',
    id: value('auth-contract-id'), password: value('auth-password'),
    card: !!document.getElementById('card-first'),
    token: !!document.getElementById('stop-otp'),
    dialog: !!dialog, modal: !!dialog && dialog.matches(':modal'),
    focus: dialog && dialog.contains(active) ? active.textContent.trim() : null,
    href: location.href,
  };`;

await inEachBrowser(check, async (page, name) => {
  const state = () => page.run(screen);
  const press = async (label) => {
    const el = await page.run(buttonNamed(label));
    if (!el) throw new Error(`no button ${label}`);
    await page.click(el);
  };
  const started = await page.open(site);
  check(started, `${name}: the app starts at ${site}`);
  const reset = await page.runAsync(`const done = arguments[arguments.length - 1];
    fetch('/api/v1/demo/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then((r) => done(r.status), (e) => done('error ' + e));`);
  check(reset === 200, `${name}: demo data reset (${reset})`);
  const href = (await state()).href;

  await press("利用中止");
  await until(async () => (await state()).id !== null, true);
  await page.type("#auth-contract-id", ID);
  await page.type("#auth-password", PASSWORD);
  await press("次へ");
  const atToken = await until(async () => (await state()).token, true);
  check(atToken, `${name}: 利用者認証 leads to the token step`);

  await page.back();
  const back = await until(async () => (await state()).id, ID);
  const s1 = await state();
  check(back === ID && s1.password === "" && s1.notice.includes("もう一度ログインパスワード"),
    `${name}: Back from the token step shows 利用者認証, the ID kept, the password empty (${JSON.stringify(s1.notice)})`);

  await page.type("#auth-password", PASSWORD);
  await press("次へ");
  await until(async () => (await state()).token, true);
  await press("トークンを紛失・故障した場合");
  await press("紛失・故障を届け出る");
  const atCard = await until(async () => (await state()).card, true);
  check(atCard, `${name}: the lost-token path leads to the card step`);

  await page.back();
  await until(async () => (await state()).dialog, true);
  const s2 = await state();
  check(s2.modal && s2.focus === "続ける" && s2.card,
    `${name}: Back from the card step asks in a modal dialog, focus on 続ける, the step still there (${JSON.stringify(s2.focus)})`);

  await page.run(`${axeSource}; return true;`);
  const found = await page.runAsync(`const done = arguments[arguments.length - 1];
    axe.run(document.querySelector('dialog[open]'), { resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))),
        (e) => done([{ id: 'axe failed: ' + e, impact: 'critical' }]));`);
  const serious = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(serious.length === 0, `${name}: axe finds nothing serious or critical in the dialog (all: ${JSON.stringify(found)})`);

  await page.press(ESCAPE);
  const closed = await until(async () => (await state()).dialog, false, 5000);
  check(closed === false && (await state()).card, `${name}: Escape is 続ける: the dialog closes, the card step stays`);

  await page.back();
  await until(async () => (await state()).dialog, true);
  await press("中止する");
  await until(async () => (await state()).id, ID);
  const s3 = await state();
  check(!s3.dialog && s3.id === ID && s3.notice.includes("お手続きを中止しました"),
    `${name}: 中止する shows 利用者認証 with the ID kept (${JSON.stringify(s3.notice)})`);

  await page.forward();
  await sleep(500);
  const s4 = await state();
  check(s4.id === ID && !s4.token && !s4.card, `${name}: Forward reaches neither the token step nor the card step`);
  check(s4.href === href, `${name}: the address never changed (${s4.href})`);

  // A fresh page (its count of calls starts afresh: an answer to a call sent before the newest
  // never moves the count back).
  check(await page.open(site), `${name}: the app starts again`);
  await page.run(`${axeSource}; return true;`);
  await sleep(500);
  await press("利用中止");
  await until(async () => (await state()).id !== null, true);
  await page.type("#auth-contract-id", ID);
  await page.type("#auth-password", PASSWORD);
  await page.runAsync(`const done = arguments[arguments.length - 1];
    // Firefox runs this in a sandbox with its own Date: the page's is behind wrappedJSObject.
    const page = window.wrappedJSObject || window;
    const real = page.Date.now;
    const behind = () => real.call(page.Date) - 8 * 60 * 1000;
    page.Date.now = typeof exportFunction === 'function' ? exportFunction(behind, page) : behind;
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '次へ').click();
    setTimeout(() => { page.Date.now = real; done(true); }, 0);`);
  const warned = await until(async () => (await state()).dialog, true);
  const s5 = await state();
  check(warned && s5.token, `${name}: 利用者認証 leads to the token step, the warning over it (${JSON.stringify({ ...s5, main: s5.main.slice(0, 60) })})`);
  const warning = await page.run(`const d = document.querySelector('dialog[open]');
    const a = document.activeElement;
    return d && { role: d.getAttribute('role'), modal: d.matches(':modal'),
      focus: d.contains(a) ? a.textContent.trim() : null,
      text: (document.getElementById(d.getAttribute('aria-describedby')) || {}).textContent || '' };`);
  check(warning && warning.role === "alertdialog" && warning.modal && warning.focus === "延長する"
    && warning.text.includes("あと約2分"),
    `${name}: the time limit's warning is a modal alertdialog, focus on 延長する, the time left said (${JSON.stringify(warning)})`);
  const foundInWarning = await page.runAsync(`const done = arguments[arguments.length - 1];
    axe.run(document.querySelector('dialog[open]'), { resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))),
        (e) => done([{ id: 'axe failed: ' + e, impact: 'critical' }]));`);
  const seriousInWarning = foundInWarning.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(seriousInWarning.length === 0,
    `${name}: axe finds nothing serious or critical in the time limit's warning (all: ${JSON.stringify(foundInWarning)})`);
  await page.press(ESCAPE);
  const extended = await until(async () => (await state()).dialog, false, 5000);
  check(extended === false && (await state()).token,
    `${name}: Escape is 延長する: the warning closes, the token step stays`);
});
exit();

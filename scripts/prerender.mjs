// Puts the login screen's markup into a built bundle's pages, so it paints before the wasm arrives:
// serves DIST under PREFIX on loopback, lets this same app render its login screen in headless
// Chromium, and writes what it rendered into DIST/index.html and DIST/404.html inside
// <div id="prerendered"> (src/ui/takeover.rs replaces it with the live screen, keeping what was
// typed). The markup is the app's own, so the page's CSS styles it and nothing shifts at the
// take-over. No script is added: the CSP is unchanged. Before the take-over the form cannot send
// what is typed anywhere: its inputs lose their name attributes (the take-over matches by id) and
// the CSP's form-action 'none' blocks a submission.
// Usage: node scripts/prerender.mjs DIST PREFIX   (scripts/build-static.sh runs it)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { browsers, openBrowser, serveStatic, until } from "./webdriver.mjs";

const [dist, prefix = "/"] = process.argv.slice(2);
if (!dist) throw new Error("usage: node scripts/prerender.mjs DIST PREFIX");
// Not check-static.mjs's or bench.mjs's: a stale server there is not this bundle. SHINKIN_OTP_PRERENDER_PORT
// names another (two checkouts building at once on one machine).
const port = Number(process.env.SHINKIN_OTP_PRERENDER_PORT || 8093);
const chromium = browsers.find((b) => b.name === "Chromium");

// Everything the app mounted into <body> (its elements, after trunk's <noscript>), as markup.
const rendered = `
  return [...document.body.children]
    .filter((el) => !['NOSCRIPT', 'SCRIPT'].includes(el.tagName))
    .map((el) => {
      const copy = el.cloneNode(true);
      for (const named of copy.querySelectorAll('[name]')) named.removeAttribute('name');
      return copy.outerHTML;
    })
    .join('');`;

const server = await serveStatic(dist, prefix, port);
let page;
try {
  page = await openBrowser(chromium);
  await page.go(`http://127.0.0.1:${port}${prefix}`);
  const h1 = await until(page.h1, "ログイン", 30000);
  if (h1 !== "ログイン") throw new Error(`the login screen did not appear (h1: ${h1})`);
  const markup = await page.run(rendered);
  if (!markup.includes("利用開始") || markup.includes('id="prerendered"') || / name="/.test(markup)) {
    throw new Error("unexpected markup: no 利用開始 button, already prerendered, or a named input");
  }
  // The page must be this bundle's: the same title as DIST/index.html.
  const title = await page.run("return document.title;");
  if (!readFileSync(join(dist, "index.html"), "utf8").includes(`<title>${title}</title>`)) {
    throw new Error(`the page served on ${port} (${title}) is not ${dist}'s`);
  }
  for (const name of ["index.html", "404.html"]) {
    const file = join(dist, name);
    const html = readFileSync(file, "utf8");
    if (html.includes('id="prerendered"')) throw new Error(`${file} is already prerendered`);
    if (!/<body>/.test(html)) throw new Error(`${file} has no <body>`);
    // A function, so `$&` and the like in the markup stay as they are.
    writeFileSync(file, html.replace(/<body>/, () => `<body>\n  <div id="prerendered">${markup}</div>`));
  }
  console.log(`[prerender] the login screen (${markup.length} bytes of markup) is in ${dist}/index.html and 404.html`);
} finally {
  if (page) await page.close();
  server.kill();
}

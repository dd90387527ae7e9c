// Trunk post_build hook (see Trunk.toml). Finishes the bundle in trunk's staging directory:
//  1. Content-Security-Policy: index.html carries the policy with the placeholder
//     'inline-script-hashes'; trunk's loader is an inline module script, so its SHA-256 is put
//     in place of the placeholder. No 'unsafe-inline' or 'unsafe-eval' is ever needed.
//     The customer build's page (customer.html) also carries 'api-origin' in connect-src: it
//     becomes the API's origin from SHINKIN_OTP_API_ORIGIN (scripts/build-static.sh --customer
//     PUBLIC_URL API_ORIGIN), or 'self' when none is named, so the page reaches that one origin.
//  2. The loader starts the app after the page's first paint: trunk's loader imports the JS and
//     wasm at once, so on a slow phone their evaluation and compilation compete with the
//     prerendered login screen's first paint. The rewritten loader fetches both at once, at low
//     priority, as soon as the page is parsed (the stylesheets are in the page, trunk's
//     rel="inline", so the first paint waits for no request), with trunk's integrity hashes (so the
//     wasm compiles once its last byte is in and checked, not while it downloads: the price of
//     keeping the check), and runs them after one painted frame. Its
//     `loader:…` performance marks, with the app's `app:…` (src/ui/timing.rs), are the start-up
//     profile scripts/bench/startup.mjs prints.
//     A start that fails says so: when the JS or wasm fetch fails (refused, cut off, or not matching
//     its integrity hash: the promise rejects), the browser has no WebAssembly, or the app has not
//     marked `app:started` STALL_MS after the fetching began, the loader shows the message of
//     src/ui/messages/start-failure.html (put into the page here as a <template>) after the login
//     screen's heading, above the form, as an alert that takes no focus and leaves what was typed.
//     Before the app is live, the loader keeps each tap on the prerendered screen's buttons and
//     links (marks the element; src/ui/takeover.rs clicks its live twin once the app has taken over).
//  3. The icon link trunk writes for assets/favicon.svg gets type="image/svg+xml".
//  4. 404.html: a copy of index.html, so a static host answering unknown paths with 404.html
//     (GitHub Pages and most others) serves the app for deep links and reloads under a sub-path.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// How long after the loader starts fetching the app it may take to mark `app:started` before the
// page says it is taking too long: about twice what the largest bundle needs on a "slow 3G" line
// (README, "First paint before the wasm"); past it a customer has probably given up. If the app
// does start later, its take-over removes the message.
const STALL_MS = 10000;
// The message's markup, in one place beside the app's other messages; its leading comment left out.
const failureMarkup = readFileSync(new URL("../src/ui/messages/start-failure.html", import.meta.url), "utf8")
  .replace(/<!--[\s\S]*?-->/g, "").replace(/>\s+</g, "><").trim();

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)");
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");

html = deferLoader(html);
// trunk's icon link (rel="icon", the bank's mark in assets/favicon.svg) names no type.
html = html.replace(/<link rel="icon" href="([^"]*\.svg)"/, (tag) => `${tag} type="image/svg+xml"`);
if (!/^<div id="start-failure" [^>]*role="alert"/.test(failureMarkup) || /<script|\son\w+=/i.test(failureMarkup)) {
  throw new Error("src/ui/messages/start-failure.html must be one <div id=\"start-failure\" role=\"alert\"> and no script");
}
html = html.replace("</head>", () => `<template id="start-failure-template">${failureMarkup}</template>\n</head>`);

// Puts the SHA-256 of each inline element `element` matches (its body the first group) in place of
// `placeholder` in the CSP: the page runs its own inline code, no 'unsafe-inline'. Returns the count.
function fillHashes(placeholder, element) {
  const hashes = [...html.matchAll(element)].map(
    ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
  );
  if (!html.includes(placeholder)) throw new Error(`index.html lacks ${placeholder} in its CSP`);
  html = html.replace(placeholder, hashes.join(" "));
  return hashes.length;
}
const placeholder = "'inline-script-hashes'";
const scripts = fillHashes(placeholder, /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g);

// The stylesheets are inlined (trunk's rel="inline" in the pages): the first paint waits for no
// second request, a round trip less on a slow line.
// trunk inlines the files as written: their comments (which may name the demo's parts, and the
// customer build must carry nothing of the demo) go, and runs of white space become one space.
html = html.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (_, open, css, close) => open + css
  .replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").trim() + close);
const stylePlaceholder = "'inline-style-hashes'";
const styles = fillHashes(stylePlaceholder, /<style[^>]*>([\s\S]*?)<\/style>/g);

const apiPlaceholder = "'api-origin'";
const apiOrigin = process.env.SHINKIN_OTP_API_ORIGIN || "";
if (html.includes(apiPlaceholder)) {
  // An origin only: a path, query or wildcard would widen (or break) what the page may reach.
  if (apiOrigin && !/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(apiOrigin)) {
    throw new Error(`SHINKIN_OTP_API_ORIGIN must be an origin such as https://api.example.jp, not ${apiOrigin}`);
  }
  html = html.replace(apiPlaceholder, apiOrigin || "'self'");
} else if (apiOrigin) {
  throw new Error("SHINKIN_OTP_API_ORIGIN is set but this page has no 'api-origin' in its CSP (the demo build talks to no API)");
}

for (const left of [placeholder, stylePlaceholder, apiPlaceholder]) {
  if (html.includes(left)) throw new Error(`${left} is still in index.html (named twice?)`);
}
writeFileSync(file, html);
writeFileSync(join(dir, "404.html"), html);
const connect = /connect-src ([^;"]*)/.exec(html)?.[1];
console.log(`[post-build] CSP with ${scripts} inline script hash(es), ${styles} style hash(es), connect-src ${connect}; 404.html written`);

/** Rewrites trunk's loader and preloads (see 2. above); throws when trunk's output is not the shape
 *  this knows, so a new trunk fails the build rather than silently loading the old way. */
function deferLoader(page) {
  const attr = (tag, name) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const links = [...page.matchAll(/<link rel="(modulepreload|preload)"[^>]*>/g)];
  const js = links.find(([, rel]) => rel === "modulepreload")?.[0];
  const wasm = links.find(([tag, rel]) => rel === "preload" && attr(tag, "type") === "application/wasm")?.[0];
  const loader = /<script type="module">\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);[\s\S]*?<\/script>/.exec(page);
  if (!js || !wasm || !loader || links.length !== 2) {
    throw new Error("trunk's loader or preload links are not the shape scripts/post-build.mjs rewrites");
  }
  const [jsHref, wasmHref] = [attr(js, "href"), attr(wasm, "href")];
  if (jsHref !== loader[1] || wasmHref !== loader[2]) throw new Error("trunk's preloads name other files than its loader");
  // Only what can be written into the script as it is: a plain path (no quote, `<` or `&` to break
  // out of the string or the element), and a real hash (an empty integrity would check nothing).
  const [jsHash, wasmHash] = [attr(js, "integrity"), attr(wasm, "integrity")];
  for (const href of [jsHref, wasmHref]) {
    if (!/^[A-Za-z0-9_.\/-]+$/.test(href)) throw new Error(`unexpected file path in trunk's loader: ${href}`);
  }
  for (const hash of [jsHash, wasmHash]) {
    if (!/^sha(256|384|512)-[A-Za-z0-9+\/]+=*$/.test(hash ?? "")) {
      throw new Error(`trunk's preloads carry no integrity hash (${hash}): the loader would check nothing`);
    }
  }
  const q = (v) => JSON.stringify(v);
  const deferred = `<script type="module">
// Started after the first painted frame (scripts/post-build.mjs says why); a hidden tab, where no
// frame is painted, starts at once, and so does one hidden while waiting. A start that fails or
// stalls shows src/ui/messages/start-failure.html above the form (slow: the stall's wording).
// A tap on a button or link of the prerendered screen before the app is live (Enter in a field is a
// click on the form's submit button) follows no link, submits nothing, and is kept: the element is
// marked with the tap's order, and src/ui/takeover.rs clicks its live twin once. The start-failure
// message's 再読み込み works as it is. Once the app has taken over, no prerendered element is left.
let taps = 0;
document.addEventListener("click", (e) => {
  const el = e.target.closest?.("button, a[href]");
  if (!el || !document.getElementById("prerendered")?.contains(el) || el.closest("#start-failure")) return;
  e.preventDefault();
  if (!el.hasAttribute("data-tapped")) el.setAttribute("data-tapped", taps++);
}, true);
const say = (slow) => {
  if (performance.getEntriesByName("app:started").length) return;
  let box = document.getElementById("start-failure");
  if (!box) {
    box = document.getElementById("start-failure-template").content.firstElementChild.cloneNode(true);
    for (const half of box.querySelectorAll(":scope > [lang]")) if (half.lang !== document.documentElement.lang) half.remove();
    box.querySelector("button").onclick = () => location.reload();
    const h1 = document.querySelector("#prerendered h1");
    h1 ? h1.after(box) : document.body.prepend(box);
  } else if (slow) return;
  for (const p of box.querySelectorAll("[data-when]")) p.hidden = p.dataset.when !== (slow ? "slow" : "failed");
};
let stall;
try {
  if (typeof WebAssembly != "object") throw 0;
  // The JS and the wasm are fetched at once, now, at low priority: the stylesheet is in the page,
  // so the first paint waits for neither. They run after that paint.
  document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload",
    href: ${q(jsHref)}, crossOrigin: "anonymous", integrity: ${q(jsHash)}, fetchPriority: "low" }));
  const module = fetch(${q(wasmHref)}, { integrity: ${q(wasmHash)}, priority: "low" });
  module.catch(() => {}); // its failure is met below, once the JS has run
  stall = setTimeout(say, ${STALL_MS}, true);
  await new Promise((go) => {
    if (document.hidden) return go();
    document.addEventListener("visibilitychange", go, { once: true });
    requestAnimationFrame(() => setTimeout(go));
  });
  performance.mark("loader:painted");
  const bindings = await import(${q(jsHref)});
  performance.mark("loader:js");
  const wasm = await bindings.default({ module_or_path: module });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch {
  clearTimeout(stall);
  say(false);
}
</script>`;
  // Functions, so a `$&` or the like in what is put in stays as it is (as prerender.mjs does).
  return page.replace(loader[0], () => deferred).replace(js, () => "").replace(wasm, () => "");
}

// Trunk post_build hook (see Trunk.toml). Finishes the bundle in trunk's staging directory:
//  1. Content-Security-Policy: index.html carries the policy with the placeholder
//     'inline-script-hashes'; trunk's loader is an inline module script, so its SHA-256 is put
//     in place of the placeholder. No 'unsafe-inline' or 'unsafe-eval' is ever needed.
//     The customer build's page (customer.html) also carries 'api-origin' in connect-src: it
//     becomes the API's origin from SHINKIN_OTP_API_ORIGIN (scripts/build-static.sh --customer
//     PUBLIC_URL API_ORIGIN), or 'self' when none is named, so the page reaches that one origin.
//  2. 404.html: a copy of index.html, so a static host answering unknown paths with 404.html
//     (GitHub Pages and most others) serves the app for deep links and reloads under a sub-path.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)");
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
);
const placeholder = "'inline-script-hashes'";
if (!html.includes(placeholder)) throw new Error(`index.html lacks ${placeholder} in its CSP`);
html = html.replace(placeholder, hashes.join(" "));

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

for (const left of [placeholder, apiPlaceholder]) {
  if (html.includes(left)) throw new Error(`${left} is still in index.html (named twice?)`);
}
writeFileSync(file, html);
writeFileSync(join(dir, "404.html"), html);
const connect = /connect-src ([^;"]*)/.exec(html)?.[1];
console.log(`[post-build] CSP with ${hashes.length} inline script hash(es), connect-src ${connect}; 404.html written`);

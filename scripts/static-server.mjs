// A minimal static host that behaves like GitHub Pages: serves DIR under the URL prefix PREFIX and
// answers unknown paths with 404.html (status 404, as Pages does). For checking the sub-path build.
// With --gzip it also serves as a production static host would, for the benchmark
// (scripts/bench.sh): text, JS, CSS and wasm gzip-encoded (Content-Encoding: gzip, level 9, each
// file compressed once and kept in memory) when the request accepts it, with Vary: Accept-Encoding;
// Cache-Control "public, max-age=31536000, immutable" for trunk's content-hashed files (name-<16 hex>.ext, name-<16 hex>_bg.wasm)
// and "no-cache" (revalidate, answered 304 through the ETag) for the rest, such as index.html.
// Usage: node scripts/static-server.mjs DIR PREFIX PORT [--gzip]
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const [dir, prefix, port, ...flags] = process.argv.slice(2);
const production = flags.includes("--gzip");
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".svg": "image/svg+xml",
};
const compressible = new Set([".html", ".js", ".wasm", ".css", ".svg"]);
const gzipped = new Map(); // file path → { gz, etag } (the files do not change while serving)

async function send(req, res, status, file) {
  const body = await readFile(file);
  const headers = { "content-type": types[extname(file)] ?? "application/octet-stream" };
  if (!production) {
    res.writeHead(status, headers);
    return res.end(body);
  }
  let entry = gzipped.get(file);
  if (!entry || entry.raw.length !== body.length || !entry.raw.equals(body)) {
    entry = { raw: body, gz: gzipSync(body, { level: 9 }),
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
    gzipped.set(file, entry);
  }
  const hashed = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/.test(file);
  headers["cache-control"] = hashed ? "public, max-age=31536000, immutable" : "no-cache";
  headers["etag"] = entry.etag;
  headers["vary"] = "Accept-Encoding";
  if (status === 200 && req.headers["if-none-match"] === entry.etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  let out = body;
  if (compressible.has(extname(file)) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    headers["content-encoding"] = "gzip";
    out = entry.gz;
  }
  headers["content-length"] = String(out.length);
  res.writeHead(status, headers);
  res.end(req.method === "HEAD" ? undefined : out);
}

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let rel = path.startsWith(prefix) ? path.slice(prefix.length) : null;
  if (rel === "" || (rel && rel.endsWith("/"))) rel += "index.html";
  try {
    if (rel === null || normalize(rel).startsWith("..")) throw new Error("outside");
    await send(req, res, 200, join(dir, rel));
  } catch {
    try {
      await send(req, res, 404, join(dir, "404.html"));
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  }
}).listen(Number(port), "127.0.0.1");

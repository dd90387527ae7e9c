// A minimal static host that behaves like GitHub Pages: serves DIR under the URL prefix PREFIX and
// answers unknown paths with 404.html (status 404, as Pages does). For checking the sub-path build;
// the benchmark serves its pages with the reference server itself (--static), as a bank would.
// Usage: node scripts/static-server.mjs DIR PREFIX PORT
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const [dir, prefix, port] = process.argv.slice(2);
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".svg": "image/svg+xml",
};

async function send(res, status, file) {
  const body = await readFile(file);
  res.writeHead(status, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  res.end(body);
}

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let rel = path.startsWith(prefix) ? path.slice(prefix.length) : null;
  if (rel === "" || (rel && rel.endsWith("/"))) rel += "index.html";
  try {
    if (rel === null || normalize(rel).startsWith("..")) throw new Error("outside");
    await send(res, 200, join(dir, rel));
  } catch {
    try {
      await send(res, 404, join(dir, "404.html"));
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  }
}).listen(Number(port), "127.0.0.1");

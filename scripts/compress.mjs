// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside each compressible file of a
// built bundle (wasm, JS, CSS, HTML, SVG, JSON), for hosts that serve precompressed files by the
// request's Accept-Encoding: the reference server (`--static`, server/src/http/statics.rs), nginx's
// gzip_static/brotli_static, and the like. Run last (scripts/build-static.sh does): the copies are of
// the final bytes, after the post-build hook's CSP and loader rewrite and the prerender. A copy not
// smaller than its file is not written (the host then sends the file as it is); stale copies from a
// previous run are replaced. Node's own zlib: no dependency.
// Usage: node scripts/compress.mjs DIST
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [dist] = process.argv.slice(2);
if (!dist) throw new Error("usage: node scripts/compress.mjs DIST");
const compressible = new Set([".wasm", ".js", ".css", ".html", ".svg", ".json"]);
const text = new Set([".js", ".css", ".html", ".svg", ".json"]);

let [files, raw, br, gz] = [0, 0, 0, 0];
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  if (!compressible.has(extname(file))) continue;
  const body = readFileSync(file);
  const copies = [
    [".br", brotliCompressSync(body, { params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: text.has(extname(file)) ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })],
    [".gz", gzipSync(body, { level: 9 })],
  ];
  for (const [suffix, packed] of copies) {
    rmSync(file + suffix, { force: true });
    if (packed.length < body.length) writeFileSync(file + suffix, packed);
  }
  files++; raw += body.length; br += Math.min(copies[0][1].length, body.length); gz += Math.min(copies[1][1].length, body.length);
}
console.log(`[compress] ${files} files in ${dist}/: ${raw} bytes, ${br} as brotli, ${gz} as gzip (.br and .gz beside each)`);

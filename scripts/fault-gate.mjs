// The fault gate: a loopback proxy in front of the reference server, for the HTTP bank's browser
// tests (tests/browser/customer/http_failures.rs). It passes every request through to the server, unless a test
// has told it, on its control port, to
//   GET /down                 stop listening and drop every open connection (the server "stopped":
//                             the browser's fetch fails to connect), until GET /up;
//   GET /reply?status=S[&code=C][&retry_after=R][&body=B]
//                             answer every non-preflight request itself with status S and either
//                             the problem+json body of error code C or the raw body B (an
//                             unreadable answer), with Retry-After R if given, until GET /pass;
//   GET /stats                say how many requests reached it and how many the browser abandoned
//                             before the answer, per "METHOD /path": {"requests":{…},"aborted":{…}};
//   GET /reset                pass, listen, and forget the counts.
// The control port answers with CORS for any origin (tests only; loopback only).
// Usage: node scripts/fault-gate.mjs GATE_PORT CONTROL_PORT SERVER_PORT
import { createServer, request as forward } from "node:http";

const [gatePort, controlPort, serverPort] = process.argv.slice(2).map(Number);
if (!gatePort || !controlPort || !serverPort) {
  console.error("usage: node scripts/fault-gate.mjs GATE_PORT CONTROL_PORT SERVER_PORT");
  process.exit(2);
}
const host = "127.0.0.1";

let mode = { kind: "pass" };
let stats = { requests: {}, aborted: {} };
const sockets = new Set();
const count = (table, key) => { table[key] = (table[key] ?? 0) + 1; };

const gate = createServer((req, res) => {
  const key = `${req.method} ${new URL(req.url, "http://x").pathname}`;
  if (req.method !== "OPTIONS") count(stats.requests, key);
  // Abandoned: the browser closed the connection before the whole answer was sent.
  res.on("close", () => { if (!res.writableFinished && req.method !== "OPTIONS") count(stats.aborted, key); });
  if (mode.kind === "reply" && req.method !== "OPTIONS") {
    req.resume();
    const headers = {
      "access-control-allow-origin": req.headers.origin ?? "*",
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "retry-after",
      "cache-control": "no-store",
    };
    if (mode.retryAfter) headers["retry-after"] = mode.retryAfter;
    let body = mode.body ?? "";
    if (mode.code) {
      headers["content-type"] = "application/problem+json";
      body = JSON.stringify({ type: `tag:shinkin-otp.example,2026:problem:${mode.code}`,
        title: "injected by the fault gate", status: mode.status, code: mode.code });
    } else {
      headers["content-type"] = "text/html; charset=utf-8";
    }
    res.writeHead(mode.status, headers);
    res.end(body);
    return;
  }
  const upstream = forward({ host, port: serverPort, method: req.method, path: req.url, headers: req.headers },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); });
  upstream.on("error", () => { res.destroy(); });
  // The browser gave up: so does the gate, like a real proxy would.
  res.on("close", () => { if (!res.writableFinished) upstream.destroy(); });
  req.pipe(upstream);
});
gate.on("connection", (socket) => { sockets.add(socket); socket.on("close", () => sockets.delete(socket)); });

let listening = false;
const listen = () => new Promise((done) => {
  if (listening) return done();
  gate.listen(gatePort, host, () => { listening = true; done(); });
});
const stop = () => new Promise((done) => {
  if (!listening) return done();
  listening = false;
  gate.close(() => done());
  for (const socket of sockets) socket.destroy();
});

createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const answer = (status, value) => {
    res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*", "cache-control": "no-store" });
    res.end(JSON.stringify(value));
  };
  switch (url.pathname) {
    case "/down": await stop(); return answer(200, { listening });
    case "/up": await listen(); return answer(200, { listening });
    case "/pass": mode = { kind: "pass" }; return answer(200, mode);
    case "/reply": {
      const status = Number(url.searchParams.get("status"));
      if (!(status >= 100 && status <= 599)) return answer(400, { error: "status must be 100–599" });
      mode = { kind: "reply", status, code: url.searchParams.get("code"),
        retryAfter: url.searchParams.get("retry_after"), body: url.searchParams.get("body") };
      return answer(200, mode);
    }
    case "/stats": return answer(200, stats);
    case "/reset": mode = { kind: "pass" }; stats = { requests: {}, aborted: {} }; await listen(); return answer(200, { listening });
    default: return answer(404, { error: "unknown command" });
  }
}).listen(controlPort, host, async () => {
  await listen();
  console.log(`[fault-gate] http://${host}:${gatePort}/ → :${serverPort}, control on :${controlPort}`);
});

import { browsers, serveStatic, sleep, until } from "./webdriver.mjs";
import { spawn } from "node:child_process";
const dist = process.argv[2]; const port = 47950;
const server = await serveStatic(dist, "/", port, { gzip: true });
const b = browsers[0];
const driver = spawn(b.driver, b.args(b.port), { stdio: "ignore" });
const base = `http://127.0.0.1:${b.port}`;
const wd = async (method, path, body) => { const r = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }); const j = await r.json(); if (!r.ok) throw new Error(JSON.stringify(j.value)); return j.value; };
try {
  await until(async () => { try { return (await wd("GET", "/status")).ready; } catch { return false; } }, true, 20000);
  const { sessionId } = await wd("POST", "/session", { capabilities: { alwaysMatch: b.capabilities } });
  const s = `/session/${sessionId}`;
  const cdp = (cmd, params) => wd("POST", `${s}/goog/cdp/execute`, { cmd, params });
  await cdp("Network.enable", {});
  await cdp("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp("Page.enable", {});
  await cdp("Page.addScriptToEvaluateOnNewDocument", { source: `window.__lcp=[];new PerformanceObserver(l=>{for(const e of l.getEntries())window.__lcp.push({t:Math.round(e.startTime),size:e.size,el:e.element?(e.element.tagName+'#'+e.element.id+' '+(e.element.isConnected?'connected':'removed')):null,text:e.element?e.element.textContent.slice(0,20):null})}).observe({type:'largest-contentful-paint',buffered:true});` });
  for (let i = 0; i < 2; i++) {
    await wd("POST", `${s}/url`, { url: `http://127.0.0.1:${port}/` });
    await sleep(6000);
    const r = await wd("POST", `${s}/execute/sync`, { script: "return {lcp: window.__lcp, fcp: performance.getEntriesByName('first-contentful-paint').map(e=>Math.round(e.startTime)), marks: performance.getEntriesByType('mark').map(m=>[m.name,Math.round(m.startTime)])}", args: [] });
    console.log(JSON.stringify(r));
  }
  await wd("DELETE", s);
} finally { driver.kill(); server.kill(); }

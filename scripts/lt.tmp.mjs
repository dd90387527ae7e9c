import { browsers, openBrowser, sleep } from "./webdriver.mjs";
for (const rate of [1, 4]) {
const b = await openBrowser(browsers[0]);
try {
  await b.cdp("Network.enable"); await b.cdp("Network.setCacheDisabled", { cacheDisabled: true });
  if (rate > 1) await b.cdp("Emulation.setCPUThrottlingRate", { rate });
  await b.cdp("Page.enable");
  await b.cdp("Page.addScriptToEvaluateOnNewDocument", { source: `window.__lt=[];new PerformanceObserver(l=>{for(const e of l.getEntries())window.__lt.push([Math.round(e.startTime),Math.round(e.duration)])}).observe({type:'longtask',buffered:true});` });
  await b.go(process.argv[2]);
  await sleep(4000);
  console.log(rate, JSON.stringify(await b.run("return {lt: window.__lt, fcp: Math.round(performance.getEntriesByName('first-contentful-paint')[0].startTime), marks: performance.getEntriesByType('mark').map(m=>[m.name,Math.round(m.startTime)])}")));
} finally { await b.close(); }
}

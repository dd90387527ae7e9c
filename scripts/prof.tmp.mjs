import { browsers, openBrowser, sleep } from "./webdriver.mjs";
import { writeFileSync } from "node:fs";
const b = await openBrowser(browsers[0]);
try {
  await b.cdp("Network.enable"); await b.cdp("Network.setCacheDisabled", { cacheDisabled: true });
  await b.cdp("Profiler.enable"); await b.cdp("Profiler.setSamplingInterval", { interval: 200 });
  await b.cdp("Profiler.start");
  await b.go(process.argv[2]);
  await sleep(3000);
  const { profile } = await b.cdp("Profiler.stop");
  writeFileSync("/tmp/prof.json", JSON.stringify(profile));
  const marks = await b.run("return performance.getEntriesByType('mark').map(m=>[m.name,Math.round(m.startTime)])");
  console.log(JSON.stringify(marks));
} finally { await b.close(); }

// What a first query fetches, measured in headless Chromium for agora's
// search and for Pagefind on the same built site. Run by
// `cargo bench --bench search_index`; prints one JSON line per tool and word.
//
//   node measure.mjs AGORA_SITE PAGEFIND_SITE LANG RESULTS WORD...
//
// AGORA_SITE is a site built by agora with its search (search page at
// /search/ or /<lang>/search/); PAGEFIND_SITE the same site with a
// `pagefind/` folder written by `npx pagefind --site`. Each query runs in a
// fresh page (empty cache); files are split into "engine" (scripts and
// WebAssembly) and "data" (index files), with their sizes as stored and
// gzipped (what a compressing server sends; Pagefind's index files are
// already gzipped and are counted as stored).

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { chromium } from "playwright-core";

const [agoraDir, pagefindDir, lang, resultsArg, ...words] = process.argv.slice(2);
const RESULTS = Number(resultsArg) || 10;

async function serve(dir) {
  const server = createServer(async (req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(dir, rel);
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      const type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript" : file.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
      res.writeHead(200, { "Content-Type": type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

/** Records every response of `page` from now on: [{url, bytes, gzip}]. */
function record(page, files) {
  page.on("response", async (response) => {
    try {
      const body = await response.body();
      files.push({ url: response.url(), bytes: body.length, gzip: gzipSync(body).length });
    } catch {}
  });
}

function summarise(tool, word, files, isEngine, isPrecompressed, extra) {
  const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
  const engine = files.filter((f) => isEngine(f.url));
  const data = files.filter((f) => !isEngine(f.url));
  const wire = (list) => list.reduce((n, f) => n + (isPrecompressed(f.url) ? f.bytes : Math.min(f.bytes, f.gzip)), 0);
  console.log(JSON.stringify({
    tool, word,
    engine_files: engine.length, engine_bytes: sum(engine, "bytes"), engine_wire: wire(engine),
    data_files: data.length, data_bytes: sum(data, "bytes"), data_wire: wire(data),
    ...extra,
  }));
}

const agora = await serve(agoraDir);
const pagefind = await serve(pagefindDir);
const searchPath = lang === "en" ? "/search/" : `/${lang}/search/`;
try {
  for (const word of words) {
    // agora: the search page, then the query typed into it.
    {
      const page = await browser.newPage();
      const before = [];
      record(page, before);
      await page.goto(agora.url + searchPath, { waitUntil: "networkidle" });
      const files = [];
      record(page, files);
      await page.fill("#agora-q", word);
      await page.press("#agora-q", "Enter");
      await page.waitForFunction(() => {
        const s = document.querySelector("[data-status]");
        return s && s.textContent && document.querySelectorAll("[data-results] li h3").length > 0;
      }, null, { timeout: 60000 });
      await page.waitForLoadState("networkidle");
      const status = await page.textContent("[data-status]");
      const client = before.filter((f) => /agora-search\.[0-9a-f]+\.js$/.test(f.url));
      summarise("agora", word, [...client, ...files.filter((f) => f.url.includes("/search/"))],
        (u) => /agora-search\.[0-9a-f]+\.js$/.test(u), () => false, { status: status.trim() });
      await page.close();
    }
    // Pagefind: its API on a page of the site, the first RESULTS results loaded.
    {
      const page = await browser.newPage();
      // A page of the language, so that Pagefind loads that language's index.
      await page.goto(pagefind.url + (lang === "en" ? "/" : `/${lang}/`), { waitUntil: "networkidle" });
      const files = [];
      record(page, files);
      const found = await page.evaluate(async ({ word, n }) => {
        const pf = await import("/pagefind/pagefind.js");
        await pf.init();
        const search = await pf.search(word);
        const data = await Promise.all(search.results.slice(0, n).map((r) => r.data()));
        return { count: search.results.length, shown: data.length };
      }, { word, n: RESULTS });
      await page.waitForLoadState("networkidle");
      summarise("pagefind", word, files.filter((f) => f.url.includes("/pagefind/")),
        (u) => /\.(js|wasm)$/.test(u) || u.includes("wasm"), (u) => /\.pf_/.test(u) || u.includes("wasm"), found);
      await page.close();
    }
  }
} finally {
  await browser.close();
  agora.close();
  pagefind.close();
}

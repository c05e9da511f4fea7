// agora's search as a reader uses it in Chromium, over HTTP and from a copy
// of the site opened from disk (file://): real queries in English, Russian
// (an inflected form finds the other forms) and Arabic, a facet filter, a
// result from a fallback language, the keyboard, the header box, and no
// request leaving the site; and on a site of some 300,000 word forms, whose
// index lists its chunks in directory pages, a rare word, a common word and
// a prefix.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { serveHub, serveStatic, launchBrowser, recordForeignRequests, screenshotDir } from "./lib.mjs";

let site;
let diskDir;
let browser;

before(async () => {
  site = await serveHub();
  // A copy built for where it lies on disk, opened with file:// URLs.
  diskDir = mkdtempSync(path.join(tmpdir(), "agora-hub-disk-"));
  const built = spawnSync(process.env.AGORA_BIN, ["build", "-r", process.env.AGORA_HUB, "-u", `file://${diskDir}/`, "-o", diskDir, "-f"], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const ORIGINS = () => [
  ["http", site.url, (p) => site.url + p],
  ["file", "file://", (p) => `file://${diskDir}${p}${p.endsWith("/") ? "index.html" : ""}`],
];

/** Opens a search page and runs `query` by typing it; returns the page and what it shows. */
async function search(url, origin, query) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const foreign = recordForeignRequests(page, origin);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: "load" });
  await page.fill("#agora-q", query);
  await page.press("#agora-q", "Enter");
  // Done when the status is neither empty nor "Searching…".
  await page.waitForFunction(() => {
    const status = document.querySelector("[data-status]").textContent;
    return status && !status.endsWith("…");
  });
  return { page, foreign, errors, ...(await shown(page)) };
}

async function shown(page) {
  return {
    status: (await page.textContent("[data-status]")).trim(),
    titles: await page.locator("[data-results] li h3").allTextContents(),
    badges: await page.locator("[data-results] li .badge").allTextContents(),
  };
}

for (const kind of ["http", "file"]) {
  test(`${kind}: an English query finds and highlights documents`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    const r = await search(url("/search/"), o, "reintegration");
    assert.deepEqual(r.errors, []);
    assert.ok(r.titles.includes("Rehabilitation and reintegration with civil society"), r.titles.join(" | "));
    assert.match(r.status, /^\d+ documents? found$/);
    assert.ok((await r.page.locator("[data-results] mark").count()) > 0, "query words are marked");
    // Result links open the document (index.html from disk).
    const href = await r.page.locator("[data-results] li h3 a").first().getAttribute("href");
    assert.ok(kind === "file" ? href.startsWith("file://") && href.endsWith("/index.html") : href.startsWith(site.url + "/"), href);
    await r.page.locator("[data-results] li h3 a").first().click();
    await r.page.waitForLoadState("load");
    assert.equal(await r.page.locator("article.document").count(), 1, "the document opened");
    assert.deepEqual(r.foreign, []);
    await r.page.close();
  });

  test(`${kind}: a Russian inflected form finds the other forms`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    // «полицией» occurs in one document; the two others say «полиции» or «полицию».
    const r = await search(url("/ru/search/"), o, "полицией");
    assert.equal(r.titles.length, 3, r.titles.join(" | "));
    assert.ok(r.titles.includes("Три рекомендации гражданского общества Контртеррористическому управлению ООН"));
    // CLDR plural of the locale file: 3 → «few».
    assert.equal(r.status, "Найдено 3 документа");
    // A form that occurs nowhere («полиция») still finds them.
    await r.page.fill("#agora-q", "полиция");
    await r.page.press("#agora-q", "Enter");
    await r.page.waitForFunction(() => document.querySelector("[data-status]").textContent === "Найдено 3 документа");
    assert.deepEqual(r.foreign, []);
    await r.page.close();
  });

  test(`${kind}: the exact form ranks first; the matched forms, and only they, are marked`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    // Only the OSCE day summary says «полицией»; two other documents have other forms.
    const r = await search(url("/ru/search/"), o, "полицией");
    assert.equal(r.titles[0], "День гражданского общества ОБСЕ: итоги встречи и рекомендации", r.titles.join(" | "));
    // «полиции» is in the letter and the summary: the announcement (only «полицию») comes last.
    await r.page.close();
    const p = await search(url("/ru/search/"), o, "полиции");
    assert.equal(p.titles.length, 3, p.titles.join(" | "));
    assert.equal(p.titles[2], "Три рекомендации гражданского общества Контртеррористическому управлению ООН", p.titles.join(" | "));
    await p.page.close();
    // English: «community» marks «community», «Community» and «communities»,
    // every time they appear, and no other word (not «common», «commitment»).
    const e = await search(url("/search/"), o, "community");
    const check = await e.page.evaluate(() => {
      const forms = new Set(["community", "communities"]);
      const wrong = [], missed = [];
      let marks = 0;
      for (const el of document.querySelectorAll("[data-results] h3, [data-results] .card-summary")) {
        for (const m of el.querySelectorAll("mark")) {
          marks++;
          if (!forms.has(m.textContent.toLowerCase())) wrong.push(m.textContent);
        }
        const clone = el.cloneNode(true);
        clone.querySelectorAll("mark").forEach((m) => m.remove());
        for (const w of clone.textContent.match(/\p{L}+/gu) || []) if (forms.has(w.toLowerCase())) missed.push(w);
      }
      return { marks, wrong, missed };
    });
    assert.ok(check.marks > 0, "some forms are marked");
    assert.deepEqual(check.wrong, []);
    assert.deepEqual(check.missed, []);
    assert.deepEqual(e.foreign, []);
    await e.page.close();
  });

  test(`${kind}: on the search page the language switcher keeps the query`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    const r = await search(url("/ru/search/"), o, "полицией");
    const href = await r.page.locator('.lang-switcher a[hreflang="en"]').getAttribute("href");
    const to = new URL(href);
    assert.ok(to.pathname.endsWith(kind === "file" ? "/search/index.html" : "/search/") && !to.pathname.includes("/ru/"), href);
    assert.equal(to.searchParams.get("q"), "полицией");
    await r.page.locator('.lang-switcher a[hreflang="en"]').click();
    await r.page.waitForLoadState("load");
    assert.equal(await r.page.inputValue("#agora-q"), "полицией");
    await r.page.waitForFunction(() => { const s = document.querySelector("[data-status]").textContent; return s && !s.endsWith("…"); });
    assert.deepEqual(r.foreign, []);
    await r.page.close();
  });

  test(`${kind}: an Arabic query in a right-to-left page`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    const r = await search(url("/ar/search/"), o, "المجتمع المدني");
    assert.equal(await r.page.getAttribute("html", "dir"), "rtl");
    assert.ok(r.titles.length >= 1, r.status);
    assert.ok(r.titles.some((t) => /[\u0600-\u06FF]/.test(t)), r.titles.join(" | "));
    assert.deepEqual(r.foreign, []);
    await r.page.screenshot({ path: path.join(screenshotDir(), `search-ar-${kind}.png`), fullPage: true });
    await r.page.close();
  });

  test(`${kind}: a facet filter narrows the results and counts them`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    const r = await search(url("/search/"), o, "civil society");
    const before = r.titles.length;
    const guides = r.page.locator('[data-facet="type"][data-value="Guides"]');
    const count = Number(await guides.locator(".count").textContent());
    assert.ok(count > 0 && count < before, `${count} of ${before}`);
    await guides.click();
    await r.page.waitForFunction((n) => document.querySelectorAll("[data-results] li").length === n, count);
    const after = await shown(r.page);
    assert.ok(after.badges.every((b) => b === "Guides"), after.badges.join(","));
    assert.equal(await guides.getAttribute("aria-pressed"), "true");
    assert.ok(r.page.url().includes("type=Guides"), "the filter is in the address");
    // Taxonomy filters load when their disclosure is opened.
    await r.page.locator('details[data-group="f.topics"] summary').click();
    const topic = r.page.locator('[data-facet="f.topics"][data-value]').first();
    await topic.waitFor();
    const topicCount = Number(await topic.locator(".count").textContent());
    await topic.click();
    await r.page.waitForFunction((n) => document.querySelectorAll("[data-results] li").length === n, topicCount);
    await r.page.screenshot({ path: path.join(screenshotDir(), `search-facet-${kind}.png`), fullPage: true });
    assert.deepEqual(r.foreign, []);
    await r.page.close();
  });

  test(`${kind}: documents missing in the reader's language come from its fallback, labelled`, async () => {
    const [, o, url] = ORIGINS().find(([k]) => k === kind);
    // The guide exists only in English; Russian searches English too.
    const r = await search(url("/ru/search/"), o, "reintegration");
    assert.ok(r.titles.includes("Rehabilitation and reintegration with civil society"), r.titles.join(" | "));
    const item = r.page.locator("[data-results] li", { hasText: "Rehabilitation and reintegration" }).first();
    assert.equal(await item.getAttribute("lang"), "en");
    assert.match(await item.locator(".search-lang").textContent(), /English/);
    assert.match(await r.page.textContent("[data-also]"), /English/);
    // Turned off, only Russian documents remain.
    await r.page.locator("[data-also] input").uncheck();
    await r.page.waitForFunction(() => !document.querySelector("[data-results] li[lang=en]"));
    assert.deepEqual(r.foreign, []);
    await r.page.close();
  });
}

test("http: the keyboard reaches results and filters; the header box searches", async () => {
  const page = await browser.newPage();
  const foreign = recordForeignRequests(page, site.url);
  await page.goto(site.url + "/");
  // The header box is a search form once the script runs.
  const box = page.locator(".search-box input[type=search]");
  await box.fill("prisons");
  await box.press("Enter");
  await page.waitForURL(/\/search\/\?q=prisons/);
  await page.waitForSelector("[data-results] li");
  assert.equal(await page.inputValue("#agora-q"), "prisons");
  await page.focus("#agora-q");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.closest("[data-results]") !== null), true);
  // Filters are buttons, reachable with Tab and pressed with Enter.
  const first = page.locator("[data-facet]").nth(1);
  await first.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-facet][data-value][aria-pressed=true]"));
  assert.deepEqual(foreign, []);
  await page.screenshot({ path: path.join(screenshotDir(), "search-en.png"), fullPage: true });
  await page.close();
});

test("http: without JavaScript the header box is a link to the browse pages", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url + "/fr/");
  const link = page.locator(".search-box a");
  assert.equal(await link.textContent(), "Parcourir les documents");
  assert.equal(await link.getAttribute("href"), site.url + "/fr/#browse-title");
  await page.goto(site.url + "/fr/search/");
  assert.match(await page.textContent("noscript"), /JavaScript/);
  await context.close();
});

/**
 * A site of 40 documents of 8,000 random words each (about 300,000
 * distinct forms, as codes, names or OCR noise give), plus `lorem` in every
 * document and `zebrafinch` in one; built for `baseUrl` into a new folder.
 */
function buildNoiseSite(baseUrl) {
  const root = mkdtempSync(path.join(tmpdir(), "agora-noise-src-"));
  const fixture = path.resolve("../fixtures/search/multilingual");
  writeFileSync(path.join(root, "config.toml"), 'base_url = "https://noise.example.org"\ntitle = "Noise"\n\n[agora.search]\nenabled = true\n');
  cpSync(path.join(fixture, "templates"), path.join(root, "templates"), { recursive: true });
  mkdirSync(path.join(root, "content", "noise"), { recursive: true });
  writeFileSync(path.join(root, "content", "_index.md"), "+++\ntitle = \"Noise\"\n+++\n");
  writeFileSync(path.join(root, "content", "noise", "_index.md"), "+++\ntitle = \"Noise\"\n+++\n");
  let seed = 2018;
  const random = () => {
    // mulberry32: the same words on every run.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let d = 0; d < 40; d++) {
    const words = [];
    for (let w = 0; w < 8000; w++) {
      let word = "";
      for (let n = 6 + Math.floor(random() * 5); n > 0; n--) word += String.fromCharCode(97 + Math.floor(random() * 26));
      words.push(word);
    }
    words.splice(100, 0, "lorem");
    if (d === 7) words.splice(4000, 0, "zebrafinch");
    writeFileSync(path.join(root, "content", "noise", `doc-${d}.md`), `+++\ntitle = "Noise ${d}"\ndate = 2020-01-${String(1 + (d % 28)).padStart(2, "0")}\n+++\n\n${words.join(" ")}.\n`);
  }
  const out = mkdtempSync(path.join(tmpdir(), "agora-noise-"));
  const built = spawnSync(process.env.AGORA_BIN, ["build", "-r", root, "-u", baseUrl, "-o", out, "-f"], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  return out;
}

/** The data of an index file `search/<name>.js` of a built site. */
function indexFile(dir, name) {
  const text = readFileSync(path.join(dir, "search", `${name}.js`), "utf8");
  return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(");")));
}

/**
 * A two-letter prefix whose words fill more than one term chunk of the
 * English index in `dir`: the beginning of a chunk's first word that the
 * previous chunk's last word shares.
 */
function spanningPrefix(dir) {
  const manifest = indexFile(dir, "en");
  const chunks = manifest.chunkPages ? manifest.chunks.flatMap((page) => indexFile(dir, page[1])) : manifest.chunks;
  for (let c = Math.floor(chunks.length / 2); c < chunks.length; c++) {
    const prefix = chunks[c][0].slice(0, 2), before = indexFile(dir, chunks[c - 1][1]).w;
    if (before[before.length - 1].startsWith(prefix)) return prefix;
  }
  throw new Error("no prefix spans two chunks");
}

test("a vocabulary of 300,000 forms: directory pages, and rare, common and prefix queries, over http and from disk", async () => {
  // The client finds its files and documents from its own address, whatever base_url says.
  const httpDir = buildNoiseSite("http://127.0.0.1/");
  const http = await serveStatic(httpDir, 0);
  const diskDir = mkdtempSync(path.join(tmpdir(), "agora-noise-disk-"));
  const disk = buildNoiseSite(`file://${diskDir}/`);
  cpSync(disk, diskDir, { recursive: true });
  try {
    const manifest = readFileSync(path.join(httpDir, "search", "en.js"), "utf8");
    assert.match(manifest, /"chunkPages":true/, "the chunks are listed in directory pages");
    for (const [origin, page] of [[http.url, http.url + "/search/"], ["file://", `file://${diskDir}/search/index.html`]]) {
      const rare = await search(page, origin, "zebrafinch");
      assert.deepEqual(rare.titles, ["Noise 7"]);
      assert.deepEqual(rare.errors, []);
      assert.deepEqual(rare.foreign, []);
      await rare.page.close();
      const common = await search(page, origin, "lorem");
      assert.equal(common.titles.length, 10, common.status);
      assert.match(common.status, /^40 /);
      await common.page.close();
      // Search as you type: the start of a word finds it.
      const prefix = await search(page, origin, "zebraf");
      assert.ok(prefix.titles.includes("Noise 7"), prefix.titles.join(" | "));
      await prefix.page.close();
      // Two letters whose words fill several chunks: every document holds
      // some of them, and every one is found.
      const start = await search(page, origin, spanningPrefix(httpDir));
      assert.match(start.status, /^40 /);
      assert.equal(start.titles.length, 10);
      assert.deepEqual(start.errors, []);
      await start.page.close();
    }
  } finally {
    http.close();
  }
});

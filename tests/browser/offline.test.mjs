// The offline edition (`agora build --offline`) as a reader with a copy on a
// USB stick uses it: opened from disk (file://), every page of every language
// reachable from the home page by links is visited (a crawl, not a list):
// no broken link, the stylesheet applied, no request leaving the folder;
// search finds documents in English, Russian and Arabic; the language
// switcher leads to the same document in another language. The same crawl
// runs on a plain Zola site with a Zola-style theme (tests/fixtures/offline/zola-theme).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser } from "./lib.mjs";
import { agoraBuild, crawl, pagesByLanguage } from "./crawl.mjs";

const LANGUAGES = ["en", "fr", "ru", "ar", "ky", "sq", "ha"];
const FIXTURE = path.resolve("../fixtures/offline/zola-theme");

let browser;
let hubDir;

before(async () => {
  hubDir = mkdtempSync(path.join(tmpdir(), "agora-offline-"));
  agoraBuild(process.env.AGORA_HUB, hubDir, ["--offline"]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** The hub's stylesheet is applied: its body is a flex column without margin. */
async function hubStyle(page) {
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { display: s.display, margin: s.marginTop };
  });
  return style.display === "flex" && style.margin === "0px" ? "" : `body is ${JSON.stringify(style)}`;
}

function report(name, result) {
  const byLang = pagesByLanguage(result.pages);
  console.log(
    `${name}: ${result.pages.size} pages crawled from file:// (${Object.entries(byLang)
      .map(([l, n]) => `${l} ${n}`)
      .join(", ")}), ${result.links} links and resources checked, ${result.broken.length} broken, ${result.foreign.length} requests outside the folder, ${result.unstyled.length} unstyled`,
  );
}

/** Every link to another language's version leads to a page in that language. */
function checkLanguageLinks(result) {
  const wrong = [];
  for (const [url, info] of result.pages) {
    for (const link of info.switcher) {
      const target = new URL(link.url);
      target.hash = "";
      target.search = "";
      const reached = result.pages.get(target.href);
      if (!reached) wrong.push(`${url} → ${link.url}: not crawled`);
      else if (reached.lang !== link.lang) wrong.push(`${url} → ${link.url}: <html lang="${reached.lang}">, link says ${link.lang}`);
    }
  }
  return wrong;
}

test("the hub opened from disk: every page of every language reachable, styled, nothing broken, nothing fetched from elsewhere", async () => {
  const result = await crawl(browser, hubDir, { styleCheck: hubStyle, publicUrl: "https://hub.example.org" });
  report("hub", result);
  const byLang = pagesByLanguage(result.pages);
  for (const lang of LANGUAGES) {
    assert.ok(byLang[lang] >= 10, `pages in ${lang} reached by links: ${byLang[lang] ?? 0}`);
  }
  assert.deepEqual(result.broken, [], "broken links");
  assert.deepEqual(result.foreign, [], "requests outside the folder");
  assert.deepEqual(result.unstyled, [], "pages without the stylesheet");
  assert.deepEqual(result.errors, [], "script errors");
  assert.deepEqual(checkLanguageLinks(result), [], "links to other languages");
  // Every kind of page was reached: documents, placeholders, taxonomies, search, status.
  const files = [...result.pages.keys()].map((u) => u.slice(result.root.length));
  for (const expected of ["letters/index.html", "ky/letters/index.html", "topics/index.html", "ar/search/index.html", "translation-status/index.html"]) {
    assert.ok(files.includes(expected), `${expected} reached`);
  }
  assert.ok(
    [...result.pages.values()].some((p) => p.lang === "ky" && p.anchors.some((a) => a.url.includes("/ru/"))),
    "a Kyrgyz placeholder links to its Russian version",
  );
});

/** Types `query` into the header search box of `url` and submits it; returns the results shown. */
async function searchFromHeader(url, query) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const outside = [];
  const root = pathToFileURL(hubDir).href + "/";
  page.on("request", (r) => {
    if (!r.url().startsWith(root) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: "load" });
  const box = page.locator("[data-agora-search-box] input[type=search]");
  await box.fill(query);
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), box.press("Enter")]);
  await page.waitForFunction(() => {
    const status = document.querySelector("[data-status]")?.textContent;
    return status && !status.endsWith("…");
  });
  const titles = await page.locator("[data-results] li h3").allTextContents();
  const status = (await page.textContent("[data-status]")).trim();
  return { page, titles, status, outside, errors };
}

for (const [lang, prefix, query, expected] of [
  ["en", "", "reintegration", /reintegration/i],
  ["ru", "ru/", "полицией", /[\u0400-\u04FF]/],
  ["ar", "ar/", "المجتمع المدني", /[\u0600-\u06FF]/],
]) {
  test(`from disk, search in ${lang} finds documents and opens them`, async () => {
    const home = `${pathToFileURL(hubDir).href}/${prefix}index.html`;
    const r = await searchFromHeader(home, query);
    assert.deepEqual(r.errors, []);
    assert.ok(r.titles.length >= 1, `${lang} "${query}": ${r.status}`);
    assert.ok(r.titles.some((t) => expected.test(t)), r.titles.join(" | "));
    assert.equal(new URL(r.page.url()).pathname.endsWith(`/${prefix}search/index.html`), true, r.page.url());
    const first = r.page.locator("[data-results] li h3 a").first();
    const href = await first.getAttribute("href");
    assert.ok(href.startsWith(pathToFileURL(hubDir).href) && href.endsWith("/index.html"), href);
    await first.click();
    await r.page.waitForLoadState("load");
    assert.equal(await r.page.locator("article.document").count(), 1, "the document opened");
    assert.deepEqual(r.outside, [], "requests outside the folder");
    await r.page.close();
  });
}

test("from disk, the language switcher leads to the same document in another language and back", async () => {
  const page = await browser.newPage();
  const root = pathToFileURL(hubDir).href;
  await page.goto(`${root}/index.html`);
  await Promise.all([page.waitForURL(/\/ru\/index\.html$/), page.click(".lang-switcher a[hreflang=ru]")]);
  assert.equal(await page.getAttribute("html", "lang"), "ru");
  // A document, then its Arabic version (right to left), then English again.
  const doc = await page.locator("main a[href*='letters/']:not([href$='letters/index.html'])").first().getAttribute("href");
  await page.goto(new URL(doc, page.url()).href);
  const ruDoc = page.url();
  assert.match(ruDoc, /\/ru\/letters\/[^/]+\/index\.html$/);
  await Promise.all([page.waitForURL(/\/ar\/letters\//), page.click(".lang-switcher a[hreflang=ar]")]);
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(page.url(), ruDoc.replace("/ru/", "/ar/"));
  await Promise.all([page.waitForURL(/\/letters\//), page.click(".lang-switcher a[hreflang=en]")]);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(page.url(), ruDoc.replace("/ru/", "/"));
  await page.close();
});

test("a Zola theme's site opened from disk: every page reachable, styled, nothing broken", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "agora-offline-theme-"));
  agoraBuild(FIXTURE, dir, ["--offline"]);
  const themeStyle = async (page) => {
    const s = await page.evaluate(() => {
      const b = getComputedStyle(document.body);
      const h = document.querySelector(".site-header");
      return { margin: b.marginTop, color: b.color, header: h ? getComputedStyle(h).backgroundImage : "none" };
    });
    return s.margin === "0px" && s.color === "rgb(34, 34, 34)" && s.header.includes("header.svg") ? "" : JSON.stringify(s);
  };
  const result = await crawl(browser, dir, { styleCheck: themeStyle, publicUrl: "https://theme.example.org" });
  report("zola theme", result);
  assert.deepEqual(result.broken, [], "broken links");
  assert.deepEqual(result.foreign, [], "requests outside the folder");
  assert.deepEqual(result.unstyled, [], "pages without the stylesheet");
  assert.deepEqual(checkLanguageLinks(result), [], "links to other languages");
  const files = [...result.pages.keys()].map((u) => u.slice(result.root.length)).sort();
  for (const expected of [
    "index.html",
    "fr/index.html",
    "posts/index.html",
    "posts/page/2/index.html",
    "posts/first/index.html",
    "fr/posts/first/index.html",
    "posts/third/index.html",
    "tags/index.html",
    "tags/water/index.html",
    "fr/tags/terrain/index.html",
  ]) {
    assert.ok(files.includes(expected), `${expected} reached (${files.join(" ")})`);
  }
  // The colocated image loaded from the copy.
  const page = await browser.newPage();
  await page.goto(`${pathToFileURL(dir).href}/posts/third/index.html`);
  const width = await page.$eval("main img", (img) => img.naturalWidth);
  assert.equal(width, 40, "the colocated chart.svg loaded");
  await page.close();
});

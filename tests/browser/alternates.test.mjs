// Sitemaps and pages list every real translation as an hreflang alternate,
// with x-default, and never a placeholder: read as a search engine reads
// them, in Chromium, from the hub served on 127.0.0.1.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveHub, launchBrowser } from "./lib.mjs";

let site;
let browser;
let page;

before(async () => {
  site = await serveHub();
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** The sitemap as a search engine reads it: url → [{hreflang, href}]. */
async function readSitemap() {
  await page.goto(`${site.url}/sitemap.xml`);
  return page.evaluate(async () => {
    const text = await (await fetch("/sitemap.xml")).text();
    const xml = new DOMParser().parseFromString(text, "application/xml");
    if (xml.querySelector("parsererror")) throw new Error("sitemap.xml is not well-formed XML");
    const XHTML = "http://www.w3.org/1999/xhtml";
    return [...xml.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "url")].map((url) => ({
      loc: url.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")[0].textContent,
      alternates: [...url.getElementsByTagNameNS(XHTML, "link")].map((l) => ({
        rel: l.getAttribute("rel"),
        hreflang: l.getAttribute("hreflang"),
        href: l.getAttribute("href"),
      })),
    }));
  });
}

/** What a page says about itself: lang, placeholder, noindex and its hreflang links. */
async function readPage(url) {
  const response = await page.goto(url);
  return {
    status: response.status(),
    ...(await page.evaluate(() => ({
      lang: document.documentElement.lang,
      placeholder: !!document.querySelector(".agora-placeholder-notice"),
      noindex: !!document.querySelector('meta[name="robots"][content*="noindex"]'),
      alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => ({
        hreflang: l.getAttribute("hreflang"),
        href: l.href,
      })),
    }))),
  };
}

const key = (alternates) =>
  alternates
    .map((a) => `${a.hreflang} ${a.href}`)
    .sort()
    .join("\n");

test("the sitemap lists each translated document's real versions and x-default, reciprocally", async () => {
  const entries = await readSitemap();
  const byLoc = new Map(entries.map((e) => [e.loc, e]));
  const withAlternates = entries.filter((e) => e.alternates.length);
  // Every document of the hub that has a translation: letters, briefs, a guide, sections, the home page.
  assert.ok(withAlternates.length >= 20, `entries with alternates: ${withAlternates.length}`);
  for (const entry of withAlternates) {
    const langs = entry.alternates.map((a) => a.hreflang);
    assert.ok(langs.includes("x-default"), `${entry.loc} has x-default`);
    assert.equal(new Set(langs).size, langs.length, `${entry.loc}: one link per language`);
    assert.ok(entry.alternates.every((a) => a.rel === "alternate"));
    assert.ok(entry.alternates.some((a) => a.hreflang !== "x-default" && a.href === entry.loc), `${entry.loc} lists itself`);
    for (const alt of entry.alternates) {
      const other = byLoc.get(alt.href);
      assert.ok(other, `${entry.loc} → ${alt.href} is in the sitemap`);
      assert.equal(key(other.alternates), key(entry.alternates), `${alt.href} lists the same set as ${entry.loc}`);
    }
  }
  // The set on the page itself is the sitemap's, and every alternate is a real
  // page in its language, never a placeholder.
  for (const entry of withAlternates) {
    const self = await readPage(entry.loc);
    assert.equal(self.status, 200, entry.loc);
    assert.equal(key(self.alternates), key(entry.alternates), `<link hreflang> of ${entry.loc}`);
    for (const alt of entry.alternates.filter((a) => a.hreflang !== "x-default")) {
      const target = await readPage(alt.href);
      assert.equal(target.status, 200, alt.href);
      assert.equal(target.lang, alt.hreflang, `${alt.href} is in ${alt.hreflang}`);
      assert.ok(!target.placeholder && !target.noindex, `${alt.href} is not a placeholder`);
    }
  }
  const xDefaults = withAlternates.map((e) => e.alternates.find((a) => a.hreflang === "x-default").href);
  assert.ok(
    xDefaults.every((href) => !new URL(href).pathname.match(/^\/(fr|ru|ar|ky|sq|ha)\//)),
    "x-default is the English original where there is one",
  );
});

test("placeholders stay out of the sitemap and out of every hreflang set, but point at the real versions", async () => {
  const entries = await readSitemap();
  const locs = new Set(entries.map((e) => e.loc));
  // A Kyrgyz placeholder of a document translated into Russian and French.
  const doc = entries.find((e) => e.loc === `${site.url}/letters/letter-to-the-office-of-counter-terrorism/`);
  assert.ok(doc && doc.alternates.some((a) => a.hreflang === "ru"), "a letter translated into Russian in the sitemap");
  const kyUrl = doc.loc.replace(site.url + "/", `${site.url}/ky/`);
  const ky = await readPage(kyUrl);
  assert.equal(ky.status, 200);
  assert.ok(ky.placeholder && ky.noindex, `${kyUrl} is a placeholder`);
  assert.ok(!locs.has(kyUrl), "the placeholder is not in the sitemap");
  assert.ok(ky.alternates.every((a) => a.hreflang !== "ky"), "the placeholder does not list itself");
  assert.equal(key(ky.alternates), key(doc.alternates), "it points at the document's real versions and x-default");
  // No set anywhere names a placeholder (a page that says it is one).
  const placeholders = new Set();
  for (const entry of entries) {
    for (const alt of entry.alternates.filter((a) => /\/(ky|sq|ha)\//.test(a.href))) {
      if (placeholders.has(alt.href)) continue;
      const target = await readPage(alt.href);
      if (target.placeholder) placeholders.add(alt.href);
    }
  }
  assert.deepEqual([...placeholders], [], "placeholders in hreflang sets");
});

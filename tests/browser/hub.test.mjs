// The hub as a reader sees it in Chromium: every page kind in every language
// with the right lang/dir, the language switcher never leads to a 404, no
// request leaves 127.0.0.1, axe-core finds no WCAG 2.1 AA violation, and
// screenshots at phone and desktop widths for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { serveHub, launchBrowser, recordForeignRequests, screenshotDir } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const LANGUAGES = ["en", "fr", "ru", "ar", "ky", "sq", "ha"];
const RTL = new Set(["ar"]);

let site;
let browser;

before(async () => {
  site = await serveHub();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

function prefix(lang) {
  return lang === "en" ? "/" : `/${lang}/`;
}

/** English documents: `<section>/<slug>/index.html` under the output root. */
function englishDocuments() {
  const docs = [];
  for (const section of ["letters", "briefs", "research", "guides", "events"]) {
    const dir = path.join(site.dir, section);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "page") {
        docs.push(`/${section}/${entry.name}/`);
      }
    }
  }
  docs.sort();
  return docs;
}

/** Opens `url` in a fresh page; returns { page, response, foreign }. */
async function open(url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const foreign = recordForeignRequests(page, site.url);
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, response, foreign };
}

async function assertLanguage(page, lang, url) {
  const htmlLang = await page.getAttribute("html", "lang");
  const htmlDir = await page.getAttribute("html", "dir");
  assert.equal(htmlLang, lang, `<html lang> of ${url}`);
  assert.equal(htmlDir, RTL.has(lang) ? "rtl" : "ltr", `<html dir> of ${url}`);
}

test("every page kind loads in every language with the right lang and dir", async () => {
  const doc = englishDocuments()[0];
  for (const lang of LANGUAGES) {
    const kinds = [
      ["home", prefix(lang)],
      ["section", `${prefix(lang)}letters/`],
      ["document", `${prefix(lang)}${doc.slice(1)}`],
      ["taxonomy list", `${prefix(lang)}topics/`],
    ];
    for (const [kind, urlPath] of kinds) {
      const url = site.url + urlPath;
      const { page, response, foreign } = await open(url);
      assert.equal(response.status(), 200, `${kind} ${url}`);
      await assertLanguage(page, lang, url);
      assert.ok((await page.locator("main").count()) === 1, `${kind} ${url} has one <main>`);
      assert.deepEqual(foreign, [], `${url} requested other origins`);
      await page.close();
    }
  }
});

test("a taxonomy term page opens from the topics list", async () => {
  const { page, response } = await open(`${site.url}/topics/`);
  assert.equal(response.status(), 200);
  const link = page.locator("main a[href*='/topics/']").first();
  const href = await link.getAttribute("href");
  assert.ok(href, "the topics list links to a term");
  const term = await browser.newPage();
  const termResponse = await term.goto(new URL(href, site.url).href);
  assert.equal(termResponse.status(), 200, href);
  assert.ok((await term.locator("main a").count()) > 0, `term page ${href} lists documents`);
  await term.close();
  await page.close();
});

test("the language switcher reaches every language from every document, never a 404", async () => {
  const docs = englishDocuments();
  assert.ok(docs.length >= 5, `the hub has documents (${docs.length})`);
  for (const doc of docs) {
    const { page, response } = await open(site.url + doc);
    assert.equal(response.status(), 200, doc);
    const links = await page.$$eval(".lang-switcher a[hreflang]", (as) =>
      as.map((a) => ({ lang: a.getAttribute("hreflang"), href: a.href })),
    );
    const reached = new Set(links.map((l) => l.lang));
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      assert.ok(reached.has(lang), `the switcher on ${doc} offers ${lang}`);
    }
    for (const link of links) {
      const target = await browser.newPage();
      const foreign = recordForeignRequests(target, site.url);
      const res = await target.goto(link.href);
      assert.equal(res.status(), 200, `${doc} → ${link.lang}: ${link.href}`);
      await assertLanguage(target, link.lang, link.href);
      // The document itself, not the language's home page.
      assert.ok(
        new URL(link.href).pathname.endsWith(doc),
        `${doc} → ${link.lang} goes to the same document (${link.href})`,
      );
      // From there, the switcher leads back to English.
      const back = await target.$eval(".lang-switcher a[hreflang='en']", (a) => a.href);
      assert.equal(new URL(back).pathname, doc, `${link.href} switches back to English`);
      assert.deepEqual(foreign, [], `${link.href} requested other origins`);
      await target.close();
    }
    await page.close();
  }
  const notFound = site.log.filter((entry) => entry.status === 404);
  assert.deepEqual(notFound, [], "no request of the walk met a 404");
});

async function axe(page) {
  await page.addScriptTag({ content: readFileSync(AXE, "utf8") });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
}

test("axe-core finds no WCAG 2.1 AA violation on the main page kinds", async () => {
  const doc = englishDocuments().find((d) => d.startsWith("/letters/")) ?? englishDocuments()[0];
  const pages = ["/", "/letters/", doc, `/ar${doc}`, "/topics/", "/ky/"];
  for (const urlPath of pages) {
    const { page, response } = await open(site.url + urlPath);
    assert.equal(response.status(), 200, urlPath);
    const violations = await axe(page);
    assert.deepEqual(violations, [], `axe violations on ${urlPath}:\n${JSON.stringify(violations, null, 2)}`);
    await page.close();
  }
});

test("the hub works without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${site.url}/`);
  assert.equal(response.status(), 200);
  const links = await page.$$eval("main a[href]", (as) => as.map((a) => a.href));
  assert.ok(links.length > 5, "the home page links to documents without JavaScript");
  const target = await page.goto(links.find((l) => l.includes("/letters/")) ?? links[0]);
  assert.equal(target.status(), 200);
  await context.close();
});

test("screenshots of the home page and an Arabic document, phone and desktop", async () => {
  const doc = englishDocuments().find((d) => d.startsWith("/letters/")) ?? englishDocuments()[0];
  const dir = screenshotDir();
  const shots = [
    ["home", "/"],
    ["arabic-document", `/ar${doc}`],
  ];
  const widths = [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ];
  for (const [name, urlPath] of shots) {
    for (const [device, viewport] of widths) {
      const { page, response } = await open(site.url + urlPath, viewport);
      assert.equal(response.status(), 200, urlPath);
      // Nothing wider than the viewport: no horizontal scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${urlPath} scrolls sideways by ${overflow}px at ${viewport.width}px`);
      await page.screenshot({ path: path.join(dir, `${name}-${device}.png`), fullPage: true });
      await page.close();
    }
  }
});

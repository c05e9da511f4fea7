// The hub audited with axe-core (WCAG 2.1 A and AA) in Chromium: every page
// kind in every language — home, section, document, placeholder, outdated
// translation, taxonomy list and term, search with results, translation
// status, 404, and the offline copy opened from disk — with 0 violations of
// any impact; and the heaviest document page, with its stylesheet, at most
// 30 KB compressed. Prints the table of results and the page weights.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { serveHub, launchBrowser } from "./lib.mjs";
import { agoraBuild } from "./crawl.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const LANGUAGES = ["en", "fr", "ru", "ar", "ky", "sq", "ha"];
const SECTIONS = ["letters", "briefs", "research", "guides", "events"];
// A query with results in each language's search (Kyrgyz, Albanian and Hausa
// search their fallback languages' documents).
const QUERIES = { en: "reintegration", fr: "traduction", ru: "полицией", ar: "المجتمع", ky: "полиция", sq: "police", ha: "police" };
const GUIDE = "guides/translating-resources-into-local-languages/";

let site;
let offlineDir;
let browser;
// kind → { lang → violations }, kinds in the order audited.
const table = new Map();
const cell = (kind, lang, value) => {
  if (!table.has(kind)) table.set(kind, {});
  table.get(kind)[lang] = value;
};

before(async () => {
  // The hub has no outdated translation at rest: change the text of an
  // original that is translated (into French, Russian and Arabic) so that
  // its translations are, as happens when an editor revises a brief.
  const original = path.join(process.env.AGORA_HUB, "content/briefs/2018-01-24_letter-to-oct-announcement.md");
  writeFileSync(original, readFileSync(original, "utf8") + "\nThis paragraph was added after the translations were made.\n");
  site = await serveHub();
  offlineDir = mkdtempSync(path.join(tmpdir(), "agora-a11y-offline-"));
  agoraBuild(process.env.AGORA_HUB, offlineDir, ["--offline"]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const prefix = (lang) => (lang === "en" ? "" : `${lang}/`);

/** Document pages of a language in the built site: [{ path, html }]. */
function documents(dir, lang) {
  const out = [];
  for (const section of SECTIONS) {
    const base = path.join(dir, prefix(lang), section);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const file = path.join(base, entry.name, "index.html");
      if (entry.isDirectory() && entry.name !== "page" && existsSync(file)) {
        out.push({ path: `${prefix(lang)}${section}/${entry.name}/`, html: readFileSync(file, "utf8") });
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

const isPlaceholder = (d) => d.html.includes("agora-placeholder-notice");
const isOutdated = (d) => d.html.includes("agora-outdated-notice");

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
}

async function audit(kind, lang, url, prepare) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(url, { waitUntil: "load" });
  if (response && !url.startsWith("file:")) {
    const expected = kind === "404" ? 404 : 200;
    assert.equal(response.status(), expected, `${kind} ${url}`);
  }
  if (prepare) await prepare(page);
  const violations = await axe(page);
  await page.close();
  cell(kind, lang, violations.length);
  return violations;
}

function pagesToAudit(lang) {
  const docs = documents(site.dir, lang);
  const real = docs.filter((d) => !isPlaceholder(d));
  const guide = docs.find((d) => d.path === prefix(lang) + GUIDE);
  const pick = (list) => list.find((d) => d.path.endsWith(GUIDE)) ?? list[0];
  const P = `${site.url}/${prefix(lang)}`;
  const kinds = [
    ["home", P],
    ["section", `${P}guides/`],
    ["document", pick(real) && `${site.url}/${pick(real).path}`],
    ["placeholder", pick(docs.filter(isPlaceholder)) && `${site.url}/${pick(docs.filter(isPlaceholder)).path}`],
    ["outdated translation", docs.find(isOutdated) && `${site.url}/${docs.find(isOutdated).path}`],
    ["taxonomy list", `${P}topics/`],
    ["taxonomy term", "term"],
    ["search with results", `${P}search/?q=${encodeURIComponent(QUERIES[lang])}`],
    ["translation status", `${P}translation-status/`],
    ["404", lang === "en" ? `${site.url}/no-such-page/` : undefined],
    ["offline copy: home", `${pathToFileURL(offlineDir).href}/${prefix(lang)}index.html`],
    ["offline copy: guide", guide && `${pathToFileURL(offlineDir).href}/${guide.path}index.html`],
  ];
  return kinds;
}

for (const lang of LANGUAGES) {
  test(`axe-core finds no WCAG 2.1 A/AA violation on any page kind in ${lang}`, async () => {
    const found = [];
    for (const [kind, url] of pagesToAudit(lang)) {
      if (!url) {
        cell(kind, lang, "—");
        continue;
      }
      let target = url;
      if (url === "term") {
        const page = await browser.newPage();
        await page.goto(`${site.url}/${prefix(lang)}topics/`);
        target = await page.$eval("main a[href*='/topics/']", (a) => a.href);
        await page.close();
      }
      const prepare =
        kind === "search with results"
          ? async (page) => {
              await page.waitForFunction(() => document.querySelectorAll("[data-results] li").length > 0, null, { timeout: 10000 });
            }
          : undefined;
      const violations = await audit(kind, lang, target, prepare);
      if (violations.length) found.push({ kind, url: target, violations });
    }
    assert.deepEqual(found, [], `axe violations in ${lang}:\n${JSON.stringify(found, null, 2)}`);
  });
}

test("every guide with a task list labels its checkboxes, in every language", async () => {
  for (const lang of LANGUAGES) {
    const page = await browser.newPage();
    await page.goto(`${site.url}/${prefix(lang)}${GUIDE}`);
    const boxes = await page.$$eval("main input[type=checkbox]", (inputs) =>
      inputs.map((i) => ({ label: i.labels.length ? i.labels[0].textContent.trim() : "", disabled: i.disabled })),
    );
    assert.ok(boxes.length >= 3, `${lang}: the guide's checklist (${boxes.length})`);
    for (const box of boxes) {
      assert.ok(box.label.length > 3 && box.disabled, `${lang}: a checkbox labelled by its item's text: ${JSON.stringify(box)}`);
    }
    // The accessible name a screen reader announces is the item's text.
    const snapshot = await page.locator("main").ariaSnapshot();
    assert.match(snapshot, /checkbox "[^"]{4,}"( \[disabled\])?/, `${lang}: ${snapshot.slice(0, 400)}`);
    await page.close();
  }
});

test("the heaviest document page with its stylesheet weighs at most 30 KB compressed", () => {
  const css = readFileSync(path.join(site.dir, "hub.css"));
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const rows = [];
  for (const lang of LANGUAGES) {
    for (const doc of documents(site.dir, lang)) {
      const html = Buffer.from(doc.html);
      rows.push({ path: doc.path, raw: html.length, gzip: gz(html), brotli: br(html) });
    }
  }
  rows.sort((a, b) => b.gzip - a.gzip);
  const cssGzip = gz(css);
  const cssBrotli = br(css);
  console.log(`hub.css: ${css.length} B, gzip -9 ${cssGzip} B, brotli 11 ${cssBrotli} B`);
  console.log("heaviest document pages (HTML; + CSS = total, gzip -9):");
  for (const r of rows.slice(0, 5)) {
    console.log(`  ${r.path}: ${r.raw} B, gzip ${r.gzip} B, brotli ${r.brotli} B; with CSS ${r.gzip + cssGzip} B gzip, ${r.brotli + cssBrotli} B brotli`);
  }
  const heaviest = rows[0];
  assert.ok(rows.length >= 40, `document pages: ${rows.length}`);
  assert.ok(heaviest.gzip + cssGzip <= 30 * 1024, `${heaviest.path}: ${heaviest.gzip + cssGzip} B gzipped with its CSS`);
});

test("the results table", () => {
  const kinds = [...table.keys()];
  const lines = [`| page kind | ${LANGUAGES.join(" | ")} |`, `|---|${LANGUAGES.map(() => "---").join("|")}|`];
  for (const kind of kinds) {
    lines.push(`| ${kind} | ${LANGUAGES.map((l) => table.get(kind)[l] ?? "—").join(" | ")} |`);
  }
  // Outdated translations exist (made above) and were audited.
  assert.equal(table.get("outdated translation").fr, 0);
  console.log("axe-core violations (WCAG 2.1 A/AA) per page kind and language (— = no such page):\n" + lines.join("\n"));
  assert.ok(kinds.length >= 10, "every page kind was audited");
});

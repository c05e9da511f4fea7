// A crawl of a site opened from disk (file://), as a reader with a copy on a
// USB stick would walk it: from the home page, every page reachable by links,
// in every language. For each page it records what it links to and loads,
// the requests it makes and what the browser shows (lang, dir, computed style).

import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Builds `root` with `agora build … args` into `out`; throws with agora's output on failure. */
export function agoraBuild(root, out, args = []) {
  const result = spawnSync(process.env.AGORA_BIN, ["build", "-r", root, "-o", out, "-f", ...args], {
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`agora build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** `file:///…/x/index.html#a` → the file it names (no query, no fragment), or null outside file://. */
function fileOf(url) {
  const u = new URL(url);
  if (u.protocol !== "file:") return null;
  u.hash = "";
  u.search = "";
  return fileURLToPath(u);
}

/**
 * Crawls the site in `dir` from its `index.html` with `browser`.
 * `styleCheck(page)` returns a string naming what is wrong with the page's
 * style, or "" when the stylesheet is applied; a link to `publicUrl` (the
 * site online) counts as broken: the copy must lead to itself.
 * Returns { pages: Map(url → info), broken: [...], foreign: [...], unstyled: [...], errors: [...], links }.
 */
export async function crawl(browser, dir, { styleCheck, publicUrl }) {
  const root = pathToFileURL(dir).href + "/";
  const start = root + "index.html";
  const queue = [start];
  const seen = new Set(queue);
  const pages = new Map();
  const broken = [];
  const foreign = [];
  const unstyled = [];
  const errors = [];
  let links = 0;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let current = "";
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return;
    if (!url.startsWith(root)) foreign.push({ from: current, url });
  });
  page.on("requestfailed", (request) => {
    // Loads cut short by going on to the next page are not failures.
    const why = request.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") broken.push({ from: current, url: request.url(), why });
  });
  page.on("pageerror", (e) => errors.push({ from: current, error: e.message }));
  while (queue.length) {
    const url = queue.shift();
    current = url;
    await page.goto(url, { waitUntil: "load" });
    const info = await page.evaluate(() => {
      const urls = (selector, attr) =>
        [...document.querySelectorAll(selector)].map((e) => ({ tag: e.tagName.toLowerCase(), url: e[attr] || "", raw: e.getAttribute(attr) }));
      return {
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        title: document.title,
        anchors: urls("a[href]", "href"),
        resources: [
          ...urls("link[href]", "href"),
          ...urls("script[src]", "src"),
          ...urls("img[src]", "src"),
          ...urls("source[src]", "src"),
          ...urls("form[action]", "action"),
        ],
        // Links to a version in another language (the switcher, a placeholder's list).
        switcher: [...document.querySelectorAll("a[hreflang]")].map((a) => ({ lang: a.getAttribute("hreflang"), url: a.href })),
      };
    });
    const problem = await styleCheck(page);
    if (problem) unstyled.push({ url, problem });
    pages.set(url, info);
    for (const link of [...info.anchors, ...info.resources]) {
      links += 1;
      if (link.raw.startsWith("#")) continue;
      if (!link.url.startsWith("file:")) {
        // Links to other sites are allowed (they are not requests); a link
        // into the public site instead of the copy is a broken offline link.
        if (link.url.startsWith(publicUrl)) broken.push({ from: url, url: link.url, why: "points at the public site" });
        continue;
      }
      const file = fileOf(link.url);
      if (!link.url.startsWith(root)) {
        broken.push({ from: url, url: link.url, why: "outside the folder" });
        continue;
      }
      if (!existsSync(file)) {
        broken.push({ from: url, url: link.url, why: "no such file" });
        continue;
      }
      if (statSync(file).isDirectory()) {
        broken.push({ from: url, url: link.url, why: "a folder (a browser shows a listing)" });
        continue;
      }
      // Links and forms (the search box) lead to pages.
      if ((link.tag === "a" || link.tag === "form") && file.endsWith(".html")) {
        const target = new URL(link.url);
        target.hash = "";
        target.search = "";
        if (!seen.has(target.href)) {
          seen.add(target.href);
          queue.push(target.href);
        }
      }
    }
  }
  await page.close();
  return { root, pages, broken, foreign, unstyled, errors, links };
}

/** Pages per language (`<html lang>`), for the figures. */
export function pagesByLanguage(pages) {
  const counts = {};
  for (const info of pages.values()) counts[info.lang] = (counts[info.lang] || 0) + 1;
  return counts;
}

// Shared helpers for the browser tests. `cargo test browser` builds the hub
// into a temporary folder and runs `node --test` on one `*.test.mjs` file with
// AGORA_SITE_DIR set; these helpers serve that folder on 127.0.0.1, start
// Debian's chromium through playwright-core and record what leaves the site.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run these tests through \`cargo test browser\``);
  }
  return value;
}

/**
 * Builds the hub (a fresh copy made by the Rust side, AGORA_HUB) with the
 * `agora` binary under test (AGORA_BIN) for `baseUrl` into a new temporary
 * folder, and returns that folder.
 */
export function buildHub(baseUrl) {
  const out = mkdtempSync(path.join(tmpdir(), "agora-hub-"));
  const result = spawnSync(env("AGORA_BIN"), ["build", "-r", env("AGORA_HUB"), "-u", baseUrl, "-o", out, "-f"], {
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`agora build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return out;
}

/**
 * Builds the hub for a free port on 127.0.0.1 and serves it there.
 * Returns { url, dir, log, close }.
 */
export async function serveHub() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = buildHub(url + "/");
  const server = await serveStatic(dir, port);
  return { ...server, dir };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Where screenshots go (under target/). */
export function screenshotDir() {
  const dir = process.env.AGORA_SCREENSHOTS || path.resolve("target/browser-screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * Serves `dir` on 127.0.0.1 (on `port`, or a free one), like a static host: directory
 * index, the site's 404.html for missing paths. Returns { url, close, log }
 * where `log` lists every path requested with its status.
 */
export async function serveStatic(dir, port = 0) {
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (info.isDirectory()) {
        if (!rel.endsWith("/")) {
          res.writeHead(301, { Location: rel + "/" + url.search }).end();
          log.push({ path: rel, status: 301 });
          return;
        }
        file = path.join(file, "index.html");
      }
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": MIME[path.extname(file)] || "application/octet-stream" });
      res.end(body);
      log.push({ path: rel, status: 200 });
    } catch {
      let body = "Not found";
      try {
        body = await readFile(path.join(dir, "404.html"));
      } catch {}
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8" }).end(body);
      log.push({ path: rel, status: 404 });
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Debian's chromium, headless, through playwright-core. */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Records every request a page makes that leaves `origin` (for file:// pages,
 * anything not file://). Returns the array it fills.
 */
export function recordForeignRequests(page, origin) {
  const foreign = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return;
    const inside = origin === "file://" ? url.startsWith("file://") : url.startsWith(origin + "/") || url === origin;
    if (!inside) foreign.push(url);
  });
  return foreign;
}

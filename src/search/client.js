/* agora search client: no dependencies. Index files are plain scripts that
 * call agoraSearch(name, data), so search works over http(s) and from file://.
 * Text analysis mirrors src/search/analysis.rs. */
(function () {
  "use strict";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VAL = {};
  for (var i = 0; i < 64; i++) VAL[DIGITS.charCodeAt(i)] = i;
  var K1 = 1.2;
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href).href;
  var root = new URL("..", base).href;
  var fileMode = location.protocol === "file:";
  var data = {}, waiting = {}, promises = {};

  window.agoraSearch = function (name, value) {
    data[name] = value;
    (waiting[name] || []).forEach(function (f) { f(value); });
    delete waiting[name];
  };

  function load(name) {
    if (promises[name]) return promises[name];
    return (promises[name] = new Promise(function (ok, fail) {
      if (name in data) return ok(data[name]);
      (waiting[name] = waiting[name] || []).push(ok);
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.onerror = function () { fail(new Error(name)); };
      document.head.appendChild(s);
    }));
  }

  /* ---- analysis (as in analysis.rs) ---- */
  var SPACELESS = /[\u0E00-\u0EFF\u1000-\u109F\u1100-\u11FF\u1780-\u17FF\u2E80-\u2FDF\u3005-\u3007\u3021-\u3029\u3040-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FFFF}]/u;
  var MARK = /\p{M}/u;

  function fold(s) {
    var out = "";
    for (var c of s) {
      if (c === "й") out += c;
      else if (c === "\u0640") continue;
      else if (c === "ى") out += "ي";
      else if (c === "ς") out += "σ";
      else out += c.normalize("NFD").replace(/\p{M}/gu, "");
    }
    return out;
  }

  /* Words of a text: [{w: folded word, l: lower-cased, b: is a bigram}]. */
  function words(text) {
    var out = [], re = /[\p{Alphabetic}\p{N}\p{M}]+/gu, m;
    while ((m = re.exec(text))) {
      var parts = [], cur = "", sl = null;
      for (var c of m[0]) {
        var s = SPACELESS.test(c);
        if (cur && s !== sl && !MARK.test(c)) { parts.push([cur, sl]); cur = ""; }
        if (!cur) sl = s;
        cur += c;
      }
      parts.push([cur, sl]);
      parts.forEach(function (p) {
        var l = p[0].toLowerCase().normalize("NFC"), w = fold(l);
        if (!p[1]) return out.push({ w: w, l: l, b: false });
        var cs = Array.from(w);
        if (cs.length < 3) return out.push({ w: w, l: w, b: true });
        for (var k = 0; k + 1 < cs.length; k++) out.push({ w: cs[k] + cs[k + 1], l: cs[k] + cs[k + 1], b: true });
      });
    }
    return out;
  }

  /* ---- index access ---- */
  /* A variable-length number at text[i]: [value, next i]. */
  function number(text, i) {
    var v = 0, shift = 1, d;
    while ((d = VAL[text.charCodeAt(i++)]) >= 32) { v += (d - 32) * shift; shift *= 32; }
    return [v + d * shift, i];
  }

  /* A facet list: documents as gaps. */
  function decodeDocs(text) {
    var docs = [], i = 0, doc = 0, r;
    while (i < text.length) { r = number(text, i); i = r[1]; doc = docs.length ? doc + r[0] : r[0]; docs.push(doc); }
    return docs;
  }

  /* Postings: [documents, impacts 1..8] (see layout.rs). */
  function decodePostings(text) {
    var docs = [], imp = [], doc = -1, i = 0, c, r;
    while (i < text.length) {
      c = VAL[text.charCodeAt(i++)];
      if (c < 32) { doc += (c >> 3) + 1; imp.push((c & 7) + 1); }
      else { r = number(text, i); i = r[1]; doc += r[0] + 5; imp.push(c - 31); }
      docs.push(doc);
    }
    return [docs, imp];
  }

  /* The last entry of a directory list whose key is at most `key` (the first entry if none). */
  function entryFor(list, key, at) {
    var lo = 0, hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid][at] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* Directories ("chunks": [first word, file], "shards": [first document,
   * file], "prefixes": [first prefix, file]) are in the manifest or, when
   * `<kind>Pages` is set, in page files it lists as [first key, file,
   * number of the page's first entry]. */
  var PAGED = { chunks: "chunkPages", shards: "shardPages", prefixes: "prefixPages" };
  async function locate(ix, kind, key) {
    var top = ix[kind], t = entryFor(top, key, 0);
    if (!ix[PAGED[kind]]) return t;
    return top[t][2] + entryFor(await load(top[t][1]), key, 0);
  }

  /* Entry number `i` of a directory: [key, file], or undefined past its end. */
  async function entryAt(ix, kind, i) {
    var top = ix[kind];
    if (!ix[PAGED[kind]]) return top[i];
    var t = entryFor(top, i, 2);
    return (await load(top[t][1]))[i - top[t][2]];
  }

  function lowerBound(list, word) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* Scores of one query word: Map doc -> [score, exact]. The word's own
   * surface form counts fully, other words starting with it (search as you
   * type) less; exact is 1 where a document holds the word as typed
   * (`typed`: lower-cased, not folded). The folded forms of every stem
   * matched go into `marks` (and a prefix whose words run past the chunk
   * into marks.prefixes), for highlighting; the records a chunk carries
   * into ix._r. */
  async function lookup(ix, word, typed, prefix, partial, marks) {
    var scores = new Map(), n = ix.n, c = await locate(ix, "chunks", word);
    function score(d, s, e) {
      var old = scores.get(d);
      if (!old) scores.set(d, [s, e]);
      else { if (s > old[0]) old[0] = s; if (e) old[1] = 1; }
    }
    function add(chunk, at, weight, typed) {
      var refs = chunk.s[at];
      (Array.isArray(refs) ? refs : [refs]).forEach(function (r) {
        var p = chunk._p || (chunk._p = []);
        var list = p[r] || (p[r] = decodePostings(chunk.p[r]));
        var df = list[0].length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        // Which documents hold the typed form: all (null), some, or none.
        var x = chunk.x[r], exact = new Set();
        if (x === 0) {
          marks.add(chunk.w[at]);
          if (typed === chunk.w[at]) exact = null;
        } else x.forEach(function (f) {
          marks.add(fold(f[0]));
          if (f[0] === typed) exact = f[1] ? new Set(decodeDocs(f[1])) : null;
        });
        for (var k = 0; k < df; k++) {
          var s = idf * list[1][k] / 8 * (K1 + 1) * weight, d = list[0][k];
          score(d, s, typed != null && (exact === null || exact.has(d)) ? 1 : 0);
        }
      });
    }
    /* Every word starting with `word`, from its prefix list (see layout/prefixes.rs). */
    async function addPrefix() {
      if (!ix.prefixes || !ix.prefixes.length) return;
      var entry = await entryAt(ix, "prefixes", await locate(ix, "prefixes", word));
      var file = entry && await load(entry[1]), k = file ? lowerBound(file.k, word) : -1;
      if (!file || file.k[k] !== word) return;
      var list = decodePostings(file.p[k]), top = file.m[k];
      for (var i = 0; i < list[0].length; i++) score(list[0][i], top * list[1][i] / 8 * (K1 + 1) * partial, 0);
      (marks.prefixes = marks.prefixes || []).push(word);
    }
    // The located chunk, and the next when the words begin there.
    for (var hops = 0, entry; hops < 2 && (entry = await entryAt(ix, "chunks", c)); c++, hops++) {
      var chunk = await load(entry[1]);
      if (!chunk._r) { chunk._r = 1; ix._r = Object.assign(ix._r || {}, chunk.r); }
      var at = lowerBound(chunk.w, word), end = chunk.w.length;
      if (hops === 0 && chunk.w[at] === word) { add(chunk, at, 1, typed); at++; }
      if (!prefix) break;
      while (at < end && chunk.w[at].startsWith(word)) add(chunk, at++, partial, null);
      if (at < end) break;
      var next = await entryAt(ix, "chunks", c + 1);
      if (!next || !next[0].startsWith(word)) break;
      // The words run on into the next chunks: the prefix list holds them all.
      if (end && chunk.w[end - 1].startsWith(word)) { await addPrefix(); break; }
    }
    return scores;
  }

  /* Per document, the indexes of the values it has in each facet of a facets file. */
  function perDoc(facets) {
    return facets.map(function (facet) {
      var per = [];
      facet.v.forEach(function (v, vi) { decodeDocs(v[1]).forEach(function (d) { (per[d] = per[d] || []).push(vi); }); });
      return { name: facet.n, labels: facet.v.map(function (v) { return v[0]; }), per: per };
    });
  }

  /* The taxonomy facets of an index, loaded when first needed. */
  async function loadFacets(ix) {
    if (!ix._facets) ix._facets = perDoc(await load(ix.facets));
    return ix._facets;
  }

  /* Which languages each document of an index exists in. */
  async function loadLangs(ix) {
    if (!ix._langs) ix._langs = perDoc(await load(ix.langs))[0] || { labels: [], per: [] };
    return ix._langs;
  }

  /* Documents matching every word of the query, best first: those holding
   * more of the words as typed, then by score: [{doc, score, exact}], with
   * .marks, the folded forms to highlight. */
  async function run(ix, query) {
    var ws = words(query), open = !/\s$/.test(query), marks = new Set(), out = [];
    out.marks = marks;
    if (!ws.length || !ix.n) return out;
    var maps = [];
    for (var k = 0; k < ws.length; k++) {
      var w = ws[k], last = k === ws.length - 1;
      if (!w.b && w.w.length < 2 && !last) continue;
      // The last word typed matches as a prefix, and so does a lone
      // character of a script without spaces (the pairs it begins).
      var prefix = w.b ? last && open && Array.from(w.w).length === 1 : (!ix.stem || (last && open)) && w.w.length >= 2;
      var found = await lookup(ix, w.w, w.l, prefix, 0.6, marks);
      // A form that occurs nowhere: the words sharing all but its last letters.
      var cs = Array.from(w.w);
      for (var cut = 1; !found.size && ix.stem && !w.b && cut <= 3 && cs.length - cut >= 4; cut++) {
        found = await lookup(ix, cs.slice(0, cs.length - cut).join(""), null, true, 0.5, marks);
      }
      maps.push(found);
    }
    if (!maps.length) return out;
    maps.sort(function (a, b) { return a.size - b.size; });
    maps[0].forEach(function (v, d) {
      var s = v[0], e = v[1];
      for (var m = 1; m < maps.length; m++) { var t = maps[m].get(d); if (t === undefined) return; s += t[0]; e += t[1]; }
      out.push({ doc: d, score: s, exact: e });
    });
    out.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || a.doc - b.doc; });
    return out;
  }

  function rangeOf(ix, doc) {
    var r = ix.ranges, lo = 0, hi = r.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (r[mid][0] <= doc) lo = mid; else hi = mid - 1; }
    return r[lo];
  }

  /* ---- page ---- */
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var a in attrs || {}) if (attrs[a] != null) e.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) { if (k != null) e.append(k); });
    return e;
  }

  function str(ix, key, vars, count) {
    var s = ix.strings[key];
    if (s == null) return key;
    if (typeof s === "object") {
      var table = s["@plural"] || ix.plural;
      var cat = { z: "zero", o: "one", t: "two", f: "few", m: "many", x: "other" }[table[count < 200 ? count : 100 + (count % 100)]];
      s = s[cat] || s.other || "";
    }
    return s.replace(/\{\{?\s*(\w+)\s*\}?\}/g, function (_, k) { return vars && k in vars ? vars[k] : ""; });
  }

  /* Text with the matched forms marked: words whose folded form is in
   * `marks`, and in scripts without spaces the query's character pairs. */
  function marked(text, marks, grams) {
    var frag = document.createDocumentFragment(), re = /[\p{Alphabetic}\p{N}\p{M}]+/gu, m, spans = [], last = 0;
    while ((m = re.exec(text))) {
      var f = fold(m[0].toLowerCase().normalize("NFC"));
      if (marks.has(f) || (marks.prefixes || []).some(function (p) { return f.startsWith(p); })) { spans.push([m.index, re.lastIndex]); continue; }
      if (!SPACELESS.test(m[0])) continue;
      grams.forEach(function (g) {
        for (var i = m[0].indexOf(g); i >= 0; i = m[0].indexOf(g, i + 1)) spans.push([m.index + i, m.index + i + g.length]);
      });
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    spans.forEach(function (sp) {
      if (sp[1] <= last) return;
      var from = Math.max(sp[0], last), prev = frag.lastChild;
      // Overlapping pairs make one mark.
      if (from === last && prev && prev.nodeName === "MARK") prev.append(text.slice(from, sp[1]));
      else frag.append(text.slice(last, from), el("mark", {}, [text.slice(from, sp[1])]));
      last = sp[1];
    });
    frag.append(text.slice(last));
    return frag;
  }

  function link(path) {
    var url = root + path;
    return fileMode && url.endsWith("/") ? url + "index.html" : url;
  }

  function startPage(box) {
    var lang = box.getAttribute("data-lang");
    var form = box.querySelector("form"), input = form.querySelector("input[type=search]");
    var also = box.querySelector("[data-also]");
    var status = box.querySelector("[data-status]"), facetsBox = box.querySelector("[data-facets]");
    var list = box.querySelector("[data-results]"), more = box.querySelector("[data-more]");
    var params = new URLSearchParams(location.search);
    var filters = {}, openGroups = {}, shown = 10, seq = 0, home;
    ["type", "year", "lang"].forEach(function (k) { if (params.get(k)) filters[k] = params.get(k); });
    params.forEach(function (v, k) { if (k.startsWith("f.")) filters[k] = v; });
    input.value = params.get("q") || "";

    async function search() {
      var q = input.value, my = ++seq;
      try {
        home = await load(lang);
        if (Object.keys(filters).concat(Object.keys(openGroups)).some(function (k) { return k.startsWith("f.") && (k in filters || openGroups[k]); })) await loadFacets(home);
      } catch (e) {
        status.textContent = home ? str(home, "search_error") : "The search index could not be loaded.";
        return;
      }
      if (also && home.also.length) {
        also.hidden = false;
        also.querySelector("span").textContent = str(home, "search_also_in", { languages: home.also.map(function (l) { return home.names[l]; }).join(", ") });
      }
      var url = new URL(location.href);
      url.search = "";
      if (q) url.searchParams.set("q", q);
      for (var f in filters) url.searchParams.set(f, filters[f]);
      history.replaceState(null, "", url);
      // The language switcher leads to the same search in each language.
      document.querySelectorAll("a[data-agora-search-link]").forEach(function (a) {
        var to = new URL(a.getAttribute("data-href") || a.href);
        if (!a.hasAttribute("data-href")) a.setAttribute("data-href", a.href);
        if (fileMode && to.pathname.endsWith("/")) to.pathname += "index.html";
        to.search = url.search;
        a.href = to.href;
      });
      if (!words(q).length) { status.textContent = ""; list.replaceChildren(); facetsBox.replaceChildren(); more.hidden = true; return; }
      status.textContent = str(home, "search_loading");
      var mine = await run(home, q), results = mine.map(function (r) { r.ix = home; return r; });
      home._marks = mine.marks;
      if (also && also.querySelector("input").checked) {
        for (var l of home.also) {
          var other = await load(l), found = await run(other, q);
          other._marks = found.marks;
          if (!found.length) continue;
          var langs = await loadLangs(other), own = langs.labels.indexOf(lang);
          if (home._facets) await loadFacets(other);
          found.forEach(function (r) {
            if ((langs.per[r.doc] || []).indexOf(own) < 0) { r.ix = other; results.push(r); }
          });
        }
      }
      if (my !== seq) return;
      render(q, results);
    }

    function facetValues(r) {
      var ix = r.ix, range = rangeOf(ix, r.doc), v = { type: ix.sections[range[1]], year: String(range[2] || ""), lang: ix.lang };
      (ix._facets || []).forEach(function (f) {
        v["f." + f.name] = (f.per[r.doc] || []).map(function (i) { return f.labels[i]; });
      });
      return v;
    }

    function passes(v, skip) {
      for (var k in filters) {
        if (k === skip) continue;
        var have = v[k];
        if (Array.isArray(have) ? have.indexOf(filters[k]) < 0 : have !== filters[k]) return false;
      }
      return true;
    }

    async function render(q, results) {
      var my = seq;
      results.forEach(function (r) { r.v = facetValues(r); });
      var kept = results.filter(function (r) { return passes(r.v); });
      renderFacets(results);
      var page = kept.slice(0, shown);
      // Records carried by the term chunks already loaded, else from shards.
      var records = await Promise.all(page.map(function (r) {
        var own = r.ix._r && r.ix._r[r.doc];
        return own ? own : locate(r.ix, "shards", r.doc).then(function (i) { return entryAt(r.ix, "shards", i); })
          .then(function (e) { return load(e[1]).then(function (s) { return s[r.doc - e[0]]; }); });
      }));
      if (my !== seq) return;
      var grams = words(q).filter(function (w) { return w.b; }).map(function (w) { return w.w; });
      list.replaceChildren.apply(list, page.map(function (r, k) {
        var d = records[k], ix = r.ix, foreign = ix !== home;
        var meta = el("p", { class: "card-meta" }, [el("span", { class: "badge" }, [r.v.type])]);
        if (d[2]) meta.append(" ", el("time", { datetime: d[2] }, [new Date(d[2] + "T00:00:00Z").toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })]));
        if (foreign) meta.append(" ", el("span", { class: "search-lang" }, [str(home, "search_results_in", { language: home.names[ix.lang] })]));
        var langs = d[4].split(" ").map(function (l) { return home.names[l] || l; }).join(" · ");
        return el("li", { class: "card search-result", lang: foreign ? ix.lang : null, dir: foreign ? ix.dir : null }, [el("article", {}, [
          meta,
          el("h3", { class: "card-title" }, [el("a", { href: link(d[1]) }, [marked(d[0], ix._marks, grams)])]),
          el("p", { class: "card-summary" }, [marked(d[3], ix._marks, grams)]),
          el("p", { class: "search-langs", lang: home.lang, dir: home.dir }, [str(home, "search_available_in") + ": " + langs]),
        ])]);
      }));
      more.hidden = kept.length <= shown;
      status.textContent = kept.length ? str(home, "search_results", { count: kept.length.toLocaleString(lang) }, kept.length) : str(home, "search_no_results", { query: q });
    }

    /* Filters with counts for the current query: type, year and language at
     * once; taxonomies in disclosures whose data loads when first opened. */
    function renderFacets(results) {
      var groups = [["type", str(home, "search_filter_type")], ["year", str(home, "search_filter_year")]];
      Object.keys(home.facetNames).forEach(function (name) { groups.push(["f." + name, home.facetNames[name], true]); });
      if (home.also.length) groups.push(["lang", str(home, "search_filter_language")]);
      facetsBox.replaceChildren.apply(facetsBox, groups.map(function (g) {
        var key = g[0], counts = new Map(), box = null;
        if (g[2] && home._facets && !home._facets.some(function (f) { return "f." + f.name === key; })) return null;
        if (home._facets || !g[2]) {
          results.forEach(function (r) {
            if (!passes(r.v, key)) return;
            [].concat(r.v[key]).forEach(function (x) { if (x) counts.set(x, (counts.get(x) || 0) + 1); });
          });
          var values = Array.from(counts).sort(function (a, b) { return key === "year" ? b[0] - a[0] : b[1] - a[1] || (a[0] < b[0] ? -1 : 1); }).slice(0, 12);
          if (!values.length) return null;
          var items = [[null, str(home, "search_filter_all"), null]].concat(values.map(function (v) { return [v[0], key === "lang" ? home.names[v[0]] : v[0], v[1]]; }));
          box = el("fieldset", { class: "search-facet" }, [el("legend", { class: g[2] ? "visually-hidden" : null }, [g[1]]), el("ul", {}, items.map(function (it) {
            var on = it[0] === null ? !(key in filters) : filters[key] === it[0];
            var b = el("button", { type: "button", "aria-pressed": String(on), "data-facet": key, "data-value": it[0] }, [it[1]]);
            if (it[2] != null) b.append(" ", el("span", { class: "count" }, [it[2].toLocaleString(lang)]));
            b.onclick = function () {
              if (it[0] === null) delete filters[key]; else filters[key] = it[0];
              shown = 10;
              search();
            };
            return el("li", {}, [b]);
          }))]);
        }
        if (!g[2]) return box;
        var details = el("details", { class: "search-facet-group", "data-group": key, open: openGroups[key] || key in filters ? "" : null }, [el("summary", {}, [g[1]]), box]);
        details.addEventListener("toggle", function () {
          openGroups[key] = details.open;
          if (details.open && !home._facets) search();
        });
        return details;
      }).filter(Boolean));
    }

    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); shown = 10; timer = setTimeout(search, 120); });
    form.addEventListener("submit", function (e) { e.preventDefault(); shown = 10; search(); });
    if (also) also.querySelector("input").addEventListener("change", search);
    more.addEventListener("click", function () { shown += 10; search(); });
    input.addEventListener("keydown", function (e) {
      var first = list.querySelector("a");
      if (e.key === "ArrowDown" && first) { e.preventDefault(); first.focus(); }
    });
    if (input.value) search();
  }

  /* The inline box: a link to the browse pages without JavaScript, a search form with it. */
  function startBox(box) {
    var input = el("input", { type: "search", name: "q", placeholder: box.getAttribute("data-placeholder"), "aria-label": box.getAttribute("data-label") });
    box.replaceChildren(el("form", { action: box.getAttribute("data-action"), method: "get", role: "search" }, [
      input, el("button", { type: "submit" }, [box.getAttribute("data-button")]),
    ]));
    if (fileMode) box.firstChild.addEventListener("submit", function (e) {
      e.preventDefault();
      var action = box.getAttribute("data-action");
      location.href = action + (action.endsWith("/") ? "index.html" : "") + "?q=" + encodeURIComponent(input.value);
    });
  }

  function start() {
    document.querySelectorAll("[data-agora-search-box]").forEach(startBox);
    var page = document.getElementById("agora-search");
    if (page) startPage(page);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

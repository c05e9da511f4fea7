//! Built-in templates used when neither the site nor its theme has one.
//! Written for agora; they follow Zola's names and variables.

/// The built-ins in Tera 2's dialect: the same templates, with Tera 1's
/// chrono date format `%+` spelt out for tera-contrib's `date`, and
/// `default` told to replace none too (Tera 2's replaces only undefined).
pub fn for_tera2(name: &str, source: &str) -> Option<String> {
    let builtin = BUILTINS.iter().find(|(n, _)| *n == name)?.1;
    (builtin == source && source.contains("\"%+\"")).then(|| {
        source
            .replace("\"%+\"", "\"%Y-%m-%dT%H:%M:%S%:z\"")
            .replace(
                "default(value=page.date)",
                "default(value=page.date, boolean=true)",
            )
    })
}

pub const BUILTINS: &[(&str, &str)] = &[
    (
        "translation_status.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ labels.title }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{text-align:start;padding:.4rem;border-block-end:1px solid #ccc}meter{inline-size:8rem}</style>
</head>
<body>
<h1>{{ labels.title }}</h1>
<p>{{ labels.intro }}</p>
<table class="agora-status-summary">
<thead><tr><th scope="col">{{ labels.language }}</th><th scope="col">{{ labels.strings }}</th><th scope="col">{{ labels.documents }}</th></tr></thead>
<tbody>
{% for l in languages %}<tr id="summary-{{ l.lang }}"><th scope="row"><a href="#lang-{{ l.lang }}" lang="{{ l.lang }}" dir="{{ l.dir }}">{{ l.name }}</a></th><td>{{ l.strings_translated }}/{{ l.strings_total }} ({{ l.strings_percent }}%)</td><td>{{ l.documents_translated }}/{{ l.documents_total }} ({{ l.documents_percent }}%)</td></tr>
{% endfor %}</tbody>
</table>
{% for l in languages %}
<section class="agora-status-language" id="lang-{{ l.lang }}">
<h2 lang="{{ l.lang }}" dir="{{ l.dir }}">{{ l.name }}</h2>
{% if l.complete %}<p>{{ labels.complete }}</p>{% endif %}
{% if l.missing %}<h3>{{ labels.missing }}</h3>
<ul class="agora-status-missing">
{% for d in l.missing %}<li><a href="{{ d.original_permalink }}" lang="{{ d.original_lang }}" dir="{{ d.original_dir }}">{{ d.title }}</a> <code>{{ d.file }}</code>{% if d.help_translate_url %} · <a class="agora-help-translate" href="{{ d.help_translate_url }}">{{ labels.help_translate }}</a>{% endif %}</li>
{% endfor %}</ul>{% endif %}
{% if l.outdated %}<h3>{{ labels.outdated }}</h3>
<ul class="agora-status-outdated">
{% for d in l.outdated %}<li><a href="{{ d.permalink }}" lang="{{ l.lang }}" dir="{{ l.dir }}">{{ d.title }}</a> · <a href="{{ d.original_permalink }}">{{ labels.original }}</a> <code>{{ d.file }}</code></li>
{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
</body>
</html>
"##,
    ),
    (
        "search.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search · {{ config.title }}</title>
<meta name="robots" content="noindex">
{%- set search = agora_search(lang=lang, path=current_path) %}
<script src="{{ search.script }}" defer></script>
</head>
<body>
<main>
<h1>Search</h1>
<div id="agora-search" data-lang="{{ lang }}">
<form role="search" method="get"><label for="agora-q">Search</label> <input id="agora-q" type="search" name="q"> <button type="submit">Search</button></form>
<p data-also hidden><label><input type="checkbox" checked> <span></span></label></p>
<p data-status role="status" aria-live="polite"></p>
<div data-facets></div>
<ol data-results></ol>
<button type="button" data-more hidden>More results</button>
<noscript><p>Search needs JavaScript. <a href="{{ get_url(path="/", lang=lang) }}">Browse the site</a>.</p></noscript>
</div>
</main>
</body>
</html>
"##,
    ),
    (
        "anchor-link.html",
        r##"<a class="zola-anchor" href="#{{ id }}" aria-label="Anchor link for: {{ id }}">🔗</a>"##,
    ),
    ("summary-cutoff.html", "&hellip;\n"),
    (
        "internal/alias.html",
        r##"<!doctype html>
<meta charset="utf-8">
<title>Redirect</title>
<script>
  const target = "{{ url | safe }}";
  const hash = window.location.hash || "";
  window.location.replace(target + hash);
</script>
<noscript>
  <meta http-equiv="refresh" content="0; url={{ url | safe }}">
</noscript>
<p><a href="{{ url | safe }}">Click here</a> to be redirected.</p>
"##,
    ),
    (
        "404.html",
        r##"<!doctype html>
<title>404 Not Found</title>
<h1>404 Not Found</h1>
"##,
    ),
    (
        "index.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><title>{{ config.title | default(value="Home") }}</title></head>
<body>
<h1>{{ config.title | default(value="Home") }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul>
</body>
</html>
"##,
    ),
    (
        "section.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body>
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% if paginator %}{% for p in paginator.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}{% else %}{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}{% endif %}</ul>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</body>
</html>
"##,
    ),
    (
        "taxonomy_list.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><title>{{ taxonomy.name }}</title></head>
<body><h1>{{ taxonomy.name }}</h1>
<ul>{% for t in terms %}<li><a href="{{ t.permalink | safe }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
</body>
</html>
"##,
    ),
    (
        "taxonomy_single.html",
        r##"<!doctype html>
<html lang="{{ lang }}" dir="{{ lang_dir }}">
<head><meta charset="utf-8"><title>{{ term.name }}</title></head>
<body><h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul>
</body>
</html>
"##,
    ),
    (
        "robots.txt",
        "User-agent: *\nDisallow:\nAllow: /\nSitemap: {{ get_url(path=\"sitemap.xml\") }}\n",
    ),
    (
        "sitemap.xml",
        r##"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{% if hreflang %} xmlns:xhtml="http://www.w3.org/1999/xhtml"{% endif %}>
{%- for entry in entries %}
    <url>
        <loc>{{ entry.permalink | escape_xml | safe }}</loc>
        {%- if entry.updated %}
        <lastmod>{{ entry.updated }}</lastmod>
        {%- endif %}
        {%- for alternate in entry.alternates %}
        <xhtml:link rel="alternate" hreflang="{{ alternate.hreflang }}" href="{{ alternate.permalink | escape_xml | safe }}"/>
        {%- endfor %}
    </url>
{%- endfor %}
</urlset>
"##,
    ),
    (
        "atom.xml",
        r##"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
    <title>{{ config.title }}
    {%- if term %} - {{ term.name }}
    {%- elif section and section.title %} - {{ section.title }}
    {%- endif -%}
    </title>
    {%- if config.description %}
    <subtitle>{{ config.description }}</subtitle>
    {%- endif %}
    <link rel="self" type="application/atom+xml" href="{{ feed_url | safe }}"/>
    <link rel="alternate" type="text/html" href="
      {%- if section -%}
        {{ section.permalink | escape_xml | safe }}
      {%- else -%}
        {{ config.base_url | escape_xml | safe }}
      {%- endif -%}
    "/>
    <generator uri="https://www.getzola.org/">Zola</generator>
    {% if last_updated is defined %}<updated>{{ last_updated | date(format="%+") }}</updated>{% endif %}
    <id>{{ feed_url | safe }}</id>
    {%- for page in pages %}
    <entry xml:lang="{{ page.lang }}">
        <title>{{ page.title }}</title>
        <published>{{ page.date | date(format="%+") }}</published>
        <updated>{{ page.updated | default(value=page.date) | date(format="%+") }}</updated>
        {#- Tera 1 keeps the white space around the trimmed tags inside a
            for-else (Zola 0.22's feeds show it); Tera 2 trims it. -#}
        {% for author in page.authors %}
        <author>
          <name>
            {{ author }}
          </name>
        </author>
        {% else %}
        <author>
          <name>
            {%- if config.author -%}
              {{ config.author }}
            {%- else -%}
              Unknown
            {%- endif -%}
          </name>
        </author>
        {% endfor %}
        <link rel="alternate" type="text/html" href="{{ page.permalink | safe }}"/>
        <id>{{ page.permalink | safe }}</id>
        {% if page.summary -%}
        <summary type="html">{{ page.summary }}</summary>
        {%- else -%}
        <content type="html" xml:base="{{ page.permalink | escape_xml | safe }}">{{ page.content }}</content>
        {%- endif %}
    </entry>
    {%- endfor %}
</feed>
"##,
    ),
    (
        "rss.xml",
        r##"<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
    <channel>
      <title>{{ config.title }}{% if term %} - {{ term.name }}{% elif section and section.title %} - {{ section.title }}{% endif %}</title>
      <link>{% if section %}{{ section.permalink | escape_xml | safe }}{% else %}{{ config.base_url | escape_xml | safe }}{% endif %}</link>
      <description>{{ config.description | default(value="") }}</description>
      <generator>Zola</generator>
      <language>{{ lang }}</language>
      <atom:link href="{{ feed_url | safe }}" rel="self" type="application/rss+xml"/>
      {% if last_updated is defined %}<lastBuildDate>{{ last_updated | date(format="%a, %d %b %Y %H:%M:%S %z") }}</lastBuildDate>{% endif %}
      {%- for page in pages %}
      <item>
          <title>{{ page.title }}</title>
          <pubDate>{{ page.date | date(format="%a, %d %b %Y %H:%M:%S %z") }}</pubDate>
          <author>{% if page.authors %}{{ page.authors[0] }}{% elif config.author %}{{ config.author }}{% else %}Unknown{% endif %}</author>
          <link>{{ page.permalink | escape_xml | safe }}</link>
          <guid>{{ page.permalink | escape_xml | safe }}</guid>
          <description xml:base="{{ page.permalink | escape_xml | safe }}">{% if page.summary %}{{ page.summary }}{% else %}{{ page.content }}{% endif %}</description>
      </item>
      {%- endfor %}
    </channel>
</rss>
"##,
    ),
];

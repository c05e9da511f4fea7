"""Reads agora's citation downloads with the parsers reference managers use
and prints, as JSON, what each one understood: BibTeX with bibtexparser,
RIS with rispy, CSL-JSON rendered to a bibliography entry by citeproc-py
(Harvard style, English locale). Driven by tests/it/citations.rs.

usage: python3 validate.py FILE.bib|FILE.ris|FILE.json ...
"""

import json
import sys

import bibtexparser
import rispy
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text

# What a LaTeX engine prints for a name's TeX (`Water \& Peace`).
DECODE = LatexNodes2Text().latex_to_text


def read_bibtex(path):
    library = bibtexparser.parse_file(
        path,
        # Names are split first, so that a braced organisation stays whole.
        append_middleware=[
            SeparateCoAuthors(),
            SplitNameParts(),
            LatexDecodingMiddleware(),
        ],
    )
    if library.failed_blocks:
        raise SystemExit(f"{path}: bibtexparser could not parse {library.failed_blocks}")
    if len(library.entries) != 1:
        raise SystemExit(f"{path}: {len(library.entries)} entries, expected 1")
    entry = library.entries[0]
    fields = {f.key: f.value for f in entry.fields}
    authors = []
    for name in fields.get("author", []):
        authors.append(
            {
                "first": DECODE(" ".join(name.first)),
                "last": DECODE(" ".join(name.von + name.last)),
            }
        )
    return {
        "type": entry.entry_type,
        "key": entry.key,
        "title": fields.get("title"),
        "authors": authors,
        "year": fields.get("year"),
        "date": fields.get("date"),
        "url": fields.get("url"),
        "doi": fields.get("doi"),
        "publisher": fields.get("institution") or fields.get("publisher"),
    }


def read_ris(path):
    with open(path, encoding="utf-8") as f:
        records = rispy.load(f)
    if len(records) != 1:
        raise SystemExit(f"{path}: {len(records)} records, expected 1")
    r = records[0]
    return {
        "type": r.get("type_of_reference"),
        "title": r.get("title") or r.get("primary_title"),
        "authors": r.get("authors", []),
        "year": r.get("year"),
        "date": r.get("date"),
        "url": (r.get("urls") or [None])[0],
        "doi": r.get("doi"),
        "publisher": r.get("publisher"),
        "language": r.get("language"),
    }


def read_csl(path):
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    key = items[0]["id"]
    bibliography.register(Citation([CitationItem(key)]))
    entries = [str(e) for e in bibliography.bibliography()]
    if len(entries) != 1:
        raise SystemExit(f"{path}: {len(entries)} bibliography entries, expected 1")
    return {"type": items[0]["type"], "rendered": entries[0]}


def main(paths):
    out = {}
    for path in paths:
        if path.endswith(".bib"):
            out[path] = read_bibtex(path)
        elif path.endswith(".ris"):
            out[path] = read_ris(path)
        elif path.endswith(".json"):
            out[path] = read_csl(path)
        else:
            raise SystemExit(f"{path}: unknown kind of file")
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Compare two built sites file by file: Zola's output and agora's.

    compare_outputs.py ZOLA_OUT AGORA_OUT [--show N]

Lists the files found in only one tree; for files in both, HTML and XML are
compared after white-space normalisation (runs of white space collapsed, white
space between tags removed, `&#x2F;` read as `/`, which Tera 1 writes for every
escaped slash, and `&#x27;`/`&#39;` read as `'`: Tera 1 and Tera 2 escape the
apostrophe differently), every other file byte for byte. Prints the totals and, for the
first N differing files (default 5), a short unified diff of the normalised
text. Always exits 0 once the arguments are valid: it reports, it does not
judge. Needs only the Python 3 standard library.
"""

import argparse
import difflib
import os
import re
import sys

MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".svg")
DIFF_LINES_PER_FILE = 40

_SPACE = re.compile(r"\s+")
_BETWEEN_TAGS = re.compile(r">\s+<")
_ESCAPED_SLASH = re.compile(r"&#x2f;", re.IGNORECASE)
_ESCAPED_APOSTROPHE = re.compile(r"&#(?:x27|39);", re.IGNORECASE)


def list_files(root):
    """Every regular file under `root`, as POSIX paths relative to it."""
    found = set()
    for directory, _subdirs, names in os.walk(root, followlinks=True):
        for name in names:
            full = os.path.join(directory, name)
            if os.path.isfile(full):
                found.add(os.path.relpath(full, root).replace(os.sep, "/"))
    return found


def is_markup(path):
    return path.lower().endswith(MARKUP_SUFFIXES)


def normalise_markup(data):
    """The text of an HTML/XML file with insignificant differences removed."""
    text = data.decode("utf-8", errors="replace")
    text = _ESCAPED_SLASH.sub("/", text)
    text = _ESCAPED_APOSTROPHE.sub("'", text)
    text = _SPACE.sub(" ", text)
    text = _BETWEEN_TAGS.sub("><", text)
    return text.strip()


def split_for_diff(text):
    """One line per tag, so that a diff of a one-line normalised file stays readable."""
    return text.replace("<", "\n<").lstrip("\n").split("\n")


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def compare_file(zola_root, agora_root, rel):
    """Return None when the two versions of `rel` are equal, else the lines of a short diff."""
    zola_data = read_bytes(os.path.join(zola_root, rel))
    agora_data = read_bytes(os.path.join(agora_root, rel))
    if zola_data == agora_data:
        return None
    if not is_markup(rel):
        return [
            "differs byte for byte: zola %d bytes, agora %d bytes"
            % (len(zola_data), len(agora_data))
        ]
    zola_text = normalise_markup(zola_data)
    agora_text = normalise_markup(agora_data)
    if zola_text == agora_text:
        return None
    diff = list(
        difflib.unified_diff(
            split_for_diff(zola_text),
            split_for_diff(agora_text),
            fromfile="zola/" + rel,
            tofile="agora/" + rel,
            n=1,
            lineterm="",
        )
    )
    if len(diff) > DIFF_LINES_PER_FILE:
        hidden = len(diff) - DIFF_LINES_PER_FILE
        diff = diff[:DIFF_LINES_PER_FILE] + ["… %d more diff lines" % hidden]
    return diff


def print_list(title, paths):
    print("%s (%d):" % (title, len(paths)))
    for path in paths:
        print("  " + path)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Compare Zola's and agora's output trees file by file."
    )
    parser.add_argument("zola_out", metavar="ZOLA_OUT", help="output directory built by Zola")
    parser.add_argument("agora_out", metavar="AGORA_OUT", help="output directory built by agora")
    parser.add_argument(
        "--show",
        metavar="N",
        type=int,
        default=5,
        help="show a diff for the first N differing files (default 5, 0 for none)",
    )
    args = parser.parse_args(argv)
    for label, path in (("ZOLA_OUT", args.zola_out), ("AGORA_OUT", args.agora_out)):
        if not os.path.isdir(path):
            parser.error("%s is not a directory: %s" % (label, path))
    if args.show < 0:
        parser.error("--show must be 0 or more")
    return args


def main(argv):
    args = parse_args(argv)
    zola_files = list_files(args.zola_out)
    agora_files = list_files(args.agora_out)
    both = sorted(zola_files & agora_files)

    differing = []
    for rel in both:
        diff = compare_file(args.zola_out, args.agora_out, rel)
        if diff is not None:
            differing.append((rel, diff))

    print_list("only in zola", sorted(zola_files - agora_files))
    print_list("only in agora", sorted(agora_files - zola_files))
    print_list("different", [rel for rel, _ in differing])

    shown = differing[: args.show]
    for rel, diff in shown:
        print()
        print("== " + rel)
        for line in diff:
            print(line)
    if len(differing) > len(shown):
        print()
        print("(%d more differing files not shown; use --show N)" % (len(differing) - len(shown)))

    print()
    print(
        "files in zola: %d, in agora: %d, in both: %d, equal: %d"
        % (len(zola_files), len(agora_files), len(both), len(both) - len(differing))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Build a corpus of public Zola sites with Zola (twice) and with agora; compare.

    run.py checkout SITES --mirrors DIR [--only NAME…]
        Materialises every site of sites.toml under SITES/<name>/ at its pinned
        commit (and its pinned submodules), from bare git directories found as
        DIR/<owner>+<name>/repo (what the `fetch` tool gives) or, when absent,
        from a `git clone` of the repository. Files whose blobs the snapshot
        lacks (large images kept out of it) are skipped and listed.

    run.py SITES --zola ZOLA --agora AGORA [--set 0.22|0.23] [--only NAME…]
               [--work DIR] [--reuse-zola] [--show N] [--json FILE] [--timeout S]
        For every site of the chosen set: copies the site to a fresh folder,
        builds it with Zola twice and with agora (each from its own copy, so no
        build sees another's leftovers), then prints one row per site:

          site  zola  agora  files  present  stable  equal  first differences

        files    the files Zola writes (first build)
        present  how many of them agora writes too
        stable   the files Zola's two builds write identically (after the white
                 space normalisation of compare_outputs.py)
        equal    how many of the stable files agora writes identically
        first differences: files missing from agora's output (-), differing
                 (~), or only in agora's (+)

        and the totals of the set. Outputs stay under --work (default
        /tmp/agora-compat) for inspection; --reuse-zola keeps Zola's outputs
        from an earlier run and rebuilds only with agora.

The sites are not part of the repository; sites.toml pins them. Needs the
Python 3.11 standard library and git.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import compare_outputs  # noqa: E402  (benches/compare_outputs.py)

BUILD_TIMEOUT_SECONDS = 900


# ---------------------------------------------------------------- manifest


def load_manifest(path):
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    sites = data.get("site", [])
    names = set()
    for site in sites:
        for key in ("name", "repository", "commit", "set"):
            if key not in site:
                sys.exit("%s: a site lacks `%s`: %r" % (path, key, site))
        if site["name"] in names:
            sys.exit("%s: two sites are named %s" % (path, site["name"]))
        names.add(site["name"])
        site.setdefault("subfolder", "")
        site.setdefault("notes", "")
        site.setdefault("submodules", [])
    return sites


def select(sites, args):
    chosen = [s for s in sites if args.set in (None, s["set"])]
    if args.only:
        wanted = set(args.only)
        unknown = wanted - {s["name"] for s in sites}
        if unknown:
            sys.exit("no such site in the manifest: " + ", ".join(sorted(unknown)))
        chosen = [s for s in chosen if s["name"] in wanted]
    return chosen


# ---------------------------------------------------------------- checkout


def owner_and_name(repository):
    tail = repository.rstrip("/")
    if tail.endswith(".git"):
        tail = tail[:-4]
    parts = tail.split("/")
    return parts[-2], parts[-1]


def git_dir_for(repository, mirrors, scratch):
    owner, name = owner_and_name(repository)
    if mirrors:
        candidate = os.path.join(mirrors, "%s+%s" % (owner, name), "repo")
        if os.path.isdir(candidate):
            return candidate
    target = os.path.join(scratch, "%s+%s.git" % (owner, name))
    if not os.path.isdir(target):
        subprocess.run(["git", "clone", "--bare", "--quiet", repository, target], check=True)
    return target


def materialise(git_dir, commit, dest):
    """Write the tree of `commit` to `dest`; return the paths whose blobs are missing."""
    listing = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", "--full-tree", commit],
        check=True,
        capture_output=True,
    ).stdout
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, oid = meta.split(b" ")
        entries.append((mode.decode(), kind.decode(), oid.decode(), path.decode("utf-8", "replace")))
    blobs = [e for e in entries if e[1] == "blob"]
    missing = []
    batch = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    for mode, _kind, oid, path in blobs:
        batch.stdin.write((oid + "\n").encode())
        batch.stdin.flush()
        header = batch.stdout.readline().decode().split()
        if len(header) < 3 or header[1] == "missing":
            missing.append(path)
            continue
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)
        full = os.path.join(dest, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if mode == "120000":
            os.symlink(data.decode(), full)
            continue
        with open(full, "wb") as handle:
            handle.write(data)
        if mode == "100755":
            os.chmod(full, 0o755)
    batch.stdin.close()
    batch.wait()
    return missing


def cmd_checkout(args):
    sites = select(load_manifest(args.manifest), args)
    scratch = os.path.join(args.sites, ".git-cache")
    os.makedirs(args.sites, exist_ok=True)
    for site in sites:
        dest = os.path.join(args.sites, site["name"])
        if os.path.isdir(dest):
            print("%-28s already there" % site["name"])
            continue
        tmp = dest + ".partial"
        shutil.rmtree(tmp, ignore_errors=True)
        git_dir = git_dir_for(site["repository"], args.mirrors, scratch)
        missing = materialise(git_dir, site["commit"], tmp)
        for sub in site["submodules"]:
            sub_dir = git_dir_for(sub["repository"], args.mirrors, scratch)
            target = os.path.join(tmp, sub["path"])
            shutil.rmtree(target, ignore_errors=True)
            missing += [
                os.path.join(sub["path"], p) for p in materialise(sub_dir, sub["commit"], target)
            ]
        os.rename(tmp, dest)
        note = " (%d files absent from the snapshot)" % len(missing) if missing else ""
        print("%-28s %s%s" % (site["name"], site["commit"][:10], note))
        if missing:
            with open(os.path.join(dest, ".compat-missing-files"), "w") as handle:
                handle.write("\n".join(missing) + "\n")


# ---------------------------------------------------------------- builds


def run_build(command, cwd, log_path, timeout=BUILD_TIMEOUT_SECONDS):
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            env=dict(os.environ, NO_COLOR="1"),
        )
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        code, out, err = "timeout", b"", b"timed out"
    elapsed = time.monotonic() - started
    with open(log_path, "wb") as handle:
        handle.write(b"$ " + " ".join(command).encode() + b"\n" + out + b"\n" + err)
    text = err.decode("utf-8", "replace")
    return {
        "ok": code == 0,
        "code": code,
        "seconds": round(elapsed, 2),
        "panic": "panicked at" in text,
        "message": first_error_line(text),
    }


def first_error_line(text):
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.lower().startswith(("error", "thread ")) and len(stripped) > 6:
            return stripped[:160]
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1][:160] if lines else ""


def fresh_copy(source, dest):
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, symlinks=True, ignore=shutil.ignore_patterns(".git", "public"))


def build_site(site, args, work):
    # The whole checkout is copied (a site may link to files outside its subfolder);
    # the build runs in the subfolder.
    source = os.path.join(args.sites, site["name"])
    if not os.path.isdir(os.path.join(source, site["subfolder"])):
        sys.exit("%s is missing: run `run.py checkout` first" % source)
    result = {"name": site["name"], "set": site["set"]}
    for label in ("zola-1", "zola-2"):
        status_path = os.path.join(work, label + ".json")
        if args.reuse_zola and os.path.exists(status_path):
            with open(status_path) as handle:
                result[label] = json.load(handle)
            continue
        copy = os.path.join(work, "src-" + label)
        fresh_copy(source, copy)
        out = os.path.join(work, label)
        shutil.rmtree(out, ignore_errors=True)
        status = run_build(
            [os.path.abspath(args.zola), "build", "--output-dir", out, "--force"],
            os.path.join(copy, site["subfolder"]),
            os.path.join(work, label + ".log"),
            args.timeout,
        )
        with open(status_path, "w") as handle:
            json.dump(status, handle)
        result[label] = status
        shutil.rmtree(copy, ignore_errors=True)
    copy = os.path.join(work, "src-agora")
    fresh_copy(source, copy)
    out = os.path.join(work, "agora")
    shutil.rmtree(out, ignore_errors=True)
    result["agora"] = run_build(
        [os.path.abspath(args.agora), "build", "--output-dir", out, "--force"],
        os.path.join(copy, site["subfolder"]),
        os.path.join(work, "agora.log"),
        args.timeout,
    )
    shutil.rmtree(copy, ignore_errors=True)
    return result


# ---------------------------------------------------------------- comparison


def compare_site(result, work, show):
    zola1, zola2, agora = (os.path.join(work, d) for d in ("zola-1", "zola-2", "agora"))
    if not result["zola-1"]["ok"]:
        return
    files = compare_outputs.list_files(zola1)
    second = compare_outputs.list_files(zola2) if result["zola-2"]["ok"] else set()
    stable = sorted(
        rel for rel in files & second if compare_outputs.compare_file(zola1, zola2, rel) is None
    )
    made = compare_outputs.list_files(agora) if result["agora"]["ok"] else set()
    present = files & made
    equal = []
    differing = []
    for rel in stable:
        if rel not in made:
            continue
        if compare_outputs.compare_file(zola1, agora, rel) is None:
            equal.append(rel)
        else:
            differing.append(rel)
    missing = sorted(files - made)
    extra = sorted(made - files)
    result.update(
        files=len(files),
        present=len(present),
        stable=len(stable),
        equal=len(equal),
        missing=missing,
        differing=differing,
        extra=extra,
    )
    firsts = ["-" + p for p in missing[:show]] + ["~" + p for p in differing[:show]]
    if len(firsts) < show:
        firsts += ["+" + p for p in extra[: show - len(firsts)]]
    result["first"] = firsts[:show]


def yes_no(status):
    if status["ok"]:
        return "yes"
    if status.get("panic"):
        return "PANIC"
    return "no" if status["code"] != "timeout" else "timeout"


def print_row(result):
    z = result["zola-1"]
    a = result["agora"]
    if "files" in result:
        counts = "%6d %7d %6d %6d" % (
            result["files"],
            result["present"],
            result["stable"],
            result["equal"],
        )
    else:
        counts = "%6s %7s %6s %6s" % ("-", "-", "-", "-")
    line = "%-28s %-4s %-5s %s  %s" % (
        result["name"],
        yes_no(z),
        yes_no(a),
        counts,
        " ".join(result.get("first", [])),
    )
    print(line)
    if not z["ok"]:
        print("    zola: %s" % z["message"])
    if not a["ok"]:
        print("    agora: %s" % a["message"])
    sys.stdout.flush()


def print_totals(results, label):
    if not results:
        return
    zola_ok = [r for r in results if r["zola-1"]["ok"]]
    both = [r for r in zola_ok if r["agora"]["ok"]]
    files = sum(r.get("files", 0) for r in zola_ok)
    present = sum(r.get("present", 0) for r in zola_ok)
    stable = sum(r.get("stable", 0) for r in zola_ok)
    equal = sum(r.get("equal", 0) for r in zola_ok)
    refused_alike = [r for r in results if not r["zola-1"]["ok"] and not r["agora"]["ok"]]
    panics = [r["name"] for r in results if r["agora"].get("panic")]
    print(
        "TOTAL %s: %d sites; Zola builds %d, agora builds %d of them; "
        "both refuse %d; agora panics: %s"
        % (label, len(results), len(zola_ok), len(both), len(refused_alike), ", ".join(panics) or "none")
    )
    print(
        "TOTAL %s: Zola's files %d, present %d (%.2f %%); stable %d, equal %d (%.2f %%)"
        % (
            label,
            files,
            present,
            100.0 * present / files if files else 0.0,
            stable,
            equal,
            100.0 * equal / stable if stable else 0.0,
        )
    )


def cmd_run(args):
    sites = select(load_manifest(args.manifest), args)
    results = []
    print(
        "%-28s %-4s %-5s %6s %7s %6s %6s  %s"
        % ("site", "zola", "agora", "files", "present", "stable", "equal", "first differences")
    )
    for site in sites:
        work = os.path.join(args.work, site["name"])
        os.makedirs(work, exist_ok=True)
        result = build_site(site, args, work)
        compare_site(result, work, args.show)
        results.append(result)
        print_row(result)
    for label in sorted({r["set"] for r in results}):
        print_totals([r for r in results if r["set"] == label], label)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1)
    return 0


def parse_args(argv):
    manifest = os.path.join(HERE, "sites.toml")
    if argv and argv[0] == "checkout":
        parser = argparse.ArgumentParser(prog="run.py checkout")
        parser.add_argument("sites", metavar="SITES")
        parser.add_argument("--mirrors", metavar="DIR", help="folder of <owner>+<name>/repo bare git dirs")
        parser.add_argument("--manifest", default=manifest)
        parser.add_argument("--set", choices=["0.22", "0.23"])
        parser.add_argument("--only", nargs="+", metavar="NAME")
        args = parser.parse_args(argv[1:])
        args.func = cmd_checkout
        return args
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", metavar="SITES", help="folder the checkout command filled")
    parser.add_argument("--zola", required=True, help="Zola binary")
    parser.add_argument("--agora", required=True, help="agora binary")
    parser.add_argument("--manifest", default=manifest)
    parser.add_argument("--set", choices=["0.22", "0.23"])
    parser.add_argument("--only", nargs="+", metavar="NAME")
    parser.add_argument("--work", default="/tmp/agora-compat")
    parser.add_argument("--reuse-zola", action="store_true")
    parser.add_argument("--show", type=int, default=3, help="differing files named per site")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--timeout", type=int, default=BUILD_TIMEOUT_SECONDS,
        help="seconds a build may take (default %d; a debug agora needs more on large sites)" % BUILD_TIMEOUT_SECONDS,
    )
    args = parser.parse_args(argv)
    args.func = cmd_run
    return args


if __name__ == "__main__":
    arguments = parse_args(sys.argv[1:])
    sys.exit(arguments.func(arguments))

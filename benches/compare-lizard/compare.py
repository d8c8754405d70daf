#!/usr/bin/env python3
"""Helper for benches/compare-lizard/run.

Subcommands:
  collect  copy the kept source files of a fetched package into a corpus folder
           and write the corpus manifest (package, version, files, lines)
  bench    time lizard and conclave on the corpora, match their functions,
           print the Markdown table and write the mismatch samples

Standard library only: it runs under the lizard venv's python.
"""

import argparse
import csv
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

# A file with a line longer than this is treated as minified/generated and
# left out of the corpus (for every language, so both tools see the same set).
MAX_LINE_CHARS = 1000

LANGS = ["python", "javascript", "java", "csharp", "go"]

# lizard's -l names; the extensions are the ones lizard's readers claim.
LIZARD_LANG = {
    "python": "python",
    "javascript": "javascript",
    "java": "java",
    "csharp": "csharp",
    "go": "go",
}

MISMATCH_SAMPLES = 50


# --------------------------------------------------------------------------
# line counting


def physical_lines(data: bytes) -> int:
    if not data:
        return 0
    n = data.count(b"\n")
    if not data.endswith(b"\n"):
        n += 1
    return n


def longest_line(data: bytes) -> int:
    return max((len(l) for l in data.split(b"\n")), default=0)


def count_tree(root):
    files = lines = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in filenames:
            with open(os.path.join(dirpath, fn), "rb") as f:
                lines += physical_lines(f.read())
            files += 1
    return files, lines


# --------------------------------------------------------------------------
# collect


def cmd_collect(a):
    exts = tuple(a.ext)
    kept = dropped_long = dropped_pattern = dropped_dup = 0
    seen = set()
    lines = 0
    subdirs = []
    for mapping in a.map:
        src, _, sub = mapping.partition("=")
        if not os.path.isdir(src):
            sys.exit(f"collect: source folder missing: {src}")
        subdirs.append(sub)
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames[:] = sorted(d for d in dirnames if d not in a.exclude_dir)
            for fn in sorted(filenames):
                if not fn.endswith(exts):
                    continue
                if any(fnmatch.fnmatch(fn, g) for g in a.exclude_glob):
                    dropped_pattern += 1
                    continue
                path = os.path.join(dirpath, fn)
                with open(path, "rb") as f:
                    data = f.read()
                if longest_line(data) > MAX_LINE_CHARS:
                    dropped_long += 1
                    continue
                # lizard silently skips a file whose content it has already
                # seen; keep one copy so both tools get the same set
                digest = hashlib.sha256(data).digest()
                if digest in seen:
                    dropped_dup += 1
                    continue
                seen.add(digest)
                rel = os.path.relpath(path, src)
                dst = os.path.join(a.dst, sub, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(path, dst)
                kept += 1
                lines += physical_lines(data)
    manifest = {}
    if os.path.exists(a.manifest):
        with open(a.manifest) as f:
            manifest = json.load(f)
    for kv in a.meta:
        k, _, v = kv.partition("=")
        manifest[k] = v
    manifest.setdefault("subfolders", [])
    manifest["subfolders"] += subdirs
    manifest["extensions"] = list(exts)
    manifest["files"] = manifest.get("files", 0) + kept
    manifest["lines"] = manifest.get("lines", 0) + lines
    manifest["dropped_long_lines"] = manifest.get("dropped_long_lines", 0) + dropped_long
    manifest["dropped_by_name"] = manifest.get("dropped_by_name", 0) + dropped_pattern
    manifest["dropped_duplicates"] = manifest.get("dropped_duplicates", 0) + dropped_dup
    with open(a.manifest, "w") as f:
        json.dump(manifest, f, indent=1)
    print(
        f"  kept {kept} files, {lines} lines "
        f"(dropped {dropped_long} with lines > {MAX_LINE_CHARS} chars, {dropped_pattern} by name, "
        f"{dropped_dup} duplicates)"
    )


# --------------------------------------------------------------------------
# running and timing


def timed(cmd, stdout_path, log_path, cwd=None):
    """Run cmd, stdout to a file, stderr to a log; return (seconds, rc)."""
    with open(stdout_path, "wb") as out, open(log_path, "ab") as log:
        log.write(("$ " + " ".join(cmd) + "\n").encode())
        log.flush()
        t0 = time.perf_counter()
        try:
            rc = subprocess.call(cmd, stdout=out, stderr=log, cwd=cwd)
        except OSError as e:
            log.write(f"cannot run: {e}\n".encode())
            return None, 127
        return time.perf_counter() - t0, rc


def best_of(n, cmd, stdout_path, log_path, cwd=None):
    best = None
    for _ in range(max(1, n)):
        secs, rc = timed(cmd, stdout_path, log_path, cwd)
        if rc != 0 or secs is None:
            return None, rc
        best = secs if best is None else min(best, secs)
    return best, 0


# --------------------------------------------------------------------------
# parsing the two outputs


def real(path, cwd):
    return os.path.realpath(os.path.join(cwd, path))


def read_lizard_csv(path, cwd):
    """lizard --csv rows: nloc,ccn,token,param,length,location,file,name,long_name,start,end"""
    funcs = []
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 11:
                continue
            try:
                ccn = int(row[1])
                start = int(row[9])
                end = int(row[10])
            except ValueError:
                continue  # header line
            if row[7] == "*global*":
                continue  # lizard's pseudo-function for stray top-level code
            funcs.append(
                {
                    "file": real(row[6], cwd),
                    "name": row[7],
                    "start": start,
                    "end": end,
                    "ccn": ccn,
                }
            )
    return funcs


def read_conclave_json(path, cwd, corpus):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    funcs = []
    for fi in doc.get("files", []):
        p = real(fi["path"], cwd)
        if not os.path.exists(p) and os.path.exists(real(fi["path"], corpus)):
            p = real(fi["path"], corpus)  # paths given relative to the argument
        for fn in fi.get("functions", []) or []:
            funcs.append(
                {
                    "file": p,
                    "name": fn.get("name") or "",
                    "start": int(fn["start_line"]),
                    "end": int(fn.get("end_line") or fn["start_line"]),
                    "ccn": int(fn["cyclomatic"]),
                }
            )
    return funcs, doc


def short_name(name):
    """Last component of a qualified name: 'A::b', 'A.b', 'b( x )' -> 'b'."""
    n = name.strip().split("(", 1)[0].strip() or name.strip()
    n = re.split(r"::|\.|\s", n)[-1]
    return n or name.strip()


# lizard sometimes reports a control statement as a function (`PwGroup::if`, `X::foreach`):
# its token-based parser mistook `keyword (…) {` for a declaration. A lizard function is such
# a phantom when it is named after a control keyword of its language and no function of
# conclave's stands at that place; phantoms are counted and shown apart.
PHANTOM_NAMES = {
    "python": frozenset("if elif else for while try except finally with return".split()),
    "javascript": frozenset("if else for while do switch case try finally return".split()),
    "java": frozenset("if else for while do switch case catch try finally return".split()),
    "csharp": frozenset(
        "if else for foreach while do switch case catch try finally using lock return".split()
    ),
    "go": frozenset("if else for switch case select go defer return".split()),
}


def is_phantom(lizard_function, lang):
    return short_name(lizard_function["name"]) in PHANTOM_NAMES.get(lang, frozenset())


def match(liz, con):
    """Pair each lizard function with at most one conclave function.

    First by (file, start_line); then, for what is left, by (file, short name)
    taking the nearest start line.  Returns (pairs, by_line, by_name) where
    pairs[i] is the conclave function matched to liz[i] or None.
    """
    by_pos = {}
    by_file_name = {}
    for j, c in enumerate(con):
        by_pos.setdefault((c["file"], c["start"]), []).append(j)
        by_file_name.setdefault((c["file"], short_name(c["name"])), []).append(j)
    used = [False] * len(con)
    pairs = [None] * len(liz)
    by_line = by_name = 0

    for i, l in enumerate(liz):
        cands = [j for j in by_pos.get((l["file"], l["start"]), []) if not used[j]]
        if not cands:
            continue
        sn = short_name(l["name"])
        # Functions that share a file, a line and a name are indistinguishable in lizard's
        # output (it has no columns): among those, pair equal CCNs first.
        cands.sort(
            key=lambda j: (
                short_name(con[j]["name"]) != sn,
                con[j]["ccn"] != l["ccn"],
                con[j]["end"] != l["end"],
                j,
            )
        )
        j = cands[0]
        used[j] = True
        pairs[i] = con[j]
        by_line += 1

    for i, l in enumerate(liz):
        if pairs[i] is not None:
            continue
        cands = [
            j
            for j in by_file_name.get((l["file"], short_name(l["name"])), [])
            if not used[j]
        ]
        if not cands:
            continue
        j = min(cands, key=lambda j: (abs(con[j]["start"] - l["start"]), j))
        used[j] = True
        pairs[i] = con[j]
        by_name += 1
    return pairs, by_line, by_name


def spread(items, n):
    """Up to n items spread evenly over the (sorted) list."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(k * step)] for k in range(n)]


# --------------------------------------------------------------------------
# bench


def log_tail(log, n=5):
    with open(log, errors="replace") as f:
        lines = f.read().splitlines()
    return "\n".join("    " + l for l in lines[-n:])


def fmt_secs(secs):
    return "failed" if secs is None else f"{secs:.3f} s"


def fmt_rate(lines, secs):
    if secs is None or secs <= 0:
        return "n/a"
    return f"{lines / secs:,.0f}"


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.1f}x"


def bench_lang(lang, a):
    corpus = os.path.join(a.cache, "corpora", lang)
    manifest_path = os.path.join(a.cache, "corpora", lang + ".manifest.json")
    out = os.path.join(a.cache, "results", lang)
    shutil.rmtree(out, ignore_errors=True)  # no stale outputs from an earlier run
    os.makedirs(out)
    tsv = os.path.join(a.cache, f"mismatch-{lang}.tsv")
    if os.path.exists(tsv):
        os.remove(tsv)
    log = os.path.join(out, "log.txt")
    open(log, "w").close()
    cwd = os.path.dirname(corpus)  # tools get "LANG" relative to corpora/
    arg = lang

    files, lines = count_tree(corpus)  # also warms the page cache
    row = {"language": lang, "files": files, "lines": lines}
    with open(manifest_path) as f:
        row["manifest"] = json.load(f)
    print(f"[{lang}] {files} files, {lines} lines", flush=True)

    # lizard, -t N
    liz_csv = os.path.join(out, "lizard.csv")
    liz_cmd = [a.lizard, "-l", LIZARD_LANG[lang], "--csv", "-t", str(a.threads), arg]
    secs, rc = best_of(a.repeat, liz_cmd, liz_csv, log, cwd)
    row["lizard_secs"] = secs
    row["lizard_rc"] = rc
    print(f"[{lang}] lizard -t {a.threads}: {fmt_secs(secs)} (rc {rc})", flush=True)
    if rc != 0:
        print(log_tail(log), flush=True)

    # lizard, one process
    row["lizard1_secs"] = None
    if not a.skip_single:
        cmd1 = [a.lizard, "-l", LIZARD_LANG[lang], "--csv", arg]
        secs1, rc1 = best_of(a.repeat, cmd1, os.path.join(out, "lizard-1.csv"), log, cwd)
        row["lizard1_secs"] = secs1
        print(f"[{lang}] lizard 1 process: {fmt_secs(secs1)} (rc {rc1})", flush=True)

    liz = read_lizard_csv(liz_csv, cwd) if rc == 0 else []
    row["lizard_functions"] = len(liz) if rc == 0 else None

    # conclave metrics
    row["conclave_secs"] = None
    row["conclave_functions"] = None
    row["parse_secs"] = None
    con = None
    have_bin = os.path.isfile(a.conclave) and os.access(a.conclave, os.X_OK)
    if have_bin:
        con_json = os.path.join(out, "conclave.json")
        cmd = [a.conclave, "metrics", "--format", "json", "--threads", str(a.threads), "--quiet", arg]
        csecs, crc = best_of(a.repeat, cmd, con_json, log, cwd)
        row["conclave_rc"] = crc
        if crc == 0:
            try:
                con, _doc = read_conclave_json(con_json, cwd, corpus)
                row["conclave_secs"] = csecs
                row["conclave_functions"] = len(con)
            except (ValueError, KeyError, TypeError) as e:
                row["conclave_error"] = f"bad JSON: {e}"
        else:
            row["conclave_error"] = f"exit {crc}"
        print(
            f"[{lang}] conclave metrics: {fmt_secs(csecs)} (rc {crc})"
            + (f" {row.get('conclave_error')}" if row.get("conclave_error") else ""),
            flush=True,
        )
        if crc != 0:
            print(log_tail(log), flush=True)
        pcmd = [a.conclave, "parse-bench", "--threads", str(a.threads), arg]
        psecs, prc = best_of(a.repeat, pcmd, os.devnull, log, cwd)
        if prc == 0:
            row["parse_secs"] = psecs
        print(f"[{lang}] conclave parse-bench: {fmt_secs(psecs)} (rc {prc})", flush=True)

    # matching
    row["ccn_equal_pct"] = None
    if con is not None and row["lizard_functions"] is not None:
        pairs, by_line, by_name = match(liz, con)
        equal = sum(1 for l, c in zip(liz, pairs) if c is not None and c["ccn"] == l["ccn"])
        matched = by_line + by_name
        phantoms = sum(1 for l, c in zip(liz, pairs) if c is None and is_phantom(l, lang))
        real_functions = len(liz) - phantoms
        row.update(
            lizard_phantoms=phantoms,
            ccn_equal_real_pct=(100.0 * equal / real_functions) if real_functions else None,
            matched_by_line=by_line,
            matched_by_name=by_name,
            ccn_equal=equal,
            ccn_equal_pct=(100.0 * equal / len(liz)) if liz else None,
            ccn_equal_of_matched_pct=(100.0 * equal / matched) if matched else None,
        )
        differ = []
        missing = []
        for l, c in zip(liz, pairs):
            rel = os.path.relpath(l["file"], os.path.realpath(corpus))
            if c is None:
                missing.append((rel, l["start"], l["name"], l["ccn"], "-", "-", "-", "no conclave function"))
            elif c["ccn"] != l["ccn"]:
                differ.append((rel, l["start"], l["name"], l["ccn"], c["ccn"], c["start"], c["name"], "ccn differs"))
        differ.sort()
        missing.sort()
        # mostly CCN differences, some unmatched functions, spread over the corpus
        n_missing = min(len(missing), MISMATCH_SAMPLES // 5 if differ else MISMATCH_SAMPLES)
        sample = spread(differ, MISMATCH_SAMPLES - n_missing) + spread(missing, n_missing)
        with open(tsv, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["file", "line", "name", "lizard_ccn", "conclave_ccn", "conclave_line", "conclave_name", "kind"])
            for s in sample:
                w.writerow(s)
        row["ccn_differs"] = len(differ)
        row["lizard_unmatched"] = len(missing)
        row["mismatch_file"] = tsv
    with open(os.path.join(out, "row.json"), "w") as f:
        json.dump(row, f, indent=1)
    return row


def table(rows, threads):
    out = []
    out.append(
        f"| language | lines | lizard lines/s (1 proc) | lizard lines/s (-t {threads}) "
        f"| conclave lines/s | × lizard (1 proc) | × lizard (-t {threads}) | parse lines/s "
        f"| conclave/parse time | functions (lizard / conclave) | CCN equal % "
        f"| CCN equal % w/o lizard phantoms |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        lines = r["lines"]
        ratio = (
            r["lizard_secs"] / r["conclave_secs"]
            if r.get("lizard_secs") and r.get("conclave_secs")
            else None
        )
        ratio1 = (
            r["lizard1_secs"] / r["conclave_secs"]
            if r.get("lizard1_secs") and r.get("conclave_secs")
            else None
        )
        pratio = (
            r["conclave_secs"] / r["parse_secs"]
            if r.get("conclave_secs") and r.get("parse_secs")
            else None
        )
        lf = "n/a" if r.get("lizard_functions") is None else f"{r['lizard_functions']:,}"
        cf = "n/a" if r.get("conclave_functions") is None else f"{r['conclave_functions']:,}"
        eq = "n/a" if r.get("ccn_equal_pct") is None else f"{r['ccn_equal_pct']:.1f}"
        eqr = "n/a" if r.get("ccn_equal_real_pct") is None else f"{r['ccn_equal_real_pct']:.1f}"
        out.append(
            f"| {r['language']} | {lines:,} | {fmt_rate(lines, r.get('lizard1_secs'))} "
            f"| {fmt_rate(lines, r.get('lizard_secs'))} | {fmt_rate(lines, r.get('conclave_secs'))} "
            f"| {fmt_ratio(ratio1)} | {fmt_ratio(ratio)} | {fmt_rate(lines, r.get('parse_secs'))} "
            f"| {fmt_ratio(pratio)} | {lf} / {cf} | {eq} | {eqr} |"
        )
    out.append("")
    out.append("× lizard = lizard time / conclave time (higher: conclave faster); "
               "CCN equal % = share of lizard's functions with a conclave function at the same "
               "place and the same CCN; the last column leaves out lizard's phantom functions "
               "(control statements it reported as functions, e.g. `X::if`).")
    detail = [r for r in rows if r.get("matched_by_line") is not None]
    if detail:
        out.append("")
        out.append("| language | matched by line | matched by name | lizard unmatched | of which phantoms | CCN differs | CCN equal % of matched |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for r in detail:
            em = r.get("ccn_equal_of_matched_pct")
            out.append(
                f"| {r['language']} | {r['matched_by_line']:,} | {r['matched_by_name']:,} "
                f"| {r['lizard_unmatched']:,} | {r.get('lizard_phantoms', 0):,} | {r['ccn_differs']:,} | "
                f"{'n/a' if em is None else f'{em:.1f}'} |"
            )
    return "\n".join(out)


def cmd_bench(a):
    langs = a.langs.split(",") if a.langs else LANGS
    for l in langs:
        if l not in LANGS:
            sys.exit(f"unknown language {l!r}; known: {','.join(LANGS)}")
    have_bin = os.path.isfile(a.conclave) and os.access(a.conclave, os.X_OK)
    if not have_bin:
        print(
            f"note: no conclave binary at {a.conclave}: only lizard is measured "
            "(build it with `cargo build --release -p conclave-cli` or set CONCLAVE_BIN)",
            flush=True,
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"note: load average {load:.2f}: other work is running, timings will be noisy", flush=True)
    rows = [bench_lang(l, a) for l in langs]
    md = table(rows, a.threads)
    try:
        liz_version = subprocess.run([a.lizard, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        liz_version = "?"
    md += f"\n\nlizard {liz_version}; conclave: {a.conclave if have_bin else 'not run'}; {a.threads} threads/workers; best of {a.repeat}."
    print()
    print(md)
    res = os.path.join(a.cache, "results")
    with open(os.path.join(res, "summary.md"), "w") as f:
        f.write(md + "\n")
    with open(os.path.join(res, "summary.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print()
    print(f"raw outputs under {res}/<language>/, mismatch samples in {a.cache}/mismatch-<language>.tsv")


def cmd_corpora(a):
    langs = a.langs.split(",") if a.langs else LANGS
    print("| language | package | version | subfolders | files | lines |")
    print("|---|---|---|---|---:|---:|")
    for lang in langs:
        path = os.path.join(a.cache, "corpora", lang + ".manifest.json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            m = json.load(f)
        subs = ", ".join(m.get("subfolders", []))
        print(
            f"| {lang} | {m.get('package', '?')} | {m.get('version', '?')} | {subs} "
            f"| {m.get('files', 0):,} | {m.get('lines', 0):,} |"
        )
    print()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)

    c = sub.add_parser("collect")
    c.add_argument("--dst", required=True)
    c.add_argument("--manifest", required=True)
    c.add_argument("--map", action="append", required=True, help="SRC_DIR=SUBFOLDER_IN_CORPUS")
    c.add_argument("--ext", action="append", required=True)
    c.add_argument("--exclude-dir", action="append", default=[])
    c.add_argument("--exclude-glob", action="append", default=[])
    c.add_argument("--meta", action="append", default=[], help="KEY=VALUE for the manifest")

    b = sub.add_parser("bench")
    b.add_argument("--cache", required=True)
    b.add_argument("--lizard", required=True)
    b.add_argument("--conclave", required=True)
    b.add_argument("--langs", default="")
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--repeat", type=int, default=3, help="runs of each timed command; the best is kept")
    b.add_argument("--skip-single", action="store_true")

    k = sub.add_parser("corpora")
    k.add_argument("--cache", required=True)
    k.add_argument("--langs", default="")

    a = p.parse_args()
    {"collect": cmd_collect, "bench": cmd_bench, "corpora": cmd_corpora}[a.cmd](a)


if __name__ == "__main__":
    main()

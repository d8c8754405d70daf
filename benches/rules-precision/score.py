#!/usr/bin/env python3
"""Scores Conclave and peer tools against labelled material that other projects wrote.

  score.py python TESTS_DIR OUT_DIR   pylint's functional tests (TESTS_DIR/functional/**/X.py + X.txt)
  score.py go PASSES_DIR OUT_DIR      x/tools analysis passes (PASSES_DIR/P/testdata/**.go, `// want`)
  score.py list pylint|plugins|ruff|go  what ./run enables: pylint symbols and plugins, ruff codes, Go passes

OUT_DIR holds the tools' JSON output written by ./run (conclave-*.json, ruff.json, pylint.json,
labeller-*.json). Prints Markdown tables. Standard library only. The README explains the rules.
"""
import configparser
import csv
import json
import os
import re
import sys
from collections import defaultdict

EXAMPLES = int(os.environ.get("EXAMPLES", "3"))

# pylint symbol -> (message id, old names, extension module that must be loaded or None)
PYLINT_META = {
    "dangerous-default-value": ("W0102", [], None),
    "comparison-with-itself": ("R0124", [], None),
    "literal-comparison": ("R0123", [], None),
    "unreachable": ("W0101", [], None),
    "self-assigning-variable": ("W0127", [], None),
    "bare-except": ("W0702", [], None),
    "broad-exception-caught": ("W0718", ["broad-except", "W0703"], None),
    "singleton-comparison": ("C0121", [], None),
    "too-many-return-statements": ("R0911", [], None),
    "unused-import": ("W0611", [], None),
    "simplifiable-if-statement": ("R1703", ["old-simplifiable-if-statement", "R0102"], None),
    "no-else-return": ("R1705", [], None),
    "no-else-raise": ("R1720", [], None),
    "no-else-break": ("R1723", [], None),
    "no-else-continue": ("R1724", [], None),
    "else-if-used": ("R5501", [], "pylint.extensions.check_elif"),
    "consider-using-enumerate": ("C0200", [], None),
    "consider-iterating-dictionary": ("C0201", [], None),
    "consider-merging-isinstance": ("R1701", [], None),
    "consider-using-join": ("R1713", [], None),
}

# Enabled in the pylint run but not scored: pylint only reports unused imports inside functions
# when unused-variable is enabled too.
PYLINT_HELPERS = ["unused-variable"]

ELSE = r'^Unnecessary "else"'
RUFF_ELSE = r"^Unnecessary `else`"
# Each row: Conclave rule, {pylint symbol: message regex or None}, {ruff code: message regex or None},
# rc options that make a file's labels for this row mean something else (file left out).
PY_ROWS = [
    ("B002 mutable-default-argument", {"dangerous-default-value": None}, {"B006": None}, []),
    ("B003 self-comparison", {"comparison-with-itself": None}, {"PLR0124": None}, []),
    ("B004 identity-instead-of-equality", {"literal-comparison": None}, {"F632": None}, []),
    ("B008 unreachable-code", {"unreachable": None}, {}, []),
    ("B014 self-assignment", {"self-assigning-variable": None}, {"PLW0127": None}, []),
    ("B030 catch-all-handler", {"bare-except": None, "broad-exception-caught": r"exception BaseException$"},
     {"E722": None, "BLE001": r"`BaseException`"}, []),
    ("B031 broad-exception-catch", {"broad-exception-caught": r"exception Exception$"},
     {"BLE001": r"`Exception`"}, []),
    ("R003 if-return-boolean", {"simplifiable-if-statement": r"replaced with 'return "}, {"SIM103": None}, []),
    ("R004 else-after-return", {s: ELSE for s in ("no-else-return", "no-else-raise", "no-else-break",
                                                  "no-else-continue")},
     {c: RUFF_ELSE for c in ("RET505", "RET506", "RET507", "RET508")}, []),
    ("R005 comparison-to-true", {"singleton-comparison": r"^Comparison '[^']*(== True|True ==|!= False|False !=)"},
     {"E712": r"^Avoid (equality comparisons to `True`;|inequality comparisons to `False`;)"}, []),
    ("R006 comparison-to-false", {"singleton-comparison": r"^Comparison '[^']*(== False|False ==|!= True|True !=)"},
     {"E712": r"^Avoid (equality comparisons to `False`;|inequality comparisons to `True`;)"}, []),
    ("R009 lonely-if-in-else", {"else-if-used": None}, {"PLR5501": None}, []),
    ("R010 range-len-loop", {"consider-using-enumerate": None}, {}, []),
    ("R012 dict-keys-iteration", {"consider-iterating-dictionary": None}, {"SIM118": None}, []),
    ("R013 isinstance-merge", {"consider-merging-isinstance": None}, {"SIM101": None}, []),
    ("R015 comparison-to-none", {"singleton-comparison": r"^Comparison '[^']*\bNone\b"}, {"E711": None}, []),
    ("R016 too-many-returns", {"too-many-return-statements": None}, {"PLR0911": None}, ["max-returns"]),
    ("R017 unused-import", {"unused-import": None}, {"F401": None}, []),
    ("P001 string-concat-in-loop", {"consider-using-join": None}, {},
     ["suggest-join-with-non-empty-separator"]),
]

# Go: Conclave rule, x/tools pass (testdata dir and analyzer name), regex a `want` pattern must match.
GO_ROWS = [
    ("B008 unreachable-code", "unreachable", None),
    ("B014 self-assignment", "assign", None),
    ("B032 null-dereference-after-check", "nilness", r"nil dereference"),
    ("B037 loop-variable-capture", "loopclosure", None),
]


def wanted(regex, message):
    return regex is None or re.search(regex, message) is not None


# ---------------------------------------------------------------- pylint material

PRAGMA = re.compile(r"#\s*pylint:\s*(disable-next|disable-msg|disable|enable-msg|enable|skip-file)\b\s*=?\s*([\w\-, ]*)")
CLAUSE = re.compile(r"^\s*(elif|else|except|finally)\b")
BLOCK_START = re.compile(r"^\s*(@|(async\s+)?(def|class|if|elif|else|for|while|with|try|except|finally|match|case)\b)")


def pragma_names(text):
    return {n.strip() for n in text.split(",") if n.strip()}


def disabled_lines(lines, names):
    """1-based lines where pylint would not report any of `names` (see README: scopes approximated)."""
    def indent(s):
        return len(s) - len(s.lstrip())

    def is_code(s):
        return s.strip() and not s.strip().startswith("#")

    off, n = set(), len(lines)
    for i, line in enumerate(lines):
        for kind, arg in PRAGMA.findall(line):
            if kind == "skip-file":
                return set(range(1, n + 1))
            if kind.startswith("enable") or not (pragma_names(arg) & names):
                continue
            if kind == "disable-next":
                off.add(i + 2)
                continue
            standalone = line.strip().startswith("#")
            if not standalone and not BLOCK_START.match(line):
                off.add(i + 1)
                continue
            col = indent(line)
            j = i + 1
            while j < n:
                nxt = lines[j]
                if is_code(nxt) and (indent(nxt) < col if standalone else
                                     indent(nxt) < col or indent(nxt) == col and not CLAUSE.match(nxt)):
                    break
                en = [a for k, a in PRAGMA.findall(nxt) if k.startswith("enable")]
                if any(pragma_names(a) & names for a in en):
                    break
                j += 1
            off.update(range(i + 1, j + 1))
    return off


def header_end(lines, line):
    """Last line of the def/class header that starts on `line` (pylint labels the first line only)."""
    if not 0 < line <= len(lines) or not re.match(r"\s*(async\s+)?(def|class)\b", lines[line - 1]):
        return line
    depth = 0
    for i in range(line - 1, min(len(lines), line + 60)):
        code = re.sub(r"#.*", "", re.sub(r"(\"[^\"]*\"|'[^']*')", "", lines[i]))
        depth += sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
        if depth <= 0 and code.rstrip().endswith(":"):
            return i + 1
    return line


def read_rc(path):
    cp = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        cp.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return {}
    opts = {}
    for sec in cp.sections():
        for k, v in cp.items(sec):
            opts[k.replace("_", "-")] = v
    return opts


def load_pylint_suite(tests):
    """Files (relative to tests/), labels, rc options, sources and version-gated files."""
    files, labels, rcs, src, gated = [], defaultdict(list), {}, {}, set()
    for d, _, names in os.walk(os.path.join(tests, "functional")):
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(d, name)
            rel = os.path.relpath(path, tests)
            files.append(rel)
            with open(path, encoding="utf-8", errors="replace") as f:
                src[rel] = f.read().splitlines()
            base = path[:-3]
            rcs[rel] = read_rc(base + ".rc") if os.path.exists(base + ".rc") else {}
            if {"min-pyver", "max-pyver"} & set(rcs[rel]):
                gated.add(rel)
            if os.path.exists(base + ".txt"):
                with open(base + ".txt", encoding="utf-8", newline="") as f:
                    for row in csv.reader(f, delimiter=":", quotechar='"'):
                        if len(row) >= 7 and row[1].isdigit():
                            line = int(row[1])
                            end = max(int(row[3]) if row[3].isdigit() else line, header_end(src[rel], line))
                            labels[rel].append((row[0], line, end, row[6]))
    return sorted(files), labels, rcs, src, gated


def python_main(tests, out):
    files, suite_labels, rcs, src, gated = load_pylint_suite(tests)
    norm = lambda p: os.path.relpath(os.path.abspath(os.path.join(tests, p)), tests)
    conclave = [(norm(f["path"]), f["rule_id"], "", f["span"]["start"]["line"], f["span"]["end"]["line"])
                for x in load_json(out, "conclave-python.json")["files"] for f in x["findings"]]
    ruff = [(norm(d["filename"]), d["code"], d["message"], d["location"]["row"], d["end_location"]["row"])
            for d in load_json(out, "ruff.json") if d.get("code")]
    pyl = [(norm(d["path"]), d["symbol"], d["message"], d["line"], d.get("endLine") or d["line"])
           for d in load_json(out, "pylint.json")]
    rows, notes = [], []
    for rule, symbols, codes, rc_opts in PY_ROWS:
        names = {"all"}
        for s in symbols:
            msgid, old, _ = PYLINT_META[s]
            names |= {s, msgid, msgid[0], *old}
        scope, out_of_scope = {}, []
        for f in files:
            rc = rcs[f]
            ext_missing = any(PYLINT_META[s][2] and PYLINT_META[s][2] not in rc.get("load-plugins", "")
                              for s in symbols)
            rc_disabled = (pragma_names(rc.get("disable", "").replace("\n", ",")) & names
                           and not pragma_names(rc.get("enable", "").replace("\n", ",")) & set(symbols))
            if ext_missing or rc_disabled or any(o in rc for o in rc_opts):
                out_of_scope.append(os.path.relpath(f, "functional"))
                continue
            scope[f] = disabled_lines(src[f], names)
        labels = {}
        for f in scope:
            for sym, line, end, msg in suite_labels.get(f, []):
                if sym in symbols and wanted(symbols[sym], msg) and line not in scope[f]:
                    labels[(f, line)] = max(end, labels.get((f, line), line))
        tools = {
            "conclave": [x for x in conclave if x[1] == rule.split()[0]],
            "ruff": [x for x in ruff if x[1] in codes and wanted(codes[x[1]], x[2])] if codes else None,
            "pylint": [x for x in pyl if x[1] in symbols and wanted(symbols[x[1]], x[2])],
        }
        res = {t: score(labels, fs, scope) if fs is not None else None for t, fs in tools.items()}
        gated_labels = sum(1 for f, _ in labels if f in gated)
        sym = ", ".join(s + ("*" if symbols[s] else "") for s in symbols)
        rows.append((rule, sym, len(scope), len(labels), res))
        notes.append((rule, gated_labels, set(out_of_scope)))
    broken = {"conclave": {x[0] for x in conclave if x[1] == "SX001"},
              "ruff": {x[0] for x in ruff if x[1] == "invalid-syntax"},
              "pylint": {x[0] for x in pyl if x[1] in ("syntax-error", "astroid-error", "fatal")}}
    common = set.intersection(*(n[2] for n in notes))
    lines = [f"every row: {len(common)} files whose .rc disables all (or C,R,W) and enables other messages only: "
             + ", ".join(sorted(common))]
    for rule, gated_labels, oos in notes:
        extra = sorted(oos - common)
        why = ", ".join(extra) if len(extra) <= 8 else f"{len(extra)} files whose .rc does not load the extension"
        lines.append(f"{rule}: {gated_labels} labels in version-gated files" + (f"; also out: {why}" if extra else ""))
    lines.append("files a tool could not parse (fully): " + ", ".join(f"{t} {len(v)}" for t, v in broken.items()))
    notes = lines
    print("### Python: pylint %s functional tests\n" % os.path.basename(os.path.dirname(tests)).split("-")[-1])
    print_table(rows, ["conclave", "ruff", "pylint"], "pylint symbol (* = by message)", src)
    print("\n<details><summary>scope notes</summary>\n\n" + "\n".join("- " + n for n in notes) + "\n</details>")


# ---------------------------------------------------------------- Go material

WANT = re.compile(r"(?://|/\*)\s*want\s+(.*)")
PATTERN = re.compile(r'(\w+:)?("(?:[^"\\]|\\.)*"|`[^`]*`)')


def go_main(passes, out):
    conclave = load_json(out, "conclave-go.json")["files"]
    rows, src = [], {}
    for rule, pas, regex in GO_ROWS:
        root = os.path.join(passes, pas, "testdata")
        scope, labels = {}, {}
        for d, _, names in os.walk(root):
            for name in names:
                if not name.endswith(".go"):
                    continue
                rel = os.path.relpath(os.path.join(d, name), passes)
                scope[rel] = set()
                with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                    src[rel] = f.read().splitlines()
                for i, line in enumerate(src[rel], 1):
                    m = WANT.search(line)
                    for fact, pat in PATTERN.findall(m.group(1)) if m else []:
                        if not fact and wanted(regex, pat[1:-1]):
                            labels[(rel, i)] = i
        norm = lambda p: os.path.relpath(os.path.abspath(os.path.join(passes, p)), passes)
        mine = [(norm(f["path"]), f["rule_id"], "", f["span"]["start"]["line"], f["span"]["end"]["line"])
                for x in conclave for f in x["findings"] if f["rule_id"] == rule.split()[0]]
        vet = []
        for obj in load_json_stream(out, f"labeller-{pas}.json"):
            for analyzers in obj.values():
                for d in analyzers.get(pas, []) if isinstance(analyzers.get(pas), list) else []:
                    path, line = d["posn"].rsplit(":", 2)[:2]
                    if wanted(regex, d["message"]):
                        vet.append((norm(path), pas, d["message"], int(line), int(line)))
        res = {"conclave": score(labels, mine, scope), "go vet pass": score(labels, vet, scope)}
        rows.append((rule, pas + ("*" if regex else ""), len(scope), len(labels), res))
    print("### Go: testdata of the x/tools analysis passes (Debian golang-golang-x-tools-dev)\n")
    print_table(rows, ["conclave", "go vet pass"], "x/tools pass (* = by message)", src)


# ---------------------------------------------------------------- shared

def load_json(out, name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return json.load(f)


def load_json_stream(out, name):
    """The checkers print one JSON object per package; read them all."""
    path = os.path.join(out, name)
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    dec, i, objs = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return objs
        obj, i = dec.raw_decode(text, i)
        objs.append(obj)


def score(labels, findings, scope):
    """A finding matches a label of the same file when their line ranges overlap."""
    by_file = defaultdict(list)
    for (f, line), end in labels.items():
        by_file[f].append((line, end))
    found, tp, fps = set(), 0, []
    seen = set()
    for f, _, _, start, end in findings:
        if f not in scope or start in scope[f] or (f, start) in seen:
            continue
        seen.add((f, start))
        hits = [(a, b) for a, b in by_file.get(f, []) if a <= max(start, end) and start <= b]
        if hits:
            tp += 1
            found.update((f, a) for a, _ in hits)
        else:
            fps.append((f, start))
    fns = sorted(k for k in labels if k not in found)
    return {"tp": tp, "fp": len(fps), "fn": len(fns), "found": len(labels) - len(fns),
            "labels": len(labels), "fps": sorted(fps), "fns": fns}


def pr(r):
    if r is None:
        return "—"
    p = f"{r['tp'] / (r['tp'] + r['fp']):.2f}" if r["tp"] + r["fp"] else "–"
    rec = f"{r['found'] / r['labels']:.2f}" if r["labels"] else "–"
    return f"{p} / {rec}"


def counts(r):
    return "—" if r is None else f"{r['tp']}/{r['fp']}/{r['fn']}"


def total(rows, tool, only_common):
    acc = {"tp": 0, "fp": 0, "fn": 0, "found": 0, "labels": 0}
    for *_, res in rows:
        if res[tool] is None or (only_common and any(v is None for v in res.values())):
            continue
        for k in acc:
            acc[k] += res[tool][k]
    return acc


def print_table(rows, tools, label_col, src):
    print(f"| rule | {label_col} | files | labels | " + " | ".join(f"{t} P / R" for t in tools) + " |")
    print("|---|---|---:|---:|" + "---:|" * len(tools))
    for rule, sym, nfiles, nlabels, res in rows:
        print(f"| {rule} | {sym} | {nfiles} | {nlabels} | " + " | ".join(pr(res[t]) for t in tools) + " |")
    partial = any(v is None for *_, res in rows for v in res.values())
    for name, common in (("**total** (each tool over the rows it maps)", False),
                         ("**total, rows every tool maps**", True))[:2 if partial else 1]:
        tot = {t: total(rows, t, common) for t in tools}
        print(f"| {name} | | | {max(v['labels'] for v in tot.values())} | "
              + " | ".join(f"**{pr(tot[t])}**" for t in tools) + " |")
    print("\nCounts, TP/FP/FN (TP counts findings, FN counts labels):\n")
    print("| rule | " + " | ".join(tools) + " |")
    print("|---|" + "---:|" * len(tools))
    for rule, _, _, _, res in rows:
        print(f"| {rule} | " + " | ".join(counts(res[t]) for t in tools) + " |")
    if EXAMPLES <= 0:
        return
    print(f"\nConclave's extra findings (FP) and misses (FN), first {EXAMPLES} of each:\n")
    for rule, _, _, _, res in rows:
        r = res["conclave"]
        for kind, items in (("FP", r["fps"]), ("FN", r["fns"])):
            for f, line in items[:EXAMPLES]:
                code = src[f][line - 1].strip() if f in src and line <= len(src[f]) else ""
                print(f"- {rule.split()[0]} {kind} `{f}:{line}`: `{code[:100]}`")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "list":
        sys.exit(print({"pylint": ",".join([*PYLINT_META, *PYLINT_HELPERS]),
                        "plugins": ",".join(sorted({m[2] for m in PYLINT_META.values() if m[2]})),
                        "ruff": ",".join(sorted({c for row in PY_ROWS for c in row[2]})),
                        "go": " ".join(sorted({row[1] for row in GO_ROWS}))}[sys.argv[2]]))
    if len(sys.argv) != 4 or sys.argv[1] not in ("python", "go"):
        sys.exit(__doc__)
    (python_main if sys.argv[1] == "python" else go_main)(os.path.abspath(sys.argv[2]), sys.argv[3])

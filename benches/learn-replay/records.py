#!/usr/bin/env python3
"""Writes one JSON line per scored Conclave finding of the rules-precision bench, with its label.

  records.py PYLINT_TESTS_DIR GO_PASSES_DIR|- OUT_DIR > replay.jsonl

OUT_DIR holds conclave-python.json and conclave-go.json as benches/rules-precision/run writes them.
A record is {"rule", "language", "file", "line", "confidence", "label"}: label is true when the
finding overlaps a label of the mapped pylint symbol or x/tools pass. Only findings that
rules-precision scores become records (mapped rules, files and lines in scope, one per rule, file
and start line), so the records' true/false counts equal its TP/FP columns. Sorted by language,
file, line, rule. Standard library only; the scoring helpers are imported from score.py.
"""
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules-precision"))
import score  # noqa: E402  (benches/rules-precision/score.py)


def overlaps(labels, f, start, end):
    return any(a <= max(start, end) and start <= b for (lf, a), b in labels.items() if lf == f)


def records_of(rule, language, labels, findings, scope):
    """The findings score.score() counts, with their labels (same order and de-duplication)."""
    seen = set()
    for f, start, end, confidence in findings:
        if f not in scope or start in scope[f] or (f, start) in seen:
            continue
        seen.add((f, start))
        yield {"rule": rule, "language": language, "file": f, "line": start,
               "confidence": confidence, "label": overlaps(labels, f, start, end)}


def conclave_findings(out, name, root):
    norm = lambda p: os.path.relpath(os.path.abspath(os.path.join(root, p)), root)
    by_rule = defaultdict(list)
    for x in score.load_json(out, name)["files"]:
        for f in x["findings"]:
            by_rule[f["rule_id"]].append((norm(f["path"]), f["span"]["start"]["line"],
                                          f["span"]["end"]["line"], f["confidence"]))
    return by_rule


def python_records(tests, out):
    """Mirrors score.python_main's scope: rc files, extensions and inline pragmas."""
    files, suite_labels, rcs, src, _ = score.load_pylint_suite(tests)
    mine = conclave_findings(out, "conclave-python.json", tests)
    for rule, symbols, _, rc_opts in score.PY_ROWS:
        names = {"all"}
        for s in symbols:
            msgid, old, _ = score.PYLINT_META[s]
            names |= {s, msgid, msgid[0], *old}
        scope = {}
        for f in files:
            rc = rcs[f]
            ext_missing = any(score.PYLINT_META[s][2] and score.PYLINT_META[s][2] not in rc.get("load-plugins", "")
                              for s in symbols)
            rc_disabled = (score.pragma_names(rc.get("disable", "").replace("\n", ",")) & names
                           and not score.pragma_names(rc.get("enable", "").replace("\n", ",")) & set(symbols))
            if ext_missing or rc_disabled or any(o in rc for o in rc_opts):
                continue
            scope[f] = score.disabled_lines(src[f], names)
        labels = {}
        for f in scope:
            for sym, line, end, msg in suite_labels.get(f, []):
                if sym in symbols and score.wanted(symbols[sym], msg) and line not in scope[f]:
                    labels[(f, line)] = max(end, labels.get((f, line), line))
        rid = rule.split()[0]
        yield from records_of(rid, "python", labels, mine.get(rid, []), scope)


def go_records(passes, out):
    """Mirrors score.go_main: `// want` comments of each pass's testdata."""
    mine = conclave_findings(out, "conclave-go.json", passes)
    for rule, pas, regex in score.GO_ROWS:
        scope, labels = {}, {}
        for d, _, names in os.walk(os.path.join(passes, pas, "testdata")):
            for name in names:
                if not name.endswith(".go"):
                    continue
                rel = os.path.relpath(os.path.join(d, name), passes)
                scope[rel] = set()
                with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                    for i, line in enumerate(f.read().splitlines(), 1):
                        m = score.WANT.search(line)
                        for fact, pat in score.PATTERN.findall(m.group(1)) if m else []:
                            if not fact and score.wanted(regex, pat[1:-1]):
                                labels[(rel, i)] = i
        rid = rule.split()[0]
        yield from records_of(rid, "go", labels, mine.get(rid, []), scope)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tests, passes, out = sys.argv[1:]
    recs = list(python_records(os.path.abspath(tests), out))
    if passes != "-":
        recs += go_records(os.path.abspath(passes), out)
    recs.sort(key=lambda r: (r["language"], r["file"], r["line"], r["rule"]))
    for r in recs:
        print(json.dumps(r, separators=(",", ":")))


if __name__ == "__main__":
    main()

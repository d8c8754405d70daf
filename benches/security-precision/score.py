#!/usr/bin/env python3
"""Scores security findings against labels that other projects wrote. Standard library only.

    score.py python BANDIT_SRC OUT   Bandit's examples/*.py, labels checked against the expected
                                     counts in its tests/functional/test_functional.py
    score.py js CASES OUT            the RuleTester cases of eslint-plugin-security and
                                     eslint-plugin-security-node, one file per case (CASES/manifest.json)
    score.py labels python BANDIT_SRC OUT | labels js CASES
                                     the labels as JSON lines (for inspection)

OUT holds the tools' raw outputs, written by `run`: bandit.json, ruff.json, conclave-python.json,
eslint.json, semgrep-js.json, conclave-js.json, conclave-rules.json. A missing output prints as
"n/a". See README.md for how labels are derived and how every rule maps to a class.
"""
import ast
import json
import os
import re
import sys
from collections import Counter, defaultdict

# ---------------------------------------------------------------------------------------------
# Classes: a CWE number maps to at most one class. Tools whose rules carry CWE numbers (Conclave,
# semgrep rules) are mapped through this table; rules without CWE metadata (ruff, ESLint plugins)
# and rules whose declared CWE is generic (Bandit's CWE-20 for XML and YAML) through the tables
# below, written by us from the rules' documentation.
CLASSES = [  # (key, title, CWE numbers)
    ("sqli", "CWE-89 SQL injection", (89, 564)),
    ("nosqli", "CWE-943 NoSQL injection", (943,)),
    ("cmd", "CWE-78 OS command injection", (78, 77, 88)),
    ("code", "CWE-94/95 code injection", (94, 95, 96)),
    ("path", "CWE-22 path traversal", (22, 23, 36, 73)),
    ("xss", "CWE-79 XSS", (79, 80)),
    ("ssrf", "CWE-918 SSRF", (918,)),
    ("deser", "CWE-502 deserialization", (502,)),
    ("xxe", "CWE-611 XXE", (611,)),
    ("crypto", "CWE-327/328 weak crypto or hash", (327, 328, 326)),
    ("random", "CWE-330 weak random", (330, 338)),
    ("secrets", "CWE-798 hard-coded secret", (798, 259, 321)),
    ("tls", "CWE-295 TLS verification off", (295, 297)),
    ("tmp", "CWE-377 insecure temp file", (377,)),
    ("cookie", "CWE-614/1004 cookie flags", (614, 1004)),
    ("log", "CWE-117 log injection", (117,)),
    ("redirect", "CWE-601 open redirect", (601,)),
    ("ldap", "CWE-90 LDAP injection", (90,)),
    ("xpath", "CWE-643 XPath injection", (643,)),
]
TITLE = {k: t for k, t, _ in CLASSES}
ORDER = {k: i for i, (k, _, _) in enumerate(CLASSES)}
CLASS_OF_CWE = {n: k for k, _, ns in CLASSES for n in ns}

# Bandit test ids (and ruff's S rules, which carry the same numbers: S602 is B602) -> class.
# Ids left out are not scored: their lines are neutral (a finding there is neither TP nor FP).
#   B603/B606/B607 (a process started without a shell, or by a partial path: review hints),
#   B4xx (imports of a module: not a use), B101, B103, B104, B110, B112, B113, B201, B310, B312,
#   B321, B401, B402, B412, B508, B509, B609, B613, B615.
# Where our class differs from the CWE Bandit itself reports (issue_cwe), the comment says so.
BANDIT_CLASS = {
    "B102": "code",  # exec; Bandit says CWE-78
    "B307": "code",  # eval; Bandit says CWE-78
    "B612": "code",  # logging.config.listen
    "B608": "sqli", "B610": "sqli", "B611": "sqli",
    "B601": "cmd", "B602": "cmd", "B604": "cmd", "B605": "cmd",
    "B202": "path",  # tarfile.extractall without member filtering
    "B308": "xss", "B703": "xss", "B704": "xss", "B702": "xss",
    "B701": "xss",  # jinja2 autoescape=False; Bandit says CWE-94
    "B301": "deser", "B302": "deser", "B614": "deser",
    "B506": "deser",  # yaml.load; Bandit says CWE-20
    "B313": "xxe", "B314": "xxe", "B315": "xxe", "B316": "xxe",  # xml parsers; Bandit says CWE-20
    "B317": "xxe", "B318": "xxe", "B319": "xxe", "B320": "xxe",
    "B303": "crypto", "B304": "crypto", "B305": "crypto", "B324": "crypto",
    "B502": "crypto", "B503": "crypto", "B504": "crypto", "B505": "crypto",
    "B311": "random",
    "B105": "secrets", "B106": "secrets", "B107": "secrets",  # Bandit says CWE-259
    "B501": "tls", "B507": "tls", "B323": "tls",
    "B108": "tmp", "B306": "tmp",
}


def ruff_class(code):
    if code and code.startswith("S") and code[1:].isdigit():
        return BANDIT_CLASS.get("B" + code[1:])
    return None


# ESLint rules (and the labelled RuleTester suites, keyed the same way) -> class.
# Left out, so not scored: detect-bidi-characters, detect-invisible-characters (trojan source),
# detect-buffer-noassert, detect-new-buffer, detect-buffer-unsafe-allocation (memory),
# detect-no-csrf-before-method-override (CSRF), detect-non-literal-regexp, detect-unsafe-regex,
# non-literal-reg-expr (ReDoS), detect-object-injection, detect-possible-timing-attacks,
# detect-absence-of-name-option-in-exrpress-session, detect-improper-exception-handling,
# detect-unhandled-*-errors, detect-option-multiplestatements-in-mysql (a setting that only makes
# an injection worse).
ESLINT_CLASS = {
    "security/detect-child-process": "cmd",
    "security/detect-disable-mustache-escape": "xss",
    "security/detect-eval-with-expression": "code",
    "security/detect-non-literal-fs-filename": "path",
    "security/detect-non-literal-require": "code",
    "security/detect-pseudoRandomBytes": "random",
    "security-node/detect-child-process": "cmd",
    "security-node/detect-crlf": "log",
    "security-node/detect-dangerous-redirects": "redirect",
    "security-node/detect-eval-with-expr": "code",
    "security-node/detect-html-injection": "xss",
    "security-node/detect-insecure-randomness": "random",
    "security-node/detect-non-literal-require-calls": "code",
    "security-node/detect-nosql-injection": "nosqli",
    "security-node/detect-option-rejectunauthorized-in-nodejs-httpsrequest": "tls",
    "security-node/detect-option-unsafe-in-serialize-javascript-npm-package": "xss",
    "security-node/detect-runinthiscontext-method-in-nodes-vm": "code",
    "security-node/detect-security-missconfiguration-cookie": "cookie",
    "security-node/detect-sql-injection": "sqli",
    "security-node/disable-ssl-across-node-server": "tls",
}


def cwe_numbers(value):
    """CWE numbers from a finding's or rule's metadata: 89, "CWE-89", "cwe-89: ...", lists."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [n for v in value for n in cwe_numbers(v)]
    if isinstance(value, int):
        return [value]
    m = re.match(r"\s*(?:cwe-?)?(\d+)", str(value), re.I)
    return [int(m.group(1))] if m else []


def classes_of_cwes(numbers):
    return sorted({CLASS_OF_CWE[n] for n in numbers if n in CLASS_OF_CWE}, key=ORDER.get)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------- tool readers
# Every reader returns {relative path: [(start line, end line, class, rule)]} or None (no output).

def read_conclave(out, name, root):
    data = load(os.path.join(out, name))
    if data is None:
        return None
    rules = load(os.path.join(out, "conclave-rules.json")) or []
    rule_cwe = {r.get("id"): r.get("cwe") for r in rules if isinstance(r, dict)}
    found = defaultdict(list)
    for f in data.get("files", []):
        for x in f.get("findings", []):
            cwes = cwe_numbers(x.get("cwe")) or cwe_numbers(rule_cwe.get(x.get("rule_id")))
            span = x.get("span") or {}
            a = (span.get("start") or {}).get("line", 0)
            b = (span.get("end") or {}).get("line", a)
            path = os.path.relpath(os.path.join(root, x.get("path") or f.get("path")), root)
            for c in classes_of_cwes(cwes):
                found[norm(path)].append((a, b, c, x.get("rule_id")))
    return found


def norm(path):
    return os.path.normpath(path).replace(os.sep, "/")


def read_bandit(out):
    data = load(os.path.join(out, "bandit.json"))
    if data is None:
        return None, None
    found = defaultdict(list)
    for r in data.get("results", []):
        lines = r.get("line_range") or [r["line_number"]]
        c = BANDIT_CLASS.get(r["test_id"])
        if c:
            found[norm(r["filename"])].append((min(lines), max(lines), c, r["test_id"]))
    return found, data


def read_ruff(out, root):
    data = load(os.path.join(out, "ruff.json"))
    if data is None:
        return None
    found = defaultdict(list)
    for d in data:
        c = ruff_class(d.get("code"))
        if not c:
            continue
        path = os.path.relpath(os.path.join(root, d["filename"]), root)
        found[norm(path)].append((d["location"]["row"], d["end_location"]["row"], c, d["code"]))
    return found


def read_eslint(out, prefix, base):
    data = load(os.path.join(out, "eslint.json"))
    if data is None:
        return None
    found = defaultdict(list)
    for f in data:
        path = norm(os.path.relpath(f["filePath"], base))
        for m in f.get("messages", []):
            rid = m.get("ruleId") or ""
            if not rid.startswith(prefix + "/"):
                continue
            c = ESLINT_CLASS.get(rid)
            if c:
                found[path].append((m.get("line", 0), m.get("endLine") or m.get("line", 0), c, rid))
    return found


def eslint_fatal(out, base):
    data = load(os.path.join(out, "eslint.json")) or []
    return {norm(os.path.relpath(f["filePath"], base)) for f in data
            if any(m.get("fatal") for m in f.get("messages", []))}


def read_semgrep(out, name):
    data = load(os.path.join(out, name))
    if data is None:
        return None
    found = defaultdict(list)
    for r in data.get("results", []):
        meta = (r.get("extra") or {}).get("metadata") or {}
        for c in classes_of_cwes(cwe_numbers(meta.get("cwe"))):
            found[norm(r["path"])].append((r["start"]["line"], r["end"]["line"], c, r["check_id"].split(".")[-1]))
    return found


# --------------------------------------------------------------------------------- Python labels

def functional_expectations(test_file):
    """{example path: [(expected counts, excluded test ids)]} from Bandit's functional tests.

    Calls that change the configuration (a test set built from a modified config, a plugin's
    _config, ignore_nosec=True) or whose expectation is not a literal are left out."""
    tree = ast.parse(open(test_file, encoding="utf-8").read())
    expect = defaultdict(list)

    def literal(node):
        try:
            return ast.literal_eval(node)
        except (ValueError, SyntaxError, TypeError):
            return None

    def changes_config(fn):
        for n in ast.walk(fn):
            if isinstance(n, (ast.Assign, ast.AugAssign)):
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                    src = ast.unparse(t)
                    if "config" in src or "_config" in src or "b_conf" in src:
                        return True
        return False

    class Visitor(ast.NodeVisitor):
        def __init__(self):
            self.vars = {}
            self.excludes = []  # stack; None = a custom test set we cannot reproduce
        def visit_Assign(self, node):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    self.vars[t.id] = literal(node.value)
            self.generic_visit(node)
        def visit_With(self, node):
            pushed = 0
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and ast.unparse(call.func).endswith("with_test_set"):
                    ex = None
                    inner = call.args[0] if call.args else None
                    if isinstance(inner, ast.Call):
                        kw = {k.arg: k.value for k in inner.keywords}
                        if ast.unparse(kw.get("config", ast.Constant(None))) == "self.b_mgr.b_conf":
                            prof = literal(kw["profile"]) if "profile" in kw else {}
                            if isinstance(prof, dict) and set(prof) <= {"exclude"}:
                                ex = list(prof.get("exclude", []))
                    self.excludes.append(ex)
                    pushed += 1
            for s in node.body:
                self.visit(s)
            for _ in range(pushed):
                self.excludes.pop()
        def visit_Call(self, node):
            if ast.unparse(node.func) == "self.check_example" and node.args:
                name = literal(node.args[0])
                arg = node.args[1] if len(node.args) > 1 else None
                exp = self.vars.get(arg.id) if isinstance(arg, ast.Name) else literal(arg) if arg else None
                nosec = any(k.arg == "ignore_nosec" and literal(k.value) for k in node.keywords)
                ex = [] if not self.excludes else (None if None in self.excludes else sum(self.excludes, []))
                if isinstance(name, str) and isinstance(exp, dict) and not nosec and ex is not None:
                    expect["examples/" + name].append((exp, set(ex)))
            self.generic_visit(node)

    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name.startswith("test_") and not changes_config(fn):
            Visitor().visit(fn)
    return expect


def python_labels(src, out):
    """The labelled files and their labels: [(file, first line, last line, class or None, id, severity)].

    A file is in the set when its functional test expects exactly the counts (per severity and per
    confidence) that Bandit's own run here produced; its labels are then those issues."""
    _, data = read_bandit(out)
    if data is None:
        sys.exit("score.py: no bandit.json: the Python labels come from Bandit's run")
    expect = functional_expectations(os.path.join(src, "tests", "functional", "test_functional.py"))
    by_file = defaultdict(list)
    for r in data.get("results", []):
        by_file[norm(r["filename"])].append(r)
    files, mismatched, labels = [], [], []
    for path, calls in sorted(expect.items()):
        ok = False
        for exp, excluded in calls:
            got = {k: {r: 0 for r in ("UNDEFINED", "LOW", "MEDIUM", "HIGH")} for k in ("SEVERITY", "CONFIDENCE")}
            for r in by_file.get(path, []):
                if r["test_id"] in excluded:
                    continue
                got["SEVERITY"][r["issue_severity"]] += 1
                got["CONFIDENCE"][r["issue_confidence"]] += 1
            if got == exp:
                ok = True
                kept = [r for r in by_file.get(path, []) if r["test_id"] not in excluded]
                break
        if not ok:
            mismatched.append(path)
            continue
        files.append(path)
        # Lines the authors suppressed with `# nosec` (some examples test exactly that): Bandit
        # stays silent there by design, other tools have their own suppression syntax. Neutral.
        try:
            with open(os.path.join(src, path), encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    if re.search(r"#\s*nosec\b", line):
                        labels.append((path, n, n, None, "nosec", "UNDEFINED"))
        except OSError:
            pass
        for r in by_file.get(path, []):
            if r["test_id"] in excluded:  # the test switches this id off: its lines are neutral
                lines = r.get("line_range") or [r["line_number"]]
                labels.append((path, min(lines), max(lines), None, r["test_id"] + " (excluded)", r["issue_severity"]))
        for r in kept:
            lines = r.get("line_range") or [r["line_number"]]
            labels.append((path, min(lines), max(lines), BANDIT_CLASS.get(r["test_id"]), r["test_id"],
                           r["issue_severity"]))
    every = sorted(norm(os.path.relpath(os.path.join(d, f), src))
                   for d, _, fs in os.walk(os.path.join(src, "examples")) for f in fs if f.endswith(".py"))
    untested = [p for p in every if p not in expect]
    return files, (mismatched, untested), labels


def score_lines(files, labels, found):
    """Per class: tp, fp, fn, and recall on labels Bandit rates MEDIUM or HIGH (hit, of)."""
    fileset = set(files)
    by_file = defaultdict(list)
    for lab in labels:
        by_file[lab[0]].append(lab)
    res = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "hm": 0, "m": 0})
    if found is None:
        return None
    hit = set()
    seen = set()
    for path, items in found.items():
        if path not in fileset:
            continue
        for a, b, c, _rule in items:
            if (path, a, c) in seen:  # one finding per line and class
                continue
            seen.add((path, a, c))
            over = [lab for lab in by_file[path] if lab[1] <= b and a <= lab[2]]
            same = [lab for lab in over if lab[3] == c]
            if same:
                res[c]["tp"] += 1
                hit.update(same)
            elif any(lab[3] is None for lab in over):
                continue  # a line the authors expect an unscored issue on: neutral
            else:
                res[c]["fp"] += 1
    for lab in labels:
        if lab[3] is None:
            continue
        strong = lab[5] in ("MEDIUM", "HIGH")
        res[lab[3]]["m"] += strong
        if lab in hit:
            res[lab[3]]["hm"] += strong
        else:
            res[lab[3]]["fn"] += 1
    return res


def pct(n, d):
    return "–" if d == 0 else f"{100.0 * n / d:.0f}%"


def report_python(src, out):
    files, mismatched, labels = python_labels(src, out)
    bandit, _ = read_bandit(out)
    tools = [
        ("Bandit (labeller)", bandit),
        ("ruff --select S", read_ruff(out, src)),
        ("semgrep", None),
        ("Conclave", read_conclave(out, "conclave-python.json", src)),
    ]
    scored = [lab for lab in labels if lab[3]]
    unscored = [lab for lab in labels if not lab[3] and lab[4] != "nosec"]
    nosec = len(labels) - len(scored) - len(unscored)
    per_class = Counter(lab[3] for lab in scored)
    strong = Counter(lab[3] for lab in scored if lab[5] in ("MEDIUM", "HIGH"))
    results = [(name, score_lines(files, labels, f)) for name, f in tools]
    print(f"### Python: Bandit {bandit_version(out)} examples ({len(files)} files whose functional test "
          f"matches; {len(mismatched[0]) + len(mismatched[1])} left out; {len(scored)} scored labels, "
          f"{len(unscored)} unscored, {nosec} `# nosec` lines neutral)")
    print()
    print("Line-level labels, positives only: precision P and recall R per class "
          "(R≥M: recall on the labels Bandit rates MEDIUM or HIGH severity).")
    print()
    head = "| class | labels (≥M) |" + "".join(f" {n} P / R |" for n, _ in results)
    print(head)
    print("|---|---:|" + "---:|" * len(results))
    classes = sorted(per_class, key=ORDER.get)
    for c in classes + ["all"]:
        row = f"| {TITLE.get(c, '**all classes**')} | {sum(per_class.values()) if c == 'all' else per_class[c]}" \
              f" ({sum(strong.values()) if c == 'all' else strong[c]}) |"
        for _, r in results:
            if r is None:
                row += " n/a |"
                continue
            cells = list(r.values()) if c == "all" else [r[c]]
            tp, fp, fn = (sum(x[k] for x in cells) for k in ("tp", "fp", "fn"))
            row += f" {pct(tp, tp + fp)} / {pct(tp, tp + fn)} |"
        print(row)
    extra = sorted({c for _, r in results if r for c in r if c not in per_class}, key=ORDER.get)
    print()
    print("| tool | TP | FP | FN | precision | recall | R≥M |" )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results:
        if r is None:
            print(f"| {name} | n/a | | | | | |")
            continue
        tp, fp, fn, hm, m = (sum(x[k] for x in r.values()) for k in ("tp", "fp", "fn", "hm", "m"))
        print(f"| {name} | {tp} | {fp} | {fn} | {pct(tp, tp + fp)} | {pct(tp, tp + fn)} | {pct(hm, m)} |")
    if extra:
        print()
        print("Findings in classes without labels here (counted as FP in the *all classes* row): " + ", ".join(
            f"{TITLE[c]}: " + ", ".join(f"{n} {r[c]['fp']}" for n, r in results if r and c in r)
            for c in extra))
    print()
    print("semgrep: n/a — no package on the registries we use ships Python semgrep rules (see README).")
    mismatched, untested = mismatched
    short = lambda ps: ", ".join(p.split("/", 1)[1] for p in ps)
    if untested:
        print(f"Left out, no usable functional test (none, or only ones with a custom configuration): {short(untested)}.")
    if mismatched:
        print(f"Left out, Bandit's counts here differ from the test's: {short(mismatched)}.")


def bandit_version(out):
    data = load(os.path.join(out, "versions.json")) or {}
    return data.get("bandit", "")


# --------------------------------------------------------------------------------- JS labels

def js_cases(cases_dir):
    manifest = load(os.path.join(cases_dir, "manifest.json")) or []
    out = []
    for m in manifest:
        c = ESLINT_CLASS.get(f"{m['plugin']}/{m['rule']}")
        out.append(dict(m, cls=c))
    return out


def report_js(cases_dir, out):
    cases = js_cases(cases_dir)
    scored = [c for c in cases if c["cls"]]
    tools = [
        ("eslint-plugin-security", read_eslint(out, "security", cases_dir)),
        ("eslint-plugin-security-node", read_eslint(out, "security-node", cases_dir)),
        ("semgrep + njsscan rules", read_semgrep(out, "semgrep-js.json")),
        ("Conclave", read_conclave(out, "conclave-js.json", cases_dir)),
    ]
    fatal = eslint_fatal(out, cases_dir)
    print(f"### JavaScript: RuleTester cases of eslint-plugin-security and eslint-plugin-security-node "
          f"({len(cases)} cases, {len(scored)} scored: "
          f"{sum(c['kind'] == 'invalid' for c in scored)} vulnerable, {sum(c['kind'] == 'valid' for c in scored)} safe)")
    print()
    print("One file per case; a tool flags a case when it reports a finding of the case's class anywhere in "
          "the file. TPR on `invalid` cases, FPR on `valid` cases, score = TPR − FPR. "
          "* marks a plugin on a row that includes its own cases.")
    print()
    by_class = defaultdict(list)
    for c in scored:
        by_class[c["cls"]].append(c)

    def rates(cs, found):
        pos = [c for c in cs if c["kind"] == "invalid"]
        neg = [c for c in cs if c["kind"] == "valid"]
        hit = lambda c: any(x[2] == c["cls"] for x in found.get(c["path"], []))
        tp = sum(map(hit, pos))
        fp = sum(map(hit, neg))
        return tp, len(pos), fp, len(neg)

    def cell(cs, found, own):
        if found is None:
            return " n/a |"
        tp, p, fp, n = rates(cs, found)
        tpr = tp / p if p else None
        fpr = fp / n if n else None
        sc = "–" if tpr is None or fpr is None else f"{tpr - fpr:+.2f}"
        mark = "*" if own else ""
        return f" {tp}/{p} · {fp}/{n} · {sc}{mark} |"

    print("Cells: detected vulnerable / vulnerable · flagged safe / safe · score.")
    print()
    print("| class | cases (vuln/safe) |" + "".join(f" {n} |" for n, _ in tools))
    print("|---|---:|" + "---:|" * len(tools))
    for cls in sorted(by_class, key=ORDER.get):
        cs = by_class[cls]
        p = sum(c["kind"] == "invalid" for c in cs)
        row = f"| {TITLE[cls]} | {p}/{len(cs) - p} |"
        for name, found in tools:
            own = {c["plugin"] for c in cs} & {name.replace("eslint-plugin-", "")}
            row += cell(cs, found, own)
        print(row)
    for plugin in ("security", "security-node"):
        cs = [c for c in scored if c["plugin"] == plugin]
        p = sum(c["kind"] == "invalid" for c in cs)
        row = f"| **all, eslint-plugin-{plugin} cases** | {p}/{len(cs) - p} |"
        for name, found in tools:
            row += cell(cs, found, name == f"eslint-plugin-{plugin}")
        print(row)
    p = sum(c["kind"] == "invalid" for c in scored)
    print(f"| **all classes** | {p}/{len(scored) - p} |" + "".join(cell(scored, f, False) for _, f in tools))
    print()
    # Findings of a class on cases labelled for another class: reported, not scored.
    stray = []
    for name, found in tools:
        if found is None:
            continue
        n = sum(1 for c in cases for x in found.get(c["path"], []) if x[2] != c["cls"])
        stray.append(f"{name} {n}")
    print("Findings of another class than the case's (not scored): " + ", ".join(stray) + ".")
    if fatal:
        print(f"ESLint could not parse {len(fatal)} case file(s) (counted as not flagged): "
              + ", ".join(sorted(fatal)[:8]) + ("…" if len(fatal) > 8 else "") + ".")


# --------------------------------------------------------------------------------- main

def main(argv):
    if len(argv) >= 3 and argv[0] == "python":
        report_python(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "js":
        report_js(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "labels" and argv[1] == "python":
        files, mismatched, labels = python_labels(argv[2], argv[3])
        for lab in labels:
            print(json.dumps(dict(zip(("file", "line", "end_line", "class", "bandit_id", "severity"), lab))))
    elif len(argv) >= 3 and argv[0] == "labels" and argv[1] == "js":
        for c in js_cases(argv[2]):
            print(json.dumps({k: c[k] for k in ("path", "plugin", "rule", "kind", "cls")}))
    elif len(argv) >= 2 and argv[0] == "summary":
        summary(argv[1:])
    else:
        sys.exit(__doc__)


def summary(argv):
    """summary BANDIT_SRC OUT CASES: label counts per class for both sets (a Markdown table)."""
    src, out, cases_dir = argv
    files, _, labels = python_labels(src, out)
    py = Counter(lab[3] for lab in labels if lab[3])
    js = [c for c in js_cases(cases_dir) if c["cls"]]
    jv = Counter(c["cls"] for c in js if c["kind"] == "invalid")
    js_ = Counter(c["cls"] for c in js if c["kind"] == "valid")
    print("| class | Python labels (Bandit examples) | JS vulnerable cases | JS safe cases |")
    print("|---|---:|---:|---:|")
    for cls in sorted(set(py) | set(jv) | set(js_), key=ORDER.get):
        print(f"| {TITLE[cls]} | {py[cls]} | {jv[cls]} | {js_[cls]} |")
    print(f"| **total** | {sum(py.values())} | {sum(jv.values())} | {sum(js_.values())} |")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Writes the same three rules per language for ast-grep and for semgrep (the peers' workload):
a value compared with itself, a variable assigned to itself, and one risky call."""
import sys
from pathlib import Path

LANGS = {
    # language: (ast-grep id, semgrep id, risky call)
    "python": ("python", "python", "eval($X)"),
    "javascript": ("javascript", "javascript", "eval($X)"),
    "java": ("java", "java", "$X.printStackTrace()"),
    "csharp": ("csharp", "csharp", "GC.Collect()"),
    "go": ("go", "go", "panic($X)"),
}

out = Path(sys.argv[1])
for lang, (sg, sem, call) in LANGS.items():
    patterns = {"self-comparison": "$A == $A", "self-assignment": "$A = $A", "risky-call": call}
    d = out / "ast-grep" / lang
    (d / "rules").mkdir(parents=True, exist_ok=True)
    (d / "sgconfig.yml").write_text("ruleDirs:\n  - rules\n")
    for rid, pat in patterns.items():
        rule = f"  pattern: '{pat}'\n"
        if lang == "csharp":
            # C# expressions do not parse on their own in ast-grep: give a context and a selector.
            stmt, kind = {
                "self-comparison": (f"return {pat};", "binary_expression"),
                "self-assignment": (f"{pat};", "assignment_expression"),
                "risky-call": (f"{pat};", "invocation_expression"),
            }[rid]
            rule = f"  pattern:\n    context: 'class C {{ object M() {{ {stmt} }} }}'\n    selector: {kind}\n"
        (d / "rules" / f"{rid}.yml").write_text(
            f"id: {rid}\nlanguage: {sg}\nseverity: warning\nmessage: {rid}\nrule:\n{rule}")
    rules = "".join(
        f"  - id: {rid}\n    languages: [{sem}]\n    severity: WARNING\n    message: {rid}\n    pattern: '{pat}'\n"
        for rid, pat in patterns.items())
    (out / f"semgrep-{lang}.yml").write_text("rules:\n" + rules)

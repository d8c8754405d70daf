"""Review a tree and write SARIF, then let the local model explain the worst finding.

    python examples/python/review.py examples/sample-project [--sarif out.sarif] [--explain]
"""

import argparse
import sys

import conclave

ORDER = ["info", "low", "medium", "high", "critical"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--sarif")
    parser.add_argument("--explain", action="store_true", help="ask SmolLM2 about the worst finding")
    args = parser.parse_args()

    report = conclave.Engine().analyze_path(args.path)
    findings = sorted(report.findings, key=lambda f: (-ORDER.index(f.severity), f.path, f.line))
    for f in findings:
        print(f"{f.path}:{f.line}:{f.column}: {f.rule_id} [{f.severity}] {f.message}")
    print(f"{report.summary['files']} files, {len(findings)} findings, rating {report.summary['rating']}")
    if args.sarif:
        with open(args.sarif, "w") as out:
            out.write(report.to_sarif())
    if args.explain and findings:
        worst = findings[0]
        router = conclave.Router(local=[conclave.Model.load(conclave.pull_model("smollm2"))])
        stream = router.stream(f"In two sentences, why is this a problem? {worst.message}", max_tokens=80)
        for piece in stream:
            print(piece, end="", flush=True)
        print(f"\n({stream.response.output_tokens} tokens, ${stream.response.cost_usd:.4f})")
    return 1 if report.has_findings_at_or_above("high") else 0


if __name__ == "__main__":
    sys.exit(main())

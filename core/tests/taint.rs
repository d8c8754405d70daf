//! Taint tracking: the annotated fixtures of `agents/taint/tests` in all five languages, and flow
//! shapes one at a time (helpers, collections, branches, loops, constants, sanitizers), with
//! the flow each finding carries.

use std::path::Path;

use conclave::rules::check_fixtures;
use conclave::{Confidence, Engine, Finding};

#[test]
fn taint_rules_pass_their_fixtures_in_every_language() {
    let engine = Engine::builder().threads(1).build().unwrap();
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../agents/taint/tests"
    ));
    let report = check_fixtures(&engine, dir).unwrap();
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
    assert!(report.files >= 5 && report.expectations >= 60, "{report:?}");
}

/// The security findings of one file.
fn scan(name: &str, code: &str) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), code).unwrap();
    let engine = Engine::builder().threads(1).build().unwrap();
    let report = engine.analyze_path(dir.path());
    report
        .findings()
        .filter(|f| f.rule_id.as_str().starts_with('S') && f.rule_id.as_str() < "S020")
        .cloned()
        .collect()
}

fn lines(findings: &[Finding], rule: &str) -> Vec<u32> {
    findings
        .iter()
        .filter(|f| f.rule_id.as_str() == rule)
        .map(|f| f.span.start.line)
        .collect()
}

#[test]
fn a_helper_that_passes_its_parameter_to_a_sink_is_reported_at_the_sink_with_the_whole_flow() {
    let found = scan(
        "app.py",
        "import os\nfrom flask import request\n\n\
         def ping(target):\n    os.system('ping ' + target)\n\n\
         def wrap(x):\n    ping(x)\n\n\
         def view():\n    host = request.args['host']\n    wrap(host)\n",
    );
    let sink = found
        .iter()
        .find(|f| f.rule_id.as_str() == "S002" && f.confidence == Confidence::High)
        .expect("the flow through two helpers is found");
    assert_eq!(sink.span.start.line, 5);
    let flow_lines: Vec<u32> = sink.flow.iter().map(|s| s.span.start.line).collect();
    assert_eq!(
        flow_lines.first(),
        Some(&11),
        "starts at the source: {flow_lines:?}"
    );
    assert!(
        flow_lines.contains(&12) && flow_lines.contains(&8),
        "{flow_lines:?}"
    );
    assert_eq!(
        flow_lines.last(),
        Some(&5),
        "ends at the sink: {flow_lines:?}"
    );
    assert!(
        sink.flow[0].message.contains("request"),
        "{:?}",
        sink.flow[0]
    );
    assert_eq!(sink.cwe, vec![78]);
}

#[test]
fn constants_dead_branches_overwrites_and_sanitizers_are_not_reported() {
    let found = scan(
        "app.py",
        "import os, shlex\nfrom flask import request\nVERBOSE = False\n\n\
         def view():\n    cmd = request.args['c']\n    if VERBOSE:\n        os.system(cmd)\n\
         \x20   if 1 > 2:\n        os.system(cmd)\n    os.system(shlex.quote(cmd))\n\
         \x20   n = int(request.args['n'])\n    os.system('sleep %d' % n)\n\
         \x20   cmd = 'uptime'\n    os.system(cmd)\n",
    );
    let injections: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule_id.as_str() != "S012")
        .collect();
    assert!(injections.is_empty(), "{injections:#?}");
    // The constant commands are S012's (a shell runs them), not injections.
    assert_eq!(lines(&found, "S012"), vec![13, 15]);
}

#[test]
fn both_branches_loops_and_collections_carry_taint() {
    let found = scan(
        "app.js",
        "const { exec } = require('child_process');\n\
         function handle(req, res, flag) {\n\
         \x20 let cmd = 'ls';\n\
         \x20 if (flag) { cmd = req.query.dir; } else { cmd = 'pwd'; }\n\
         \x20 exec(cmd);\n\
         \x20 const parts = [];\n\
         \x20 for (const p of req.body.items) { parts.push(p); }\n\
         \x20 exec('echo ' + parts.join(' '));\n\
         \x20 const opts = { name: req.query.name };\n\
         \x20 exec(`touch ${opts.name}`);\n\
         }\n",
    );
    let high: Vec<u32> = found
        .iter()
        .filter(|f| f.rule_id.as_str() == "S002" && f.confidence == Confidence::High)
        .map(|f| f.span.start.line)
        .collect();
    assert_eq!(high, vec![5, 8, 10], "{found:#?}");
}

#[test]
fn values_of_unknown_origin_are_reported_at_low_confidence_and_only_where_the_sink_asks() {
    let found = scan(
        "lib.py",
        "import os\n\ndef run(command):\n    os.system(command)\n\n\
         def query(cur, table):\n    cur.execute('SELECT * FROM ' + table)\n    cur.execute(table)\n",
    );
    assert_eq!(lines(&found, "S002"), vec![4]);
    // SQL: only text built from a non-constant part, not any value.
    assert_eq!(lines(&found, "S001"), vec![7]);
    assert!(found.iter().all(|f| f.confidence == Confidence::Low));
    assert!(found.iter().all(|f| f.flow.is_empty()));
}

#[test]
fn request_handlers_parameters_are_sources_in_java_csharp_and_go() {
    let java = scan(
        "A.java",
        "class A {\n  @GetMapping(\"/x\")\n  String x(@RequestParam String q, Statement st) throws Exception {\n\
         \x20   st.executeQuery(\"SELECT * FROM t WHERE a = '\" + q + \"'\");\n    return q;\n  }\n}\n",
    );
    assert_eq!(lines(&java, "S001"), vec![4]);
    assert_eq!(java[0].confidence, Confidence::High);
    let go = scan(
        "a.go",
        "package a\n\nimport (\n\t\"net/http\"\n\t\"os/exec\"\n)\n\n\
         func h(w http.ResponseWriter, r *http.Request) {\n\targs := r.URL.Query()[\"a\"]\n\
         \texec.Command(args[0]).Run()\n}\n",
    );
    assert_eq!(lines(&go, "S002"), vec![10]);
    let cs = scan(
        "C.cs",
        "public class FilesController : Controller {\n  public IActionResult Get(string name, int size) {\n\
         \x20   var a = System.IO.File.ReadAllText(\"/srv/\" + name);\n\
         \x20   var b = System.IO.File.ReadAllText(\"/srv/\" + size);\n    return Ok();\n  }\n}\n",
    );
    assert_eq!(lines(&cs, "S004"), vec![3]);
}

#[test]
fn a_query_built_in_place_gets_a_parameterised_rewrite_that_clears_the_finding() {
    let code = "import sqlite3\nfrom flask import request\n\n\
                def find(cur):\n    name = request.args['n']\n\
                \x20   cur.execute(\"SELECT * FROM users WHERE name = '\" + name + \"' AND x = 1\")\n\
                \x20   cur.execute(f\"DELETE FROM t WHERE id = {name}\")\n";
    let found = scan("q.py", code);
    let fixes: Vec<&conclave::Fix> = found
        .iter()
        .filter(|f| f.rule_id.as_str() == "S001")
        .filter_map(|f| f.fix.as_ref())
        .collect();
    assert_eq!(fixes.len(), 2, "{found:#?}");
    assert_eq!(fixes[0].applicability, conclave::Applicability::Unsafe);
    let mut fixed = code.to_owned();
    for fix in fixes.iter().rev() {
        fixed = fix.apply(&fixed).unwrap();
    }
    assert!(
        fixed.contains("cur.execute(\"SELECT * FROM users WHERE name = ? AND x = 1\", (name,))")
            && fixed.contains("cur.execute(\"DELETE FROM t WHERE id = ?\", (name,))"),
        "{fixed}"
    );
    assert!(lines(&scan("q.py", &fixed), "S001").is_empty());
}

#[test]
fn min_confidence_hides_the_audit_level_reports_and_keeps_proven_flows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.py"),
        "import os\nfrom flask import request\n\ndef run(c):\n    os.system(c)\n\n\
         def view():\n    os.system('x ' + request.args['q'])\n",
    )
    .unwrap();
    let mut config = conclave::Config::default();
    config.rules.min_confidence = Some(Confidence::Medium);
    let engine = Engine::builder().threads(1).config(config).build().unwrap();
    let report = engine.analyze_path(dir.path());
    let s002: Vec<u32> = report
        .findings()
        .filter(|f| f.rule_id.as_str() == "S002")
        .map(|f| f.span.start.line)
        .collect();
    assert_eq!(s002, vec![8]);
}

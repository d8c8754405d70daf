//! Test generation for JavaScript: Jest tests for CommonJS and ES modules, outcomes recorded
//! with `node`, run under Jest (cached in `$CONCLAVE_TEST_CACHE/jest`, see `.ci/run`) or, when
//! Jest is not installed, under a small shim of its API; and a regression test from a Node.js
//! stack trace that fails on the bug and passes once it is fixed.

mod testgen_support;

use conclave::agents::testgen::{Runtimes, cases, generate, regression_test};
use conclave::vocab::Language;
use testgen_support::{assert_parses, jest};

const SHIPPING_CJS: &str = r#"
function shipping(weight, country = "FR", express = false) {
  if (weight <= 0) {
    throw new RangeError("weight must be positive");
  }
  if (weight > 30) return null;
  let cost = country === "FR" ? 5 : 12;
  if (express) cost *= 2;
  return { cost: cost + Math.floor(weight / 10), currency: "EUR" };
}

module.exports = { shipping };
"#;

const LABEL_ESM: &str = r#"
export const label = (user, short) => {
  if (short) return user.name.slice(0, 1);
  if (user === null) return "anonymous";
  if (typeof user.name !== "string") return "?";
  return user.name;
};
"#;

const LABEL_ESM_FIXED: &str = r#"
export const label = (user, short) => {
  if (user === null) return "anonymous";
  if (short) return user.name.slice(0, 1);
  if (typeof user.name !== "string") return "?";
  return user.name;
};
"#;

const TRACE: &str = "\
/app/label.js:2
  if (short) return user.name.slice(0, 1);
                         ^

TypeError: Cannot read properties of null (reading 'name')
    at label (file:///app/label.js:2:26)
    at file:///app/main.js:3:13
    at ModuleJob.run (node:internal/modules/esm/module_job:195:25)
";

#[test]
fn cases_come_from_the_conditions_boundaries() {
    let args: Vec<String> = cases(Language::JavaScript, SHIPPING_CJS, "shipping")
        .unwrap()
        .iter()
        .map(|c| c.args.join(", "))
        .collect();
    for expected in [
        "1, \"FR\", false",
        "0, \"FR\", false",
        "-1, \"FR\", false",
        "30, \"FR\", false",
        "31, \"FR\", false",
        "1, \"\", false",
        "1, \"FR\", true",
    ] {
        assert!(
            args.contains(&expected.to_owned()),
            "missing ({expected}) in {args:#?}"
        );
    }
}

#[test]
fn commonjs_tests_pass_under_jest() {
    if testgen_support::missing("node", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("shop.js");
    std::fs::write(&module, SHIPPING_CJS).unwrap();
    let generated = generate(&module, "shipping", &Runtimes::default()).unwrap();
    let code = &generated.code;
    assert!(
        code.contains("const { shipping } = require(\"./shop\");"),
        "{code}"
    );
    assert!(
        code.contains("expect(() => shipping(0, \"FR\", false)).toThrow(RangeError);"),
        "{code}"
    );
    assert!(
        code.contains("expect(shipping(31, \"FR\", false)).toBe(null);"),
        "{code}"
    );
    assert!(
        code.contains(
            "expect(shipping(1, \"FR\", true)).toEqual({\"cost\":10,\"currency\":\"EUR\"});"
        ),
        "{code}"
    );
    assert_parses(Language::JavaScript, code);
    std::fs::write(dir.path().join(&generated.file_name), code).unwrap();
    let (ok, output) = jest(dir.path(), &generated.file_name, false);
    assert!(ok, "{output}\n{code}");
}

#[test]
fn es_module_regression_test_fails_on_the_bug_and_passes_once_fixed() {
    if testgen_support::missing("node", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("label.js");
    std::fs::write(&module, LABEL_ESM).unwrap();
    // The pinning tests first: an ES module imported with `import`.
    let generated = generate(&module, "label", &Runtimes::default()).unwrap();
    assert!(
        generated
            .code
            .contains("import { label } from \"./label.js\";"),
        "{}",
        generated.code
    );
    assert_parses(Language::JavaScript, &generated.code);
    std::fs::write(dir.path().join(&generated.file_name), &generated.code).unwrap();
    let (ok, output) = jest(dir.path(), &generated.file_name, true);
    assert!(ok, "{output}\n{}", generated.code);

    let trace = conclave::debug::parse(TRACE).unwrap();
    let regression =
        regression_test(&module, "label", &trace.failures[0], &Runtimes::default()).unwrap();
    assert_eq!(regression.test_name, "label does not throw TypeError");
    assert!(
        regression.cases.iter().any(|c| c.args == ["null", "true"]),
        "{:?}",
        regression.cases
    );
    assert_parses(Language::JavaScript, &regression.code);
    std::fs::write(dir.path().join(&regression.file_name), &regression.code).unwrap();
    let (ok, output) = jest(dir.path(), &regression.file_name, true);
    assert!(!ok, "passes on the bug:\n{output}");
    std::fs::write(&module, LABEL_ESM_FIXED).unwrap();
    let (ok, output) = jest(dir.path(), &regression.file_name, true);
    assert!(ok, "fails once fixed:\n{output}\n{}", regression.code);
}

//! Test generation for Python: cases from a real function's branches and boundaries, outcomes
//! recorded by running it, the generated pytest file passes under pytest, and a regression
//! test from a stack trace fails on the buggy code and passes on the fixed one.
//! (The other languages: `testgen_javascript.rs`, `testgen_java.rs`, `testgen_go.rs`,
//! `testgen_csharp.rs`.)

mod testgen_support;

use conclave::agents::testgen::{
    Runtimes, TestGenError, generate, python_cases, python_tests, regression_test,
};
use conclave::vocab::Language;
use testgen_support::{assert_parses, pytest, text};

const SHIPPING: &str = "\
def shipping(weight, country=\"FR\", express=False):
    if weight <= 0:
        raise ValueError(\"weight must be positive\")
    if weight > 30:
        return None
    cost = 5 if country == \"FR\" else 12
    if express:
        cost *= 2
    return cost + weight // 10
";

#[test]
fn cases_come_from_the_conditions_boundaries() {
    let cases = python_cases(SHIPPING, "shipping").unwrap();
    let args: Vec<String> = cases.iter().map(|c| c.args.join(", ")).collect();
    // Boundaries of `weight <= 0` and `weight > 30`, the other country, express on and off.
    for expected in [
        "1, \"FR\", False",
        "-1, \"FR\", False",
        "0, \"FR\", False",
        "30, \"FR\", False",
        "31, \"FR\", False",
        "1, \"\", False",
        "1, \"FR\", True",
    ] {
        assert!(
            args.iter().any(|a| a == expected),
            "missing ({expected}) in {args:#?}"
        );
    }
    assert!(python_cases(SHIPPING, "missing").is_err());
}

#[test]
fn generated_tests_run_and_pass_under_pytest() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("shop.py");
    std::fs::write(&module, SHIPPING).unwrap();
    let generated = python_tests(&module, "shipping", "python3").unwrap();
    assert!(
        generated.code.contains("pytest.raises(ValueError)"),
        "{}",
        generated.code
    );
    assert!(
        generated
            .code
            .contains("shipping(31, \"FR\", False) == None"),
        "{}",
        generated.code
    );
    assert_eq!(generated.file_name, "test_shop.py");
    assert_parses(Language::Python, &generated.code);
    std::fs::write(dir.path().join("test_shop.py"), &generated.code).unwrap();
    let run = pytest(dir.path(), "test_shop.py");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", generated.code);
    assert!(
        stdout.contains(&format!("{} passed", generated.cases.len())),
        "{stdout}"
    );
}

#[test]
fn generate_picks_the_language_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("shop.py");
    std::fs::write(&module, SHIPPING).unwrap();
    let generated = generate(&module, "shipping", &Runtimes::default()).unwrap();
    assert_eq!(generated.language, Language::Python);
    assert!(generated.recorded);
    let unknown = dir.path().join("shop.rb");
    std::fs::write(&unknown, "def shipping; end").unwrap();
    assert!(matches!(
        generate(&unknown, "shipping", &Runtimes::default()),
        Err(TestGenError::UnsupportedLanguage { .. })
    ));
}

const BUGGY: &str = "\
def average_rate(total, count):
    if count < 0:
        raise ValueError(\"count must not be negative\")
    return total / count
";

const FIXED: &str = "\
def average_rate(total, count):
    if count < 0:
        raise ValueError(\"count must not be negative\")
    if count == 0:
        return 0.0
    return total / count
";

const TRACE: &str = "\
Traceback (most recent call last):
  File \"/app/report.py\", line 12, in <module>
    print(average_rate(10, 0))
  File \"/app/stats.py\", line 4, in average_rate
    return total / count
ZeroDivisionError: division by zero
";

#[test]
fn regression_test_fails_on_the_bug_and_passes_once_fixed() {
    let trace = conclave::debug::parse(TRACE).unwrap();
    let failure = &trace.failures[0];
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("stats.py");
    std::fs::write(&module, BUGGY).unwrap();
    let regression =
        regression_test(&module, "average_rate", failure, &Runtimes::default()).unwrap();
    assert_eq!(
        regression.test_name,
        "test_average_rate_does_not_raise_zero_division_error"
    );
    assert!(
        regression.cases.iter().any(|c| c.args[1] == "0"),
        "{:?}",
        regression.cases
    );
    assert_parses(Language::Python, &regression.code);
    std::fs::write(dir.path().join(&regression.file_name), &regression.code).unwrap();
    let buggy = pytest(dir.path(), &regression.file_name);
    assert!(
        !buggy.status.success(),
        "passes on the bug:\n{}",
        text(&buggy)
    );
    assert!(
        text(&buggy).contains("ZeroDivisionError"),
        "{}",
        text(&buggy)
    );
    std::fs::write(&module, FIXED).unwrap();
    let fixed = pytest(dir.path(), &regression.file_name);
    assert!(
        fixed.status.success(),
        "fails once fixed:\n{}",
        text(&fixed)
    );
    // Nothing raises it any more: no regression test to write.
    assert!(matches!(
        regression_test(&module, "average_rate", failure, &Runtimes::default()),
        Err(TestGenError::NotReproduced { .. })
    ));
}

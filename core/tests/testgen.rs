//! Test generation: cases from a real function's branches and boundaries, outcomes recorded by
//! running it, and the generated pytest file passes under pytest.

use std::process::Command;

use conclave::agents::testgen::{python_cases, python_tests};

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
    std::fs::write(dir.path().join("test_shop.py"), &generated.code).unwrap();
    let run = Command::new("python3")
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_shop.py",
        ])
        .current_dir(dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 with pytest (`pip install pytest`)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", generated.code);
    assert!(
        stdout.contains(&format!("{} passed", generated.cases.len())),
        "{stdout}"
    );
}

//! Test generation for Go: a table-driven test, outcomes recorded with `go run` (for a library
//! package and for `package main`), run with `go test`; and a regression test from a Go panic.

mod testgen_support;

use conclave::agents::testgen::{Runtimes, cases, generate, regression_test};
use conclave::vocab::Language;
use testgen_support::{assert_parses, go_test, missing, text};

const SHOP: &str = r#"package shop

import "errors"

// Shipping costs a parcel.
func Shipping(weight int, country string, express bool) (int, error) {
	if weight <= 0 {
		return 0, errors.New("weight must be positive")
	}
	if weight > 30 {
		panic("too heavy")
	}
	cost := 12
	if country == "FR" {
		cost = 5
	}
	if express {
		cost *= 2
	}
	return cost + weight/10, nil
}

func perPage(items []int, pages int) []int {
	if pages < 0 {
		panic("negative page count")
	}
	if len(items) > 3 {
		items = items[:3]
	}
	return items[:len(items)/pages]
}
"#;

const TRACE: &str = "\
panic: runtime error: integer divide by zero

goroutine 1 [running]:
example.com/shop.perPage(...)
\t/app/shop.go:28
main.main()
\t/app/main.go:8 +0x1d
exit status 2
";

fn module(package_main: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("go.mod"),
        "module example.com/shop\n\ngo 1.18\n",
    )
    .unwrap();
    let code = if package_main {
        format!(
            "{}\nfunc main() {{}}\n",
            SHOP.replace("package shop", "package main")
        )
    } else {
        SHOP.to_owned()
    };
    std::fs::write(dir.path().join("shop.go"), code).unwrap();
    dir
}

#[test]
fn cases_come_from_the_conditions_boundaries() {
    let args: Vec<String> = cases(Language::Go, SHOP, "perPage")
        .unwrap()
        .iter()
        .map(|c| c.args.join(", "))
        .collect();
    for expected in [
        "make([]int, 4), 1",
        "make([]int, 2), 1",
        "make([]int, 3), 1",
        "make([]int, 4), 0",
        "make([]int, 4), -1",
    ] {
        assert!(
            args.contains(&expected.to_owned()),
            "missing ({expected}) in {args:#?}"
        );
    }
}

#[test]
fn table_driven_tests_pass_under_go_test() {
    if missing("go", "version") {
        return;
    }
    for package_main in [false, true] {
        let dir = module(package_main);
        let path = dir.path().join("shop.go");
        for function in ["Shipping", "perPage"] {
            let generated = generate(&path, function, &Runtimes::default()).unwrap();
            let code = &generated.code;
            assert_parses(Language::Go, code);
            if function == "Shipping" {
                assert!(code.contains("wantPanic: true"), "{code}");
                assert!(code.contains("wantErr1: true"), "{code}");
            }
            std::fs::write(dir.path().join(&generated.file_name), code).unwrap();
            let run = go_test(dir.path());
            assert!(run.status.success(), "{}\n{code}", text(&run));
        }
    }
}

#[test]
fn regression_test_fails_on_the_bug_and_passes_once_fixed() {
    if missing("go", "version") {
        return;
    }
    let dir = module(false);
    let path = dir.path().join("shop.go");
    let trace = conclave::debug::parse(TRACE).unwrap();
    let regression =
        regression_test(&path, "perPage", &trace.failures[0], &Runtimes::default()).unwrap();
    assert_eq!(regression.test_name, "TestPerPageDoesNotPanic");
    // Only the inputs that divide by zero, not the deliberate panic on a negative count.
    assert!(
        regression.cases.iter().all(|c| c.args[1] == "0"),
        "{:?}",
        regression.cases
    );
    assert_parses(Language::Go, &regression.code);
    std::fs::write(dir.path().join(&regression.file_name), &regression.code).unwrap();
    let buggy = go_test(dir.path());
    assert!(
        !buggy.status.success(),
        "passes on the bug:\n{}",
        text(&buggy)
    );
    let fixed = SHOP.replace(
        "return items[:len(items)/pages]",
        "if pages == 0 {\n\t\treturn nil\n\t}\n\treturn items[:len(items)/pages]",
    );
    std::fs::write(&path, fixed).unwrap();
    let run = go_test(dir.path());
    assert!(
        run.status.success(),
        "fails once fixed:\n{}\n{}",
        text(&run),
        regression.code
    );
}

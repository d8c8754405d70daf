//! Test generation for Java: a JUnit 5 class for static and instance methods, outcomes
//! recorded with `javac`/`java`, compiled and run under JUnit 5's console launcher when its jar
//! is cached (`$CONCLAVE_JUNIT_JAR`, `$CONCLAVE_TEST_CACHE/junit-platform-console-standalone.jar`
//! or `~/.m2`, see `.ci/run`), else against a local stub of `@Test` and the `Assertions` used;
//! and a regression test from a Java stack trace.

mod testgen_support;

use conclave::agents::testgen::{Runtimes, cases, generate, regression_test};
use conclave::vocab::Language;
use testgen_support::{assert_parses, junit, missing};

const SHIPPING: &str = r#"package shop;

public class Shipping {
    public static long cost(int weight, String country, boolean express) {
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive");
        }
        if (weight > 30) {
            return -1;
        }
        long cost = country == null ? 12 : country.length() > 2 ? 20 : 5;
        if (express) {
            cost *= 2;
        }
        return cost + weight / 10;
    }

    public String describe(int weight) {
        if (weight > 30) {
            return null;
        }
        return weight > 10 ? "heavy" : "light";
    }

    public static int perPage(int items, int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("pages must not be negative");
        }
        return items / pages;
    }
}
"#;

const TRACE: &str = "\
Exception in thread \"main\" java.lang.ArithmeticException: / by zero
\tat shop.Shipping.perPage(Shipping.java:28)
\tat shop.Main.main(Main.java:5)
";

fn project(code: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("shop")).unwrap();
    std::fs::write(dir.path().join("shop/Shipping.java"), code).unwrap();
    dir
}

#[test]
fn cases_come_from_the_conditions_boundaries() {
    let args: Vec<String> = cases(Language::Java, SHIPPING, "cost")
        .unwrap()
        .iter()
        .map(|c| c.args.join(", "))
        .collect();
    // `int` takes no null; `String` takes null and lengths around `country.length() > 2`.
    for expected in [
        "1, \"aa\", true",
        "0, \"aa\", true",
        "-1, \"aa\", true",
        "31, \"aa\", true",
        "1, null, true",
        "1, \"aaa\", true",
        "1, \"aa\", false",
    ] {
        assert!(
            args.contains(&expected.to_owned()),
            "missing ({expected}) in {args:#?}"
        );
    }
}

#[test]
fn junit_tests_compile_and_pass() {
    if missing("javac", "-version") {
        return;
    }
    let dir = project(SHIPPING);
    let module = dir.path().join("shop/Shipping.java");
    for method in ["cost", "describe"] {
        let generated = generate(&module, method, &Runtimes::default()).unwrap();
        let code = &generated.code;
        assert_parses(Language::Java, code);
        assert_eq!(generated.file_name, "ShippingTest.java");
        if method == "cost" {
            assert!(
                code.contains("assertThrows(IllegalArgumentException.class, () -> Shipping.cost(0, \"aa\", true));"),
                "{code}"
            );
            assert!(
                code.contains("assertEquals(-1L, Shipping.cost(31, \"aa\", true));"),
                "{code}"
            );
        } else {
            assert!(
                code.contains("assertNull(new Shipping().describe(31));"),
                "{code}"
            );
        }
        std::fs::write(dir.path().join("shop/ShippingTest.java"), code).unwrap();
        let (ok, output) = junit(
            dir.path(),
            &["shop/Shipping.java", "shop/ShippingTest.java"],
            "shop.ShippingTest",
        );
        assert!(ok, "{output}\n{code}");
    }
}

#[test]
fn regression_test_fails_on_the_bug_and_passes_once_fixed() {
    if missing("javac", "-version") {
        return;
    }
    let dir = project(SHIPPING);
    let module = dir.path().join("shop/Shipping.java");
    let trace = conclave::debug::parse(TRACE).unwrap();
    let regression =
        regression_test(&module, "perPage", &trace.failures[0], &Runtimes::default()).unwrap();
    assert_eq!(
        regression.test_name,
        "perPageDoesNotThrowArithmeticException"
    );
    assert_parses(Language::Java, &regression.code);
    std::fs::write(dir.path().join("shop/ShippingTest.java"), &regression.code).unwrap();
    let sources = ["shop/Shipping.java", "shop/ShippingTest.java"];
    let (ok, output) = junit(dir.path(), &sources, "shop.ShippingTest");
    assert!(!ok, "passes on the bug:\n{output}\n{}", regression.code);
    let fixed = SHIPPING.replace(
        "return items / pages;",
        "return pages == 0 ? 0 : items / pages;",
    );
    std::fs::write(&module, fixed).unwrap();
    let (ok, output) = junit(dir.path(), &sources, "shop.ShippingTest");
    assert!(ok, "fails once fixed:\n{output}\n{}", regression.code);
}

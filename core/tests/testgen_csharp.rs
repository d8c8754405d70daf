//! Test generation for C#: xUnit tests that parse, with only the outcomes the source decides
//! (leading guards) asserted, the rest skipped; no .NET runtime runs them here.

mod testgen_support;

use conclave::agents::testgen::{Runtimes, TestGenError, cases, generate, regression_test};
use conclave::vocab::Language;
use testgen_support::assert_parses;

const SHIPPING: &str = r#"using System;

namespace Shop
{
    public static class Shipping
    {
        public static int Cost(int weight, string country, bool express = false)
        {
            if (weight <= 0) throw new ArgumentOutOfRangeException(nameof(weight));
            if (string.IsNullOrEmpty(country))
            {
                throw new ArgumentException("country is required", nameof(country));
            }
            if (weight > 30) return -1;
            var cost = country == "FR" ? 5 : 12;
            if (express) cost *= 2;
            return cost + weight / 10;
        }
    }
}
"#;

#[test]
fn cases_come_from_the_conditions_boundaries() {
    let args: Vec<String> = cases(Language::CSharp, SHIPPING, "Cost")
        .unwrap()
        .iter()
        .map(|c| c.args.join(", "))
        .collect();
    for expected in [
        "1, \"FR\", false",
        "0, \"FR\", false",
        "-1, \"FR\", false",
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
fn xunit_tests_parse_and_invent_no_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Shipping.cs");
    std::fs::write(&path, SHIPPING).unwrap();
    let generated = generate(&path, "Cost", &Runtimes::default()).unwrap();
    let code = &generated.code;
    assert_parses(Language::CSharp, code);
    assert!(!generated.recorded);
    assert_eq!(generated.file_name, "ShippingTests.cs");
    // The guards decide these cases…
    assert!(
        code.contains(
            "Assert.Throws<ArgumentOutOfRangeException>(() => Shipping.Cost(0, \"FR\", false));"
        ),
        "{code}"
    );
    assert!(
        code.contains("Assert.Throws<ArgumentException>(() => Shipping.Cost(1, \"\", false));"),
        "{code}"
    );
    // …the others are inputs without an expected value, skipped with the reason.
    assert!(
        code.contains("[Theory(Skip = \"outcome not recorded"),
        "{code}"
    );
    assert!(code.contains("[InlineData(31, \"FR\", false)]"), "{code}");
    assert!(
        code.lines()
            .all(|l| !l.trim_start().starts_with("Assert.Equal")),
        "{code}"
    );
    // No runtime: no input can be shown to fail.
    let trace = conclave::debug::parse(
        "Unhandled exception. System.DivideByZeroException: Attempted to divide by zero.\n   at Shop.Shipping.Cost(Int32 weight) in /app/Shipping.cs:line 9\n",
    )
    .unwrap();
    assert!(matches!(
        regression_test(&path, "Cost", &trace.failures[0], &Runtimes::default()),
        Err(TestGenError::Unsupported { .. })
    ));
}

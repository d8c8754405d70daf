//! R020 duplicated-code: type-2 clones across files, through the engine (suppressions, cache,
//! configuration), on Python and Java.

use std::path::Path;

use conclave::{Config, Engine, Report};

/// A Python function with a dozen statements of different shapes.
fn python_function(name: &str, acc: &str, label: &str) -> String {
    format!(
        "def {name}(items, limit):
    {acc} = 0
    for item in items:
        if item.qty > limit and item.ok:
            {acc} += item.price * item.qty
        elif item.qty == 0:
            continue
    while {acc} > 1000:
        {acc} = {acc} // 2
    try:
        {acc} = int(str({acc}))
    except ValueError:
        return None
    with open('{label}.log') as fh:
        {acc} += sum(1 for _ in fh)
    print('{label}', {acc}, sep=':')
    return max({acc}, len(items), 7)
"
    )
}

fn java_method(name: &str, var: &str) -> String {
    format!(
        "    int {name}(java.util.List<Item> items, int limit) {{
        int {var} = 0;
        for (Item item : items) {{
            if (item.qty > limit && item.ok) {{ {var} += item.price * item.qty; }}
            else if (item.qty == 0) {{ continue; }}
        }}
        while ({var} > 1000) {{ {var} = {var} / 2; }}
        try {{ {var} = Integer.parseInt(String.valueOf({var})); }}
        catch (NumberFormatException e) {{ return -1; }}
        System.out.println(\"total\" + {var});
        return Math.max({var}, items.size());
    }}
"
    )
}

fn review(dir: &Path, config: Config, cache: Option<&Path>) -> Report {
    let mut builder = Engine::builder().config(config).threads(2);
    if let Some(cache) = cache {
        builder = builder.cache_dir(cache);
    }
    builder.build().unwrap().analyze_path(dir)
}

fn duplicates(report: &Report) -> Vec<(String, u32, String, bool)> {
    report
        .findings()
        .filter(|f| f.rule_id.as_str() == "R020")
        .map(|f| {
            let name = Path::new(&f.path).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                f.span.start.line,
                f.message.clone(),
                f.suppressed.is_some(),
            )
        })
        .collect()
}

#[test]
fn renamed_copies_across_files_are_reported_once_each_naming_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.py"), python_function("total", "s", "a")).unwrap();
    // Renamed identifiers and changed literals, below an unrelated import.
    std::fs::write(
        root.join("b.py"),
        format!(
            "import os\n\n{}",
            python_function("other_total", "acc", "b")
        ),
    )
    .unwrap();
    std::fs::write(root.join("c.py"), "def f(x):\n    return x + 1\n").unwrap();
    let class = |name: &str, body: String| format!("class {name} {{\n{body}}}\n");
    std::fs::write(root.join("A.java"), class("A", java_method("sum", "t"))).unwrap();
    std::fs::write(root.join("B.java"), class("B", java_method("add", "u"))).unwrap();

    let report = review(root, Config::default(), None);
    let found = duplicates(&report);
    assert_eq!(found.len(), 2, "{found:?}");
    let (file, line, message, suppressed) = &found.iter().find(|d| d.0 == "b.py").unwrap();
    assert_eq!(
        *line, 3,
        "the copy starts at the function, after the import"
    );
    assert!(message.contains("a.py:1-"), "{message}");
    assert!(!suppressed);
    assert!(file.ends_with(".py"));
    let java = found.iter().find(|d| d.0 == "B.java").unwrap();
    assert!(java.2.contains("A.java:"), "{}", java.2);

    // Disabled: nothing.
    let mut config = Config::default();
    config.rules.disable.push("R020".into());
    assert!(duplicates(&review(root, config, None)).is_empty());
}

#[test]
fn suppressed_clone_stays_reported_as_suppressed_and_warm_cache_finds_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.py"), python_function("total", "s", "a")).unwrap();
    std::fs::write(
        root.join("b.py"),
        format!(
            "# conclave: ignore-file[R020]\n{}",
            python_function("again", "n", "b")
        ),
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let cold = review(&root, Config::default(), Some(&cache));
    let found = duplicates(&cold);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].3, "suppressed, and kept");
    // The suppression is used: no SX002.
    assert!(cold.findings().all(|f| f.rule_id.as_str() != "SX002"));

    let warm = review(&root, Config::default(), Some(&cache));
    assert_eq!(duplicates(&warm), found);
    let prints = |r: &Report| -> Vec<String> {
        r.findings()
            .filter(|f| f.rule_id.as_str() == "R020")
            .map(|f| f.fingerprint.0.clone())
            .collect()
    };
    assert_eq!(prints(&warm), prints(&cold));

    // Editing the original elsewhere (a new first line) keeps the copy's fingerprint.
    std::fs::write(
        root.join("a.py"),
        format!("X = 1\n{}", python_function("total", "s", "a")),
    )
    .unwrap();
    let edited = review(&root, Config::default(), Some(&cache));
    let show = |r: &Report| -> Vec<String> {
        r.findings()
            .filter(|f| f.rule_id.as_str() == "R020")
            .map(|f| format!("{:?} {} {}", f.symbol, f.span.start.line, f.message))
            .collect()
    };
    assert_eq!(
        prints(&edited),
        prints(&cold),
        "{:?} {:?}",
        show(&edited),
        show(&cold)
    );
}

//! Proactive detection on a real directory: the first scan reports what is there, edits are
//! analysed once they settle (a burst of writes costs one analysis), fixes and deletions
//! resolve findings.

use std::time::Duration;

use conclave::Engine;
use conclave::agents::{WatchEvent, Watcher};

fn summary(events: &[WatchEvent]) -> Vec<String> {
    let mut out: Vec<String> = events
        .iter()
        .map(|e| match e {
            WatchEvent::New { finding } => {
                format!("new {} line {}", finding.rule_id, finding.span.start.line)
            }
            WatchEvent::Resolved { finding } => format!("resolved {}", finding.rule_id),
            WatchEvent::Analysed { path, .. } => {
                format!("analysed {}", path.rsplit('/').next().unwrap_or(path))
            }
        })
        .collect();
    out.sort();
    out
}

#[test]
fn new_and_resolved_findings_follow_the_edits_after_the_debounce() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calc.py");
    std::fs::write(&file, "def same(a):\n    return a == a\n").unwrap();
    let engine = Engine::builder().threads(1).build().unwrap();
    let debounce = Duration::from_millis(400);
    let mut watcher = Watcher::new(&engine, vec![dir.path().to_owned()], debounce).unwrap();

    assert_eq!(
        summary(&watcher.poll()),
        ["analysed calc.py", "new B003 line 2"]
    );
    assert!(watcher.poll().is_empty(), "nothing changed");

    // A burst of writes: the file is analysed once, after it settles.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&file, "def same(a, b):\n    return a == a\n").unwrap();
    assert!(watcher.poll().is_empty(), "still within the debounce");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        &file,
        "def same(a, b):\n    return a == b  # compare both\n",
    )
    .unwrap();
    assert!(
        watcher.poll().is_empty(),
        "a new write restarts the debounce"
    );
    std::thread::sleep(debounce + Duration::from_millis(100));
    assert_eq!(
        summary(&watcher.poll()),
        ["analysed calc.py", "resolved B003"]
    );

    // A new file with a bug, then its deletion.
    let other = dir.path().join("more.py");
    std::fs::write(&other, "def f(x):\n    return x is 1\n").unwrap();
    watcher.poll();
    std::thread::sleep(debounce + Duration::from_millis(100));
    let events = summary(&watcher.poll());
    assert!(events.iter().any(|e| e.starts_with("new ")), "{events:?}");
    std::fs::remove_file(&other).unwrap();
    let events = summary(&watcher.poll());
    assert!(
        !events.is_empty() && events.iter().all(|e| e.starts_with("resolved ")),
        "{events:?}"
    );
}

#[test]
fn a_file_edited_again_is_re_parsed_incrementally_with_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calc.py");
    let body: String = (0..200)
        .map(|i| format!("def f{i}(a, b):\n    return a + b\n\n"))
        .collect();
    std::fs::write(&file, &body).unwrap();
    let engine = Engine::builder().threads(1).build().unwrap();
    let debounce = Duration::from_millis(50);
    let mut watcher = Watcher::new(&engine, vec![dir.path().to_owned()], debounce).unwrap();
    assert_eq!(summary(&watcher.poll()), ["analysed calc.py"]);

    let mut edit = |text: String| {
        // Modification times can be coarse: a size change marks the write too.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&file, text).unwrap();
        watcher.poll();
        std::thread::sleep(debounce + Duration::from_millis(50));
        summary(&watcher.poll())
    };
    let buggy = body.replacen("return a + b", "return a == a", 1);
    assert_eq!(edit(buggy.clone()), ["analysed calc.py", "new B003 line 2"]);
    let moved = format!("# header\n{buggy}");
    assert_eq!(
        edit(moved.clone()),
        ["analysed calc.py"],
        "same finding, moved"
    );
    let fixed = moved.replacen("return a == a", "return a == b", 1);
    assert_eq!(edit(fixed), ["analysed calc.py", "resolved B003"]);

    let counts = watcher.parse_counts();
    assert_eq!(
        counts.fresh, 2,
        "the first scan and the first edit: {counts:?}"
    );
    assert_eq!(counts.incremental, 2, "{counts:?}");
}

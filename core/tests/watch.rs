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

//! JVM stack traces: a `pkg.Exception: message` header (after `Exception in thread "…"` when
//! uncaught), `\tat pkg.Class.method(File.java:N)` frames innermost first, `Caused by:` chains,
//! tab-indented `Suppressed:` chains, and `... N more` for frames shared with the enclosing
//! trace (filled back in, so each failure's frames are its whole stack).

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Found, Frame, Link, MAX_RESTORED, header_above, indent, last_trace, number};

/// `at [module/]pkg.Class.method(Location)`, optionally followed by logback's `~[app.jar:?]`.
static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*at ((?:[^\s/()]*/){0,2})([^\s()/]+)\(([^()]*)\)(?:\s+~?\[[^\]]*\])?$")
        .expect("valid regex")
});
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([^\s:]+\.\w+)(?::(\d+))?|Native Method|Unknown Source(?::\d+)?)$")
        .expect("valid regex")
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:Exception in thread "[^"]*" )?([\w$]+(?:\.[\w$]+)+|[\w$]*(?:Exception|Error|Throwable))(?:: (.*))?$"#)
        .expect("valid regex")
});
static NESTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(Caused by|Suppressed): (.*)$").expect("valid regex"));
static MORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\.\.\. (\d+) (?:more|common frames omitted)$").expect("valid regex")
});

/// The last exception (with its causes) in `lines`.
pub(super) fn find(lines: &[&str]) -> Option<Found> {
    last_trace(
        lines,
        |l| frame(l).is_some(),
        |lines, i, floor| {
            let (start, kind, message) = header_above(lines, i, floor, 50, |l| {
                header(l.trim_start()).or_else(|| nested(l).map(|(_, k, m)| (k, m)))
            })
            .unwrap_or((i, String::new(), String::new()));
            let (failures, end) = chain_at(lines, kind, message, i);
            (start, end, failures)
        },
    )
}

/// A chain being read: its indentation (0 for the main chain), its failures, and for a
/// suppressed chain the failure that suppressed it (level and index).
struct Level {
    indent: usize,
    chain: Vec<Failure>,
    owner: Option<(usize, usize)>,
}

/// Reads from the first frame of the top failure to the end of its last cause.
fn chain_at(lines: &[&str], kind: String, message: String, first: usize) -> (Vec<Failure>, usize) {
    let mut levels = vec![Level {
        indent: 0,
        chain: vec![Failure::new(kind, message)],
        owner: None,
    }];
    let mut j = first;
    let mut framed = true;
    let mut budget = MAX_RESTORED;
    while let Some(line) = lines.get(j) {
        let Some(top) = levels.last_mut() else { break };
        if let Some(f) = frame(line) {
            if let Some(current) = top.chain.last_mut() {
                current.frames.push(f);
            }
            framed = true;
        } else if let Some(c) = MORE.captures(line) {
            fill_more(&mut levels, number(&c[1]) as usize, &mut budget);
        } else if let Some((suppressed, kind, message)) = nested(line) {
            let at = indent(line);
            while levels.len() > 1
                && levels
                    .last()
                    .is_some_and(|l| l.indent >= at + usize::from(!suppressed))
            {
                close(&mut levels);
            }
            let mut failure = Failure::new(kind, message);
            if suppressed {
                let owner = levels.len() - 1;
                let index = levels[owner].chain.len().saturating_sub(1);
                levels.push(Level {
                    indent: at,
                    chain: vec![failure],
                    owner: Some((owner, index)),
                });
            } else if let Some(top) = levels.last_mut() {
                failure.link = Some(Link::Cause);
                top.chain.push(failure);
            }
            framed = false;
        } else if !framed && !line.trim().is_empty() {
            // A multi-line message between a `Caused by:` line and its frames.
            if let Some(current) = top.chain.last_mut() {
                current.message.push('\n');
                current.message.push_str(line.trim_end());
            }
        } else {
            break;
        }
        j += 1;
    }
    while levels.len() > 1 {
        close(&mut levels);
    }
    let chain = levels.pop().map(|l| l.chain).unwrap_or_default();
    (chain, j)
}

/// Ends the innermost suppressed chain, handing it to the failure that suppressed it.
fn close(levels: &mut Vec<Level>) {
    let Some(level) = levels.pop() else { return };
    if let Some((l, i)) = level.owner
        && let Some(owner) = levels.get_mut(l).and_then(|l| l.chain.get_mut(i))
    {
        owner.suppressed.push(level.chain);
    }
}

/// `... N more`: the current failure's outermost N frames are the enclosing trace's (the
/// failure it caused, or the one that suppressed it).
fn fill_more(levels: &mut [Level], count: usize, budget: &mut usize) {
    let Some((top, below)) = levels.split_last_mut() else {
        return;
    };
    let n = top.chain.len();
    let enclosing = match (n, top.owner) {
        (0, _) => return,
        (1, Some((l, i))) => below.get(l).and_then(|l| l.chain.get(i)),
        (1, None) => return,
        _ => top.chain.get(n - 2),
    };
    let Some(enclosing) = enclosing else { return };
    let count = count.min(*budget);
    let shared: Vec<Frame> = enclosing
        .frames
        .iter()
        .skip(enclosing.frames.len().saturating_sub(count))
        .cloned()
        .collect();
    *budget -= shared.len();
    if let Some(current) = top.chain.last_mut() {
        current.frames.extend(shared);
    }
}

fn header(line: &str) -> Option<(String, String)> {
    let c = HEADER.captures(line)?;
    Some((
        c[1].to_string(),
        c.get(2).map_or("", |m| m.as_str()).to_string(),
    ))
}

/// `Caused by: X: msg` / `Suppressed: X: msg`: whether suppressed, kind, message.
fn nested(line: &str) -> Option<(bool, String, String)> {
    if !line.trim_start().starts_with(['C', 'S']) {
        return None;
    }
    let c = NESTED.captures(line)?;
    let (kind, message) = header(&c[2])?;
    Some((&c[1] == "Suppressed", kind, message))
}

fn frame(line: &str) -> Option<Frame> {
    if !line.trim_start().starts_with("at ") {
        return None;
    }
    let c = FRAME.captures(line)?;
    let module = c[1].trim_end_matches('/');
    let function = c[2].to_string();
    let location = LOCATION.captures(&c[3])?;
    let jdk = |name: &str| {
        [
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.",
        ]
        .iter()
        .any(|p| name.starts_with(p))
    };
    Some(Frame {
        user_code: !(jdk(module) || jdk(&function)),
        file: location.get(1).map_or("", |m| m.as_str()).to_string(),
        line: location.get(2).map_or(0, |m| number(m.as_str())),
        column: None,
        function: Some(function),
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::Language;

    const SUPPRESSED: &str = "java.lang.IllegalStateException: outer
\tat app.Main.run(Main.java:10)
\tat app.Main.main(Main.java:3)
\tSuppressed: java.io.IOException: close failed
\t\tat app.Res.close(Res.java:7)
\t\tat app.Main.run(Main.java:9)
\t\t... 1 more
\tCaused by: java.io.EOFException
\t\tat app.Res.flush(Res.java:12)
\t\t... 2 more
Caused by: java.lang.RuntimeException: inner
line two
\tat app.Main.load(Main.java:20)
\tat java.base/java.lang.Thread.run(Native Method)
\tat app//app.Main.run(Main.java:8)
\t... 1 more
";

    #[test]
    fn suppressed_and_caused_by_chains() {
        let trace = parse(SUPPRESSED).unwrap();
        assert_eq!(trace.language, Language::Java);
        let [outer, inner] = &trace.failures[..] else {
            panic!("{trace:?}")
        };
        assert_eq!(outer.kind, "java.lang.IllegalStateException");
        let [suppressed] = &outer.suppressed[..] else {
            panic!("{outer:?}")
        };
        assert_eq!(suppressed[0].kind, "java.io.IOException");
        assert_eq!(suppressed[0].frames.len(), 3);
        assert_eq!(suppressed[0].frames[2].line, 3);
        assert_eq!(
            (suppressed[1].kind.as_str(), suppressed[1].message.as_str()),
            ("java.io.EOFException", "")
        );
        assert_eq!(suppressed[1].link, Some(Link::Cause));
        assert_eq!(suppressed[1].frames.len(), 3);
        assert_eq!(inner.message, "inner\nline two");
        assert_eq!(inner.link, Some(Link::Cause));
        let f = &inner.frames;
        assert_eq!(f.len(), 4);
        assert_eq!(
            (f[1].file.as_str(), f[1].line, f[1].user_code),
            ("", 0, false)
        );
        assert_eq!(f[2].function.as_deref(), Some("app.Main.run"));
        assert!(f[2].user_code);
        assert_eq!(f[3].function.as_deref(), Some("app.Main.main"));
    }

    #[test]
    fn logged_traces_and_unknown_sources() {
        let text = "12:00:01 ERROR [main] c.e.Svc - failed\ncom.example.SvcException: boom\n\tat com.example.Svc.go(Unknown Source) ~[svc.jar:?]\n\tat com.example.Svc.main(Svc.kt:4) ~[svc.jar:?]\n12:00:02 INFO done\n";
        let trace = parse(text).unwrap();
        assert_eq!(trace.start_line, 2);
        let f = &trace.failures[0];
        assert_eq!(f.kind, "com.example.SvcException");
        assert_eq!(
            (f.frames[0].file.as_str(), f.frames[1].file.as_str()),
            ("", "Svc.kt")
        );
        // C#-style frames are not Java frames.
        assert!(frame("   at App.Program.Main(String[] args) in /src/P.cs:line 5").is_none());
        assert!(frame("   at App.Program.Main()").is_none());
    }
}

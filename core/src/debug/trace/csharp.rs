//! .NET exceptions as `Exception.ToString()` prints them: the outer `Ns.XException: message`
//! (after `Unhandled exception.` when uncaught), then each inner one on a ` ---> ` line, then the
//! frames of the innermost first, each inner block closed by `--- End of inner exception stack
//! trace ---` before the frames of the exception around it.

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Found, Frame, Link, header_above, last_trace, number};

/// `at Ns.Type.Method(args)` with ` in /path/File.cs:line N` when symbols are there.
static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*at ([^\s(]+)\(([^()]*)\)(?: in (.+):line (\d+))?$").expect("valid regex")
});
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Unhandled [Ee]xception[.:] ?)?([\w.`+]+)(?:: (.*))?$").expect("valid regex")
});
static INNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*---> ([\w.`+]+)(?:: (.*))?$").expect("valid regex"));

const END_INNER: &str = "--- End of inner exception stack trace ---";
const ASYNC_SEAM: &str = "--- End of stack trace from previous location";

/// The last exception (with its inner ones) in `lines`.
pub(super) fn find(lines: &[&str]) -> Option<Found> {
    last_trace(lines, |l| frame(l).is_some(), exception_at)
}

/// Reads the headers above the frame at `first`, then the frames, handing each block of frames
/// to the next exception out at every end-of-inner marker.
fn exception_at(lines: &[&str], first: usize, floor: usize) -> (usize, usize, Vec<Failure>) {
    let (start, kind, message) = header_above(lines, first, floor, 50, |l| header(l.trim_start()))
        .unwrap_or((first, String::new(), String::new()));
    // `header_above` folded the ` ---> ` lines into the message: split them out again.
    let mut failures = Vec::new();
    let mut text = message.split('\n');
    failures.push(Failure::new(kind, text.next().unwrap_or_default()));
    for line in text {
        match INNER.captures(line) {
            Some(c) => {
                let mut inner = Failure::new(&c[1], c.get(2).map_or("", |m| m.as_str()));
                inner.link = Some(Link::Cause);
                failures.push(inner);
            }
            None => {
                if let Some(f) = failures.last_mut() {
                    f.message.push('\n');
                    f.message.push_str(line);
                }
            }
        }
    }
    let mut current = failures.len() - 1;
    let mut j = first;
    while let Some(line) = lines.get(j) {
        let trimmed = line.trim();
        if let Some(f) = frame(line) {
            if let Some(failure) = failures.get_mut(current) {
                failure.frames.push(f);
            }
        } else if trimmed == END_INNER {
            current = current.saturating_sub(1);
        } else if !trimmed.starts_with(ASYNC_SEAM) {
            break;
        }
        j += 1;
    }
    (start, j, failures)
}

/// An outer header: it says `Unhandled exception.`, or its type reads like an exception's.
fn header(line: &str) -> Option<(String, String)> {
    let c = HEADER.captures(line)?;
    let kind = &c[2];
    let exceptionish = kind.ends_with("Exception") || (kind.contains('.') && c.get(1).is_some());
    exceptionish.then(|| {
        (
            kind.to_string(),
            c.get(3).map_or("", |m| m.as_str()).to_string(),
        )
    })
}

fn frame(line: &str) -> Option<Frame> {
    if !line.trim_start().starts_with("at ") {
        return None;
    }
    let c = FRAME.captures(line)?;
    let args = &c[2];
    // Without ` in …`, tell `(String s)` from Java's `(App.java:5)` / `(Native Method)`: .NET
    // prints a type and a name for every parameter.
    let typed = args.is_empty() || args.split(',').all(|a| a.trim().contains(' '));
    if (c.get(3).is_none() && !typed) || args == "Native Method" || args == "Unknown Source" {
        return None;
    }
    let function = c[1].to_string();
    let runtime = ["System.", "Microsoft.", "Internal."]
        .iter()
        .any(|p| function.starts_with(p));
    Some(Frame {
        user_code: !runtime,
        file: c.get(3).map_or("", |m| m.as_str()).to_string(),
        line: c.get(4).map_or(0, |m| number(m.as_str())),
        column: None,
        function: Some(function),
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::Language;

    #[test]
    fn nested_inner_exceptions_and_async_seams() {
        let text =
            "Unhandled exception. System.AggregateException: One or more errors occurred. (bad)\r
 ---> System.InvalidOperationException: bad\r
 ---> System.IO.IOException: disk\r
   at App.Disk.Read() in C:\\src\\App\\Disk.cs:line 4\r
   --- End of inner exception stack trace ---\r
   at App.Store.Load() in C:\\src\\App\\Store.cs:line 9\r
--- End of stack trace from previous location ---\r
   at App.Store.LoadAsync() in C:\\src\\App\\Store.cs:line 14\r
   --- End of inner exception stack trace ---\r
   at System.Threading.Tasks.Task.Wait()\r
   at App.Program.Main(String[] args) in C:\\src\\App\\Program.cs:line 6\r
";
        let trace = parse(text).unwrap();
        assert_eq!(trace.language, Language::CSharp);
        let kinds: Vec<_> = trace.failures.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "System.AggregateException",
                "System.InvalidOperationException",
                "System.IO.IOException"
            ]
        );
        let counts: Vec<_> = trace.failures.iter().map(|f| f.frames.len()).collect();
        assert_eq!(counts, [2, 2, 1]);
        let outer = &trace.failures[0];
        assert_eq!(outer.message, "One or more errors occurred. (bad)");
        assert!(!outer.frames[0].user_code);
        assert_eq!(
            (outer.frames[0].file.as_str(), outer.frames[0].line),
            ("", 0)
        );
        assert_eq!(outer.frames[1].file, "C:\\src\\App\\Program.cs");
        assert_eq!(
            trace.failures[2].frames[0].function.as_deref(),
            Some("App.Disk.Read")
        );
    }
}

//! Python tracebacks: `File "…", line N, in f` frames, outermost first, chained blocks printed
//! root cause first.

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Found, Frame, Link, number, slashes};

const HEADER: &str = "Traceback (most recent call last):";
const CAUSE: &str = "The above exception was the direct cause of the following exception:";
const CONTEXT: &str = "During handling of the above exception, another exception occurred:";

static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*File "(.*)", line (\d+)(?:, in (.*))?$"#).expect("valid regex")
});
static EXCEPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z_][\w.]*)(?::\s?(.*))?$").expect("valid regex"));
static STDLIB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)/lib/python\d[\d.]*/|/Lib/").expect("valid regex"));

/// The last traceback chain in `lines`.
pub(super) fn find(lines: &[&str]) -> Option<Found> {
    let mut last = None;
    let mut i = 0;
    while i < lines.len() {
        match chain_at(lines, i) {
            Ok(found) => {
                i = found.end.max(i + 1);
                last = Some(found);
            }
            // Past the frames already read, so a long run of frames is read once.
            Err(next) => i = next.max(i + 1),
        }
    }
    last
}

/// A chain of traceback blocks starting at line `start`, or where to look next.
fn chain_at(lines: &[&str], start: usize) -> Result<Found, usize> {
    let (first, mut end) = block_at(lines, start)?;
    // Printed root cause first: collect in print order, reverse at the end.
    let mut blocks = vec![first];
    let mut links = Vec::new();
    loop {
        let mut j = skip_blank(lines, end);
        let link = match lines.get(j).map(|l| l.trim()) {
            Some(CAUSE) => Link::Cause,
            Some(CONTEXT) => Link::Context,
            _ => break,
        };
        j = skip_blank(lines, j + 1);
        let Ok((block, next)) = block_at(lines, j) else {
            break;
        };
        blocks.push(block);
        links.push(link);
        end = next;
    }
    let mut failures: Vec<Failure> = blocks.into_iter().rev().collect();
    // failures[k] (k ≥ 1) led to failures[k - 1] through the separator printed after it.
    for (k, link) in links.into_iter().rev().enumerate() {
        if let Some(f) = failures.get_mut(k + 1) {
            f.link = Some(link);
        }
    }
    Ok(Found {
        start,
        end,
        failures,
        threads: Vec::new(),
    })
}

fn skip_blank(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    i
}

/// One traceback block: the header (or, for a `SyntaxError` at top level, its first frame),
/// frames and the exception line. Returns the failure and the line after it, or the line after
/// what was read when it is not a traceback.
fn block_at(lines: &[&str], start: usize) -> Result<(Failure, usize), usize> {
    let first = lines.get(start).ok_or(start + 1)?;
    let headed = first.trim() == HEADER;
    if !headed && !is_frame(first) {
        return Err(start + 1);
    }
    let mut j = start + usize::from(headed);
    let mut frames = Vec::new();
    while let Some(line) = lines.get(j) {
        if let Some(frame) = frame(line) {
            frames.push(frame);
            j += 1;
            // The source line, then 3.11+'s `^^^^` / `~~^~~` markers, all indented deeper.
            while let Some(more) = lines
                .get(j)
                .filter(|l| l.starts_with("    ") && !is_frame(l))
            {
                let text = more.trim();
                let markers = text.chars().all(|c| matches!(c, '^' | '~' | ' '));
                if let Some(last) = frames.last_mut().filter(|f| f.source.is_none() && !markers) {
                    last.source = Some(text.to_string());
                }
                j += 1;
            }
        } else if line.trim_start().starts_with("[Previous line repeated") {
            j += 1;
        } else {
            break;
        }
    }
    let exception = lines
        .get(j)
        .filter(|l| !l.starts_with(char::is_whitespace))
        .and_then(|l| EXCEPTION.captures(l));
    let (kind, message, end) = match exception {
        Some(c) => (
            c[1].to_string(),
            c.get(2).map_or("", |m| m.as_str()).to_string(),
            j + 1,
        ),
        // A traceback cut short (a truncated log) still says where it was going.
        None if headed && !frames.is_empty() => (String::new(), String::new(), j),
        None => return Err(j),
    };
    if !headed && !looks_like_exception(&kind) {
        return Err(j);
    }
    let mut failure = Failure::new(kind, message);
    frames.reverse();
    failure.frames = frames;
    Ok((failure, end))
}

fn looks_like_exception(kind: &str) -> bool {
    ["Error", "Exception", "Warning", "Interrupt", "Exit"]
        .iter()
        .any(|s| kind.ends_with(s))
}

fn is_frame(line: &str) -> bool {
    line.trim_start().starts_with("File \"") && FRAME.is_match(line)
}

fn frame(line: &str) -> Option<Frame> {
    if !line.trim_start().starts_with("File \"") {
        return None;
    }
    let c = FRAME.captures(line)?;
    let file = c[1].to_string();
    Some(Frame {
        user_code: is_user_file(&file),
        line: number(&c[2]),
        column: None,
        function: c.get(3).map(|m| m.as_str().to_string()),
        source: None,
        file,
    })
}

fn is_user_file(file: &str) -> bool {
    let path = slashes(file);
    !(path.starts_with("<frozen ")
        || path.contains("/site-packages/")
        || path.contains("/dist-packages/")
        || STDLIB.is_match(&path))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::Language;

    // Captured from Python 3.11.7 (`python3 implicit.py`).
    const IMPLICIT: &str = r#"Traceback (most recent call last):
  File "/tmp/tr/implicit.py", line 3, in f
    return d["k"]
           ~^^^^^
KeyError: 'k'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/tmp/tr/implicit.py", line 6, in <module>
    f({})
  File "/tmp/tr/implicit.py", line 5, in f
    return 1 / 0
           ~~^~~
ZeroDivisionError: division by zero
"#;

    #[test]
    fn during_handling_is_context() {
        let trace = parse(IMPLICIT).unwrap();
        assert_eq!(trace.language, Language::Python);
        let [last, first] = &trace.failures[..] else {
            panic!("{trace:?}")
        };
        assert_eq!((last.kind.as_str(), last.link), ("ZeroDivisionError", None));
        assert_eq!(last.frames[0].line, 5);
        assert_eq!(last.frames[0].source.as_deref(), Some("return 1 / 0"));
        assert_eq!(last.frames[1].function.as_deref(), Some("<module>"));
        assert_eq!(first.kind, "KeyError");
        assert_eq!(first.message, "'k'");
        assert_eq!(first.link, Some(Link::Context));
    }

    #[test]
    fn syntax_error_without_header() {
        // Captured from `python3 syn.py`.
        let text = "  File \"/tmp/tr/syn.py\", line 1\n    def f(:\n          ^\nSyntaxError: invalid syntax\n";
        let trace = parse(text).unwrap();
        let f = &trace.failures[0];
        assert_eq!(
            (f.kind.as_str(), f.message.as_str()),
            ("SyntaxError", "invalid syntax")
        );
        assert_eq!(f.frames[0].function, None);
        assert_eq!(f.frames[0].source.as_deref(), Some("def f(:"));
    }

    #[test]
    fn exception_without_message_and_windows_paths() {
        let text = "Traceback (most recent call last):\r\n  File \"C:\\app\\main.py\", line 2, in <module>\r\n    raise E\r\n  File \"C:\\Python311\\Lib\\json\\decoder.py\", line 9, in decode\r\nE\r\n";
        let trace = parse(text).unwrap();
        let f = &trace.failures[0];
        assert_eq!((f.kind.as_str(), f.message.as_str()), ("E", ""));
        assert!(!f.frames[0].user_code);
        assert_eq!(f.frames[1].file, "C:\\app\\main.py");
        assert!(f.frames[1].user_code);
    }

    #[test]
    fn truncated_and_recursive() {
        let text = "Traceback (most recent call last):\n  File \"r.py\", line 2, in f\n    return f()\n  [Previous line repeated 996 more times]\n";
        let f = &parse(text).unwrap().failures[0];
        assert_eq!((f.kind.as_str(), f.frames.len()), ("", 1));
        let text = "  File \"x.py\", line 3, in g\nnot an exception line\n";
        assert!(parse(text).is_err());
    }
}

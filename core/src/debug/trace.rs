//! Stack traces from five runtimes, read into one shape.
//!
//! Each runtime prints its failures differently (Python outermost call first, the others
//! innermost first; causes before or after the failure they caused), so [`Trace`] fixes one
//! order for all of them: `failures[0]` is the failure that ended the program, each later one
//! caused the one before it, and every frame list starts at the innermost call.
//!
//! Reading is line based, with linear-time regexes behind cheap prefix checks, so a trace is
//! found at the end of megabytes of log lines in one pass per runtime.

mod csharp;
mod go;
mod java;
mod node;
mod python;

use serde::{Deserialize, Serialize};

use crate::vocab::Language;

/// A stack trace read from a program's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The runtime that printed it.
    pub language: Language,
    /// The failure that ended the program first, then its causes: `failures[i + 1]` led to
    /// `failures[i]` (see [`Failure::link`]), so the root cause is last. Never empty.
    pub failures: Vec<Failure>,
    /// Other threads printed beside the failure (Go prints every goroutine on a crash); the
    /// failing thread's frames are in `failures[0]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<Thread>,
    /// First line of the trace in the input, 1-based: traces are often found inside logs.
    pub start_line: usize,
    /// Last line of the trace in the input, 1-based and inclusive.
    pub end_line: usize,
}

/// One exception or panic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The exception type as printed (`ValueError`, `java.lang.IllegalStateException`,
    /// `System.FormatException`), or `panic` / `fatal error` for Go; empty if none was printed.
    pub kind: String,
    /// The message, possibly several lines; empty when the exception had none.
    pub message: String,
    /// Innermost call first, whatever order the runtime printed them in.
    pub frames: Vec<Frame>,
    /// How this failure led to the previous one in [`Trace::failures`]; `None` for the first.
    pub link: Option<Link>,
    /// Exceptions suppressed while this one propagated (Java's `Suppressed:`), each a chain in
    /// the same order as [`Trace::failures`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Vec<Failure>>,
}

/// How a failure led to the one printed as its consequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// Named as its cause: `raise … from`, Java's `Caused by:`, JavaScript's `cause`, .NET's
    /// inner exception.
    Cause,
    /// Raised while it was being handled without being named its cause: Python's "During
    /// handling of the above exception", a Go panic after a recovered one.
    Context,
}

/// One call in a stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// The file as printed (`file://` URLs turned into paths); empty when the runtime printed
    /// none (Java's `Native Method`, .NET frames without symbols). Java prints only the file
    /// name: the package is in [`Frame::function`].
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column, where the runtime prints one (Node.js).
    pub column: Option<u32>,
    /// The function as the runtime names it, qualified where it qualifies it
    /// (`com.example.App.load`, `main.(*T).m`), without argument lists.
    pub function: Option<String>,
    /// The line of source the runtime printed with the frame (Python, Node.js's header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// False for the runtime's and third parties' frames (standard library, `node:internal`,
    /// `node_modules`, `site-packages`, the JDK, `System.*`, `runtime.*`): the place to look
    /// is usually the innermost frame where this is true.
    pub user_code: bool,
}

/// Another thread's stack, printed beside the failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// As the runtime names it, e.g. `goroutine 17 [chan receive]`.
    pub name: String,
    /// Innermost call first.
    pub frames: Vec<Frame>,
}

/// Why no trace came out of a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// None of the runtimes' trace formats occurs in the text.
    #[error("no stack trace recognised in {lines} lines of text")]
    NotRecognised {
        /// Lines read.
        lines: usize,
    },
}

impl Trace {
    /// The failure at the end of the chain: the one nothing else caused.
    pub fn root_cause(&self) -> Option<&Failure> {
        self.failures.last()
    }

    /// Where to look first: the innermost user frame of the root cause, or of the nearest
    /// failure after it in the chain that has one.
    pub fn innermost_user_frame(&self) -> Option<&Frame> {
        self.failures
            .iter()
            .rev()
            .find_map(Failure::innermost_user_frame)
    }
}

impl Failure {
    /// The innermost frame in the program's own code.
    pub fn innermost_user_frame(&self) -> Option<&Frame> {
        self.frames.iter().find(|f| f.user_code)
    }
}

/// Finds the stack trace in `text` and reads it, detecting the runtime.
///
/// When the text holds several traces (a log), the one that ends last is returned: the failure
/// that stopped the program is printed last.
pub fn parse(text: &str) -> Result<Trace, TraceError> {
    let lines: Vec<&str> = text.lines().collect();
    let found = [
        (Language::Python, python::find(&lines)),
        (Language::JavaScript, node::find(&lines)),
        (Language::Java, java::find(&lines)),
        (Language::CSharp, csharp::find(&lines)),
        (Language::Go, go::find(&lines)),
    ];
    let best = found
        .into_iter()
        .filter_map(|(language, f)| f.map(|f| (language, f)))
        .filter(|(_, f)| !f.failures.is_empty())
        .max_by_key(|(_, f)| (f.end, f.frame_count()));
    match best {
        Some((language, f)) => Ok(Trace {
            language,
            failures: f.failures,
            threads: f.threads,
            start_line: f.start + 1,
            end_line: f.end.max(f.start + 1),
        }),
        None => Err(TraceError::NotRecognised { lines: lines.len() }),
    }
}

/// A trace one runtime's reader found: lines `start..end` of the input.
/// The last trace in `lines`: a line where `is_frame` holds starts one, and `read(lines,
/// first_frame, floor)` reads it as (first line, line after the last, failures); `floor` is
/// where the previous trace ended, so headers are not looked for above it.
fn last_trace(
    lines: &[&str],
    is_frame: impl Fn(&str) -> bool,
    mut read: impl FnMut(&[&str], usize, usize) -> (usize, usize, Vec<Failure>),
) -> Option<Found> {
    let mut last = None;
    let mut floor = 0;
    let mut i = 0;
    while i < lines.len() {
        if !is_frame(lines[i]) {
            i += 1;
            continue;
        }
        let (start, end, failures) = read(lines, i, floor);
        last = Some(Found {
            start,
            end,
            failures,
            threads: Vec::new(),
        });
        floor = end;
        i = end.max(i + 1);
    }
    last
}

#[derive(Debug, Default)]
struct Found {
    start: usize,
    end: usize,
    failures: Vec<Failure>,
    threads: Vec<Thread>,
}

impl Found {
    fn frame_count(&self) -> usize {
        self.failures.iter().map(|f| f.frames.len()).sum()
    }
}

impl Failure {
    fn new(kind: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            kind: kind.into(),
            message: message.into(),
            frames: Vec::new(),
            link: None,
            suppressed: Vec::new(),
        }
    }
}

/// At most this many frames are restored per trace from the runtimes' "N more" elisions, so a
/// crafted input cannot make copies grow faster than the text.
const MAX_RESTORED: usize = 100_000;

/// A line or column number; 0 when it does not fit (never a panic on odd input).
fn number(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// Width of a line's leading whitespace, a tab counting as one.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `file:///a/b%20c.js` → `/a/b c.js`, `file:///C:/x.js` → `C:/x.js`; other text unchanged.
fn url_to_path(file: &str) -> String {
    let Some(rest) = file.strip_prefix("file://") else {
        return file.to_string();
    };
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = match rest.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &rest[1..],
        _ => rest,
    };
    percent_decode(rest)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Forward slashes, so path tests work on Windows paths too.
fn slashes(path: &str) -> String {
    path.replace('\\', "/")
}

/// Finds a failure's header line above its first frame, at most `max` lines up and not above
/// `floor`, and returns its index, kind and message (the header's message plus the lines
/// between it and the frames, for multi-line messages).
fn header_above(
    lines: &[&str],
    first_frame: usize,
    floor: usize,
    max: usize,
    header: impl Fn(&str) -> Option<(String, String)>,
) -> Option<(usize, String, String)> {
    let lowest = first_frame.saturating_sub(max).max(floor);
    let mut i = first_frame;
    while i > lowest {
        i -= 1;
        let line = lines.get(i)?;
        if line.trim().is_empty() {
            return None;
        }
        if let Some((kind, mut message)) = header(line) {
            for more in lines.get(i + 1..first_frame).unwrap_or_default() {
                message.push('\n');
                message.push_str(more.trim_end());
            }
            return Some((i, kind, message));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_paths() {
        assert_eq!(url_to_path("file:///tmp/a%20b.mjs"), "/tmp/a b.mjs");
        assert_eq!(url_to_path("file:///C:/src/x.mjs"), "C:/src/x.mjs");
        assert_eq!(url_to_path("/plain/x.js"), "/plain/x.js");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn nothing_to_find() {
        for text in [
            "",
            "\n\n",
            "hello\nworld",
            "\u{0}\u{1}\u{fffd}",
            "Traceback",
        ] {
            assert!(matches!(parse(text), Err(TraceError::NotRecognised { .. })));
        }
    }

    #[test]
    fn last_trace_in_a_log_wins() {
        let text = "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'x'\nlater\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:5 +0x1d\nexit status 2\n";
        let trace = parse(text).unwrap();
        assert_eq!(trace.language, Language::Go);
        assert_eq!((trace.start_line, trace.end_line), (5, 9));
    }
}

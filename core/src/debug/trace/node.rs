//! Node.js (V8) errors: a `Name: message` header, `    at …` frames innermost first, the
//! `file:line` / source / caret header Node prints above an uncaught error, and `[cause]:`
//! errors inside the `{ … }` of properties after the frames.

use std::sync::LazyLock;

use regex::Regex;

use super::{
    Failure, Found, Frame, Link, MAX_RESTORED, header_above, indent, last_trace, number, slashes,
    url_to_path,
};

/// `at fn (location)`, `at async fn (location)`, `at new Foo (location)`.
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*at (?:async )?(.+?) \((.*)\)(?: \{)?$").expect("valid regex")
});
/// `at location`.
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*at (?:async )?(.+):(\d+):(\d+)(?: \{)?$").expect("valid regex")
});
static LOCATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+):(\d+):(\d+)$").expect("valid regex"));
/// `TypeError: message`, `Error [ERR_X]: message`, `Uncaught Error`, `[cause]: Error: …`.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[cause\]: |Uncaught )?([A-Za-z_$][\w$.]*(?: \[[\w.-]+\])?)(?:: (.*))?$")
        .expect("valid regex")
});
static ELIDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\.\.\. (\d+) lines? matching cause stack trace \.\.\.$").expect("valid regex")
});
/// The `/path/file.js:10` line of the header above an uncaught error.
static THROWN_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\S.*):(\d+)$").expect("valid regex"));

/// The last error (with its causes) in `lines`.
pub(super) fn find(lines: &[&str]) -> Option<Found> {
    last_trace(
        lines,
        |l| frame(l).is_some(),
        |lines, i, floor| {
            let (start, kind, message) = header_above(lines, i, floor, 50, strict_header)
                .or_else(|| header_above(lines, i, floor, 1, loose_header))
                .unwrap_or((i, String::new(), String::new()));
            let mut budget = MAX_RESTORED;
            let (mut failures, end) = error_at(lines, kind, message, i, 0, &mut budget);
            let start = thrown_at(lines, start, &mut failures).unwrap_or(start);
            (start, end, failures)
        },
    )
}

/// An error whose frames start at `first_frame`, followed by its causes. `depth` bounds the
/// recursion through nested `[cause]`s, `budget` the frames still allowed to be restored.
fn error_at(
    lines: &[&str],
    kind: String,
    message: String,
    first_frame: usize,
    depth: usize,
    budget: &mut usize,
) -> (Vec<Failure>, usize) {
    let mut failure = Failure::new(kind, message);
    let mut elided = Vec::new();
    let mut j = first_frame;
    let mut properties = false;
    while let Some(line) = lines.get(j) {
        if let Some(f) = frame(line) {
            failure.frames.push(f);
            properties = line.ends_with(" {");
        } else if let Some(c) = ELIDED.captures(line) {
            elided.push((failure.frames.len(), number(&c[1]) as usize));
        } else {
            break;
        }
        j += 1;
    }
    let mut chain = vec![failure];
    if properties {
        let (causes, end) = properties_at(lines, j, first_frame, depth, budget);
        chain.extend(causes);
        j = end;
    }
    fill_elided(&mut chain, &elided, budget);
    (chain, j)
}

/// Reads the `{ … }` of properties after an error's frames (from `start` to its closing `}`)
/// for a `[cause]:` error. Returns the causes and the line after the block; a block that never
/// closes within reach counts as read.
fn properties_at(
    lines: &[&str],
    start: usize,
    first_frame: usize,
    depth: usize,
    budget: &mut usize,
) -> (Vec<Failure>, usize) {
    const REACH: usize = 2000;
    let own = lines
        .get(first_frame)
        .map_or(0, |l| indent(l))
        .saturating_sub(4);
    let mut causes = Vec::new();
    let mut j = start;
    while let Some(line) = lines.get(j).filter(|_| j < start + REACH) {
        j += 1;
        let trimmed = line.trim();
        if trimmed == "}" && indent(line) <= own {
            return (causes, j);
        }
        if !trimmed.is_empty() && indent(line) <= own {
            // Not Node's block after all: stop before this line, past what was read.
            return (causes, j - 1);
        }
        if !causes.is_empty() || depth >= 64 || !trimmed.starts_with("[cause]: ") {
            continue;
        }
        let Some((kind, mut message)) = strict_header(line) else {
            continue;
        };
        let Some(first) = (j..lines.len().min(j + 50)).find(|&k| frame(lines[k]).is_some()) else {
            continue;
        };
        for more in &lines[j..first] {
            message.push('\n');
            message.push_str(more.trim());
        }
        let (found, end) = error_at(lines, kind, message, first, depth + 1, budget);
        causes = found;
        if let Some(cause) = causes.first_mut() {
            cause.link = Some(Link::Cause);
        }
        j = end;
    }
    (causes, j)
}

/// Puts back the frames Node left out as `... N lines matching cause stack trace ...`: the N
/// frames of the cause that follow the last frame shown before the marker.
fn fill_elided(chain: &mut [Failure], elided: &[(usize, usize)], budget: &mut usize) {
    let [failure, cause, ..] = chain else {
        return;
    };
    for &(at, count) in elided.iter().rev() {
        let Some(before) = at.checked_sub(1).and_then(|b| failure.frames.get(b)) else {
            continue;
        };
        let Some(pos) = cause.frames.iter().position(|f| f == before) else {
            continue;
        };
        let missing: Vec<Frame> = cause
            .frames
            .iter()
            .skip(pos + 1)
            .take(count.min(*budget))
            .cloned()
            .collect();
        *budget -= missing.len();
        failure.frames.splice(at..at, missing);
    }
}

/// Reads the `/path/file.js:10`, source, caret and blank lines Node prints above an uncaught
/// error's header at `header`: the source goes on the frame it names, or becomes the innermost
/// frame when no frame names it (a `SyntaxError` has only Node's own frames). Returns where
/// the trace starts then.
fn thrown_at(lines: &[&str], header: usize, failures: &mut [Failure]) -> Option<usize> {
    let start = header.checked_sub(4)?;
    let [at, code, caret, blank] = lines.get(start..header)? else {
        return None;
    };
    let caret_column = caret.find('^')?;
    if !blank.trim().is_empty() || caret.trim().chars().any(|c| c != '^') {
        return None;
    }
    let c = THROWN_AT.captures(at)?;
    let file = url_to_path(&c[1]);
    let line = number(&c[2]);
    let failure = failures.first_mut()?;
    let source = Some(code.trim().to_string());
    match failure
        .frames
        .iter_mut()
        .find(|f| f.file == file && f.line == line)
    {
        Some(f) => f.source = source,
        None => failure.frames.insert(
            0,
            Frame {
                user_code: is_user_file(&file),
                file,
                line,
                column: u32::try_from(caret_column + 1).ok(),
                function: None,
                source,
            },
        ),
    }
    Some(start)
}

fn frame(line: &str) -> Option<Frame> {
    if !line.trim_start().starts_with("at ") {
        return None;
    }
    if let Some(c) = CALL.captures(line) {
        let function = c[1].to_string();
        let location = &c[2];
        let (file, line, column) = match LOCATION.captures(location) {
            Some(l) => (url_to_path(&l[1]), number(&l[2]), Some(number(&l[3]))),
            None if location == "native"
                || location == "<anonymous>"
                || location.starts_with("index ") =>
            {
                (location.to_string(), 0, None)
            }
            None => return None,
        };
        return Some(Frame {
            user_code: is_user_file(&file),
            file,
            line,
            column,
            function: Some(function),
            source: None,
        });
    }
    let c = BARE.captures(line)?;
    let file = url_to_path(&c[1]);
    Some(Frame {
        user_code: is_user_file(&file),
        file,
        line: number(&c[2]),
        column: Some(number(&c[3])),
        function: None,
        source: None,
    })
}

fn is_user_file(file: &str) -> bool {
    let path = slashes(file);
    !(path.starts_with("node:")
        || path.starts_with("internal/")
        || path.contains("/node_modules/")
        || path.starts_with("node_modules/")
        || path.contains("<anonymous>")
        || path == "native"
        || path.starts_with("index "))
}

/// A header whose name looks like an error's: `…Error`, `…Exception`, or with a `[CODE]`.
fn strict_header(line: &str) -> Option<(String, String)> {
    let c = HEADER.captures(line)?;
    let kind = &c[1];
    let name = kind.split(' ').next().unwrap_or(kind);
    let errorish = name.ends_with("Error") || name.ends_with("Exception") || kind.contains(" [");
    errorish.then(|| {
        (
            kind.to_string(),
            c.get(2).map_or("", |m| m.as_str()).to_string(),
        )
    })
}

/// Any `Name: message` line right above the frames (errors may be named anything).
fn loose_header(line: &str) -> Option<(String, String)> {
    let c = HEADER.captures(line)?;
    Some((c[1].to_string(), c.get(2)?.as_str().to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::{Link, parse};
    use crate::Language;

    // Captured from Node.js v20.20.2 (`node esm.mjs`).
    const ESM: &str = "file:///tmp/tr/esm.mjs:1
class Foo { constructor(x) { if (!x) throw new RangeError('need x'); } }
                                           ^

RangeError: need x
    at new Foo (file:///tmp/tr/esm.mjs:1:44)
    at later (file:///tmp/tr/esm.mjs:2:38)
    at async run (file:///tmp/tr/esm.mjs:3:24)

Node.js v20.20.2
";

    // Captured from `node nest.js`: a cause with a cause, a property beside it, elided frames
    // at both levels and a two-line message.
    const NESTED: &str = r#"/tmp/tr/nest.js:3
function c() { try { b(); } catch (e) { throw new Error('top\nsecond line', { cause: e }); } }
                                        ^

Error: top
second line
    at c (/tmp/tr/nest.js:3:47)
    at Object.<anonymous> (/tmp/tr/nest.js:4:1)
    ... 5 lines matching cause stack trace ...
    at node:internal/main/run_main_module:28:49 {
  [cause]: Error: mid
      at b (/tmp/tr/nest.js:2:53)
      at c (/tmp/tr/nest.js:3:22)
      ... 6 lines matching cause stack trace ...
      at node:internal/main/run_main_module:28:49 {
    code: 'E_MID',
    [cause]: Error: root
        at a (/tmp/tr/nest.js:1:22)
        at b (/tmp/tr/nest.js:2:22)
        at c (/tmp/tr/nest.js:3:22)
        at Object.<anonymous> (/tmp/tr/nest.js:4:1)
        at Module._compile (node:internal/modules/cjs/loader:1521:14)
        at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)
        at Module.load (node:internal/modules/cjs/loader:1266:32)
        at Module._load (node:internal/modules/cjs/loader:1091:12)
        at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
        at node:internal/main/run_main_module:28:49
  }
}

Node.js v20.20.2
"#;

    #[test]
    fn nested_causes_and_elided_frames() {
        let trace = parse(NESTED).unwrap();
        let chain: Vec<_> = trace
            .failures
            .iter()
            .map(|f| (f.message.as_str(), f.frames.len(), f.link))
            .collect();
        assert_eq!(
            chain,
            [
                ("top\nsecond line", 8, None),
                ("mid", 9, Some(Link::Cause)),
                ("root", 10, Some(Link::Cause))
            ]
        );
        let top = &trace.failures[0];
        assert_eq!(top.frames[2].function.as_deref(), Some("Module._compile"));
        assert_eq!(top.frames[7].file, "node:internal/main/run_main_module");
        assert_eq!(
            trace.innermost_user_frame().unwrap().function.as_deref(),
            Some("a")
        );
        assert_eq!((trace.start_line, trace.end_line), (1, 29));
    }

    #[test]
    fn esm_async_and_constructors() {
        let trace = parse(ESM).unwrap();
        assert_eq!(trace.language, Language::JavaScript);
        assert_eq!(trace.start_line, 1);
        let f = &trace.failures[0];
        assert_eq!(
            (f.kind.as_str(), f.message.as_str()),
            ("RangeError", "need x")
        );
        let names: Vec<_> = f
            .frames
            .iter()
            .map(|f| f.function.as_deref().unwrap())
            .collect();
        assert_eq!(names, ["new Foo", "later", "run"]);
        assert_eq!(f.frames[0].file, "/tmp/tr/esm.mjs");
        assert_eq!((f.frames[0].line, f.frames[0].column), (1, Some(44)));
        assert!(
            f.frames[0]
                .source
                .as_deref()
                .unwrap()
                .starts_with("class Foo")
        );
    }

    #[test]
    fn internal_frames_and_bare_locations() {
        // Captured from `node cb.js` (a callback run by a timer).
        let text = "/tmp/tr/cb.js:1\nsetTimeout(() => { null.x; }, 0);\n                        ^\n\nTypeError: Cannot read properties of null (reading 'x')\n    at Timeout._onTimeout (/tmp/tr/cb.js:1:25)\n    at listOnTimeout (node:internal/timers:581:17)\n    at process.processTimers (node:internal/timers:519:7)\n    at C:\\app\\node_modules\\lib\\x.js:3:9\n    at Array.forEach (<anonymous>)\n";
        let f = &parse(text).unwrap().failures[0];
        let user: Vec<bool> = f.frames.iter().map(|f| f.user_code).collect();
        assert_eq!(user, [true, false, false, false, false]);
        assert_eq!(f.frames[3].function, None);
        assert_eq!(f.frames[3].line, 3);
    }

    #[test]
    fn syntax_error_location_becomes_a_frame() {
        let text = "/app/bad.js:3\n  foo(;\n      ^\n\nSyntaxError: Unexpected token ';'\n    at internalCompileFunction (node:internal/vm:76:18)\n    at wrapSafe (node:internal/modules/cjs/loader:1283:20)\n";
        let f = &parse(text).unwrap().failures[0];
        assert_eq!(f.kind, "SyntaxError");
        assert_eq!(
            (f.frames[0].file.as_str(), f.frames[0].line),
            ("/app/bad.js", 3)
        );
        assert_eq!(f.frames[0].column, Some(7));
        assert!(f.frames[0].user_code);
    }

    #[test]
    fn codes_multiline_messages_and_odd_names() {
        let text = "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'\n    at new NodeError (node:internal/errors:405:5)\n";
        assert_eq!(
            parse(text).unwrap().failures[0].kind,
            "Error [ERR_MODULE_NOT_FOUND]"
        );
        let text = "log line\nAssertionError [ERR_ASSERTION]: Expected values\n+ actual - expected\n    at t (/a/t.js:4:10)\n";
        let f = &parse(text).unwrap().failures[0];
        assert_eq!(f.message, "Expected values\n+ actual - expected");
        let text = "ValidationFailure: bad input\n    at check (/a/v.js:1:1)\n";
        assert_eq!(parse(text).unwrap().failures[0].kind, "ValidationFailure");
    }
}

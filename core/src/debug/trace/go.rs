//! Go crashes: `panic: …` (re-panics indented under it), `fatal error: …` or a signal, then
//! `goroutine N [state]:` sections of `pkg.f(args)` + `\t/path/file.go:N +0x1d` pairs,
//! innermost first. The first goroutine printed is the one that crashed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Failure, Found, Frame, Link, Thread, number, slashes};

static PANIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(panic|fatal error|SIG[A-Z]+): (.*?)(?: \[recovered(?:, repanicked)?\])?$")
        .expect("valid regex")
});
static REPANIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+panic: (.*?)(?: \[recovered(?:, repanicked)?\])?$").expect("valid regex")
});
static GOROUTINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^goroutine \d+ (?:[^\[]* )?\[[^\]]*\]:$").expect("valid regex"));
static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\S+)\([^()]*\)$").expect("valid regex"));
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(.+):(\d+)(?: \+0x[0-9a-fA-F]+)?(?: (?:fp|sp|pc)=.*)?$").expect("valid regex")
});
static GOROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/(?:go|go-?[\d.]+|libexec)/src/").expect("valid regex"));

/// The last crash in `lines`.
pub(super) fn find(lines: &[&str]) -> Option<Found> {
    let mut last = None;
    let mut i = 0;
    while i < lines.len() {
        match crash_at(lines, i) {
            Some(found) => {
                i = found.end.max(i + 1);
                last = Some(found);
            }
            None => i += 1,
        }
    }
    last
}

fn crash_at(lines: &[&str], start: usize) -> Option<Found> {
    let first = lines.get(start)?;
    if !first.starts_with(['p', 'f', 'S']) {
        return None;
    }
    let c = PANIC.captures(first)?;
    // Printed first to last; the last one ended the program.
    let mut panics = vec![Failure::new(&c[1], &c[2])];
    let mut j = start + 1;
    while let Some(line) = lines.get(j).filter(|_| j < start + 100) {
        // A blank line ends the messages; a new top-level panic line is read on its own, so
        // each line is read once however many panic lines a log has.
        if line.trim().is_empty() || GOROUTINE.is_match(line) || PANIC.is_match(line) {
            break;
        }
        if let Some(c) = REPANIC.captures(line) {
            panics.push(Failure::new("panic", &c[1]));
        } else if !line.starts_with("[signal ")
            && let Some(last) = panics.last_mut()
        {
            last.message.push('\n');
            last.message.push_str(line);
        }
        j += 1;
    }
    let mut sections = Vec::new();
    let mut end = j;
    loop {
        let mut k = end;
        while lines.get(k).is_some_and(|l| l.trim().is_empty()) {
            k += 1;
        }
        let Some(header) = lines.get(k) else { break };
        let name = if GOROUTINE.is_match(header) {
            header.trim_end_matches(':')
        } else if header.trim() == "runtime stack:" {
            "runtime stack"
        } else {
            break;
        };
        let (frames, next) = frames_at(lines, k + 1);
        sections.push(Thread {
            name: name.to_string(),
            frames,
        });
        end = next;
    }
    let crashed = sections
        .iter()
        .position(|s| s.name.starts_with("goroutine"))?;
    let crashed = sections.remove(crashed);
    panics.reverse();
    for later in panics.iter_mut().skip(1) {
        later.link = Some(Link::Context);
    }
    if let Some(last) = panics.first_mut() {
        last.frames = crashed.frames;
    }
    Some(Found {
        start,
        end,
        failures: panics,
        threads: sections,
    })
}

/// The frames of one goroutine, from line `j` to the blank line (or other text) after them.
fn frames_at(lines: &[&str], mut j: usize) -> (Vec<Frame>, usize) {
    let mut frames = Vec::new();
    while let Some(line) = lines.get(j) {
        let location = lines.get(j + 1).and_then(|l| LOCATION.captures(l));
        if let (Some(call), Some(at)) = (CALL.captures(line), location.as_ref()) {
            let function = call[1].to_string();
            let file = at[1].to_string();
            frames.push(Frame {
                user_code: is_user(&function, &file),
                line: number(&at[2]),
                column: None,
                function: Some(function),
                source: None,
                file,
            });
            j += 2;
        } else if line.starts_with("created by ") {
            // Where the goroutine was started, not a call in its stack.
            j += 1 + usize::from(location.is_some());
        } else if line.trim() == "...additional frames elided..." {
            j += 1;
        } else {
            break;
        }
    }
    (frames, j)
}

/// False for the runtime, the standard library (dotless import paths under a GOROOT, or
/// relative under `-trimpath`) and the module cache.
fn is_user(function: &str, file: &str) -> bool {
    let path = slashes(file);
    if function == "panic" || function.starts_with("runtime.") || path.contains("/pkg/mod/") {
        return false;
    }
    let first = match function.split_once('/') {
        Some((head, _)) => head,
        None => function.split('.').next().unwrap_or(function),
    };
    let std = !first.contains('.') && first != "main";
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    !(std && (GOROOT.is_match(&path) || !absolute))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::Language;

    // Captured from go1.19.8 (`GOTRACEBACK=all go run main.go`): a nil-map write in a method,
    // recovered and panicked again from a deferred function, beside a sleeping goroutine.
    const RECOVERED: &str = "panic: assignment to entry in nil map [recovered]
\tpanic: assignment to entry in nil map

goroutine 1 [running]:
main.main.func1()
\t/tmp/tr/g/main.go:25 +0x34
panic({0x461720, 0x481378})
\t/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212
main.(*T).set(...)
\t/tmp/tr/g/main.go:11
main.main()
\t/tmp/tr/g/main.go:30 +0xbb

goroutine 17 [sleep]:
time.Sleep(0x34630b8a000)
\t/usr/lib/go-1.19/src/runtime/time.go:195 +0x135
main.worker(0xc0000387b8?)
\t/tmp/tr/g/main.go:15 +0x5a
created by main.main
\t/tmp/tr/g/main.go:21 +0x85
exit status 2
";

    #[test]
    fn recovered_panics_methods_and_goroutines() {
        let trace = parse(RECOVERED).unwrap();
        assert_eq!(trace.language, Language::Go);
        assert_eq!(trace.end_line, 20);
        let [last, first] = &trace.failures[..] else {
            panic!("{trace:?}")
        };
        assert_eq!((last.kind.as_str(), last.link), ("panic", None));
        assert_eq!(first.link, Some(Link::Context));
        assert_eq!(first.message, "assignment to entry in nil map");
        let names: Vec<_> = last
            .frames
            .iter()
            .map(|f| f.function.as_deref().unwrap())
            .collect();
        assert_eq!(
            names,
            ["main.main.func1", "panic", "main.(*T).set", "main.main"]
        );
        let user: Vec<_> = last.frames.iter().map(|f| f.user_code).collect();
        assert_eq!(user, [true, false, true, true]);
        assert_eq!((last.frames[2].line, last.frames[2].column), (11, None));
        let [worker] = &trace.threads[..] else {
            panic!("{:?}", trace.threads)
        };
        assert_eq!(worker.name, "goroutine 17 [sleep]");
        assert_eq!(worker.frames.len(), 2);
        assert!(!worker.frames[0].user_code);
    }

    #[test]
    fn fatal_errors_and_user_code() {
        // Captured from `go run f.go` (concurrent map writes).
        let text = "fatal error: concurrent map writes\n\ngoroutine 17 [running]:\nmain.main.func1()\n\t/tmp/tr/g/f.go:3 +0x2e\ncreated by main.main\n\t/tmp/tr/g/f.go:3 +0x65\n\ngoroutine 1 [runnable]:\nmain.main()\n\t/tmp/tr/g/f.go:3 +0x7b\nexit status 2";
        let trace = parse(text).unwrap();
        let f = &trace.failures[0];
        assert_eq!(
            (f.kind.as_str(), f.message.as_str()),
            ("fatal error", "concurrent map writes")
        );
        assert_eq!(f.frames.len(), 1);
        assert_eq!(trace.threads[0].name, "goroutine 1 [runnable]");
        assert!(is_user(
            "github.com/me/app.Run",
            "/home/me/go/src/github.com/me/app/run.go"
        ));
        assert!(!is_user(
            "github.com/lib/pq.Open",
            "/home/me/go/pkg/mod/github.com/lib/pq@v1/conn.go"
        ));
        assert!(!is_user(
            "net/http.(*conn).serve",
            "/usr/local/go/src/net/http/server.go"
        ));
        assert!(!is_user("fmt.Println", "fmt/print.go"));
        assert!(is_user("main.run", "C:/work/app/main.go"));
        // A panic line with no goroutine after it is just text.
        assert!(parse("panic: not really\nsomething else\n").is_err());
    }
}

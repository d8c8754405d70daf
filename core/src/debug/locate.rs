//! Maps a trace's frames onto the files of a source tree.
//!
//! Traces name files as the failing machine saw them (another checkout, a container, a CI
//! runner), Java names only `File.java` and Python may name relative paths, so a frame is
//! matched by the longest common path suffix with the files under the root. A frame whose file
//! is not there is reported, not dropped: a missing file is a finding too (stale trace, wrong
//! root, generated code).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::trace::{Frame, Trace};
use crate::vocab::Language;

/// Files larger than this are not read for the function check.
const MAX_READ: u64 = 4 * 1024 * 1024;

/// Where one user frame of a trace is in the source tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    /// The frame is `trace.failures[failure].frames[frame]`.
    pub failure: usize,
    /// Index in that failure's frames (innermost first).
    pub frame: usize,
    /// The file it resolved to.
    pub resolution: Resolution,
    /// Whether the frame's function is defined in the file at or above the frame's line: a
    /// `false` says the trace and the tree disagree (another version). `None`: not checked
    /// (unresolved, anonymous function, unreadable file).
    pub function_defined: Option<bool>,
    /// Whether the source line the runtime printed is the file's line: `None` when the
    /// runtime printed none or the file was not resolved.
    pub source_matches: Option<bool>,
}

/// The file a frame names, under the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Resolution {
    /// One file matched best; the path is relative to the root.
    Found {
        /// Relative to the root.
        path: PathBuf,
    },
    /// Several files matched equally well (same name, same matching suffix), sorted.
    Ambiguous {
        /// Relative to the root.
        paths: Vec<PathBuf>,
    },
    /// No file under the root has the frame's file name, or the frame names no file.
    NotFound,
}

impl Resolution {
    /// The file, when exactly one matched.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Resolution::Found { path } => Some(path),
            _ => None,
        }
    }
}

/// Resolves every user frame of the trace's failure chain to a file under `root`, in chain
/// order, innermost frame first within each failure.
pub fn locate(trace: &Trace, root: &Path) -> Vec<Located> {
    let wanted: Vec<(usize, usize, Vec<String>)> = trace
        .failures
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.frames
                .iter()
                .enumerate()
                .map(move |(k, frame)| (i, k, frame))
        })
        .filter(|(_, _, frame)| frame.user_code)
        .map(|(i, k, frame)| (i, k, wanted_path(trace.language, frame)))
        .collect();
    let names: HashSet<String> = wanted
        .iter()
        .filter_map(|(_, _, parts)| parts.last().map(|n| n.to_lowercase()))
        .collect();
    let index = index(root, &names);
    let mut sources = Sources::default();
    wanted
        .into_iter()
        .map(|(failure, frame_index, parts)| {
            let frame = &trace.failures[failure].frames[frame_index];
            let resolution = resolve(root, &index, &parts);
            let (function_defined, source_matches) = match resolution.path() {
                Some(path) => match sources.lines(&root.join(path)) {
                    Some(lines) => (
                        function_defined(trace.language, frame, lines),
                        source_matches(frame, lines),
                    ),
                    None => (None, None),
                },
                None => (None, None),
            };
            Located {
                failure,
                frame: frame_index,
                resolution,
                function_defined,
                source_matches,
            }
        })
        .collect()
}

/// The frame's file as path components. Java frames name only the file: the package comes
/// from the class (`com.example.App.run` in `App.java` → `com/example/App.java`), and a frame
/// without a file (`Unknown Source`) is guessed from the outer class's name.
fn wanted_path(language: Language, frame: &Frame) -> Vec<String> {
    let file = frame.file.replace('\\', "/");
    let mut parts: Vec<String> = file
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && !is_drive(p))
        .map(str::to_string)
        .collect();
    if language == Language::Java
        && let Some((class, _method)) = frame.function.as_deref().and_then(|f| f.rsplit_once('.'))
    {
        let (package, class) = class.rsplit_once('.').unwrap_or(("", class));
        if parts.is_empty() {
            let outer = class.split('$').next().unwrap_or(class);
            parts.push(format!("{outer}.java"));
        }
        let mut path: Vec<String> = package
            .split('.')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        path.extend(parts);
        parts = path;
    }
    parts
}

fn is_drive(part: &str) -> bool {
    matches!(part.as_bytes(), [d, b':'] if d.is_ascii_alphabetic())
}

/// Files under `root` whose lower-cased names are in `names`, by that name, as components
/// relative to the root.
fn index(root: &Path, names: &HashSet<String>) -> HashMap<String, Vec<Vec<String>>> {
    let mut index: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    if names.is_empty() {
        return index;
    }
    let walker = ignore::WalkBuilder::new(root)
        .filter_entry(|e| e.file_name() != "node_modules")
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if !names.contains(&name) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let parts = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        index.entry(name).or_default().push(parts);
    }
    index
}

/// The files sharing the longest path suffix with `parts` (compared without case, for paths
/// from Windows machines).
fn resolve(root: &Path, index: &HashMap<String, Vec<Vec<String>>>, parts: &[String]) -> Resolution {
    let Some(name) = parts.last() else {
        return Resolution::NotFound;
    };
    let Some(candidates) = index.get(&name.to_lowercase()) else {
        return Resolution::NotFound;
    };
    let score = |candidate: &Vec<String>| {
        candidate
            .iter()
            .rev()
            .zip(parts.iter().rev())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count()
    };
    let best = candidates.iter().map(score).max().unwrap_or(0);
    let mut paths: Vec<PathBuf> = candidates
        .iter()
        .filter(|c| best > 0 && score(c) == best)
        .map(|c| c.iter().collect::<PathBuf>())
        .collect();
    paths.sort();
    paths.dedup();
    match paths.len() {
        0 => Resolution::NotFound,
        1 => Resolution::Found {
            path: paths.remove(0),
        },
        _ => {
            // A relative path that exists as given settles it.
            let exact: PathBuf = parts.iter().collect();
            if paths.contains(&exact) && root.join(&exact).is_file() {
                Resolution::Found { path: exact }
            } else {
                Resolution::Ambiguous { paths }
            }
        }
    }
}

/// Files read once each, as lines.
#[derive(Debug, Default)]
struct Sources {
    read: HashMap<PathBuf, Option<Vec<String>>>,
}

impl Sources {
    fn lines(&mut self, path: &Path) -> Option<&[String]> {
        self.read
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let small = fs::metadata(path).ok()?.len() <= MAX_READ;
                let bytes = small.then(|| fs::read(path).ok()).flatten()?;
                Some(
                    String::from_utf8_lossy(&bytes)
                        .lines()
                        .map(str::to_string)
                        .collect(),
                )
            })
            .as_deref()
    }
}

fn source_matches(frame: &Frame, lines: &[String]) -> Option<bool> {
    let printed = frame.source.as_deref()?;
    let index = usize::try_from(frame.line).ok()?.checked_sub(1)?;
    Some(lines.get(index).is_some_and(|l| l.trim() == printed.trim()))
}

/// Looks for the function's definition at or above the frame's line, by the few textual forms
/// each language defines functions with: cheap, and enough to notice a trace from other code.
fn function_defined(language: Language, frame: &Frame, lines: &[String]) -> Option<bool> {
    let name = simple_name(language, frame.function.as_deref()?)?;
    let upto = match frame.line {
        0 => lines.len(),
        n => (n as usize).min(lines.len()),
    };
    let forms: Vec<String> = match language {
        Language::Python => vec![format!("def {name}("), format!("class {name}")],
        Language::JavaScript => vec![
            format!("function {name}("),
            format!("function* {name}("),
            format!("{name}("),
            format!("{name} ("),
            format!("{name} ="),
            format!("{name}:"),
            format!("class {name}"),
        ],
        Language::Java | Language::CSharp => vec![format!("{name}("), format!("class {name}")],
        Language::Go => vec![format!("func {name}("), format!(") {name}(")],
    };
    let defined = lines[..upto]
        .iter()
        .any(|line| forms.iter().any(|form| contains_at_word_start(line, form)));
    Some(defined)
}

/// The bare name a definition would use, or `None` for anonymous and generated functions.
fn simple_name(language: Language, function: &str) -> Option<String> {
    let function = function.split(" [as ").next().unwrap_or(function);
    let function = function.strip_prefix("new ").unwrap_or(function);
    let mut segments: Vec<&str> = function.split('.').collect();
    let last = *segments.last()?;
    let name = match (language, last) {
        // A constructor is defined by its class's name.
        (Language::Java, "<init>") | (Language::CSharp, "ctor") => {
            segments.pop();
            let class = segments.last()?.rsplit('$').next()?;
            return Some(class.to_string()).filter(|c| is_identifier(c));
        }
        // C# async methods run as `<Name>d__N.MoveNext`.
        (Language::CSharp, "MoveNext") => {
            let state_machine = segments.get(segments.len().checked_sub(2)?)?;
            state_machine.strip_prefix('<')?.split('>').next()?
        }
        (Language::Go, l)
            if l.starts_with("func") && l[4..].chars().all(|c| c.is_ascii_digit()) =>
        {
            return None;
        }
        _ => last,
    };
    Some(name.to_string()).filter(|n| is_identifier(n))
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Whether `form` occurs in `line` not glued to a preceding identifier character.
fn contains_at_word_start(line: &str, form: &str) -> bool {
    line.match_indices(form).any(|(at, _)| {
        line[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(file: &str, line: u32, function: &str) -> Frame {
        Frame {
            file: file.to_string(),
            line,
            column: None,
            function: Some(function.to_string()),
            source: None,
            user_code: true,
        }
    }

    #[test]
    fn java_paths_come_from_the_package() {
        let f = frame("App.java", 3, "com.example.App$Inner.<init>");
        assert_eq!(
            wanted_path(Language::Java, &f),
            ["com", "example", "App.java"]
        );
        let f = frame("", 0, "com.example.App$Inner.run");
        assert_eq!(
            wanted_path(Language::Java, &f),
            ["com", "example", "App.java"]
        );
        let f = frame("C:\\src\\app\\main.py", 1, "main");
        assert_eq!(wanted_path(Language::Python, &f), ["src", "app", "main.py"]);
    }

    #[test]
    fn simple_names() {
        let name = |l, f| simple_name(l, f);
        assert_eq!(
            name(Language::Java, "a.App$Inner.<init>").as_deref(),
            Some("Inner")
        );
        assert_eq!(
            name(Language::CSharp, "App.Program.<Main>d__0.MoveNext").as_deref(),
            Some("Main")
        );
        assert_eq!(name(Language::Go, "main.(*T).set").as_deref(), Some("set"));
        assert_eq!(name(Language::Go, "main.main.func1"), None);
        assert_eq!(name(Language::JavaScript, "Object.<anonymous>"), None);
        assert_eq!(
            name(Language::JavaScript, "new Foo").as_deref(),
            Some("Foo")
        );
        assert_eq!(name(Language::Python, "<module>"), None);
        assert!(contains_at_word_start("  def f(x):", "def f("));
        assert!(!contains_at_word_start("  undef f(x):", "def f("));
    }
}

//! Files kept parsed between analyses, so an edit re-parses only the regions it touched.
//!
//! Tree-sitter reuses every subtree of the old parse that lies outside an edit: re-parsing a
//! one-line change in a large file costs a fraction of a fresh parse. Rules and metrics still
//! run over the whole new tree; [`Reparse`] says what the parse itself cost.

use tree_sitter::Tree;

use super::{Engine, FileReport, with_parsers};
use crate::lang::edit_between;
use crate::vocab::Language;

/// A file whose text and syntax tree the engine keeps between analyses.
pub struct LiveFile {
    path: String,
    language: Language,
    text: String,
    tree: Option<Tree>,
}

impl std::fmt::Debug for LiveFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveFile")
            .field("path", &self.path)
            .field("language", &self.language)
            .field("bytes", &self.text.len())
            .field("parsed", &self.tree.is_some())
            .finish()
    }
}

/// How an update parsed the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reparse {
    /// No usable previous tree: parsed from scratch.
    Fresh,
    /// The previous tree was edited and reused; `start..end` is the replaced byte range in the
    /// new text.
    Incremental { start: usize, end: usize },
    /// Same text as before: the tree was reused as it was.
    Unchanged,
}

impl LiveFile {
    /// A file not analysed yet, reported under `path`.
    pub fn new(path: impl Into<String>, language: Language) -> LiveFile {
        LiveFile {
            path: path.into(),
            language,
            text: String::new(),
            tree: None,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The text of the last update.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Engine {
    /// Analyses `text` as the new content of `live`, re-parsing incrementally from the previous
    /// version's tree. Gives the same report as [`Engine::analyze_named_source`] on `text`.
    pub fn update_live(&self, live: &mut LiveFile, text: String) -> (FileReport, Reparse) {
        let previous = std::mem::replace(&mut live.text, text);
        let (old_tree, reparse) = match live.tree.take() {
            None => (None, Reparse::Fresh),
            Some(mut tree) => match edit_between(&previous, &live.text) {
                None => (Some(tree), Reparse::Unchanged),
                Some(edit) => {
                    tree.edit(&edit);
                    let (start, end) = (edit.start_byte, edit.new_end_byte);
                    (Some(tree), Reparse::Incremental { start, end })
                }
            },
        };
        let (path, language, text) = (live.path.as_str(), live.language, live.text.as_str());
        let parsed = match (reparse, old_tree) {
            (Reparse::Unchanged, Some(tree)) => Ok(tree),
            (_, old) => with_parsers(|p| p.reparse(language, text, old.as_ref())),
        };
        let tree = match parsed {
            Ok(tree) => tree,
            Err(e) => {
                return (
                    self.unparsed_report(path, language, text, &e),
                    Reparse::Fresh,
                );
            }
        };
        // A panic (a grammar or rule bug) loses this file's report, never the caller.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.analyze_tree(path, language, text, &tree, Vec::new())
        }));
        match outcome {
            Ok((report, prints)) => {
                live.tree = Some(tree);
                let mut files = [report];
                if self.detect_clones {
                    self.add_duplicates(&mut files, &[prints], |_| Some(live.text.clone()));
                }
                let [report] = files;
                (report, reparse)
            }
            Err(_) => {
                let mut report = self.unparsed_report(
                    path,
                    language,
                    text,
                    &crate::lang::ParseError::Aborted { language },
                );
                report.warnings = vec!["internal error while analysing this file".into()];
                (report, reparse)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(report: &FileReport) -> Vec<(String, u32)> {
        report
            .findings
            .iter()
            .map(|f| (f.rule_id.to_string(), f.span.start.line))
            .collect()
    }

    #[test]
    fn updates_match_a_fresh_analysis() {
        let engine = Engine::new().unwrap();
        let versions = [
            "import os\n\ndef f(x):\n    return x\n",
            "import os\n\ndef f(x):\n    try:\n        return eval(x)\n    except:\n        pass\n",
            "import os\n\ndef f(x):\n    try:\n        return int(x)\n    except ValueError:\n        pass\n",
            "import os\n\ndef f(x):\n    try:\n        return int(x)\n    except ValueError:\n        pass\n",
            "def f(x:\n",
        ];
        let mut live = LiveFile::new("m.py", Language::Python);
        let mut kinds = Vec::new();
        for text in versions {
            let (report, reparse) = engine.update_live(&mut live, text.to_owned());
            let fresh = engine.analyze_named_source("m.py", Language::Python, text);
            assert_eq!(keys(&report), keys(&fresh), "{text}");
            assert_eq!(
                report.metrics.functions.len(),
                fresh.metrics.functions.len()
            );
            kinds.push(reparse);
        }
        assert_eq!(kinds[0], Reparse::Fresh);
        assert!(matches!(kinds[1], Reparse::Incremental { .. }));
        assert_eq!(kinds[3], Reparse::Unchanged);
        // The bare except and eval of version 2 are found, and gone in version 3.
        let mut live = LiveFile::new("m.py", Language::Python);
        let (two, _) = engine.update_live(&mut live, versions[1].to_owned());
        let (three, _) = engine.update_live(&mut live, versions[2].to_owned());
        assert!(two.findings.len() > three.findings.len());
    }
}

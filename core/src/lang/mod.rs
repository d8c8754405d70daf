//! Languages: grammars, per-language vocabulary, and parsing.

mod csharp;
mod go;
mod incremental;
mod java;
mod javascript;
mod naming;
mod python;
mod spec;

use std::sync::OnceLock;

pub use incremental::edit_between;

pub use naming::{class_name, function_name, parameter_count, reported_start_row};
pub use spec::{Ancestors, KindTable, LangSpec, Role, StartLine};

use crate::vocab::Language;

/// Errors from parsing. Parse *errors in the source* are not errors here: tree-sitter returns a
/// partial tree with ERROR nodes, which analysis reports as findings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The grammar is built for an ABI that this tree-sitter runtime does not accept.
    #[error("grammar for {language} is incompatible with the tree-sitter runtime: {message}")]
    IncompatibleGrammar { language: Language, message: String },
    /// tree-sitter gave up (it was cancelled or hit an internal limit).
    #[error("tree-sitter could not parse this {language} source")]
    Aborted { language: Language },
}

/// A language's tree-sitter grammar plus its compiled vocabulary.
#[derive(Debug)]
pub struct Grammar {
    pub language: Language,
    pub ts_language: tree_sitter::Language,
    pub spec: &'static LangSpec,
    pub kinds: KindTable,
    /// Field id of `name`, used to name functions and classes.
    pub name_field: Option<u16>,
    /// Field id of `condition`: conditions do not nest deeper than their statement.
    pub condition_field: Option<u16>,
    /// Field id of `alternative`, where an `else` branch hangs off an `if`.
    pub alternative_field: Option<u16>,
    /// Field ids read on hot paths: `operator` of binary expressions, `function`/`object` of calls.
    pub operator_field: Option<u16>,
    pub function_field: Option<u16>,
    pub object_field: Option<u16>,
}

impl Grammar {
    /// The grammar of `language`, built once per process.
    pub fn get(language: Language) -> &'static Grammar {
        static GRAMMARS: [OnceLock<Grammar>; 5] = [const { OnceLock::new() }; 5];
        let slot = Language::ALL
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        GRAMMARS[slot].get_or_init(|| Grammar::build(language))
    }

    fn build(language: Language) -> Grammar {
        let (ts_language, spec): (tree_sitter::Language, &'static LangSpec) = match language {
            Language::Python => (tree_sitter_python::LANGUAGE.into(), &python::SPEC),
            Language::JavaScript => (tree_sitter_javascript::LANGUAGE.into(), &javascript::SPEC),
            Language::Java => (tree_sitter_java::LANGUAGE.into(), &java::SPEC),
            Language::CSharp => (tree_sitter_c_sharp::LANGUAGE.into(), &csharp::SPEC),
            Language::Go => (tree_sitter_go::LANGUAGE.into(), &go::SPEC),
        };
        let kinds = KindTable::new(&ts_language, spec);
        let field = |name: &str| ts_language.field_id_for_name(name).map(|f| f.get());
        Grammar {
            language,
            name_field: field("name"),
            condition_field: field("condition"),
            alternative_field: field("alternative"),
            operator_field: field("operator"),
            function_field: field("function"),
            object_field: field("object"),
            ts_language,
            spec,
            kinds,
        }
    }
}

/// Whether a `?` token sits in a `wrapper` node (wildcard, nullable type) directly inside type
/// arguments that lizard's tokenizer reads as one token (`List<?>`, `List<int?>`).
fn question_mark_in_glued_generic(
    up: Ancestors<'_, '_>,
    wrapper: &str,
    arguments: &str,
    text: &str,
) -> bool {
    up.nth(0).is_some_and(|p| p.kind() == wrapper)
        && up
            .nth(1)
            .is_some_and(|g| g.kind() == arguments && glued_generic(g, text))
}

/// Whether lizard's tokenizer would read these type arguments (`<? extends T>`) as one token:
/// only word characters, spaces, `,`, `.` and `?` between the brackets.
fn glued_generic(type_arguments: tree_sitter::Node<'_>, text: &str) -> bool {
    let Some(inner) = text
        .get(type_arguments.byte_range())
        .and_then(|t| t.strip_prefix('<'))
        .and_then(|t| t.strip_suffix('>'))
    else {
        return false;
    };
    !inner.is_empty()
        && inner.chars().all(|c| {
            c.is_alphanumeric() || c == '_' || c.is_whitespace() || matches!(c, ',' | '.' | '?')
        })
}

/// One tree-sitter parser per language, created on first use. Parsers are not `Sync`:
/// keep one `Parsers` per worker thread.
#[derive(Default)]
pub struct Parsers {
    parsers: [Option<tree_sitter::Parser>; 5],
}

impl std::fmt::Debug for Parsers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsers").finish_non_exhaustive()
    }
}

impl Parsers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses `text`; syntax errors yield a tree with ERROR/MISSING nodes, not an error.
    pub fn parse(
        &mut self,
        language: Language,
        text: &str,
    ) -> Result<tree_sitter::Tree, ParseError> {
        self.reparse(language, text, None)
    }

    /// Parses `text` reusing `old`, a tree of the previous text already adjusted with
    /// [`tree_sitter::Tree::edit`] (see [`edit_between`]): tree-sitter then only re-reads the
    /// regions around the edit.
    pub fn reparse(
        &mut self,
        language: Language,
        text: &str,
        old: Option<&tree_sitter::Tree>,
    ) -> Result<tree_sitter::Tree, ParseError> {
        let slot = Language::ALL
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        let parser = match &mut self.parsers[slot] {
            Some(parser) => parser,
            empty => {
                let mut parser = tree_sitter::Parser::new();
                parser
                    .set_language(&Grammar::get(language).ts_language)
                    .map_err(|e| ParseError::IncompatibleGrammar {
                        language,
                        message: e.to_string(),
                    })?;
                empty.insert(parser)
            }
        };
        parser
            .parse(text, old)
            .ok_or(ParseError::Aborted { language })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind name in every spec must exist in its grammar: a typo would silently
    /// disable a metric.
    #[test]
    fn every_spec_kind_exists_in_its_grammar() {
        for language in Language::ALL {
            let g = Grammar::get(language);
            let spec = g.spec;
            let named: Vec<&str> = [
                spec.functions,
                spec.lambdas,
                spec.classes,
                spec.ifs,
                spec.else_ifs,
                spec.elses,
                spec.loops,
                spec.switches,
                spec.tries,
                spec.catches,
                spec.ternaries,
                spec.binaries,
                spec.jumps,
                spec.calls,
                spec.comments,
                spec.non_parameters,
                spec.decision_nodes,
                spec.opaque,
            ]
            .concat();
            for kind in named {
                assert_ne!(
                    g.ts_language.id_for_node_kind(kind, true),
                    0,
                    "{language}: no named node kind `{kind}`"
                );
            }
            for token in [spec.decision_tokens, spec.logical_operators].concat() {
                assert_ne!(
                    g.ts_language.id_for_node_kind(token, false),
                    0,
                    "{language}: no token `{token}`"
                );
            }
        }
    }

    #[test]
    fn parses_each_language() {
        let mut parsers = Parsers::new();
        for (language, src) in [
            (Language::Python, "def f(x):\n    return x\n"),
            (Language::JavaScript, "function f(x) { return x; }"),
            (Language::Java, "class A { int f(int x) { return x; } }"),
            (Language::CSharp, "class A { int F(int x) { return x; } }"),
            (Language::Go, "package a\nfunc f(x int) int { return x }\n"),
        ] {
            let tree = parsers.parse(language, src).unwrap();
            assert!(!tree.root_node().has_error(), "{language}");
        }
    }
}

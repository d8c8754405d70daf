//! Taint specifications as data: the rules (`agents/taint/rules.yml`) and, per language, the
//! sources, sanitizers, sinks and propagators (`agents/taint/<language>.yml`).
//!
//! Calls and member reads are matched by their *path*: the callee written as dotted segments
//! after import aliases are resolved (`sp.call` with `import subprocess as sp` is
//! `subprocess.call`; `cursor().execute` is `cursor().execute`). A pattern is such a path where
//! `*` stands for any one segment prefix: `*.execute` matches `cur.execute` and
//! `self.db.cursor().execute`, `os.system` matches only itself.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::TaintError;
use crate::vocab::{Category, Confidence, Language, RuleDocs, RuleId, RuleMeta, Severity};

/// `agents/taint/rules.yml`: one entry per taint rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    pub rules: Vec<RuleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleEntry {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub cwe: Vec<u32>,
    pub summary: String,
    /// Message of a flow from a source; `$source` and `$sink` are replaced.
    pub message: String,
    /// Message when the value is not proven attacker-controlled but is not constant either.
    pub message_unknown: String,
    pub docs: DocsEntry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocsEntry {
    pub what: String,
    pub why: String,
    pub bad: String,
    pub good: String,
    #[serde(default)]
    pub fix_safety: String,
    #[serde(default)]
    pub references: Vec<String>,
}

impl RuleEntry {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: RuleId::new(self.id.clone()),
            name: self.name.clone(),
            category: Category::Security,
            severity: self.severity,
            confidence: Confidence::High,
            cwe: self.cwe.clone(),
            summary: self.summary.clone(),
            docs: RuleDocs {
                what_it_does: self.docs.what.trim().to_owned(),
                why_bad: self.docs.why.trim().to_owned(),
                example: format!(
                    "# bad\n{}\n# good\n{}",
                    self.docs.bad.trim_end(),
                    self.docs.good.trim_end()
                ),
                fix_safety: self.docs.fix_safety.trim().to_owned(),
                references: self.docs.references.clone(),
            },
        }
    }
}

/// `agents/taint/<language>.yml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LanguageFile {
    pub language: Language,
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    /// Parameters of request handlers: the framework fills them from the request.
    #[serde(default)]
    pub handler_params: Vec<HandlerEntry>,
    #[serde(default)]
    pub sanitizers: Vec<SanitizerEntry>,
    /// Methods that store their arguments into their receiver (`list.append(x)`).
    #[serde(default)]
    pub mutators: Vec<String>,
    /// Calls whose result is a string built from their arguments (`String.format`).
    #[serde(default)]
    pub builders: Vec<String>,
    #[serde(default)]
    pub sinks: Vec<SinkEntry>,
    /// Reads and calls whose values are trusted (`__dirname`, `process.cwd`).
    #[serde(default)]
    pub trusted: Vec<String>,
    /// Module names to rewrite (`fs/promises: fs.promises`).
    #[serde(default)]
    pub modules: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceEntry {
    /// Shown in the flow: "Flask request data".
    pub label: String,
    /// Member reads whose value is attacker-controlled (`request.args`).
    #[serde(default)]
    pub reads: Vec<String>,
    /// Calls whose result is attacker-controlled (`input`, `*.getParameter`).
    #[serde(default)]
    pub calls: Vec<String>,
    /// Rules this source does not feed: a command-line argument naming a file is the user's
    /// own choice, not a path traversal.
    #[serde(default)]
    pub not_for: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HandlerEntry {
    pub label: String,
    /// A decorator/annotation/attribute on the function (regex over its text).
    #[serde(default)]
    pub function_marker: Option<String>,
    /// An annotation/attribute on the parameter itself (regex).
    #[serde(default)]
    pub param_marker: Option<String>,
    /// The parameter's declared type (regex over the type's text).
    #[serde(default)]
    pub param_type: Option<String>,
    /// The enclosing class's header (regex over the text before its body), e.g. a controller.
    #[serde(default)]
    pub class_marker: Option<String>,
    /// Parameter names never taken as sources (`self`, `response`).
    #[serde(default)]
    pub except_names: Vec<String>,
    /// Rules these parameters do not feed (see [`SourceEntry::not_for`]).
    #[serde(default)]
    pub not_for: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SanitizerEntry {
    pub calls: Vec<String>,
    /// Rule ids the result is safe for; empty: all (a number, a boolean, a length).
    #[serde(default)]
    pub rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SinkEntry {
    pub rule: String,
    /// Calls (or `new Type` constructions) that are dangerous.
    #[serde(default)]
    pub calls: Vec<String>,
    /// Member assignments that are dangerous (`*.innerHTML`).
    #[serde(default)]
    pub assigns: Vec<String>,
    /// String literals whose text matches this regex are sinks when built with non-constant
    /// parts (`"SELECT … WHERE id = " + x`), wherever the string goes.
    #[serde(default)]
    pub strings: Option<String>,
    /// Words one of which a file must contain for a `strings` sink to apply (the file
    /// prefilter cannot read them from the regex).
    #[serde(default)]
    pub words: Vec<String>,
    /// Also report constant values (a hardening rule: a shell runs even a constant command).
    #[serde(default)]
    pub constant: bool,
    /// Report every call, whatever its arguments (API misuse: an XML parser that resolves
    /// entities). Calls still go through import aliases, which patterns cannot.
    #[serde(default)]
    pub always: bool,
    /// The finding's message for this sink (`$call` is the callee).
    #[serde(default)]
    pub message: Option<String>,
    /// A fix the engine knows how to make here.
    #[serde(default)]
    pub fix: Option<FixKind>,
    /// Positional arguments checked (0-based); empty with no `keywords`: all.
    #[serde(default)]
    pub args: Vec<usize>,
    /// Keyword / named arguments checked.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Only when the call's text matches this regex (`shell\s*=\s*True`).
    #[serde(default)]
    pub when: Option<String>,
    /// Never when the call's text matches this regex.
    #[serde(default)]
    pub unless: Option<String>,
    /// What to report for values of unknown origin: `none`, `built` (built from non-constant
    /// parts: concatenation, formatting) or `any` non-constant value.
    #[serde(default)]
    pub unknown: UnknownPolicy,
    /// What the flow calls the sink: "SQL query".
    pub label: String,
}

/// Fixes the taint engine can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum FixKind {
    /// A query built in place becomes a query with parameters (Python DB-API).
    SqlParameters,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum UnknownPolicy {
    #[default]
    None,
    Built,
    Any,
}

/// A compiled path pattern.
#[derive(Debug, Clone)]
pub(super) struct PathPattern {
    /// `*.x.y` patterns: the path ends with `.x.y` (and has something before it).
    any_prefix: bool,
    /// `x.y.*` patterns: the path starts with `x.y.` (and has something after it).
    any_suffix: bool,
    rest: String,
}

impl PathPattern {
    pub fn new(text: &str) -> PathPattern {
        let (any_prefix, rest) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (any_suffix, rest) = match rest.strip_suffix(".*") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        PathPattern {
            any_prefix,
            any_suffix,
            rest: rest.to_owned(),
        }
    }

    pub fn matches(&self, path: &str) -> bool {
        if self.any_suffix {
            return path.len() > self.rest.len() + 1
                && path.starts_with(self.rest.as_str())
                && path.as_bytes()[self.rest.len()] == b'.';
        }
        if !self.any_prefix {
            return path == self.rest;
        }
        path.len() > self.rest.len()
            && path.ends_with(self.rest.as_str())
            && path.as_bytes()[path.len() - self.rest.len() - 1] == b'.'
    }

    /// The last segment, used to skip files that cannot contain the pattern.
    pub fn last_segment(&self) -> &str {
        self.rest.rsplit(['.', ' ']).next().unwrap_or(&self.rest)
    }
}

/// Patterns with `{a,b}` alternatives expanded: `fs.{readFile,open}`.
/// Patterns indexed by their last segment, so that a call is tested against the few patterns
/// that can match it rather than all of them. Each pattern carries a tag (the index of its
/// sink, source or sanitizer).
#[derive(Debug, Default)]
pub(super) struct PatternSet {
    by_last: std::collections::HashMap<String, Vec<(usize, PathPattern)>>,
    /// `x.*` patterns: no last segment to index by.
    wild: Vec<(usize, PathPattern)>,
}

impl PatternSet {
    fn insert(&mut self, tag: usize, pattern: &PathPattern) {
        if pattern.any_suffix {
            self.wild.push((tag, pattern.clone()));
        } else {
            self.by_last
                .entry(pattern.last_segment().to_owned())
                .or_default()
                .push((tag, pattern.clone()));
        }
    }

    fn of<'p>(tagged: impl IntoIterator<Item = (usize, &'p Vec<PathPattern>)>) -> PatternSet {
        let mut set = PatternSet::default();
        for (tag, patterns) in tagged {
            for p in patterns {
                set.insert(tag, p);
            }
        }
        set
    }

    /// Tags of the patterns that match `path` or `resolved`, ascending, each once.
    pub fn tags(&self, path: &str, resolved: &str) -> Vec<usize> {
        let mut tags = Vec::new();
        for candidate in [path, resolved] {
            let last = candidate.rsplit(['.', ' ']).next().unwrap_or(candidate);
            let indexed = self.by_last.get(last).into_iter().flatten();
            for (tag, pattern) in indexed.chain(&self.wild) {
                if pattern.matches(candidate) && !tags.contains(tag) {
                    tags.push(*tag);
                }
            }
        }
        tags.sort_unstable();
        tags
    }

    pub fn first(&self, path: &str, resolved: &str) -> Option<usize> {
        self.tags(path, resolved).first().copied()
    }
}

fn patterns(list: &[String]) -> Vec<PathPattern> {
    let mut out = Vec::new();
    for pattern in list {
        for expanded in expand(pattern) {
            out.push(PathPattern::new(&expanded));
        }
    }
    out
}

fn expand(pattern: &str) -> Vec<String> {
    let (Some(open), Some(close)) = (pattern.find('{'), pattern.find('}')) else {
        return vec![pattern.to_owned()];
    };
    if close < open {
        return vec![pattern.to_owned()];
    }
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    pattern[open + 1..close]
        .split(',')
        .flat_map(|alt| expand(&format!("{head}{}{tail}", alt.trim())))
        .collect()
}

fn regex(origin: &str, field: &str, text: &Option<String>) -> Result<Option<Regex>, TaintError> {
    text.as_deref()
        .map(|t| {
            Regex::new(t).map_err(|e| TaintError::Invalid {
                origin: origin.to_owned(),
                message: format!("`{field}`: {e}"),
            })
        })
        .transpose()
}

/// A language's specification, compiled.
#[derive(Debug)]
pub(super) struct Spec {
    pub sources: Vec<Source>,
    pub handlers: Vec<Handler>,
    pub sanitizers: Vec<(Vec<PathPattern>, u64)>,
    pub mutators: Vec<String>,
    pub sinks: Vec<Sink>,
    pub modules: BTreeMap<String, String>,
    /// Last segments of every sink pattern, as one alternation (a single scan of the file): a
    /// file mentioning none is skipped.
    pub sink_words: Regex,
    /// Indexes of the patterns above (tags: sink, source and sanitizer indices).
    pub sink_calls: PatternSet,
    pub sink_assigns: PatternSet,
    pub source_reads: PatternSet,
    pub source_calls: PatternSet,
    pub sanitizer_calls: PatternSet,
    pub builder_calls: PatternSet,
    pub trusted_paths: PatternSet,
}

#[derive(Debug)]
pub(super) struct Source {
    pub label: String,
    pub reads: Vec<PathPattern>,
    pub calls: Vec<PathPattern>,
    /// Rules for which its data counts as safe (bit = rule index).
    pub safe: u64,
}

#[derive(Debug)]
pub(super) struct Handler {
    pub label: String,
    pub function_marker: Option<Regex>,
    pub param_marker: Option<Regex>,
    pub param_type: Option<Regex>,
    pub class_marker: Option<Regex>,
    pub except_names: Vec<String>,
    pub safe: u64,
}

#[derive(Debug)]
pub(super) struct Sink {
    /// Index of the rule in the engine's rule list.
    pub rule: usize,
    pub calls: Vec<PathPattern>,
    pub assigns: Vec<PathPattern>,
    pub args: Vec<usize>,
    pub keywords: Vec<String>,
    pub when: Option<Regex>,
    pub unless: Option<Regex>,
    pub unknown: UnknownPolicy,
    pub label: String,
    pub strings: Option<Regex>,
    pub constant: bool,
    pub always: bool,
    pub message: Option<String>,
    pub fix: Option<FixKind>,
}

impl Sink {
    /// Whether argument `index` (or keyword `name`) is checked.
    pub fn checks(&self, index: Option<usize>, name: Option<&str>) -> bool {
        if self.args.is_empty() && self.keywords.is_empty() {
            return true;
        }
        match name {
            Some(n) => self.keywords.iter().any(|k| k == n),
            None => index.is_some_and(|i| self.args.contains(&i)),
        }
    }
}

impl Spec {
    pub fn compile(
        file: &LanguageFile,
        origin: &str,
        rule_ids: &BTreeMap<String, usize>,
    ) -> Result<Spec, TaintError> {
        let rule_index = |id: &str| {
            rule_ids
                .get(id)
                .copied()
                .ok_or_else(|| TaintError::Invalid {
                    origin: origin.to_owned(),
                    message: format!("unknown taint rule `{id}`"),
                })
        };
        let mut sanitizers = Vec::new();
        for s in &file.sanitizers {
            let mut mask = 0u64;
            for id in &s.rules {
                mask |= 1 << rule_index(id)?;
            }
            sanitizers.push((patterns(&s.calls), if mask == 0 { !0 } else { mask }));
        }
        let mut sources = Vec::new();
        for s in &file.sources {
            let mut safe = 0u64;
            for id in &s.not_for {
                safe |= 1 << rule_index(id)?;
            }
            sources.push(Source {
                label: s.label.clone(),
                reads: patterns(&s.reads),
                calls: patterns(&s.calls),
                safe,
            });
        }
        let mut sinks = Vec::new();
        for s in &file.sinks {
            // A sink of a YAML rule that is disabled (or replaced by a rule set without it)
            // goes with its rule.
            let Some(&rule) = rule_ids.get(&s.rule) else {
                tracing::debug!(rule = %s.rule, origin, "taint sink of an absent rule skipped");
                continue;
            };
            sinks.push(Sink {
                rule,
                calls: patterns(&s.calls),
                assigns: patterns(&s.assigns),
                args: s.args.clone(),
                keywords: s.keywords.clone(),
                when: regex(origin, "when", &s.when)?,
                unless: regex(origin, "unless", &s.unless)?,
                unknown: s.unknown,
                label: s.label.clone(),
                strings: regex(origin, "strings", &s.strings)?,
                constant: s.constant,
                always: s.always,
                message: s.message.clone(),
                fix: s.fix,
            });
        }
        let mut handlers = Vec::new();
        for h in &file.handler_params {
            handlers.push(Handler {
                label: h.label.clone(),
                function_marker: regex(origin, "function_marker", &h.function_marker)?,
                param_marker: regex(origin, "param_marker", &h.param_marker)?,
                param_type: regex(origin, "param_type", &h.param_type)?,
                class_marker: regex(origin, "class_marker", &h.class_marker)?,
                except_names: h.except_names.clone(),
                safe: h
                    .not_for
                    .iter()
                    .map(|id| rule_index(id).map(|i| 1u64 << i))
                    .sum::<Result<u64, _>>()?,
            });
        }
        let mut sink_words: Vec<String> = sinks
            .iter()
            .flat_map(|s| s.calls.iter().chain(&s.assigns))
            .map(|p| p.last_segment().to_owned())
            .chain(file.sinks.iter().flat_map(|s| s.words.iter().cloned()))
            .collect();
        sink_words.sort();
        sink_words.dedup();
        let alternation: Vec<String> = sink_words.iter().map(|w| regex::escape(w)).collect();
        let sink_words = Regex::new(&alternation.join("|")).map_err(|e| TaintError::Invalid {
            origin: origin.to_owned(),
            message: format!("sink words: {e}"),
        })?;
        let builders = patterns(&file.builders);
        let trusted = patterns(&file.trusted);
        Ok(Spec {
            sink_calls: PatternSet::of(sinks.iter().map(|s| &s.calls).enumerate()),
            sink_assigns: PatternSet::of(sinks.iter().map(|s| &s.assigns).enumerate()),
            source_reads: PatternSet::of(sources.iter().map(|s| &s.reads).enumerate()),
            source_calls: PatternSet::of(sources.iter().map(|s| &s.calls).enumerate()),
            sanitizer_calls: PatternSet::of(sanitizers.iter().map(|s| &s.0).enumerate()),
            builder_calls: PatternSet::of([(0, &builders)]),
            trusted_paths: PatternSet::of([(0, &trusted)]),
            sources,
            handlers,
            sanitizers,
            mutators: file.mutators.clone(),
            sinks,
            modules: file.modules.clone(),
            sink_words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::PathPattern;

    #[test]
    fn path_patterns_match_whole_segments() {
        let any = PathPattern::new("*.execute");
        assert!(any.matches("cur.execute"));
        assert!(any.matches("self.db.cursor().execute"));
        assert!(!any.matches("execute"));
        assert!(!any.matches("cur.reexecute"));
        let exact = PathPattern::new("os.system");
        assert!(exact.matches("os.system"));
        assert!(!exact.matches("xos.system"));
        let suffix = PathPattern::new("req.session.*");
        assert!(suffix.matches("req.session.role") && !suffix.matches("req.sessions"));
        assert_eq!(PathPattern::new("new File").last_segment(), "File");
        let fs = super::patterns(&["fs.{promises.,}{readFile,open}".to_owned()]);
        assert_eq!(fs.len(), 4);
        assert!(fs.iter().any(|p| p.matches("fs.promises.open")));
    }
}

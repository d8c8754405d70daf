//! Validating rule files and compiling them into one tree-sitter query per language.

use std::sync::OnceLock;

use regex::Regex;
use tree_sitter::Query;

use super::RuleError;
use super::load::{self, RuleSource};
use super::pattern;
use super::schema::{FixTemplate, RuleFile};
use crate::lang::Grammar;
use crate::vocab::{Language, RuleDocs, RuleId, RuleMeta};

/// Patterns larger than this many bytes of compiled regex are refused.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A condition with its regex compiled and its node kinds resolved.
#[derive(Debug)]
pub(super) enum Check {
    Matches {
        capture: u32,
        regex: Regex,
        expect: bool,
    },
    Inside {
        kinds: Vec<u16>,
        /// Tested on the nearest such ancestor's head (see `Condition::head_matches`).
        head: Option<Regex>,
        expect: bool,
    },
    Has {
        kinds: Vec<u16>,
        expect: bool,
    },
    Parent {
        regex: Regex,
        expect: bool,
    },
}

/// One rule's pattern in one language.
#[derive(Debug)]
pub(super) struct Pattern {
    pub rule: usize,
    pub checks: Vec<Check>,
    pub message: String,
    pub fix: Option<FixTemplate>,
}

/// All rules of one language, as one query: `patterns[i]` says which rule query pattern `i`
/// belongs to.
#[derive(Debug)]
pub(super) struct LanguageRules {
    pub query: Query,
    pub pattern_owner: Vec<usize>,
    pub patterns: Vec<Pattern>,
    pub finding_capture: Option<u32>,
}

/// Validated, compiled rules, ready to run on any number of files from any thread.
#[derive(Debug)]
pub struct RuleSet {
    pub(super) rules: Vec<RuleMeta>,
    /// Each language's rules, compiled on first use: tree-sitter query compilation is costly
    /// (tens of milliseconds per rule), and a run only pays for the languages it meets.
    pub(super) compiled: [OnceLock<Option<LanguageRules>>; 5],
    /// The rule files' sources, kept for compiling later (same order as `files`).
    pub(super) sources: Vec<RuleSource>,
    pub(super) files: Vec<RuleFile>,
    /// Digest of the rule files' text: part of the cache key.
    pub(super) digest: String,
}

impl RuleSet {
    /// The rules shipped with Conclave.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::from_sources(&load::builtin_sources())
    }

    /// Validates and compiles rule files. Fails on the first malformed file, naming it.
    pub fn from_sources(sources: &[RuleSource]) -> Result<RuleSet, RuleError> {
        RuleSet::from_sources_except(sources, &[])
    }

    /// Like [`RuleSet::from_sources`], leaving out the rules whose ids are in `disabled`
    /// (they are still validated).
    pub fn from_sources_except(
        sources: &[RuleSource],
        disabled: &[String],
    ) -> Result<RuleSet, RuleError> {
        let mut files: Vec<(RuleFile, &RuleSource)> = Vec::new();
        for source in sources {
            let mut file = load::parse(source)?;
            validate(&file, source)?;
            resolve_patterns(&mut file, source)?;
            if disabled.contains(&file.id) {
                continue;
            }
            match files.iter().position(|(f, _)| f.id == file.id) {
                // A user's rule file replaces the built-in rule with the same id.
                Some(i) if files[i].1.is_builtin() && !source.is_builtin() => {
                    files[i] = (file, source);
                }
                Some(i) => {
                    return Err(RuleError::DuplicateId {
                        id: file.id,
                        first: files[i].1.origin.clone(),
                        second: source.origin.clone(),
                    });
                }
                None => files.push((file, source)),
            }
        }
        files.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        // User rules are compiled now, alone, so their errors surface when they are loaded;
        // built-in rules are checked by the test suite and compiled when first needed.
        for pair in files.iter().filter(|(_, source)| !source.is_builtin()) {
            for language in pair.0.languages.keys() {
                compile_language(*language, std::slice::from_ref(pair))?;
            }
        }
        let digest = {
            use sha2::Digest;
            let mut hasher = sha2::Sha256::new();
            for (_, source) in &files {
                hasher.update(source.text.as_bytes());
                hasher.update([0]);
            }
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        Ok(RuleSet {
            digest,
            rules: files.iter().map(|(f, _)| meta(f)).collect(),
            sources: files.iter().map(|(_, s)| (*s).clone()).collect(),
            files: files.into_iter().map(|(f, _)| f).collect(),
            compiled: Default::default(),
        })
    }

    /// The compiled rules of `language`, compiling them on first use.
    pub(super) fn language_rules(&self, language: Language) -> Option<&LanguageRules> {
        let slot = Language::ALL.iter().position(|l| *l == language)?;
        self.compiled[slot]
            .get_or_init(|| {
                let pairs: Vec<(RuleFile, &RuleSource)> = self
                    .files
                    .iter()
                    .cloned()
                    .zip(self.sources.iter())
                    .collect();
                compile_language(language, &pairs).unwrap_or_else(|error| {
                    tracing::error!(%error, %language, "rules not compiled");
                    None
                })
            })
            .as_ref()
    }

    /// Documentation and defaults of every rule, sorted by id.
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// The parsed rule files, sorted by id (languages, fixes, bug categories).
    pub fn files(&self) -> &[RuleFile] {
        &self.files
    }

    /// A digest of the rule files, which changes whenever any rule does.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// An empty rule set: metrics only.
    pub fn empty() -> RuleSet {
        RuleSet {
            digest: String::new(),
            rules: Vec::new(),
            compiled: Default::default(),
            sources: Vec::new(),
            files: Vec::new(),
        }
    }
}

fn meta(file: &RuleFile) -> RuleMeta {
    let d = &file.docs;
    RuleMeta {
        id: RuleId::new(file.id.clone()),
        name: file.name.clone(),
        category: file.category,
        severity: file.severity,
        confidence: file.confidence,
        cwe: file.cwe.clone(),
        summary: file.summary.clone(),
        docs: RuleDocs {
            what_it_does: d.what.clone(),
            why_bad: d.why.clone(),
            example: format!("# Bad\n{}\n# Good\n{}", d.bad.trim_end(), d.good.trim_end()),
            fix_safety: d.fix_safety.clone().unwrap_or_default(),
            references: d.references.clone(),
        },
    }
}

/// Turns each language's code patterns into its query (exactly one of the two is given).
fn resolve_patterns(file: &mut RuleFile, source: &RuleSource) -> Result<(), RuleError> {
    for (language, lp) in &mut file.languages {
        let field = format!("languages.{}.pattern", language.name());
        let invalid = |message: String| RuleError::Invalid {
            origin: source.origin.clone(),
            line: load::line_of_field(&source.text, &field),
            field: field.clone(),
            message,
        };
        match (&lp.pattern, lp.query.trim().is_empty()) {
            (None, false) => {}
            (None, true) => return Err(invalid("give a `query` or a `pattern`".into())),
            (Some(_), false) => {
                return Err(invalid("give a `query` or a `pattern`, not both".into()));
            }
            (Some(patterns), true) => {
                let mut query = String::new();
                for p in patterns.as_slice() {
                    query.push_str(
                        &pattern::to_query(*language, p)
                            .map_err(|e| invalid(format!("`{p}`: {e}")))?,
                    );
                    query.push('\n');
                }
                lp.query = query;
            }
        }
    }
    Ok(())
}

/// Checks what serde cannot: id and name shape, non-empty sections, known captures.
fn validate(file: &RuleFile, source: &RuleSource) -> Result<(), RuleError> {
    let invalid = |field: &str, message: String| RuleError::Invalid {
        origin: source.origin.clone(),
        line: load::line_of_field(&source.text, field),
        field: field.to_owned(),
        message,
    };
    let id_ok = file.id.len() >= 2
        && file
            .id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        && file
            .id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !id_ok {
        return Err(invalid(
            "id",
            format!("`{}` is not an id like `B001`", file.id),
        ));
    }
    if file.name.is_empty()
        || !file
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            "name",
            format!("`{}` is not a kebab-case name", file.name),
        ));
    }
    if file.languages.is_empty() {
        return Err(invalid(
            "languages",
            "a rule needs a pattern for at least one language".into(),
        ));
    }
    for (field, text) in [
        ("docs.what", &file.docs.what),
        ("docs.why", &file.docs.why),
        ("docs.bad", &file.docs.bad),
        ("docs.good", &file.docs.good),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(field, "must not be empty".into()));
        }
    }
    Ok(())
}

fn compile_language(
    language: Language,
    files: &[(RuleFile, &RuleSource)],
) -> Result<Option<LanguageRules>, RuleError> {
    let grammar = Grammar::get(language);
    let ts = &grammar.ts_language;
    let field = format!("languages.{}.query", language.name());

    // One query for all rules of the language, compiled once; each rule's byte range in it
    // maps errors and patterns back to the rule.
    let mut combined = String::new();
    let mut ranges = Vec::new();
    for (rule_index, (file, _)) in files.iter().enumerate() {
        if let Some(pattern) = file.languages.get(&language) {
            let start = combined.len();
            combined.push_str(&pattern.query);
            combined.push('\n');
            ranges.push((rule_index, start..combined.len()));
        }
    }
    if ranges.is_empty() {
        return Ok(None);
    }
    let query = Query::new(ts, &combined).map_err(|e| {
        let (rule_index, range) = ranges
            .iter()
            .find(|(_, r)| r.contains(&e.offset))
            .or(ranges.last())
            .cloned()
            .unwrap_or((0, 0..0));
        let (_, source) = &files[rule_index];
        let row_in_rule = combined[range.start..e.offset.min(combined.len())]
            .matches('\n')
            .count();
        RuleError::Invalid {
            origin: source.origin.clone(),
            line: load::line_of_field(&source.text, &field) + row_in_rule + 1,
            field: field.clone(),
            message: format!("invalid query: {} ({:?})", e.message, e.kind),
        }
    })?;

    let slot_of = |byte: usize| ranges.iter().position(|(_, r)| r.contains(&byte));
    let pattern_owner: Vec<usize> = (0..query.pattern_count())
        .map(|i| slot_of(query.start_byte_for_pattern(i)).unwrap_or(0))
        .collect();
    let mut patterns = Vec::with_capacity(ranges.len());
    for (slot, (rule_index, _)) in ranges.iter().enumerate() {
        let (file, source) = &files[*rule_index];
        let pattern = &file.languages[&language];
        // A capture the rule refers to must occur in one of the rule's own patterns.
        let has_capture = |name: &str| {
            query.capture_index_for_name(name).is_some_and(|c| {
                pattern_owner.iter().enumerate().any(|(i, &owner)| {
                    owner == slot
                        && query
                            .capture_quantifiers(i)
                            .get(c as usize)
                            .is_some_and(|q| *q != tree_sitter::CaptureQuantifier::Zero)
                })
            })
        };
        let mut checks = Vec::new();
        for (i, condition) in pattern.conditions.iter().enumerate() {
            let cond_field = format!("languages.{}.where", language.name());
            let invalid = |message: String| RuleError::Invalid {
                origin: source.origin.clone(),
                line: load::line_of_field(&source.text, &cond_field),
                field: format!("{cond_field}[{i}]"),
                message,
            };
            let kinds = |names: &[String]| -> Result<Vec<u16>, RuleError> {
                names
                    .iter()
                    .map(|n| match ts.id_for_node_kind(n, true) {
                        0 => Err(invalid(format!("`{n}` is not a {language} node kind"))),
                        id => Ok(id),
                    })
                    .collect()
            };
            let set = [
                condition.matches.is_some(),
                condition.not_matches.is_some(),
                condition.parent_matches.is_some(),
                condition.parent_not_matches.is_some(),
                condition.inside.is_some(),
                condition.not_inside.is_some(),
                condition.has.is_some(),
                condition.not_has.is_some(),
            ];
            if set.iter().filter(|&&b| b).count() != 1 {
                return Err(invalid(
                    "give exactly one of matches, not_matches, parent_matches, parent_not_matches, \
                     inside, not_inside, has, not_has"
                        .into(),
                ));
            }
            let compile = |regex: &str| {
                regex::RegexBuilder::new(regex)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| invalid(format!("invalid regex: {e}")))
            };
            if condition.head_matches.is_some()
                && condition.inside.is_none()
                && condition.not_inside.is_none()
            {
                return Err(invalid(
                    "`head_matches` goes with `inside` or `not_inside`".into(),
                ));
            }
            let check = if let Some(regex) = condition
                .matches
                .as_ref()
                .or(condition.not_matches.as_ref())
            {
                let Some(capture) = condition.capture.as_deref() else {
                    return Err(invalid("`matches` needs a `capture`".into()));
                };
                if !has_capture(capture) {
                    return Err(invalid(format!("the query has no capture `@{capture}`")));
                }
                let regex = compile(regex)?;
                Check::Matches {
                    capture: query.capture_index_for_name(capture).unwrap_or(u32::MAX),
                    regex,
                    expect: condition.matches.is_some(),
                }
            } else if let Some(regex) = condition
                .parent_matches
                .as_ref()
                .or(condition.parent_not_matches.as_ref())
            {
                Check::Parent {
                    regex: compile(regex)?,
                    expect: condition.parent_matches.is_some(),
                }
            } else if let Some(names) = condition.inside.as_ref().or(condition.not_inside.as_ref())
            {
                Check::Inside {
                    kinds: kinds(names)?,
                    head: condition.head_matches.as_deref().map(compile).transpose()?,
                    expect: condition.inside.is_some(),
                }
            } else {
                // Exactly one key is set (checked above): `has` or `not_has`.
                let names = condition
                    .has
                    .as_deref()
                    .or(condition.not_has.as_deref())
                    .unwrap_or_default();
                Check::Has {
                    kinds: kinds(names)?,
                    expect: condition.has.is_some(),
                }
            };
            checks.push(check);
        }
        if let Some(target) = pattern.fix.as_ref().and_then(|f| f.target.as_deref())
            && !has_capture(target)
        {
            return Err(RuleError::Invalid {
                origin: source.origin.clone(),
                line: load::line_of_field(
                    &source.text,
                    &format!("languages.{}.fix", language.name()),
                ),
                field: format!("languages.{}.fix.target", language.name()),
                message: format!("the query has no capture `@{target}`"),
            });
        }
        patterns.push(Pattern {
            rule: *rule_index,
            checks,
            message: pattern
                .message
                .clone()
                .unwrap_or_else(|| file.message.clone()),
            fix: pattern.fix.clone(),
        });
    }
    Ok(Some(LanguageRules {
        finding_capture: query.capture_index_for_name("finding"),
        query,
        pattern_owner,
        patterns,
    }))
}

//! Taint tracking within a file: does attacker-controlled data (a request parameter, standard
//! input) reach a dangerous call (a SQL query, a shell command, a file path) without passing a
//! sanitizer?
//!
//! Sources, sinks, sanitizers and propagators are data (`agents/taint/<language>.yml`), the
//! rules and their documentation too (`agents/taint/rules.yml`). The interpreter (`eval`) walks
//! each function once per pass over a language-neutral view of the tree (`syntax`); functions
//! of the same file are summarised so that a helper passing its parameter to a sink is
//! understood at its call sites. Each finding carries its flow, emitted as a SARIF `codeFlow`.
//!
//! Values that are not constant but not proven to come from a source either (a global, a
//! parameter nobody in the file passes) are reported at low confidence for the sinks whose
//! specification asks for it (`unknown: any` or `built`): `eval(x)` is worth a look whatever
//! `x` is, a SQL query built by concatenation too.

mod calls;
mod eval;
mod file;
mod fix;
mod names;
mod spec;
mod syntax;
mod value;

use std::collections::{BTreeMap, HashMap};

use crate::rules::code::CodeContext;
use crate::vocab::{
    Applicability, Confidence, Edit, Effort, Finding, Fingerprint, Fix, FlowStep, Language,
    LineIndex, RuleMeta,
};
pub use value::Step;

/// Errors in taint specifications.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaintError {
    /// A specification file is not valid YAML of the expected shape.
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

const RULES: &str = include_str!("../../../agents/taint/rules.yml");
const LANGUAGES: &[(&str, &str)] = &[
    (
        "agents/taint/python.yml",
        include_str!("../../../agents/taint/python.yml"),
    ),
    (
        "agents/taint/javascript.yml",
        include_str!("../../../agents/taint/javascript.yml"),
    ),
    (
        "agents/taint/java.yml",
        include_str!("../../../agents/taint/java.yml"),
    ),
    (
        "agents/taint/csharp.yml",
        include_str!("../../../agents/taint/csharp.yml"),
    ),
    (
        "agents/taint/go.yml",
        include_str!("../../../agents/taint/go.yml"),
    ),
];

/// The taint rules and the compiled specification of each language.
#[derive(Debug)]
pub struct TaintEngine {
    metas: Vec<RuleMeta>,
    /// (message for a proven flow, message for a value of unknown origin) per rule.
    messages: Vec<(String, String)>,
    specs: HashMap<Language, spec::Spec>,
    /// `metas[..own]` are the taint rules; the others belong to YAML packs.
    own: usize,
    /// Rules switched off (bit = rule index).
    disabled: u64,
}

impl TaintEngine {
    /// The specifications shipped in `agents/taint/`. Sinks may report under the YAML rules in
    /// `known` (an API-misuse rule that needs import aliases resolved, such as Python XXE).
    pub fn builtin(known: &[RuleMeta]) -> Result<TaintEngine, TaintError> {
        TaintEngine::from_texts(RULES, LANGUAGES, known)
    }

    /// Builds an engine from a rules file and `(origin, text)` language files.
    pub fn from_texts(
        rules: &str,
        languages: &[(&str, &str)],
        known: &[RuleMeta],
    ) -> Result<TaintEngine, TaintError> {
        let yaml = |origin: &str, e: serde_yaml::Error| TaintError::Invalid {
            origin: origin.to_owned(),
            message: e.to_string(),
        };
        let file: spec::RulesFile =
            serde_yaml::from_str(rules).map_err(|e| yaml("agents/taint/rules.yml", e))?;
        let mut metas: Vec<RuleMeta> = file.rules.iter().map(spec::RuleEntry::meta).collect();
        let mut messages: Vec<(String, String)> = file
            .rules
            .iter()
            .map(|r| (r.message.clone(), r.message_unknown.clone()))
            .collect();
        let own = metas.len();
        let mut parsed = Vec::new();
        for (origin, text) in languages {
            let lang: spec::LanguageFile =
                serde_yaml::from_str(text).map_err(|e| yaml(origin, e))?;
            // Rules of the YAML packs that these sinks report under.
            for sink in &lang.sinks {
                if !metas.iter().any(|m| m.id.as_str() == sink.rule)
                    && let Some(meta) = known.iter().find(|m| m.id.as_str() == sink.rule)
                {
                    metas.push(meta.clone());
                    messages.push((meta.summary.clone(), meta.summary.clone()));
                }
            }
            parsed.push((origin, lang));
        }
        if metas.len() > 64 {
            return Err(TaintError::Invalid {
                origin: "agents/taint/rules.yml".into(),
                message: "at most 64 rules can have taint sinks".into(),
            });
        }
        let ids: BTreeMap<String, usize> = metas
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str().to_owned(), i))
            .collect();
        let mut specs = HashMap::new();
        for (origin, lang) in parsed {
            let compiled = spec::Spec::compile(&lang, origin, &ids)?;
            specs.insert(lang.language, compiled);
        }
        Ok(TaintEngine {
            metas,
            own,
            messages,
            specs,
            disabled: 0,
        })
    }

    /// Switches off the rules with these ids.
    pub fn disable(&mut self, ids: &[String]) {
        for (i, meta) in self.metas.iter().enumerate() {
            if ids.iter().any(|id| id == meta.id.as_str()) {
                self.disabled |= 1 << i;
            }
        }
    }

    /// The enabled rules.
    pub fn rules(&self) -> impl Iterator<Item = &RuleMeta> {
        self.metas[..self.own]
            .iter()
            .enumerate()
            .filter(|(i, _)| self.disabled & (1 << i) == 0)
            .map(|(_, m)| m)
    }

    /// Appends the taint findings of one parsed file.
    pub fn check(&self, cx: &CodeContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = self.specs.get(&cx.language) else {
            return;
        };
        if spec
            .sinks
            .iter()
            .all(|s| self.disabled & (1 << s.rule) != 0)
            || !spec.sink_words.is_match(cx.text)
        {
            return;
        }
        let mut file = file::FileTaint::new(cx.language, spec, cx.text.as_bytes());
        file.run(cx.tree.root_node());
        for hit in file.hits {
            let sink = &spec.sinks[hit.sink];
            if self.disabled & (1 << sink.rule) != 0 {
                continue;
            }
            out.push(self.finding(cx, sink, &hit));
        }
    }

    fn finding(&self, cx: &CodeContext<'_>, sink: &spec::Sink, hit: &file::Hit) -> Finding {
        let meta = &self.metas[sink.rule];
        let (proven, unknown) = &self.messages[sink.rule];
        let source = hit
            .steps
            .first()
            .map(|s| s.note.clone())
            .unwrap_or_default();
        let call = cx
            .text
            .get(hit.start_byte..hit.end_byte)
            .and_then(|t| t.split('(').next())
            .unwrap_or_default()
            .trim();
        let message = match &sink.message {
            Some(m) => m.clone(),
            None if hit.tainted => proven.clone(),
            None => unknown.clone(),
        }
        .replace("$source", &source)
        .replace("$sink", &sink.label)
        .replace("$call", call);
        let span = |s: &Step| span_of(cx.index, cx.text, s.start_byte, s.end_byte);
        Finding {
            rule_id: meta.id.clone(),
            category: meta.category,
            severity: meta.severity,
            confidence: if hit.tainted {
                Confidence::High
            } else if sink.always {
                meta.confidence
            } else {
                Confidence::Low
            },
            path: cx.path.to_owned(),
            span: span_of(cx.index, cx.text, hit.start_byte, hit.end_byte),
            message,
            cwe: meta.cwe.clone(),
            symbol: None,
            fix: hit.fix.as_ref().and_then(|(start, end, replacement)| {
                Fix::new(
                    "pass the values as query parameters",
                    Applicability::Unsafe,
                    vec![Edit {
                        span: span_of(cx.index, cx.text, *start, *end),
                        replacement: replacement.clone(),
                    }],
                )
            }),
            effort: Effort(if hit.tainted { 30 } else { 10 }),
            fingerprint: Fingerprint(String::new()),
            flow: if hit.tainted {
                hit.steps
                    .iter()
                    .map(|s| FlowStep {
                        span: span(s),
                        message: s.note.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            suppressed: None,
            provenance: None,
            explanation: None,
        }
    }
}

fn span_of(index: &LineIndex, text: &str, start: usize, end: usize) -> crate::vocab::Span {
    index.span(text, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sink_names_a_taint_rule_or_a_builtin_yaml_rule() {
        let set = crate::rules::RuleSet::from_sources(&crate::rules::builtin_sources()).unwrap();
        let engine = TaintEngine::builtin(set.rules()).unwrap();
        for (origin, text) in LANGUAGES {
            let file: spec::LanguageFile = serde_yaml::from_str(text).unwrap();
            for sink in &file.sinks {
                assert!(
                    engine.metas.iter().any(|m| m.id.as_str() == sink.rule),
                    "{origin}: sink of unknown rule {}",
                    sink.rule
                );
            }
        }
        // Without the YAML rules, their sinks are dropped and the engine still builds.
        let alone = TaintEngine::builtin(&[]).unwrap();
        assert_eq!(alone.rules().count(), alone.own);
    }
}

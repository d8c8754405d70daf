//! The engine: walks paths, analyses files in parallel and assembles a [`Report`].

mod baseline;
mod cache;
mod clones;
mod fix;
mod live;
mod project;
mod report;
mod suppress;
mod syntax;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

pub use baseline::{Baseline, BaselineEntry, BaselineError};
pub use fix::FixOutcome;
pub use live::{LiveFile, Reparse};
pub use report::{FileReport, LanguageSummary, Report, SCHEMA_VERSION, Summary, ToolInfo};

use crate::config::{Config, ConfigError};
use crate::lang::{Grammar, ParseError, Parsers};
use crate::metrics::{self, Rating};
use crate::rules::code::{CodeContext, CodeRule};
use crate::rules::{RuleError, RuleSet, directory_sources};
use crate::source::{self, Candidate, Filters, Loaded, SkipReason, Skipped};
use crate::vocab::{Effort, Finding, Fingerprint, Language, LineIndex, RuleMeta};
use clones::Prints;

/// Trees deeper than this are measured but not matched against rules.
const MAX_DEPTH_FOR_RULES: u32 = 1_000;

thread_local! {
    /// Parsers are costly to set up and not `Sync`: one set per thread, reused across calls.
    static PARSERS: std::cell::RefCell<Parsers> = std::cell::RefCell::new(Parsers::new());
}

fn with_parsers<T>(f: impl FnOnce(&mut Parsers) -> T) -> T {
    PARSERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut parsers) => f(&mut parsers),
        // Re-entered from inside an analysis (a progress callback, say): use a fresh set.
        Err(_) => f(&mut Parsers::new()),
    })
}

/// Errors building an [`Engine`]. Analysing never fails as a whole: per-file problems are
/// reported in [`Report::skipped`] or as findings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A rule file is malformed or unreadable.
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// A taint specification is malformed.
    #[error(transparent)]
    Taint(#[from] crate::taint::TaintError),
    /// The worker thread pool could not be started.
    #[error("cannot start {threads} worker threads: {message}")]
    ThreadPool { threads: usize, message: String },
}

/// Observes a run file by file (for progress bars). Called from worker threads.
pub trait Progress: Sync {
    /// The number of files about to be analysed.
    fn start(&self, _total: usize) {}
    /// One file is done (analysed or skipped).
    fn advance(&self, _path: &str) {}
}

/// Analyses source trees. Cheap to share: all methods take `&self`.
#[derive(Debug)]
pub struct Engine {
    config: Config,
    filters: Filters,
    pool: rayon::ThreadPool,
    rules: Vec<RuleMeta>,
    rule_set: RuleSet,
    /// Rules written in Rust (enabled ones only).
    code_rules: Vec<Box<dyn CodeRule>>,
    /// Data-flow security rules (sources to sinks).
    taint: crate::taint::TaintEngine,
    cache: Option<cache::Cache>,
    /// `config.rules.overrides`, with their globs compiled.
    overrides: Vec<(globset::GlobSet, crate::config::PathOverride)>,
    /// Whether R020 (duplicated code) is on: files then keep clone fingerprints.
    detect_clones: bool,
}

/// Builds an [`Engine`]: `Engine::builder().threads(2).config(cfg).build()?`.
#[derive(Debug, Default)]
pub struct EngineBuilder {
    config: Option<Config>,
    threads: Option<usize>,
    rule_set: Option<RuleSet>,
    cache_dir: Option<PathBuf>,
}

impl EngineBuilder {
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Use exactly these rules instead of the built-in ones plus `config.rules.directories`.
    pub fn rule_set(mut self, rules: RuleSet) -> Self {
        self.rule_set = Some(rules);
        self
    }

    /// Keep an incremental cache in `dir`: unchanged files are not parsed again.
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Worker threads; 0 or unset means one per available core.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    pub fn build(self) -> Result<Engine, EngineError> {
        let config = self.config.unwrap_or_default();
        let threads = match self.threads {
            Some(n) if n > 0 => n,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("conclave-{i}"))
            .build()
            .map_err(|e| EngineError::ThreadPool {
                threads,
                message: e.to_string(),
            })?;
        let rule_set = match self.rule_set {
            Some(set) => set,
            None => {
                let mut sources = crate::rules::builtin_sources();
                for dir in &config.rules.directories {
                    sources.extend(directory_sources(dir)?);
                }
                // Disabled rules are not even compiled: they cost nothing.
                RuleSet::from_sources_except(&sources, &config.rules.disable)?
            }
        };
        let code_rules: Vec<Box<dyn CodeRule>> = crate::rules::code::builtin()
            .into_iter()
            .filter(|r| {
                !config
                    .rules
                    .disable
                    .iter()
                    .any(|d| d == r.meta().id.as_str())
            })
            .collect();
        let mut taint = crate::taint::TaintEngine::builtin(rule_set.rules())?;
        taint.disable(&config.rules.disable);
        let mut rules = metrics::metric_rules();
        rules.extend(code_rules.iter().map(|r| r.meta().clone()));
        rules.extend(taint.rules().cloned());
        rules.push(syntax::syntax_rule());
        let detect_clones = !config.rules.disable.iter().any(|d| d == clones::RULE_ID);
        if detect_clones {
            rules.push(clones::rule());
        }
        rules.push(suppress::unused_suppression_rule());
        rules.extend(rule_set.rules().iter().cloned());
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let cache = self.cache_dir.map(|dir| {
            let config_text = toml::to_string(&config).unwrap_or_default();
            cache::Cache::new(
                dir,
                &[env!("CARGO_PKG_VERSION"), &config_text, rule_set.digest()],
            )
        });
        let overrides = config
            .rules
            .overrides
            .iter()
            .map(|o| Ok((crate::source::glob_set(&o.paths)?, o.clone())))
            .collect::<Result<Vec<_>, ConfigError>>()?;
        Ok(Engine {
            overrides,
            filters: Filters::new(&config)?,
            config,
            pool,
            rules,
            rule_set,
            code_rules,
            taint,
            cache,
            detect_clones,
        })
    }
}

impl Engine {
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// An engine with the default configuration.
    pub fn new() -> Result<Engine, EngineError> {
        Engine::builder().build()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The YAML rules this engine runs (their files: languages, fixes, bug categories).
    pub fn rule_set(&self) -> &RuleSet {
        &self.rule_set
    }

    /// The enabled rule written in Rust with this id, if any.
    pub fn code_rule(&self, id: &str) -> Option<&dyn CodeRule> {
        self.code_rules
            .iter()
            .find(|r| r.meta().id.as_str() == id)
            .map(|r| r.as_ref())
    }

    /// Every rule this engine can report, sorted by id.
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// Worker threads in this engine's pool.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Analyses a file or a directory tree.
    pub fn analyze_path(&self, path: impl AsRef<Path>) -> Report {
        self.analyze_paths(&[path.as_ref().to_owned()], None)
    }

    /// Analyses files and directory trees; one bad file never stops the others.
    pub fn analyze_paths(&self, paths: &[PathBuf], progress: Option<&dyn Progress>) -> Report {
        let started = Instant::now();
        let (candidates, mut skipped) = source::walk(paths, &self.filters);
        if let Some(p) = progress {
            p.start(candidates.len());
        }
        let results: Vec<Result<(FileReport, Prints), Skipped>> = self.pool.install(|| {
            candidates
                .par_iter()
                .map(|candidate| {
                    let result = with_parsers(|parsers| self.analyze_candidate(parsers, candidate));
                    if let Some(p) = progress {
                        p.advance(&candidate.display);
                    }
                    result
                })
                .collect()
        });
        let mut files = Vec::with_capacity(results.len());
        let mut prints = Vec::with_capacity(results.len());
        let mut sources = Vec::with_capacity(results.len());
        for (result, candidate) in results.into_iter().zip(&candidates) {
            match result {
                Ok((file, file_prints)) => {
                    files.push(file);
                    prints.push(file_prints);
                    sources.push(candidate.path.as_path());
                }
                Err(skip) => skipped.push(skip),
            }
        }
        if self.detect_clones {
            self.add_duplicates(&mut files, &prints, |i| {
                match source::load(sources[i], self.config.max_file_size) {
                    Loaded::Text { text, .. } => Some(text),
                    Loaded::Skipped(_) => None,
                }
            });
        }
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.assemble(files, skipped, started)
    }

    /// A whole report (summary, rating) over file reports analysed one by one, e.g. with
    /// [`Engine::analyze_named_source`]: what the renderers that take a run (SARIF) need.
    pub fn report_of(&self, files: Vec<FileReport>) -> Report {
        self.assemble(files, Vec::new(), Instant::now())
    }

    /// Analyses source text held in memory, reported under the path `<source>`.
    pub fn analyze_source(&self, language: Language, text: &str) -> FileReport {
        self.analyze_named_source("<source>", language, text)
    }

    /// Analyses source text held in memory, reported under `path`.
    pub fn analyze_named_source(&self, path: &str, language: Language, text: &str) -> FileReport {
        let analysed =
            with_parsers(|parsers| self.analyze_text(parsers, path, language, text, Vec::new()));
        match analysed {
            Ok((report, prints)) => {
                let mut files = [report];
                if self.detect_clones {
                    self.add_duplicates(&mut files, &[prints], |_| Some(text.to_owned()));
                }
                let [report] = files;
                report
            }
            Err(e) => self.unparsed_report(path, language, text, &e),
        }
    }

    fn analyze_candidate(
        &self,
        parsers: &mut Parsers,
        candidate: &Candidate,
    ) -> Result<(FileReport, Prints), Skipped> {
        let skip = |reason| Skipped {
            path: candidate.display.clone(),
            reason,
        };
        let (text, lossy) = match source::load(&candidate.path, self.config.max_file_size) {
            Loaded::Text { text, lossy } => (text, lossy),
            Loaded::Skipped(reason) => return Err(skip(reason)),
        };
        let mut warnings = Vec::new();
        if lossy {
            tracing::warn!(path = %candidate.display, "invalid UTF-8, decoded lossily");
            warnings.push("invalid UTF-8: decoded with replacement characters".to_owned());
        }
        if let Some(hit) = self
            .cache
            .as_ref()
            .and_then(|c| c.get(&candidate.display, &text))
        {
            return Ok(hit);
        }
        // A panic in one file (a grammar bug, say) must not take the whole run down.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.analyze_text(
                parsers,
                &candidate.display,
                candidate.language,
                &text,
                warnings,
            )
        }));
        match outcome {
            Ok(Ok((report, prints))) => {
                if let Some(cache) = &self.cache {
                    cache.put(&candidate.display, &text, &report, &prints);
                }
                Ok((report, prints))
            }
            Ok(Err(e)) => Ok((
                self.unparsed_report(&candidate.display, candidate.language, &text, &e),
                Prints::default(),
            )),
            Err(_) => {
                *parsers = Parsers::new();
                Err(skip(SkipReason::Unreadable {
                    error: "internal error while analysing this file".into(),
                }))
            }
        }
    }

    fn analyze_text(
        &self,
        parsers: &mut Parsers,
        path: &str,
        language: Language,
        text: &str,
        warnings: Vec<String>,
    ) -> Result<(FileReport, Prints), ParseError> {
        let tree = parsers.parse(language, text)?;
        Ok(self.analyze_tree(path, language, text, &tree, warnings))
    }

    /// Metrics, rules and findings over a parsed file.
    fn analyze_tree(
        &self,
        path: &str,
        language: Language,
        text: &str,
        tree: &tree_sitter::Tree,
        warnings: Vec<String>,
    ) -> (FileReport, Prints) {
        let (file_metrics, syntax_issues) = metrics::measure(Grammar::get(language), tree, text);
        let index = LineIndex::new(text);
        // Query matching degrades badly on pathologically deep trees (generated or hostile
        // code); metrics still come from the iterative walk.
        let mut warnings = warnings;
        let mut rule_findings = if file_metrics.max_depth > MAX_DEPTH_FOR_RULES {
            warnings.push(format!(
                "syntax tree {} levels deep: rules skipped (limit {MAX_DEPTH_FOR_RULES})",
                file_metrics.max_depth
            ));
            Vec::new()
        } else {
            let mut found = self.rule_set.check(language, tree, text, &index, path);
            let cx = CodeContext {
                language,
                tree,
                text,
                index: &index,
                path,
                functions: &file_metrics.functions,
                classes: &file_metrics.classes,
            };
            for rule in self
                .code_rules
                .iter()
                .filter(|r| r.languages().contains(&language))
            {
                rule.check(&cx, &mut found);
            }
            self.taint.check(&cx, &mut found);
            found
        };
        let prints = if self.detect_clones {
            clones::prints(tree)
        } else {
            Prints::default()
        };
        for finding in &mut rule_findings {
            finding.symbol = innermost_function(&file_metrics.functions, finding.span.start_byte);
        }
        let mut findings = metrics::metric_findings(
            &file_metrics.functions,
            &self.config.thresholds,
            path,
            text,
            &index,
        );
        findings.extend(syntax::syntax_findings(&syntax_issues, path, text, &index));
        findings.extend(rule_findings);
        self.finish_findings(&mut findings, path, text, &index, true);
        let debt_minutes = report::debt_of(&findings);
        let debt_ratio = self
            .config
            .rating
            .ratio(debt_minutes, u64::from(file_metrics.sloc));
        let report = FileReport {
            path: path.to_owned(),
            language,
            rating: self.config.rating.rate(debt_ratio),
            metrics: file_metrics,
            debt_minutes,
            debt_ratio,
            findings,
            warnings,
        };
        (report, prints)
    }

    /// A file tree-sitter refused outright: no metrics, one warning, nothing lost silently.
    fn unparsed_report(
        &self,
        path: &str,
        language: Language,
        text: &str,
        error: &ParseError,
    ) -> FileReport {
        tracing::warn!(path, %error, "parse failed");
        FileReport {
            path: path.to_owned(),
            language,
            metrics: metrics::FileMetrics {
                loc: text.lines().count() as u32,
                ..Default::default()
            },
            rating: Rating::A,
            debt_minutes: 0,
            debt_ratio: 0.0,
            findings: Vec::new(),
            warnings: vec![error.to_string()],
        }
    }

    /// Drops disabled rules, applies configured severities and efforts, sorts, and assigns
    /// fingerprints.
    fn finish_findings(
        &self,
        findings: &mut Vec<Finding>,
        path: &str,
        text: &str,
        index: &LineIndex,
        report_unused_suppressions: bool,
    ) {
        let rules = &self.config.rules;
        suppress::apply(findings, path, text, index, report_unused_suppressions);
        let overrides: Vec<&crate::config::PathOverride> = self
            .overrides
            .iter()
            .filter(|(globs, _)| globs.is_match(path))
            .map(|(_, o)| o)
            .collect();
        let disabled = |id: &str| {
            rules
                .disable
                .iter()
                .chain(overrides.iter().flat_map(|o| &o.disable))
                .any(|d| d == id)
        };
        findings.retain(|f| {
            !disabled(f.rule_id.as_str()) && rules.min_confidence.is_none_or(|m| f.confidence >= m)
        });
        for finding in findings.iter_mut() {
            let id = finding.rule_id.as_str();
            let severity = overrides
                .iter()
                .rev()
                .find_map(|o| o.severity.get(id))
                .or_else(|| rules.severity.get(id));
            if let Some(&severity) = severity {
                finding.severity = severity;
            }
        }
        report::sort_findings(findings);
        let mut seen: HashMap<(String, Option<String>, String), u32> = HashMap::new();
        for finding in findings.iter_mut() {
            if let Some(&minutes) = self.config.effort.get(finding.rule_id.as_str()) {
                finding.effort = Effort(minutes);
            }
            let anchor = index
                .line_text(text, finding.span.start.line)
                .unwrap_or_default();
            let key = (
                finding.rule_id.to_string(),
                finding.symbol.clone(),
                anchor.trim().to_owned(),
            );
            let occurrence = seen.entry(key).or_insert(0);
            finding.fingerprint = Fingerprint::compute(
                &finding.rule_id,
                &finding.path,
                finding.symbol.as_deref(),
                anchor,
                *occurrence,
            );
            *occurrence += 1;
        }
    }

    fn assemble(&self, files: Vec<FileReport>, skipped: Vec<Skipped>, started: Instant) -> Report {
        let mut summary = Summary {
            files: files.len(),
            skipped: skipped.len(),
            loc: 0,
            sloc: 0,
            functions: 0,
            findings: 0,
            suppressed: 0,
            findings_by_severity: Default::default(),
            languages: Default::default(),
            rating: Rating::A,
            debt_minutes: 0,
            debt_ratio: 0.0,
            duration_ms: 0,
        };
        for file in &files {
            let m = &file.metrics;
            summary.loc += u64::from(m.loc);
            summary.sloc += u64::from(m.sloc);
            summary.functions += m.functions.len();
            summary.debt_minutes += file.debt_minutes;
            let lang = summary.languages.entry(file.language).or_default();
            lang.files += 1;
            lang.loc += u64::from(m.loc);
            lang.sloc += u64::from(m.sloc);
            lang.functions += m.functions.len();
        }
        summary.count_findings(&files);
        summary.debt_ratio = self.config.rating.ratio(summary.debt_minutes, summary.sloc);
        summary.rating = self.config.rating.rate(summary.debt_ratio);
        summary.duration_ms = started.elapsed().as_millis() as u64;
        Report {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo::default(),
            files,
            skipped,
            summary,
        }
    }
}

/// The qualified name of the innermost function containing `byte`.
fn innermost_function(functions: &[metrics::FunctionMetrics], byte: usize) -> Option<String> {
    functions
        .iter()
        .filter(|f| f.bytes.0 <= byte && byte < f.bytes.1)
        .min_by_key(|f| f.bytes.1 - f.bytes.0)
        .map(|f| f.qualified_name.clone())
}

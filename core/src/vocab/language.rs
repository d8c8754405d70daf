use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language Conclave analyses. Closed: adding one means adding its grammar and vocabulary.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
    Java,
    CSharp,
    Go,
}

/// A language name that Conclave does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}` (expected one of: python, javascript, java, csharp, go)")]
pub struct UnknownLanguage(pub String);

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 5] = [
        Language::Python,
        Language::JavaScript,
        Language::Java,
        Language::CSharp,
        Language::Go,
    ];

    /// The lower-case name used in configs, JSON and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::Java => "java",
            Language::CSharp => "csharp",
            Language::Go => "go",
        }
    }

    /// File extensions (without the dot) that identify this language.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Language::Python => &["py", "pyi", "pyw"],
            Language::JavaScript => &["js", "mjs", "cjs", "jsx"],
            Language::Java => &["java"],
            Language::CSharp => &["cs"],
            Language::Go => &["go"],
        }
    }

    /// Detects the language from a file extension (case-sensitive, as compilers are).
    pub fn from_extension(ext: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|lang| lang.extensions().contains(&ext))
    }

    /// Detects the language from a path's extension.
    pub fn from_path(path: &Path) -> Option<Language> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Language::from_extension)
    }

    /// Detects the language from a `#!` line such as `#!/usr/bin/env python3` or `#!/usr/bin/node`.
    pub fn from_shebang(first_line: &str) -> Option<Language> {
        let rest = first_line.strip_prefix("#!")?.trim();
        let mut words = rest.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            // `env -S python3 -u`: skip env's own flags.
            program = words.find(|w| !w.starts_with('-'))?;
        }
        let program = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        match program {
            "python" | "pypy" => Some(Language::Python),
            "node" | "nodejs" | "deno" | "bun" => Some(Language::JavaScript),
            _ => None,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "python" | "py" => Ok(Language::Python),
            "javascript" | "js" => Ok(Language::JavaScript),
            "java" => Ok(Language::Java),
            "csharp" | "c#" | "cs" => Ok(Language::CSharp),
            "go" | "golang" => Ok(Language::Go),
            _ => Err(UnknownLanguage(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension() {
        for (file, lang) in [
            ("a.py", Language::Python),
            ("a.mjs", Language::JavaScript),
            ("a.cjs", Language::JavaScript),
            ("a.jsx", Language::JavaScript),
            ("A.java", Language::Java),
            ("A.cs", Language::CSharp),
            ("main.go", Language::Go),
        ] {
            assert_eq!(Language::from_path(Path::new(file)), Some(lang), "{file}");
        }
        assert_eq!(Language::from_path(Path::new("a.rs")), None);
        assert_eq!(Language::from_path(Path::new("Makefile")), None);
    }

    #[test]
    fn detects_by_shebang() {
        assert_eq!(
            Language::from_shebang("#!/usr/bin/env python3"),
            Some(Language::Python)
        );
        assert_eq!(
            Language::from_shebang("#!/usr/bin/python3.11 -u"),
            Some(Language::Python)
        );
        assert_eq!(
            Language::from_shebang("#!/usr/bin/env -S node --harmony"),
            Some(Language::JavaScript)
        );
        assert_eq!(Language::from_shebang("#!/bin/sh"), None);
        assert_eq!(Language::from_shebang("import os"), None);
    }

    #[test]
    fn parses_names_round_trip() {
        for lang in Language::ALL {
            assert_eq!(lang.name().parse::<Language>().unwrap(), lang);
        }
        assert!("cobol".parse::<Language>().is_err());
    }
}

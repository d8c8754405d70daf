//! Secret detectors: API keys, tokens, private keys, passwords in assignments and URLs.
//!
//! Used to redact prompts before they leave the machine (the model router) and, later, by the
//! security rules. Each detector is a linear-time regex with a stable name; matches are reported
//! as byte ranges so callers can redact or point at them.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

/// One kind of secret.
#[derive(Debug)]
struct Detector {
    name: &'static str,
    regex: Regex,
    /// Capture group holding the secret itself (0 = the whole match).
    group: usize,
}

/// A secret found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretMatch {
    /// Detector name, e.g. `openai-api-key`.
    pub kind: &'static str,
    /// Byte range of the secret in the text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
}

const PATTERNS: &[(&str, &str, usize)] = &[
    (
        "private-key",
        r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)",
        0,
    ),
    (
        "aws-access-key-id",
        r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b",
        0,
    ),
    (
        "aws-secret-access-key",
        r#"(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b"#,
        1,
    ),
    (
        "github-token",
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        0,
    ),
    ("anthropic-api-key", r"\bsk-ant-[A-Za-z0-9_\-]{20,}", 0),
    (
        "openai-api-key",
        r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
        0,
    ),
    ("slack-token", r"\bxox[abposr]-[A-Za-z0-9\-]{10,}", 0),
    (
        "stripe-key",
        r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}",
        0,
    ),
    ("google-api-key", r"\bAIza[0-9A-Za-z_\-]{35}\b", 0),
    (
        "jwt",
        r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
        0,
    ),
    (
        "url-credentials",
        r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]+:([^\s@/]{3,})@",
        1,
    ),
    (
        "bearer-token",
        r"(?i)\bbearer\s+([A-Za-z0-9_\-.=+/]{16,})",
        1,
    ),
    (
        "password-assignment",
        r#"(?i)\b[a-z0-9_]*(?:password|passwd|pwd|secret|api_?key|access_?token|auth_?token|client_?secret)[a-z0-9_]*["']?\s*(?::=|=|:)\s*["']([^"'\s]{4,})["']"#,
        1,
    ),
];

fn detectors() -> &'static [Detector] {
    static DETECTORS: OnceLock<Vec<Detector>> = OnceLock::new();
    DETECTORS.get_or_init(|| {
        PATTERNS
            .iter()
            .map(|&(name, pattern, group)| Detector {
                name,
                regex: Regex::new(pattern).expect("secret patterns are valid"),
                group,
            })
            .collect()
    })
}

/// Every secret in `text`, sorted by position, overlaps merged into the earliest detector's match.
pub fn find(text: &str) -> Vec<SecretMatch> {
    let mut found: Vec<SecretMatch> = Vec::new();
    for d in detectors() {
        for caps in d.regex.captures_iter(text) {
            if let Some(m) = caps.get(d.group) {
                found.push(SecretMatch {
                    kind: d.name,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut merged: Vec<SecretMatch> = Vec::with_capacity(found.len());
    for m in found {
        match merged.last_mut() {
            Some(last) if m.start < last.end => last.end = last.end.max(m.end),
            _ => merged.push(m),
        }
    }
    merged
}

/// `text` with every secret replaced by `[REDACTED:<kind>]`, and what was replaced.
pub fn redact(text: &str) -> (String, Vec<SecretMatch>) {
    let found = find(text);
    if found.is_empty() {
        return (text.to_owned(), found);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in &found {
        out.push_str(&text[at..m.start]);
        out.push_str("[REDACTED:");
        out.push_str(m.kind);
        out.push(']');
        at = m.end;
    }
    out.push_str(&text[at..]);
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_redacts_common_secrets() {
        let text = "key = \"sk-proj-abcdefghijklmnopqrstuvwxyz012345\"\n\
            AWS: AKIAIOSFODNN7EXAMPLE\n\
            db = postgres://admin:hunter2hunter@db.internal:5432/x\n\
            password = 'correct-horse'\n\
            -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n\
            Authorization: Bearer abcdefghijklmnop1234\n\
            ghp_abcdefghijklmnopqrstuvwxyz0123456789\n";
        let (redacted, found) = redact(text);
        let kinds: Vec<&str> = found.iter().map(|m| m.kind).collect();
        for kind in [
            "openai-api-key",
            "aws-access-key-id",
            "url-credentials",
            "password-assignment",
            "private-key",
            "bearer-token",
            "github-token",
        ] {
            assert!(kinds.contains(&kind), "{kind} not found in {kinds:?}");
        }
        for secret in [
            "sk-proj-abc",
            "AKIAIOSFODNN7EXAMPLE",
            "hunter2hunter",
            "correct-horse",
            "MIIEow",
            "abcdefghijklmnop1234",
            "ghp_",
        ] {
            assert!(!redacted.contains(secret), "{secret} survived: {redacted}");
        }
        assert!(redacted.contains("postgres://admin:[REDACTED:url-credentials]@db.internal"));
    }

    #[test]
    fn ordinary_code_is_left_alone() {
        let code = "def password_strength(pw):\n    return len(pw) > 8\nskip = 'sk-short'\nurl = 'https://example.org/a:b'\n";
        assert_eq!(find(code), vec![]);
    }
}

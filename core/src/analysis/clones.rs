//! Duplicated code across files (rule R020): token-based detection of type-2 clones, i.e. code
//! identical once identifiers and literals are renamed, as PMD's CPD finds them.
//!
//! Each file is reduced to a stream of normalised tokens (comments dropped, every identifier one
//! token, every literal another). Windows of [`WINDOW`] tokens are hashed and *winnowed*
//! (Schleimer, Wilkerson & Aiken, 2003): only the minimum hash of every run of [`WINNOW`]
//! consecutive windows is kept, so about one window in ten is stored, and any shared run of at
//! least `WINDOW + WINNOW - 1` tokens is guaranteed to share a kept window. The kept windows
//! (`Prints`) are small enough to live in the incremental cache, so a warm run finds clones
//! without parsing anything. Matching windows on the same diagonal (same offset between the two
//! files) are chained into one clone.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tree_sitter::Tree;

use crate::rules::code::meta;
use crate::vocab::{Category, RuleMeta, Severity};

/// Tokens per hashed window: the smallest clone reported (CPD's default minimum is 100).
pub(crate) const WINDOW: usize = 100;
/// Windows per winnowing run.
const WINNOW: usize = 20;
/// A window shared by more places than this is boilerplate (license headers, generated
/// tables); it is not reported.
const MAX_OCCURRENCES: usize = 32;

pub(crate) const RULE_ID: &str = "R020";

pub(crate) fn rule() -> RuleMeta {
    meta(
        RULE_ID,
        "duplicated-code",
        Category::Refactoring,
        Severity::Low,
        "A block of code is duplicated elsewhere (identical after renaming identifiers and literals).",
        "Finds runs of at least 100 tokens that occur twice, in one file or across files, once \
         comments are dropped and identifiers and literals are treated as interchangeable (type-2 \
         clones). The first occurrence (by path and position) is the original; each other \
         occurrence is reported and names it.",
        "A fix made in one copy is easily forgotten in the others, and every copy has to be read, \
         tested and maintained. Extracting the shared logic into a function (with the differing \
         names and values as parameters) removes the duplication.",
        "def total_a(items):\n    s = 0\n    for it in items:\n        if it.ok and it.qty > 0:\n            s += it.price * it.qty\n    return s\n\n# ... and the same loop again as total_b(rows) over `rows`",
        "No automatic fix: extracting a function is a design decision.",
        &[
            "https://pmd.github.io/latest/pmd_userdocs_cpd.html",
            "Schleimer, Wilkerson, Aiken: Winnowing: local algorithms for document fingerprinting (SIGMOD 2003)",
        ],
    )
}

/// One kept window: its hash, its index in the token stream, and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Print(pub u64, pub u32, pub u32, pub u32);

/// A file's kept windows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Prints(pub Vec<Print>);

/// A normalised token and its byte range.
struct Token {
    kind: u64,
    start: u32,
    end: u32,
}

const IDENTIFIER: u64 = u64::MAX - 1;
const LITERAL: u64 = u64::MAX - 2;

/// The kept windows of one parsed file.
pub(crate) fn prints(tree: &Tree) -> Prints {
    let tokens = tokens(tree);
    if tokens.len() < WINDOW {
        return Prints::default();
    }
    let hashes = window_hashes(&tokens);
    let mut kept: Vec<Print> = Vec::new();
    let runs = hashes.len().saturating_sub(WINNOW) + 1;
    for run in 0..runs {
        let end = (run + WINNOW).min(hashes.len());
        // The rightmost minimum, as the paper recommends, so a run that slides keeps its pick.
        let (offset, &hash) = hashes[run..end]
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, h)| **h)
            .expect("non-empty run");
        let at = run + offset;
        if kept.last().is_some_and(|p| p.1 as usize == at) {
            continue;
        }
        kept.push(Print(
            hash,
            at as u32,
            tokens[at].start,
            tokens[at + WINDOW - 1].end,
        ));
    }
    Prints(kept)
}

/// Leaves of the tree in order, comments dropped, names and literals normalised.
fn tokens(tree: &Tree) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        let kind = node.kind();
        let literal = node.is_named() && is_literal(kind);
        if kind.contains("comment") || node.is_extra() && node.child_count() == 0 && !literal {
            // skipped
        } else if literal || node.child_count() == 0 {
            let class = if literal {
                LITERAL
            } else if node.is_named() && is_identifier(kind) {
                IDENTIFIER
            } else {
                u64::from(node.kind_id())
            };
            out.push(Token {
                kind: class,
                start: node.start_byte() as u32,
                end: node.end_byte() as u32,
            });
        } else if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

fn is_identifier(kind: &str) -> bool {
    kind.ends_with("identifier") || kind == "name" || kind == "this" || kind == "self"
}

fn is_literal(kind: &str) -> bool {
    kind.contains("string")
        || kind.contains("number")
        || kind.contains("integer")
        || kind.contains("float")
        || kind.ends_with("literal") && !kind.starts_with("array") && !kind.starts_with("object")
        || kind == "char"
        || kind == "rune_literal"
}

/// Polynomial rolling hash of every window of [`WINDOW`] tokens.
fn window_hashes(tokens: &[Token]) -> Vec<u64> {
    const BASE: u64 = 0x100_0000_01b3;
    let mix = |k: u64| k.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (k >> 29);
    let top = (1..WINDOW).fold(1u64, |acc, _| acc.wrapping_mul(BASE));
    let mut hash = 0u64;
    let mut out = Vec::with_capacity(tokens.len() - WINDOW + 1);
    for (i, token) in tokens.iter().enumerate() {
        if i >= WINDOW {
            hash = hash.wrapping_sub(mix(tokens[i - WINDOW].kind).wrapping_mul(top));
        }
        hash = hash.wrapping_mul(BASE).wrapping_add(mix(token.kind));
        if i + 1 >= WINDOW {
            out.push(hash);
        }
    }
    out
}

/// One clone: a byte range in a copy, and the range of the original it duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    pub copy: usize,
    pub copy_bytes: (u32, u32),
    pub original: usize,
    pub original_bytes: (u32, u32),
}

/// Clones among files, given each file's prints (indexed as in `files`; the caller orders
/// files by path so that the original is the first occurrence).
pub(crate) fn detect(files: &[&Prints]) -> Vec<Duplicate> {
    let mut by_hash: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (f, prints) in files.iter().enumerate() {
        for (i, print) in prints.0.iter().enumerate() {
            by_hash.entry(print.0).or_default().push((f, i));
        }
    }
    // Pair every later occurrence with the first one, keyed by diagonal.
    type Diagonal = (usize, usize, i64);
    let mut diagonals: HashMap<Diagonal, Vec<(usize, usize)>> = HashMap::new();
    for places in by_hash.values() {
        if places.len() < 2 || places.len() > MAX_OCCURRENCES {
            continue;
        }
        let first = places.iter().min().expect("two places");
        for place in places.iter().filter(|p| *p != first) {
            let a = files[first.0].0[first.1];
            let b = files[place.0].0[place.1];
            // Overlapping windows in one file are repetition, not duplication.
            if first.0 == place.0 && (a.1 as usize).abs_diff(b.1 as usize) < WINDOW {
                continue;
            }
            let key = (first.0, place.0, i64::from(b.1) - i64::from(a.1));
            diagonals.entry(key).or_default().push((first.1, place.1));
        }
    }
    let mut clones = Vec::new();
    for ((original, copy, _), mut pairs) in diagonals {
        pairs.sort_unstable();
        let mut run_start = 0;
        for i in 1..=pairs.len() {
            let gap = i < pairs.len() && {
                let prev = files[original].0[pairs[i - 1].0].1;
                let next = files[original].0[pairs[i].0].1;
                (next - prev) as usize > WINDOW
            };
            if i < pairs.len() && !gap {
                continue;
            }
            let (first, last) = (pairs[run_start], pairs[i - 1]);
            let (o, c) = (&files[original].0, &files[copy].0);
            clones.push(Duplicate {
                copy,
                copy_bytes: (c[first.1].2, c[last.1].3),
                original,
                original_bytes: (o[first.0].2, o[last.0].3),
            });
            run_start = i;
        }
    }
    // Periodic code (a run of similar statements) matches itself at several shifts: report
    // each copied region once, naming the original of its longest match.
    clones.sort_by_key(|c| (c.copy, c.copy_bytes, c.original, c.original_bytes));
    let mut merged: Vec<(Duplicate, u32)> = Vec::new();
    for clone in clones {
        let length = clone.copy_bytes.1 - clone.copy_bytes.0;
        match merged.last_mut() {
            Some((last, longest))
                if last.copy == clone.copy && clone.copy_bytes.0 <= last.copy_bytes.1 =>
            {
                last.copy_bytes.1 = last.copy_bytes.1.max(clone.copy_bytes.1);
                if length > *longest {
                    *longest = length;
                    last.original = clone.original;
                    last.original_bytes = clone.original_bytes;
                }
            }
            _ => merged.push((clone, length)),
        }
    }
    merged.into_iter().map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(language: crate::vocab::Language, text: &str) -> Tree {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&crate::lang::Grammar::get(language).ts_language)
            .expect("grammar");
        parser.parse(text, None).expect("tree")
    }

    /// A function of `n` statements, each of a different shape, using `var` as accumulator.
    fn body(name: &str, var: &str, n: usize) -> String {
        let shapes = [
            "    if items[{i}].qty > limit and items[{i}].ok:\n        {v} += items[{i}].price\n",
            "    for k in range({i}):\n        {v} -= k * 2\n",
            "    while {v} > {i}:\n        {v} = {v} // 3\n",
            "    try:\n        {v} = int(str({v}))\n    except ValueError:\n        return None\n",
            "    {v} = max({v}, len(items), {i})\n",
            "    with open('f{i}') as fh:\n        {v} += sum(1 for _ in fh)\n",
            "    print('step', {i}, {v}, sep=':')\n",
            "    {v} = [{v}, {i}][0] if items else -{i}\n",
        ];
        let mut s = format!("def {name}(items, limit):\n    {var} = 0\n");
        for (i, shape) in shapes.iter().cycle().take(n).enumerate() {
            s.push_str(&shape.replace("{i}", &i.to_string()).replace("{v}", var));
        }
        s.push_str(&format!("    return {var}\n"));
        s
    }

    #[test]
    fn renamed_copy_is_a_clone_and_unrelated_code_is_not() {
        use crate::vocab::Language::Python;
        let a = parse(Python, &body("total", "s", 8));
        let b = parse(Python, &format!("import os\n\n{}", body("other", "acc", 8)));
        let c = parse(
            Python,
            "def f(x):\n    return [y for y in x if y]\n"
                .repeat(30)
                .as_str(),
        );
        let (pa, pb, pc) = (prints(&a), prints(&b), prints(&c));
        let clones = detect(&[&pa, &pb, &pc]);
        let across: Vec<_> = clones.iter().filter(|c| c.copy != 2).collect();
        assert_eq!(across.len(), 1, "{clones:?}");
        // The repeated function in the third file duplicates itself, never the others.
        assert!(clones.iter().any(|c| (c.original, c.copy) == (2, 2)));
        assert!(clones.iter().all(|c| c.copy != 2 || c.original == 2));
        assert_eq!((across[0].original, across[0].copy), (0, 1));
        // The copy starts inside `other`, after the import.
        assert!(across[0].copy_bytes.0 >= 11, "{:?}", across[0]);
        // A short shared run is no clone.
        let d = parse(Python, &body("small", "s", 2));
        let pd = prints(&d);
        assert!(detect(&[&pa, &pd]).is_empty());
    }
}

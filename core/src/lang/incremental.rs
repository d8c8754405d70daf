//! The edit between two versions of a file, in the form tree-sitter's incremental parser wants.
//!
//! An editor knows its edits; a watcher only sees the file before and after. One edit spanning
//! the first to the last differing byte is enough: tree-sitter re-reads the nodes that overlap it
//! and reuses the rest of the old tree.

use tree_sitter::{InputEdit, Point};

/// The single edit turning `old` into `new`, or `None` when they are equal. Offsets fall on
/// character boundaries of both texts.
pub fn edit_between(old: &str, new: &str) -> Option<InputEdit> {
    if old == new {
        return None;
    }
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
        suffix -= 1;
    }
    let old_end = a.len() - suffix;
    let new_end = b.len() - suffix;
    Some(InputEdit {
        start_byte: prefix,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position: point_at(old, prefix),
        old_end_position: point_at(old, old_end),
        new_end_position: point_at(new, new_end),
    })
}

/// Row and byte column of `offset`, as tree-sitter counts them.
fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count();
    Point { row, column }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Parsers;
    use crate::vocab::Language;

    #[test]
    fn equal_texts_have_no_edit() {
        assert!(edit_between("abc", "abc").is_none());
    }

    #[test]
    fn edit_covers_only_the_changed_middle() {
        let edit = edit_between("a = 1\nb = 2\nc = 3\n", "a = 1\nb = 42\nc = 3\n").unwrap();
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (10, 10, 11)
        );
        assert_eq!(edit.start_position, Point { row: 1, column: 4 });
        assert_eq!(edit.new_end_position, Point { row: 1, column: 5 });
    }

    #[test]
    fn repeated_text_does_not_overlap_prefix_and_suffix() {
        // "aaa" -> "aaaa": the prefix takes 3 bytes, the suffix may not take them again.
        let edit = edit_between("aaa", "aaaa").unwrap();
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (3, 3, 4)
        );
        let edit = edit_between("aaaa", "aa").unwrap();
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (2, 4, 2)
        );
    }

    #[test]
    fn offsets_stay_on_character_boundaries() {
        // 'é' (C3 A9) and 'è' (C3 A8) share their first byte.
        let edit = edit_between("x = 'é'\n", "x = 'è'\n").unwrap();
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (5, 7, 7)
        );
    }

    /// The incremental parse must give the same tree as parsing the new text from scratch.
    #[test]
    fn incremental_reparse_matches_a_fresh_parse() {
        let old = "def f(x):\n    return x + 1\n\ndef g(y):\n    return y\n";
        let new =
            "def f(x):\n    if x:\n        return x - 1\n    return 0\n\ndef g(y):\n    return y\n";
        let mut parsers = Parsers::new();
        let mut tree = parsers.parse(Language::Python, old).unwrap();
        tree.edit(&edit_between(old, new).unwrap());
        let incremental = parsers.reparse(Language::Python, new, Some(&tree)).unwrap();
        let fresh = parsers.parse(Language::Python, new).unwrap();
        assert_eq!(
            incremental.root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        assert!(tree.changed_ranges(&incremental).next().is_some());
    }
}

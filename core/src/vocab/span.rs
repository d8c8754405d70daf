use serde::{Deserialize, Serialize};

/// A 1-based line and column, for people. Columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A region of a source file: a half-open byte range plus 1-based start and end positions.
///
/// Bytes are what edits apply to; lines and columns are what people and SARIF read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start: Position,
    pub end: Position,
}

impl Span {
    /// Number of lines the span touches (at least 1).
    pub fn line_count(&self) -> u32 {
        self.end.line.saturating_sub(self.start.line) + 1
    }
}

/// Maps byte offsets of one text to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(newline_offsets(text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// Number of lines, counting a final line without a newline.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)? as usize).copied()
    }

    /// The text of 1-based `line`, without its line terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> Option<&'a str> {
        let start = self.line_start(line)?;
        let end = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(text.len());
        let line = text.get(start..end)?;
        Some(line.trim_end_matches(['\n', '\r']))
    }

    /// The 1-based position of a byte offset; offsets inside a UTF-8 sequence round down.
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let byte = byte.min(text.len());
        let line_idx = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let start = self.line_starts[line_idx];
        let mut col_end = byte;
        while !text.is_char_boundary(col_end) {
            col_end -= 1;
        }
        let column = text[start..col_end].chars().count() as u32 + 1;
        Position {
            line: line_idx as u32 + 1,
            column,
        }
    }

    /// A span for a byte range of `text`.
    pub fn span(&self, text: &str, start_byte: usize, end_byte: usize) -> Span {
        Span {
            start_byte,
            end_byte,
            start: self.position(text, start_byte),
            end: self.position(text, end_byte),
        }
    }
}

fn newline_offsets(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        // `d` follows a two-byte `ç`.
        assert_eq!(idx.position(text, 5), Position { line: 2, column: 2 });
        assert_eq!(idx.position(text, 8), Position { line: 4, column: 1 });
        assert_eq!(idx.line_text(text, 2), Some("çd"));
        assert_eq!(idx.line_text(text, 4), Some("x"));
        assert_eq!(idx.line_text(text, 5), None);
    }
}

//! Which lines hold code, comments, or nothing.

const CODE: u8 = 1;
const COMMENT: u8 = 2;

/// Per-line flags filled in while walking the tokens of a file.
#[derive(Debug)]
pub(super) struct LineKinds {
    flags: Vec<u8>,
    /// `code_before[i]` = number of code lines among the first `i` lines; built by [`finish`].
    code_before: Vec<u32>,
}

impl LineKinds {
    pub(super) fn new(lines: usize) -> Self {
        LineKinds {
            flags: vec![0; lines],
            code_before: Vec::new(),
        }
    }

    /// Marks 0-based rows `first..=last` as holding code (or a comment).
    pub(super) fn mark(&mut self, first: usize, last: usize, comment: bool) {
        let flag = if comment { COMMENT } else { CODE };
        let last = last.min(self.flags.len().saturating_sub(1));
        for f in self.flags.iter_mut().take(last + 1).skip(first) {
            *f |= flag;
        }
    }

    pub(super) fn finish(&mut self) {
        self.code_before = Vec::with_capacity(self.flags.len() + 1);
        let mut n = 0;
        self.code_before.push(0);
        for f in &self.flags {
            n += u32::from(f & CODE != 0);
            self.code_before.push(n);
        }
    }

    /// Code lines among 1-based lines `start..=end`.
    pub(super) fn code_lines(&self, start: u32, end: u32) -> u32 {
        let len = self.code_before.len().saturating_sub(1);
        let lo = (start.saturating_sub(1) as usize).min(len);
        let hi = (end as usize).min(len);
        self.code_before[hi].saturating_sub(self.code_before[lo])
    }

    /// (code lines, comment lines, blank lines) of the whole file.
    pub(super) fn totals(&self) -> (u32, u32, u32) {
        let mut code = 0;
        let mut comment = 0;
        let mut blank = 0;
        for f in &self.flags {
            code += u32::from(f & CODE != 0);
            comment += u32::from(f & COMMENT != 0);
            blank += u32::from(*f == 0);
        }
        (code, comment, blank)
    }
}

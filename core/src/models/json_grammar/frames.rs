//! The parser frames: one per open value, small and `Copy`, so states clone cheaply.

use super::*;

/// What feeding a byte does to the frame that took it.
#[derive(Debug)]
pub(super) enum Action {
    Set(Frame),
    /// The frame changes and a child value starts above it.
    Push(Frame, Frame),
}

/// One open value. Container frames set their phase to "after the value" when a child starts,
/// so a finished child is popped without telling its parent anything.
#[derive(Debug, Clone, Copy)]
pub(super) enum Frame {
    /// Before the first byte of the document.
    Start(NodeId),
    /// Matching canonical literals; `cand` is the first member still matching.
    Literal {
        node: NodeId,
        cand: u32,
        offset: u32,
    },
    String(StringFrame),
    Number(NumberFrame),
    Array {
        node: NodeId,
        count: u32,
        phase: Phase,
    },
    /// `next` is the first property that may still appear; `cand`/`offset` match a key.
    Object {
        node: NodeId,
        next: u32,
        cand: u32,
        offset: u32,
        phase: Phase,
    },
    Map {
        node: NodeId,
        phase: Phase,
    },
}

/// Punctuation state of a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Open,
    Key,
    AfterKey,
    Colon,
    ColonSpace,
    Value,
    Comma,
    CommaSpace,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StringFrame {
    pub(super) min: u32,
    pub(super) max: u32,
    /// Unicode scalar values so far; an escape counts as one.
    pub(super) len: u32,
    pub(super) mode: StrMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StrMode {
    Body,
    /// Inside a UTF-8 sequence: `left` continuation bytes, the next within `lo..=hi`.
    Cont {
        left: u8,
        lo: u8,
        hi: u8,
    },
    Escape,
    /// `left` hex digits of `\u` to go; `high` if the first was `d` (surrogates are refused,
    /// since an unpaired one does not parse).
    Hex {
        left: u8,
        high: bool,
    },
    Closed,
}

impl StringFrame {
    pub(super) fn new(min: u32, max: u32) -> Self {
        Self {
            min,
            max,
            len: 0,
            mode: StrMode::Body,
        }
    }

    pub(super) fn step(self, byte: u8) -> Option<Self> {
        let cont = |left, lo, hi| StrMode::Cont { left, lo, hi };
        let mode = match self.mode {
            StrMode::Body if byte == b'"' => {
                return (self.len >= self.min).then_some(Self {
                    mode: StrMode::Closed,
                    ..self
                });
            }
            StrMode::Body => {
                if self.len >= self.max {
                    return None;
                }
                let mode = match byte {
                    b'\\' => StrMode::Escape,
                    0x20..=0x7F => StrMode::Body,
                    0xC2..=0xDF => cont(1, 0x80, 0xBF),
                    0xE0 => cont(2, 0xA0, 0xBF),
                    0xED => cont(2, 0x80, 0x9F),
                    0xE1..=0xEF => cont(2, 0x80, 0xBF),
                    0xF0 => cont(3, 0x90, 0xBF),
                    0xF1..=0xF3 => cont(3, 0x80, 0xBF),
                    0xF4 => cont(3, 0x80, 0x8F),
                    _ => return None,
                };
                return Some(Self {
                    len: self.len + 1,
                    mode,
                    ..self
                });
            }
            StrMode::Cont { left, lo, hi } if (lo..=hi).contains(&byte) => {
                if left == 1 {
                    StrMode::Body
                } else {
                    cont(left - 1, 0x80, 0xBF)
                }
            }
            StrMode::Escape => match byte {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => StrMode::Body,
                b'u' => StrMode::Hex {
                    left: 4,
                    high: false,
                },
                _ => return None,
            },
            StrMode::Hex { left, high } if byte.is_ascii_hexdigit() => {
                if left == 3 && high && !matches!(byte, b'0'..=b'7') {
                    return None;
                }
                if left == 1 {
                    StrMode::Body
                } else {
                    StrMode::Hex {
                        left: left - 1,
                        high: matches!(byte, b'd' | b'D'),
                    }
                }
            }
            _ => return None,
        };
        Some(Self { mode, ..self })
    }

    pub(super) fn next_byte(self) -> u8 {
        match self.mode {
            StrMode::Body if self.len < self.min => b'a',
            StrMode::Cont { lo, .. } => lo,
            StrMode::Escape => b'n',
            StrMode::Hex { .. } => b'0',
            StrMode::Body | StrMode::Closed => b'"',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NumberFrame {
    pub(super) node: NodeId,
    pub(super) negative: bool,
    pub(super) phase: NumPhase,
    pub(super) int_digits: u8,
    pub(super) frac_digits: u8,
    pub(super) exp_digits: u8,
    pub(super) int: u64,
    pub(super) frac: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumPhase {
    /// Nothing yet, or just `-`.
    Begin,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

impl NumberFrame {
    pub(super) fn begin(node: NodeId) -> Self {
        Self {
            node,
            negative: false,
            phase: NumPhase::Begin,
            int_digits: 0,
            frac_digits: 0,
            exp_digits: 0,
            int: 0,
            frac: 0,
        }
    }

    /// The value in node units, when the prefix is a complete number without exponent.
    pub(super) fn value(&self, integer: bool) -> Option<i128> {
        let int = i128::from(self.int) * if integer { 1 } else { SCALE };
        let magnitude = match self.phase {
            NumPhase::Zero | NumPhase::Int => int,
            NumPhase::Frac => {
                int + i128::from(self.frac)
                    * 10_i128.pow(u32::from(MAX_FRAC_DIGITS - self.frac_digits))
            }
            _ => return None,
        };
        Some(if self.negative { -magnitude } else { magnitude })
    }
}

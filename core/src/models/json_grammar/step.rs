//! Feeding bytes: how each frame advances, completes and proposes its next byte.

use super::frames::{NumPhase, NumberFrame, Phase, StrMode, StringFrame};
use super::*;

impl JsonGrammar {
    pub(super) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Whether a value of `id` can start with `depth` containers already open.
    pub(super) fn fits(&self, id: NodeId, depth: usize) -> bool {
        let depth = u32::try_from(depth).unwrap_or(u32::MAX);
        self.min_depth[id as usize]
            .checked_add(depth)
            .is_some_and(|d| d <= MAX_DEPTH)
    }

    /// The frame after the first byte of a value of `id`, if that byte can start one.
    pub(super) fn start(&self, id: NodeId, byte: u8, depth: usize) -> Option<Frame> {
        if !self.fits(id, depth) {
            return None;
        }
        match self.node(id) {
            &Node::String { min_len, max_len } => {
                (byte == b'"').then_some(Frame::String(StringFrame::new(min_len, max_len)))
            }
            Node::Number { .. } => self
                .number_step(NumberFrame::begin(id), byte)
                .map(Frame::Number),
            Node::Literals { members, .. } => {
                let cand = members.iter().position(|m| m[0] == byte)?;
                Some(Frame::Literal {
                    node: id,
                    cand: cand as u32,
                    offset: 1,
                })
            }
            Node::Array { .. } => (byte == b'[').then_some(Frame::Array {
                node: id,
                count: 0,
                phase: Phase::Open,
            }),
            Node::Object { .. } => (byte == b'{').then_some(Frame::Object {
                node: id,
                next: 0,
                cand: 0,
                offset: 0,
                phase: Phase::Open,
            }),
            Node::Map { .. } => (byte == b'{').then_some(Frame::Map {
                node: id,
                phase: Phase::Open,
            }),
            Node::Union { alternatives, .. } => {
                let alt = alternatives
                    .iter()
                    .find(|&&a| self.first[a as usize].contains(byte))?;
                self.start(*alt, byte, depth)
            }
        }
    }

    /// Feeds `byte` to `frame`, which sits at `index` in the stack.
    pub(super) fn step(&self, frame: Frame, byte: u8, index: usize) -> Option<Action> {
        let depth = index + 1;
        let set = |frame| Some(Action::Set(frame));
        match frame {
            Frame::Start(id) => self.start(id, byte, 0).map(Action::Set),
            Frame::Literal { node, cand, offset } => {
                let Node::Literals { members, .. } = self.node(node) else {
                    return None;
                };
                let (cand, off) = (cand as usize, offset as usize);
                let prefix = &members[cand][..off];
                let found = members[cand..]
                    .iter()
                    .take_while(|m| m.starts_with(prefix))
                    .position(|m| m.get(off) == Some(&byte))?;
                set(Frame::Literal {
                    node,
                    cand: (cand + found) as u32,
                    offset: offset + 1,
                })
            }
            Frame::String(s) => s.step(byte).map(|s| Action::Set(Frame::String(s))),
            Frame::Number(n) => self
                .number_step(n, byte)
                .map(|n| Action::Set(Frame::Number(n))),
            Frame::Array { node, count, phase } => {
                let &Node::Array {
                    items,
                    min_items,
                    max_items,
                } = self.node(node)
                else {
                    return None;
                };
                let with = |count, phase| Frame::Array { node, count, phase };
                let item = || {
                    let child = (count < max_items).then(|| self.start(items, byte, depth))??;
                    Some(Action::Push(with(count + 1, Phase::Value), child))
                };
                match (phase, byte) {
                    (Phase::Open, b']') if min_items == 0 => set(with(0, Phase::Closed)),
                    (Phase::Comma, b' ') => set(with(count, Phase::CommaSpace)),
                    (Phase::Open | Phase::Comma | Phase::CommaSpace, _) => item(),
                    (Phase::Value, b',') if count < max_items => set(with(count, Phase::Comma)),
                    (Phase::Value, b']') if count >= min_items => set(with(count, Phase::Closed)),
                    _ => None,
                }
            }
            Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            } => self.object_step(node, (next, cand, offset), phase, byte, depth),
            Frame::Map { node, phase } => {
                let &Node::Map { values } = self.node(node) else {
                    return None;
                };
                let with = |phase| Frame::Map { node, phase };
                match (phase, byte) {
                    (Phase::Open | Phase::Comma | Phase::CommaSpace, b'"') => {
                        self.fits(values, depth).then(|| {
                            Action::Push(
                                with(Phase::AfterKey),
                                Frame::String(StringFrame::new(0, UNBOUNDED)),
                            )
                        })
                    }
                    (Phase::Open | Phase::Value, b'}') => set(with(Phase::Closed)),
                    (Phase::Value, b',') => set(with(Phase::Comma)),
                    (Phase::Comma, b' ') => set(with(Phase::CommaSpace)),
                    (Phase::AfterKey, b':') => set(with(Phase::Colon)),
                    (Phase::Colon, b' ') => set(with(Phase::ColonSpace)),
                    (Phase::Colon | Phase::ColonSpace, _) => self
                        .start(values, byte, depth)
                        .map(|child| Action::Push(with(Phase::Value), child)),
                    _ => None,
                }
            }
        }
    }

    /// Object with declared properties: keys are matched in place against the candidates that
    /// may come next (from `next` up to and including the first required one).
    pub(super) fn object_step(
        &self,
        node: NodeId,
        (next, cand, offset): (u32, u32, u32),
        phase: Phase,
        byte: u8,
        depth: usize,
    ) -> Option<Action> {
        let Node::Object {
            properties,
            next_required,
        } = self.node(node)
        else {
            return None;
        };
        let with = |next, cand, offset, phase| {
            Some(Action::Set(Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            }))
        };
        let required = next_required[next as usize] as usize;
        let required_left = required < properties.len();
        let limit = if required_left {
            required + 1
        } else {
            properties.len()
        };
        let allowed = |i: &usize| self.fits(properties[*i].value, depth);
        let mut candidates = next as usize..limit;
        match (phase, byte) {
            (Phase::Open | Phase::Value, b'}') if !required_left => with(next, 0, 0, Phase::Closed),
            (Phase::Open | Phase::Comma | Phase::CommaSpace, b'"') => {
                with(next, candidates.find(allowed)? as u32, 1, Phase::Key)
            }
            (Phase::Comma, b' ') => with(next, 0, 0, Phase::CommaSpace),
            (Phase::Value, b',') if candidates.any(|i| allowed(&i)) => {
                with(next, 0, 0, Phase::Comma)
            }
            (Phase::Key, _) => {
                let off = offset as usize;
                let prefix = &properties[cand as usize].key[..off];
                let found = (cand as usize..limit).find(|i| {
                    let key = &properties[*i].key;
                    key.get(off) == Some(&byte) && key.starts_with(prefix) && allowed(i)
                })?;
                if off + 1 == properties[found].key.len() {
                    with(found as u32 + 1, 0, 0, Phase::AfterKey)
                } else {
                    with(next, found as u32, offset + 1, Phase::Key)
                }
            }
            (Phase::AfterKey, b':') => with(next, 0, 0, Phase::Colon),
            (Phase::Colon, b' ') => with(next, 0, 0, Phase::ColonSpace),
            (Phase::Colon | Phase::ColonSpace, _) => {
                let child = self.start(properties[next as usize - 1].value, byte, depth)?;
                Some(Action::Push(
                    Frame::Object {
                        node,
                        next,
                        cand: 0,
                        offset: 0,
                        phase: Phase::Value,
                    },
                    child,
                ))
            }
            _ => None,
        }
    }

    pub(super) fn number_step(&self, f: NumberFrame, byte: u8) -> Option<NumberFrame> {
        let &Node::Number { integer, bounds } = self.node(f.node) else {
            return None;
        };
        let digit = u64::from(byte.wrapping_sub(b'0'));
        let mut n = f;
        match (f.phase, byte) {
            (NumPhase::Begin, b'-') if !f.negative => n.negative = true,
            (NumPhase::Begin, b'0') => (n.phase, n.int_digits) = (NumPhase::Zero, 1),
            (NumPhase::Begin, b'1'..=b'9') => {
                (n.phase, n.int, n.int_digits) = (NumPhase::Int, digit, 1)
            }
            (NumPhase::Int, b'0'..=b'9') if f.int_digits < MAX_INT_DIGITS => {
                (n.int, n.int_digits) = (f.int * 10 + digit, f.int_digits + 1);
            }
            (NumPhase::Zero | NumPhase::Int, b'.') if !integer => n.phase = NumPhase::Dot,
            (NumPhase::Dot, b'0'..=b'9') => {
                (n.phase, n.frac, n.frac_digits) = (NumPhase::Frac, digit, 1)
            }
            (NumPhase::Frac, b'0'..=b'9') if f.frac_digits < MAX_FRAC_DIGITS => {
                (n.frac, n.frac_digits) = (f.frac * 10 + digit, f.frac_digits + 1);
            }
            (NumPhase::Zero | NumPhase::Int | NumPhase::Frac, b'e' | b'E')
                if !integer && bounds.is_none() =>
            {
                n.phase = NumPhase::Exp;
            }
            (NumPhase::Exp, b'+' | b'-') => n.phase = NumPhase::ExpSign,
            (NumPhase::Exp | NumPhase::ExpSign, b'0'..=b'9') => {
                (n.phase, n.exp_digits) = (NumPhase::ExpDigits, 1)
            }
            (NumPhase::ExpDigits, b'0'..=b'9') if f.exp_digits < MAX_EXP_DIGITS => {
                n.exp_digits += 1
            }
            _ => return None,
        }
        match bounds {
            Some(b) if !b.reachable(&n, integer) => None,
            _ => Some(n),
        }
    }

    pub(super) fn is_frame_complete(&self, frame: &Frame) -> bool {
        match *frame {
            Frame::Start(_) => false,
            Frame::Literal { node, cand, offset } => match self.node(node) {
                Node::Literals { members, .. } => members[cand as usize].len() == offset as usize,
                _ => false,
            },
            Frame::String(s) => s.mode == StrMode::Closed,
            Frame::Number(n) => match self.node(n.node) {
                &Node::Number { integer, bounds } => match (n.value(integer), bounds) {
                    (Some(v), Some(b)) => (b.lo..=b.hi).contains(&v),
                    (Some(_), None) => true,
                    (None, _) => n.phase == NumPhase::ExpDigits,
                },
                _ => false,
            },
            Frame::Array { phase, .. } | Frame::Object { phase, .. } | Frame::Map { phase, .. } => {
                phase == Phase::Closed
            }
        }
    }

    /// The byte a completion feeds next: the top frame's, or its parent's once the top is done.
    pub(super) fn next_byte(&self, stack: &[Frame]) -> u8 {
        let index = stack.len() - 1;
        if index > 0 && self.is_frame_complete(&stack[index]) {
            self.frame_next(stack[index - 1], index - 1)
        } else {
            self.frame_next(stack[index], index)
        }
    }

    /// The shortest way forward for a frame that is not yet complete.
    pub(super) fn frame_next(&self, frame: Frame, index: usize) -> u8 {
        let depth = index + 1;
        match frame {
            Frame::Start(id) => self.start_byte(id, 0),
            Frame::Literal { node, cand, offset } => {
                let Node::Literals { members, preferred } = self.node(node) else {
                    return b'"';
                };
                let (current, preferred, off) = (
                    &members[cand as usize],
                    &members[*preferred],
                    offset as usize,
                );
                let steer = preferred.len() > off && preferred.starts_with(&current[..off]);
                if steer { preferred[off] } else { current[off] }
            }
            Frame::String(s) => s.next_byte(),
            // A byte that completes the number if there is one, else a fraction point, else the
            // lowest digit that keeps the bounds reachable.
            Frame::Number(n) => {
                let order = b".0123456789".iter().copied();
                let next = |b: &u8| self.number_step(n, *b);
                let completes =
                    |b: &u8| next(b).is_some_and(|m| self.is_frame_complete(&Frame::Number(m)));
                let mut options = order
                    .clone()
                    .filter(completes)
                    .chain(order.filter(|b| next(b).is_some()));
                options.next().unwrap_or(b'0')
            }
            Frame::Array { node, count, phase } => {
                let &Node::Array {
                    items, min_items, ..
                } = self.node(node)
                else {
                    return b']';
                };
                match phase {
                    Phase::Open if min_items == 0 => b']',
                    Phase::Open | Phase::Comma | Phase::CommaSpace => self.start_byte(items, depth),
                    Phase::Value if count < min_items => b',',
                    _ => b']',
                }
            }
            Frame::Object {
                node,
                next,
                cand,
                offset,
                phase,
            } => {
                let Node::Object {
                    properties,
                    next_required,
                } = self.node(node)
                else {
                    return b'}';
                };
                let required = next_required[next as usize] as usize;
                let required_left = required < properties.len();
                match phase {
                    Phase::Open | Phase::Value if !required_left => b'}',
                    Phase::Open | Phase::Comma | Phase::CommaSpace => b'"',
                    Phase::Value => b',',
                    // Steer towards the next required key while it still matches.
                    Phase::Key => {
                        let (current, off) = (&properties[cand as usize].key, offset as usize);
                        match properties.get(required) {
                            Some(p) if p.key.starts_with(&current[..off]) => p.key[off],
                            _ => current[off],
                        }
                    }
                    Phase::AfterKey => b':',
                    _ => self.start_byte(properties[next as usize - 1].value, depth),
                }
            }
            Frame::Map { node, phase } => {
                let &Node::Map { values } = self.node(node) else {
                    return b'}';
                };
                match phase {
                    Phase::Comma | Phase::CommaSpace => b'"',
                    Phase::AfterKey => b':',
                    Phase::Colon | Phase::ColonSpace => self.start_byte(values, depth),
                    _ => b'}',
                }
            }
        }
    }

    /// First byte of the minimal value of `id` at `depth`.
    pub(super) fn start_byte(&self, id: NodeId, depth: usize) -> u8 {
        match self.node(id) {
            Node::String { .. } => b'"',
            &Node::Number { integer, bounds } => {
                let target = bounds.map_or(0, |b| 0.clamp(b.lo, b.hi));
                let unit = if integer { 1 } else { SCALE };
                if target < 0 {
                    b'-'
                } else {
                    (target / unit).to_string().as_bytes()[0]
                }
            }
            Node::Literals { members, preferred } => members[*preferred][0],
            Node::Array { .. } => b'[',
            Node::Object { .. } | Node::Map { .. } => b'{',
            Node::Union { alternatives, .. } => alternatives
                .iter()
                .copied()
                .filter(|&a| self.fits(a, depth))
                .min_by_key(|&a| self.min_depth[a as usize])
                .map_or(b'n', |a| self.start_byte(a, depth)),
        }
    }
}

impl Bounds {
    /// Whether some completion of the number prefix `f` lands within the bounds. The reachable
    /// magnitudes form a few intervals: a prefix `v` with `k` integer digits can become `v` or
    /// anything in `[v·10^j, (v+1)·10^j)` for `j ≤ 15 - k` (plus a fraction for `number`).
    pub(super) fn reachable(self, f: &NumberFrame, integer: bool) -> bool {
        let unit = if integer { 1 } else { SCALE };
        let hits = |low: i128, high: i128| {
            let (low, high) = if f.negative {
                (-high, -low)
            } else {
                (low, high)
            };
            low.max(self.lo) <= high.min(self.hi)
        };
        let v = i128::from(f.int);
        match f.phase {
            NumPhase::Begin => hits(0, max_magnitude(integer)),
            NumPhase::Zero => hits(0, unit - 1),
            NumPhase::Int => (0..=MAX_INT_DIGITS - f.int_digits).any(|j| {
                let p = 10_i128.pow(u32::from(j)) * unit;
                hits(v * p, (v + 1) * p - 1)
            }),
            NumPhase::Dot => hits(v * SCALE, (v + 1) * SCALE - 1),
            NumPhase::Frac => {
                let step = 10_i128.pow(u32::from(MAX_FRAC_DIGITS - f.frac_digits));
                let base = v * SCALE + i128::from(f.frac) * step;
                hits(base, base + step - 1)
            }
            NumPhase::Exp | NumPhase::ExpSign | NumPhase::ExpDigits => true,
        }
    }
}

/// Largest magnitude a number can have in node units within the digit caps.
pub(super) fn max_magnitude(integer: bool) -> i128 {
    if integer {
        SCALE - 1
    } else {
        SCALE * SCALE - 1
    }
}

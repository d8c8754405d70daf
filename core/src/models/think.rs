//! Splits a reasoning model's `<think>…</think>` section from its answer, while streaming.

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

/// Which part of the output a piece of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Inside `<think>…</think>`.
    Reasoning,
    /// Everything else.
    Answer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing but blanks seen: a `<think>` may still open.
    Start,
    Thinking,
    Answering,
}

/// Feed text as it arrives; get back (part, text) pieces, with tags removed.
#[derive(Debug)]
pub(crate) struct ThinkSplitter {
    state: State,
    held: String,
}

impl ThinkSplitter {
    /// `prompt_opened` is true when the prompt itself ends inside `<think>` (as DeepSeek-R1's
    /// template does), so the model's first words are reasoning.
    pub(crate) fn new(prompt_opened: bool) -> Self {
        Self {
            state: if prompt_opened {
                State::Thinking
            } else {
                State::Start
            },
            held: String::new(),
        }
    }

    pub(crate) fn push(&mut self, text: &str, out: &mut Vec<(Part, String)>) {
        self.held.push_str(text);
        loop {
            match self.state {
                State::Start => {
                    let trimmed = self.held.trim_start();
                    if let Some(after) = trimmed.strip_prefix(OPEN) {
                        self.held = after.to_owned();
                        self.state = State::Thinking;
                    } else if trimmed.is_empty() || OPEN.starts_with(trimmed) {
                        return; // undecided until more arrives
                    } else {
                        self.state = State::Answering;
                    }
                }
                State::Thinking => match self.held.find(CLOSE) {
                    Some(at) => {
                        let reasoning: String = self.held.drain(..at).collect();
                        self.held.drain(..CLOSE.len());
                        emit(out, Part::Reasoning, reasoning);
                        self.state = State::Answering;
                        // The blank line models put after the tag is not part of the answer.
                        let rest = self.held.trim_start().to_owned();
                        self.held = rest;
                    }
                    None => {
                        let keep = partial_suffix(&self.held, CLOSE);
                        let ready: String = self.held.drain(..self.held.len() - keep).collect();
                        emit(out, Part::Reasoning, ready);
                        return;
                    }
                },
                State::Answering => {
                    emit(out, Part::Answer, std::mem::take(&mut self.held));
                    return;
                }
            }
        }
    }

    /// Flushes what is held at the end of generation.
    pub(crate) fn finish(&mut self, out: &mut Vec<(Part, String)>) {
        let part = if self.state == State::Thinking {
            Part::Reasoning
        } else {
            Part::Answer
        };
        emit(out, part, std::mem::take(&mut self.held));
    }
}

fn emit(out: &mut Vec<(Part, String)>, part: Part, text: String) {
    if !text.is_empty() {
        out.push((part, text));
    }
}

/// Length of the longest suffix of `text` that is a proper prefix of `tag`.
pub(crate) fn partial_suffix(text: &str, tag: &str) -> usize {
    (1..tag.len().min(text.len() + 1))
        .rev()
        .find(|&n| {
            text.is_char_boundary(text.len() - n) && tag.starts_with(&text[text.len() - n..])
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(prompt_opened: bool, pieces: &[&str]) -> (String, String) {
        let mut s = ThinkSplitter::new(prompt_opened);
        let mut out = Vec::new();
        for p in pieces {
            s.push(p, &mut out);
        }
        s.finish(&mut out);
        let join = |want| {
            out.iter()
                .filter(|(p, _)| *p == want)
                .map(|(_, t)| t.as_str())
                .collect::<String>()
        };
        (join(Part::Reasoning), join(Part::Answer))
    }

    #[test]
    fn splits_reasoning_even_when_tags_arrive_in_pieces() {
        let pieces = [
            "<th",
            "ink>",
            "a plan",
            "</thi",
            "nk>\n\n",
            "The answer",
            " is 4.",
        ];
        assert_eq!(
            run(false, &pieces),
            ("a plan".into(), "The answer is 4.".into())
        );
        assert_eq!(run(true, &["plan</think>ok"]), ("plan".into(), "ok".into()));
        assert_eq!(
            run(false, &["no tags <think> here"]),
            ("".into(), "no tags <think> here".into())
        );
        assert_eq!(
            run(false, &["<think>never closed"]),
            ("never closed".into(), "".into())
        );
    }

    #[test]
    fn partial_suffix_finds_tag_prefixes() {
        assert_eq!(partial_suffix("abc</th", CLOSE), 4);
        assert_eq!(partial_suffix("abc", CLOSE), 0);
        assert_eq!(partial_suffix("é<", CLOSE), 1);
    }
}

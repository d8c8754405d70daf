//! A language's vocabulary as data: which tree-sitter node kinds are functions, classes,
//! branches, loops, calls and comments, and which tokens count as decisions.
//!
//! Each language file (`python.rs`, …) declares one [`LangSpec`]; [`KindTable`] compiles it
//! into lookups by node-kind id so the metrics pass never compares strings.

/// What a syntax node means to the metrics and rules, independent of its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Other,
    /// A function or method: a unit that gets its own metrics.
    Function,
    /// A lambda or closure: counted inside its enclosing function, but nests like a function.
    Lambda,
    /// A class-like container (class, struct, interface, enum, record).
    Class,
    If,
    /// A separate `elif`-style clause node.
    ElseIf,
    /// A separate `else` clause node (only counted when it belongs to an `if`).
    Else,
    Loop,
    Switch,
    Try,
    Catch,
    Ternary,
    /// A binary expression that may hold a logical operator (checked by its operator token).
    Binary,
    /// `break`/`continue`/`goto`, which add cognitive complexity when they jump to a label.
    Jump,
    Call,
    Comment,
}

/// The vocabulary of one language, as tree-sitter node kind names.
#[derive(Debug)]
pub struct LangSpec {
    pub functions: &'static [&'static str],
    pub lambdas: &'static [&'static str],
    pub classes: &'static [&'static str],
    pub ifs: &'static [&'static str],
    pub else_ifs: &'static [&'static str],
    pub elses: &'static [&'static str],
    pub loops: &'static [&'static str],
    pub switches: &'static [&'static str],
    pub tries: &'static [&'static str],
    pub catches: &'static [&'static str],
    pub ternaries: &'static [&'static str],
    pub binaries: &'static [&'static str],
    pub jumps: &'static [&'static str],
    pub calls: &'static [&'static str],
    pub comments: &'static [&'static str],
    /// Anonymous tokens that each add one to cyclomatic complexity, as lizard counts them.
    pub decision_tokens: &'static [&'static str],
    /// Operator tokens that make a [`Role::Binary`] node a logical operator.
    pub logical_operators: &'static [&'static str],
    /// Named nodes that each add one to cyclomatic complexity (JavaScript default values).
    pub decision_nodes: &'static [&'static str],
    /// Nodes whose inside lizard sees as one opaque token (template `${…}`, C# interpolations).
    pub opaque: &'static [&'static str],
    /// Per-token exceptions to `decision_tokens` (lizard's tokenizer quirks): `false` = not counted.
    pub decision_filter: Option<fn(tree_sitter::Node<'_>, Ancestors<'_, '_>, &str) -> bool>,
    /// lizard's optimistic parsing: for a node holding a stretch that lizard reads as a would-be
    /// signature and then discards, the byte range of that stretch (the token after it is
    /// discarded too).
    pub discarded_stretch: Option<fn(tree_sitter::Node<'_>) -> Option<ByteRange>>,
    /// Function nodes that lizard reads as part of the enclosing function (JavaScript's curried
    /// arrows, `a => b => …`): their conditions count there.
    pub inline_function: Option<fn(tree_sitter::Node<'_>, Ancestors<'_, '_>) -> bool>,
    /// Whether only tokens inside the function body count (Java, C#: not annotations or
    /// default values in the signature).
    pub body_only: bool,
    /// Which line a function is reported at.
    pub start_line: StartLine,
    /// Named kinds inside a parameter list that are not parameters (separators, comments).
    pub non_parameters: &'static [&'static str],
}

/// A half-open byte range `(start, end)`.
pub type ByteRange = (usize, usize);

/// The nodes above a node, as the metrics walk knows them. tree-sitter's own `Node::parent`
/// searches down from the root, which is quadratic on deeply nested code; this is O(1).
#[derive(Debug, Clone, Copy)]
pub struct Ancestors<'a, 'tree> {
    path: &'a [tree_sitter::Node<'tree>],
}

impl<'a, 'tree> Ancestors<'a, 'tree> {
    /// `path` runs from the root down to the node's parent.
    pub fn new(path: &'a [tree_sitter::Node<'tree>]) -> Self {
        Ancestors { path }
    }

    /// The `k`-th ancestor: 0 is the parent, 1 the grandparent.
    pub fn nth(&self, k: usize) -> Option<tree_sitter::Node<'tree>> {
        let i = self.path.len().checked_sub(k + 1)?;
        self.path.get(i).copied()
    }
}

/// The line a function is reported at, as lizard reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLine {
    /// The first line of the function node (Go: the `func` keyword).
    Node,
    /// The line of the function's name (Python, Java, C#: not decorators or annotations).
    Name,
    /// The line of the parameter list's `(` (JavaScript).
    Parameters,
}

/// A [`LangSpec`] compiled against a grammar: roles and flags indexed by node-kind id.
#[derive(Debug)]
pub struct KindTable {
    roles: Vec<Role>,
    decision: Vec<bool>,
    opaque: Vec<bool>,
    logical: Vec<bool>,
    non_parameter: Vec<bool>,
}

impl KindTable {
    pub fn new(language: &tree_sitter::Language, spec: &LangSpec) -> Self {
        let count = language.node_kind_count();
        let mut table = KindTable {
            roles: vec![Role::Other; count],
            decision: vec![false; count],
            opaque: vec![false; count],
            logical: vec![false; count],
            non_parameter: vec![false; count],
        };
        let named_groups: [(&[&str], Role); 15] = [
            (spec.functions, Role::Function),
            (spec.lambdas, Role::Lambda),
            (spec.classes, Role::Class),
            (spec.ifs, Role::If),
            (spec.else_ifs, Role::ElseIf),
            (spec.elses, Role::Else),
            (spec.loops, Role::Loop),
            (spec.switches, Role::Switch),
            (spec.tries, Role::Try),
            (spec.catches, Role::Catch),
            (spec.ternaries, Role::Ternary),
            (spec.binaries, Role::Binary),
            (spec.jumps, Role::Jump),
            (spec.calls, Role::Call),
            (spec.comments, Role::Comment),
        ];
        for id in 0..count as u16 {
            let Some(kind) = language.node_kind_for_id(id) else {
                continue;
            };
            let slot = id as usize;
            if language.node_kind_is_named(id) {
                if let Some((_, role)) =
                    named_groups.iter().find(|(kinds, _)| kinds.contains(&kind))
                {
                    table.roles[slot] = *role;
                }
                table.non_parameter[slot] = spec.non_parameters.contains(&kind);
                table.decision[slot] = spec.decision_nodes.contains(&kind);
                table.opaque[slot] = spec.opaque.contains(&kind);
            } else {
                table.decision[slot] = spec.decision_tokens.contains(&kind);
                table.logical[slot] = spec.logical_operators.contains(&kind);
            }
        }
        table
    }

    #[inline]
    pub fn role(&self, kind_id: u16) -> Role {
        self.roles
            .get(kind_id as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Whether nothing inside this node counts towards cyclomatic complexity.
    #[inline]
    pub fn is_opaque(&self, kind_id: u16) -> bool {
        self.opaque.get(kind_id as usize).copied().unwrap_or(false)
    }

    /// Whether this token (or named node) adds one to cyclomatic complexity.
    #[inline]
    pub fn is_decision(&self, kind_id: u16) -> bool {
        self.decision
            .get(kind_id as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether this (anonymous) token is a logical operator (`&&`, `||`, `and`, `or`, …).
    #[inline]
    pub fn is_logical(&self, kind_id: u16) -> bool {
        self.logical.get(kind_id as usize).copied().unwrap_or(false)
    }

    /// Whether this named node inside a parameter list is not a parameter.
    #[inline]
    pub fn is_non_parameter(&self, kind_id: u16) -> bool {
        self.non_parameter
            .get(kind_id as usize)
            .copied()
            .unwrap_or(false)
    }
}

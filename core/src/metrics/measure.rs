//! One iterative pass over a syntax tree that measures every function, class and line.
//!
//! The walk uses a tree cursor and an explicit stack, never recursion, so 100 000 nested
//! brackets cannot overflow the thread's stack.

use tree_sitter::{Node, Tree, TreeCursor};

use super::lines::LineKinds;
use super::{ClassMetrics, FileMetrics, FunctionMetrics};
use crate::lang::{self, Ancestors, Grammar, Role};

/// Where the source does not parse: an ERROR node or a token the parser had to invent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxIssue {
    pub start_byte: usize,
    pub end_byte: usize,
    /// The kind of the missing token, for MISSING nodes (`)` in `f(x`).
    pub missing: Option<String>,
}

/// tree-sitter's symbol id for ERROR nodes (`ts_builtin_sym_error`).
const ERROR_KIND: u16 = u16::MAX;

/// Syntax issues reported per file at most; past that they are one long cascade.
const MAX_SYNTAX_ISSUES: usize = 20;

/// Measures a parsed file. `text` must be the text the tree was parsed from.
pub fn measure(grammar: &Grammar, tree: &Tree, text: &str) -> (FileMetrics, Vec<SyntaxIssue>) {
    let physical_lines = physical_line_count(text);
    let mut walk = Walk {
        grammar,
        text,
        lines: LineKinds::new(physical_lines as usize),
        frames: Vec::with_capacity(64),
        path: Vec::with_capacity(64),
        functions: Vec::new(),
        classes: Vec::new(),
        done_functions: Vec::new(),
        done_classes: Vec::new(),
        syntax: Vec::new(),
        error_depth: 0,
        opaque_depth: 0,
        max_depth: 0,
        open_arrows: 0,
        discard_from: 0,
        discard_until: 0,
        discard_next: false,
        discard_level: 0,
    };
    let mut cursor = tree.walk();
    walk.run(&mut cursor);

    let Walk {
        max_depth,
        mut lines,
        mut done_functions,
        mut done_classes,
        syntax,
        ..
    } = walk;
    lines.finish();
    for f in &mut done_functions {
        f.sloc = lines.code_lines(f.start_line, f.end_line);
    }
    done_functions.sort_by_key(|f| (f.start_line, f.name_bytes.0));
    done_classes.sort_by_key(|c| c.start_line);
    let (sloc, comment_lines, blank_lines) = lines.totals();
    let metrics = FileMetrics {
        loc: physical_lines,
        sloc,
        comment_lines,
        blank_lines,
        max_depth: max_depth as u32,
        cyclomatic: done_functions.iter().map(|f| f.cyclomatic).sum(),
        cognitive: done_functions.iter().map(|f| f.cognitive).sum(),
        functions: done_functions,
        classes: done_classes,
    };
    (metrics, syntax)
}

fn physical_line_count(text: &str) -> u32 {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    (newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))) as u32
}

/// State of one node on the path from the root to the cursor.
#[derive(Debug, Clone, Copy)]
struct Frame {
    role: Role,
    /// Cognitive nesting level at which this node sits, and the one its children get.
    nesting: u32,
    inner_nesting: u32,
    /// Structural depth (if/loop/switch/try) of this node, and the one its children get.
    depth: u32,
    inner_depth: u32,
    /// The logical operator token kind, for a logical binary expression.
    logical_op: u16,
    opened_function: bool,
    opened_class: bool,
}

struct OpenFunction {
    metrics: FunctionMetrics,
    /// Decisions before this byte (a Java/C# signature) are not counted, as in lizard.
    count_from: usize,
    /// For an arrow with an expression body: where lizard considers it ended.
    arrow: Option<ArrowExtent>,
    /// Index in `classes` of the class this function belongs to directly.
    class: Option<usize>,
}

/// lizard ends an expression-bodied arrow at the first line break outside brackets (or at a
/// `;` or a bracket closing an enclosing group); tokens after that count for the enclosing
/// function. Tracked token by token after the `=>`.
#[derive(Debug, Clone, Copy)]
struct ArrowExtent {
    /// Tokens before this byte (the parameters and `=>`) do not move the extent.
    body_byte: usize,
    last_row: usize,
    depth: u32,
    ended: bool,
}

impl ArrowExtent {
    fn observe(&mut self, kind: &str, row: usize, byte: usize) {
        if self.ended || byte < self.body_byte {
            return;
        }
        if self.depth == 0 && (row > self.last_row || matches!(kind, ";" | ")" | "]" | "}")) {
            self.ended = true;
            return;
        }
        match kind {
            "(" | "[" | "{" | "${" => self.depth += 1,
            ")" | "]" | "}" => self.depth -= 1,
            _ => {}
        }
        self.last_row = row;
    }
}

/// Open arrows updated per token; deeper ones keep their state (only pathological input has more).
const TRACKED_ARROWS: usize = 16;

struct OpenClass {
    metrics: ClassMetrics,
    /// Number of open functions when the class opened: methods are declared at that level.
    function_level: usize,
}

struct Walk<'a, 't> {
    grammar: &'a Grammar,
    text: &'a str,
    lines: LineKinds,
    frames: Vec<Frame>,
    /// The nodes of `frames`, root first: what `Node::parent` would find, in O(1).
    path: Vec<Node<'t>>,
    functions: Vec<OpenFunction>,
    classes: Vec<OpenClass>,
    done_functions: Vec<FunctionMetrics>,
    done_classes: Vec<ClassMetrics>,
    syntax: Vec<SyntaxIssue>,
    error_depth: u32,
    /// Depth of nodes whose inside lizard does not count (template substitutions).
    opaque_depth: u32,
    /// Deepest stack of frames seen: the tree's depth.
    max_depth: usize,
    /// Open expression-bodied arrows, whose extent is tracked token by token.
    open_arrows: u32,
    /// Tokens lizard discards (see `LangSpec::discarded_stretch`): those in this byte range,
    /// and then one more.
    discard_from: usize,
    discard_until: usize,
    discard_next: bool,
    /// Open functions when the stretch began: nested functions keep their conditions.
    discard_level: usize,
}

impl<'t> Walk<'_, 't> {
    fn run(&mut self, cursor: &mut TreeCursor<'t>) {
        'outer: loop {
            let node = cursor.node();
            let field = cursor.field_id().map(|f| f.get());
            if cursor.goto_first_child() {
                self.enter(node, field);
                continue;
            }
            // Leaves (tokens, identifiers, comments) need no frame: nothing lies below them.
            self.leaf(node);
            loop {
                if cursor.goto_next_sibling() {
                    continue 'outer;
                }
                if !cursor.goto_parent() {
                    break 'outer;
                }
                self.exit(cursor.node());
            }
        }
    }

    fn leaf(&mut self, node: Node<'t>) {
        let kinds = &self.grammar.kinds;
        let kind_id = node.kind_id();
        if self.open_arrows > 0 {
            let (kind, row, byte) = (node.kind(), node.start_position().row, node.start_byte());
            for f in self.functions.iter_mut().rev().take(TRACKED_ARROWS) {
                if let Some(arrow) = &mut f.arrow {
                    arrow.observe(kind, row, byte);
                }
            }
        }
        if kind_id == ERROR_KIND || node.is_missing() {
            self.record_syntax_issue(node, false);
        }
        // The token right after a discarded stretch is discarded with it.
        let discarded = self.discard_next && node.start_byte() >= self.discard_until;
        if discarded {
            self.discard_next = false;
        } else if kinds.is_decision(kind_id) {
            self.credit_decision(node);
        }
        let comment = node.is_named() && kinds.role(kind_id) == Role::Comment;
        self.mark_leaf(node, comment);
    }

    /// A node with children: classify it and push its frame.
    fn enter(&mut self, node: Node<'t>, field: Option<u16>) {
        let kinds = &self.grammar.kinds;
        let kind_id = node.kind_id();
        let parent = self.frames.last().copied();

        if kind_id == ERROR_KIND {
            self.record_syntax_issue(node, true);
        }
        if let Some((start, end)) = self.grammar.spec.discarded_stretch.and_then(|f| f(node)) {
            self.discard_from = start;
            self.discard_until = end;
            self.discard_next = true;
            self.discard_level = self.functions.len();
        }
        if kinds.is_decision(kind_id) {
            self.credit_decision(node);
        }
        if kinds.is_opaque(kind_id) {
            self.opaque_depth += 1;
        }

        // Conditions sit at their statement's level; so do `else`/`elif` branches of an if.
        let (nesting, depth) = match parent {
            None => (0, 0),
            Some(p) => {
                let at_statement_level = field.is_some()
                    && (field == self.grammar.condition_field
                        || (field == self.grammar.alternative_field && p.role == Role::If));
                if at_statement_level {
                    (p.nesting, p.depth)
                } else {
                    (p.inner_nesting, p.inner_depth)
                }
            }
        };
        let mut role = kinds.role(kind_id);
        if role == Role::Function
            && self
                .grammar
                .spec
                .inline_function
                .is_some_and(|inline| inline(node, Ancestors::new(&self.path)))
        {
            role = Role::Lambda;
        }
        let mut frame = Frame {
            role,
            nesting,
            inner_nesting: nesting,
            depth,
            inner_depth: depth,
            logical_op: 0,
            opened_function: false,
            opened_class: false,
        };
        let parent_role = parent.map_or(Role::Other, |p| p.role);
        let is_alternative = field.is_some() && field == self.grammar.alternative_field;

        match frame.role {
            Role::Function => {
                self.open_function(node);
                frame.opened_function = true;
                frame.inner_nesting = 0;
                frame.inner_depth = 0;
            }
            Role::Lambda => frame.inner_nesting = nesting + 1,
            Role::Class => {
                self.open_class(node);
                frame.opened_class = true;
            }
            Role::If => {
                let else_if =
                    (is_alternative && parent_role == Role::If) || parent_role == Role::Else;
                // An `else if` continues its chain: one point, no nesting penalty.
                self.add_cognitive(if else_if { 1 } else { 1 + nesting });
                frame.inner_nesting = nesting + 1;
                frame.inner_depth = depth + 1;
                self.note_depth(depth + 1);
            }
            Role::ElseIf => {
                self.add_cognitive(1);
                frame.inner_nesting = nesting + 1;
                frame.inner_depth = depth + 1;
            }
            Role::Else if parent_role == Role::If => {
                // `else if` written as an else clause holding an if: the if counts itself.
                let holds_if = node
                    .named_child(0)
                    .is_some_and(|c| kinds.role(c.kind_id()) == Role::If);
                if !holds_if {
                    self.add_cognitive(1);
                    frame.inner_nesting = nesting + 1;
                    frame.inner_depth = depth + 1;
                }
            }
            Role::Loop | Role::Switch => {
                self.add_cognitive(1 + nesting);
                frame.inner_nesting = nesting + 1;
                frame.inner_depth = depth + 1;
                self.note_depth(depth + 1);
            }
            Role::Try => {
                frame.inner_depth = depth + 1;
                self.note_depth(depth + 1);
            }
            Role::Catch | Role::Ternary => {
                self.add_cognitive(1 + nesting);
                frame.inner_nesting = nesting + 1;
            }
            Role::Binary => {
                if let Some(op) = self
                    .grammar
                    .operator_field
                    .and_then(|f| node.child_by_field_id(f))
                    && kinds.is_logical(op.kind_id())
                {
                    frame.logical_op = op.kind_id();
                    // One point per run of the same operator: `a && b && c` is one run.
                    if parent.is_none_or(|p| p.logical_op != frame.logical_op) {
                        self.add_cognitive(1);
                    }
                }
            }
            Role::Jump => {
                let labelled = node.kind() == "goto_statement"
                    || (0..node.named_child_count())
                        .filter_map(|i| node.named_child(i as u32))
                        .any(|c| kinds.role(c.kind_id()) != Role::Comment);
                if labelled {
                    self.add_cognitive(1);
                }
            }
            Role::Call if self.is_recursive_call(node) => self.add_cognitive(1),
            // A bare `else` block hanging off an if (Java, C#, Go).
            Role::Other | Role::Else if is_alternative && parent_role == Role::If => {
                self.add_cognitive(1);
                frame.inner_nesting = nesting + 1;
                frame.inner_depth = depth + 1;
                self.note_depth(depth + 1);
            }
            _ => {}
        }
        self.frames.push(frame);
        self.path.push(node);
        self.max_depth = self.max_depth.max(self.frames.len());
    }

    fn exit(&mut self, node: Node<'_>) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        self.path.pop();
        if node.kind_id() == ERROR_KIND {
            self.error_depth = self.error_depth.saturating_sub(1);
        }
        if self.grammar.kinds.is_opaque(node.kind_id()) {
            self.opaque_depth = self.opaque_depth.saturating_sub(1);
        }
        if frame.opened_function
            && let Some(open) = self.functions.pop()
        {
            if open.arrow.is_some() {
                self.open_arrows -= 1;
            }
            if let Some(class) = open.class.and_then(|i| self.classes.get_mut(i)) {
                class.metrics.methods += 1;
                class.metrics.cyclomatic += open.metrics.cyclomatic;
            }
            self.done_functions.push(open.metrics);
        }
        if frame.opened_class
            && let Some(open) = self.classes.pop()
        {
            self.done_classes.push(open.metrics);
        }
    }

    fn open_function(&mut self, node: Node<'_>) {
        let name = lang::function_name(self.grammar, node, Ancestors::new(&self.path), self.text);
        let name_node = self
            .grammar
            .name_field
            .and_then(|f| node.child_by_field_id(f))
            .unwrap_or(node);
        // Methods are functions declared directly in a class, not inside another function.
        let class = self
            .classes
            .len()
            .checked_sub(1)
            .filter(|&i| self.classes[i].function_level == self.functions.len());
        let qualified_name = match class {
            Some(i) => format!("{}.{name}", self.classes[i].metrics.qualified_name),
            None => name.clone(),
        };
        let start_line =
            lang::reported_start_row(self.grammar, node, name == "(anonymous)") as u32 + 1;
        let end_line = (node.end_position().row as u32 + 1).max(start_line);
        let body = node.child_by_field_name("body");
        let count_from = match body {
            Some(body) if self.grammar.spec.body_only => body.start_byte(),
            _ => node.start_byte(),
        };
        let arrow = body
            .filter(|b| node.kind() == "arrow_function" && b.kind() != "statement_block")
            .map(|b| {
                let mut cursor = node.walk();
                let arrow_token = node
                    .children(&mut cursor)
                    .find(|c| c.kind() == "=>")
                    .unwrap_or(b);
                self.open_arrows += 1;
                ArrowExtent {
                    body_byte: b.start_byte(),
                    last_row: arrow_token.start_position().row,
                    depth: 0,
                    ended: false,
                }
            });
        self.functions.push(OpenFunction {
            count_from,
            arrow,
            metrics: FunctionMetrics {
                name,
                qualified_name,
                start_line,
                end_line,
                cyclomatic: 1,
                cognitive: 0,
                params: lang::parameter_count(self.grammar, node),
                max_nesting: 0,
                loc: end_line - start_line + 1,
                sloc: 0,
                name_bytes: (name_node.start_byte(), name_node.end_byte()),
                bytes: (node.start_byte(), node.end_byte()),
            },
            class,
        });
    }

    fn open_class(&mut self, node: Node<'_>) {
        let name = lang::class_name(self.grammar, node, self.text);
        let qualified_name = match self.classes.last() {
            Some(outer) if outer.function_level == self.functions.len() => {
                format!("{}.{name}", outer.metrics.qualified_name)
            }
            _ => name.clone(),
        };
        let (start_line, end_line) = lines_of(node);
        self.classes.push(OpenClass {
            metrics: ClassMetrics {
                name,
                qualified_name,
                start_line,
                end_line,
                loc: end_line - start_line + 1,
                methods: 0,
                cyclomatic: 0,
            },
            function_level: self.functions.len(),
        });
    }

    /// Adds one to the cyclomatic complexity of the function lizard would credit: the innermost
    /// one, unless the token lies where lizard considers that function already ended.
    fn credit_decision(&mut self, token: Node<'_>) {
        let byte = token.start_byte();
        if byte < self.discard_until
            || self.opaque_depth > 0
            || self
                .grammar
                .spec
                .decision_filter
                .is_some_and(|counts| !counts(token, Ancestors::new(&self.path), self.text))
        {
            return;
        }
        for f in self.functions.iter_mut().rev() {
            if f.arrow.is_some_and(|a| a.ended) {
                continue;
            }
            if byte >= f.count_from {
                f.metrics.cyclomatic += 1;
            }
            return;
        }
    }

    fn add_cognitive(&mut self, points: u32) {
        if let Some(f) = self.functions.last_mut() {
            f.metrics.cognitive += points;
        }
    }

    fn note_depth(&mut self, depth: u32) {
        if let Some(f) = self.functions.last_mut() {
            f.metrics.max_nesting = f.metrics.max_nesting.max(depth);
        }
    }

    /// A direct call of the enclosing function by its bare name (or `self.`/`this.` name).
    fn is_recursive_call(&self, call: Node<'_>) -> bool {
        let Some(current) = self.functions.last() else {
            return false;
        };
        let field = |f: Option<u16>| f.and_then(|f| call.child_by_field_id(f));
        let callee = field(self.grammar.function_field).or_else(|| field(self.grammar.name_field));
        let Some(callee) = callee else { return false };
        let callee_text = self.text.get(callee.byte_range()).unwrap_or_default();
        let bare = callee_text
            .strip_prefix("self.")
            .or_else(|| callee_text.strip_prefix("this."))
            .unwrap_or(callee_text);
        let has_other_receiver = field(self.grammar.object_field)
            .is_some_and(|o| !matches!(self.text.get(o.byte_range()), Some("this" | "self")));
        !has_other_receiver && bare == current.metrics.name
    }

    fn mark_leaf(&mut self, node: Node<'_>, comment: bool) {
        if node.start_byte() == node.end_byte() {
            return;
        }
        let start = node.start_position().row;
        let mut end = node.end_position().row;
        // A token ending with a newline (a comment in some grammars) ends on the previous line.
        if end > start && node.end_position().column == 0 {
            end -= 1;
        }
        self.lines.mark(start, end, comment);
    }

    /// `opens` is true for an ERROR node with children, which is closed again in `exit`.
    fn record_syntax_issue(&mut self, node: Node<'_>, opens: bool) {
        let inside_error = self.error_depth > 0;
        if opens {
            self.error_depth += 1;
        }
        if inside_error || self.syntax.len() >= MAX_SYNTAX_ISSUES {
            return;
        }
        self.syntax.push(SyntaxIssue {
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
            missing: node.is_missing().then(|| node.kind().to_owned()),
        });
    }
}

fn lines_of(node: Node<'_>) -> (u32, u32) {
    let start = node.start_position().row as u32 + 1;
    let end = node.end_position().row as u32 + 1;
    (start, end.max(start))
}

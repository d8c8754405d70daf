//! What each tree-sitter node kind means to the taint interpreter, per language.
//!
//! The interpreter only needs a few roles (assignments, calls, member reads, branches, loops,
//! returns, literals); every other kind is "an expression whose value joins its children's",
//! which is a sound over-approximation for operators, casts, parentheses and the like.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::vocab::Language;

/// The role of a node kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A function analysed on its own (skipped when met inside another).
    Function,
    /// A class body: skipped inside functions.
    Class,
    /// `if`: fields `condition`, `consequence`, `alternative`.
    If,
    /// A loop whose body runs zero or more times.
    Loop,
    /// `for x in xs`: the fields naming the target and the iterated value.
    ForEach(&'static str, &'static str),
    Return,
    /// `left = right` (also augmented forms: `+=` joins).
    Assign(&'static str, &'static str),
    /// A declaration of one name with an optional initial value: fields (name, value);
    /// an empty value field means "the last named child that is not the name".
    Declare(&'static str, &'static str),
    /// A call: the callee field and the arguments field.
    Call(&'static str, &'static str),
    /// A construction `new T(args)`: the type field and the arguments field.
    New(&'static str, &'static str),
    /// `object.property`: the object field and the property field.
    Member(&'static str, &'static str),
    /// `object[index]`: the object field.
    Index(&'static str),
    Ident,
    /// A string literal; interpolations inside it make it a built string.
    Str,
    /// A literal that is not a string: numbers, booleans, null.
    Literal,
    /// A binary operator: fields `left`, `right`, `operator`.
    Binary,
    /// `not x` / `!x`.
    Not,
    /// `c ? a : b` / `a if c else b`: the value is one of the arms, never the condition.
    Ternary,
    /// Keyword argument `name=value`: fields (name, value).
    Keyword(&'static str, &'static str),
}

/// The roles of one language's node kinds.
#[derive(Debug)]
pub(super) struct Syntax {
    /// Indexed by tree-sitter kind id: no string hashing per node.
    roles: Vec<Option<Role>>,
    /// Field ids by name: `child_by_field_name` compares the name with every field's.
    fields: HashMap<&'static str, std::num::NonZeroU16>,
    /// Identifiers meaning the current object (`self`, `this`).
    pub self_names: &'static [&'static str],
}

impl Syntax {
    /// The child of `node` in field `name`.
    pub fn field<'t>(
        &self,
        node: tree_sitter::Node<'t>,
        name: &str,
    ) -> Option<tree_sitter::Node<'t>> {
        node.child_by_field_id(self.fields.get(name)?.get())
    }

    pub fn role(&self, node: tree_sitter::Node<'_>) -> Option<Role> {
        self.roles
            .get(usize::from(node.kind_id()))
            .copied()
            .flatten()
    }

    pub fn of(language: Language) -> &'static Syntax {
        static TABLES: OnceLock<[Syntax; 5]> = OnceLock::new();
        let tables = TABLES.get_or_init(|| {
            [
                build(Language::Python),
                build(Language::JavaScript),
                build(Language::Java),
                build(Language::CSharp),
                build(Language::Go),
            ]
        });
        match language {
            Language::Python => &tables[0],
            Language::JavaScript => &tables[1],
            Language::Java => &tables[2],
            Language::CSharp => &tables[3],
            Language::Go => &tables[4],
        }
    }
}

fn build(language: Language) -> Syntax {
    use Role::*;
    let (list, self_names): (Vec<(&'static str, Role)>, &'static [&'static str]) = match language {
        Language::Python => (
            vec![
                ("function_definition", Function),
                ("lambda", Function),
                ("class_definition", Class),
                ("if_statement", If),
                ("elif_clause", If),
                ("conditional_expression", Ternary),
                ("while_statement", Loop),
                ("for_statement", ForEach("left", "right")),
                ("for_in_clause", ForEach("left", "right")),
                ("return_statement", Return),
                ("assignment", Assign("left", "right")),
                ("augmented_assignment", Assign("left", "right")),
                ("named_expression", Assign("name", "value")),
                ("as_pattern", Assign("alias", "")),
                ("call", Call("function", "arguments")),
                ("attribute", Member("object", "attribute")),
                ("subscript", Index("value")),
                ("identifier", Ident),
                ("string", Str),
                ("concatenated_string", Binary),
                ("integer", Literal),
                ("float", Literal),
                ("true", Literal),
                ("false", Literal),
                ("none", Literal),
                ("binary_operator", Binary),
                ("boolean_operator", Binary),
                ("comparison_operator", Binary),
                ("not_operator", Not),
                ("keyword_argument", Keyword("name", "value")),
            ],
            &["self", "cls"],
        ),
        Language::JavaScript => (
            vec![
                ("function_declaration", Function),
                ("function_expression", Function),
                ("arrow_function", Function),
                ("method_definition", Function),
                ("generator_function_declaration", Function),
                ("class_declaration", Class),
                ("if_statement", If),
                ("while_statement", Loop),
                ("do_statement", Loop),
                ("for_statement", Loop),
                ("for_in_statement", ForEach("left", "right")),
                ("return_statement", Return),
                ("assignment_expression", Assign("left", "right")),
                ("augmented_assignment_expression", Assign("left", "right")),
                ("variable_declarator", Declare("name", "value")),
                ("call_expression", Call("function", "arguments")),
                ("new_expression", New("constructor", "arguments")),
                ("member_expression", Member("object", "property")),
                ("subscript_expression", Index("object")),
                ("identifier", Ident),
                ("shorthand_property_identifier_pattern", Ident),
                ("string", Str),
                ("template_string", Str),
                ("number", Literal),
                ("true", Literal),
                ("false", Literal),
                ("null", Literal),
                ("undefined", Literal),
                ("regex", Literal),
                ("binary_expression", Binary),
                ("unary_expression", Not),
                ("ternary_expression", Ternary),
            ],
            &["this"],
        ),
        Language::Java => (
            vec![
                ("method_declaration", Function),
                ("constructor_declaration", Function),
                ("lambda_expression", Function),
                ("class_body", Class),
                ("if_statement", If),
                ("while_statement", Loop),
                ("do_statement", Loop),
                ("for_statement", Loop),
                ("enhanced_for_statement", ForEach("name", "value")),
                ("return_statement", Return),
                ("assignment_expression", Assign("left", "right")),
                ("variable_declarator", Declare("name", "value")),
                ("method_invocation", Call("name", "arguments")),
                ("object_creation_expression", New("type", "arguments")),
                ("field_access", Member("object", "field")),
                ("array_access", Index("array")),
                ("identifier", Ident),
                ("string_literal", Str),
                ("text_block", Str),
                ("decimal_integer_literal", Literal),
                ("true", Literal),
                ("false", Literal),
                ("null_literal", Literal),
                ("binary_expression", Binary),
                ("unary_expression", Not),
                ("ternary_expression", Ternary),
            ],
            &["this"],
        ),
        Language::CSharp => (
            vec![
                ("method_declaration", Function),
                ("constructor_declaration", Function),
                ("local_function_statement", Function),
                ("lambda_expression", Function),
                ("anonymous_method_expression", Function),
                ("declaration_list", Class),
                ("if_statement", If),
                ("while_statement", Loop),
                ("do_statement", Loop),
                ("for_statement", Loop),
                ("foreach_statement", ForEach("left", "right")),
                ("return_statement", Return),
                ("assignment_expression", Assign("left", "right")),
                ("variable_declarator", Declare("name", "")),
                ("invocation_expression", Call("function", "arguments")),
                ("object_creation_expression", New("type", "arguments")),
                ("member_access_expression", Member("expression", "name")),
                ("element_access_expression", Index("expression")),
                ("identifier", Ident),
                ("string_literal", Str),
                ("verbatim_string_literal", Str),
                ("raw_string_literal", Str),
                ("interpolated_string_expression", Str),
                ("integer_literal", Literal),
                ("boolean_literal", Literal),
                ("null_literal", Literal),
                ("binary_expression", Binary),
                ("prefix_unary_expression", Not),
                ("conditional_expression", Ternary),
                ("argument", Keyword("name", "")),
            ],
            &["this"],
        ),
        Language::Go => (
            vec![
                ("function_declaration", Function),
                ("method_declaration", Function),
                ("func_literal", Function),
                ("if_statement", If),
                ("for_statement", Loop),
                ("range_clause", ForEach("left", "right")),
                ("return_statement", Return),
                ("assignment_statement", Assign("left", "right")),
                ("short_var_declaration", Assign("left", "right")),
                ("var_spec", Assign("name", "value")),
                ("const_spec", Assign("name", "value")),
                ("call_expression", Call("function", "arguments")),
                ("selector_expression", Member("operand", "field")),
                ("index_expression", Index("operand")),
                ("identifier", Ident),
                ("interpreted_string_literal", Str),
                ("raw_string_literal", Str),
                ("int_literal", Literal),
                ("true", Literal),
                ("false", Literal),
                ("nil", Literal),
                ("binary_expression", Binary),
                ("unary_expression", Not),
            ],
            &[],
        ),
    };
    let names: HashMap<&'static str, Role> = list.into_iter().collect();
    let grammar = &crate::lang::Grammar::get(language).ts_language;
    let roles = (0..grammar.node_kind_count())
        .map(|id| {
            let id = u16::try_from(id).ok()?;
            if !grammar.node_kind_is_named(id) {
                return None;
            }
            names.get(grammar.node_kind_for_id(id)?).copied()
        })
        .collect();
    let fields = (1..=grammar.field_count())
        .filter_map(|id| {
            let id = u16::try_from(id).ok()?;
            Some((
                grammar.field_name_for_id(id)?,
                std::num::NonZeroU16::new(id)?,
            ))
        })
        .collect();
    Syntax {
        roles,
        fields,
        self_names,
    }
}

/// Node kinds of string interpolations (their values make a string "built").
pub(super) const INTERPOLATIONS: &[&str] = &[
    "interpolation",
    "template_substitution",
    "string_interpolation",
];

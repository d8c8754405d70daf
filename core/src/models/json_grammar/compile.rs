//! Compiling a JSON Schema into the node arena.

use super::keywords::{count_range, literal_node, literals, number_node, only_with, types};
use super::*;

/// Builds the node arena; `$ref` targets are memoised by pointer so recursion terminates.
#[derive(Debug)]
pub(super) struct Compiler<'a> {
    pub(super) root: &'a Value,
    pub(super) nodes: Vec<Node>,
    pub(super) refs: HashMap<&'a str, NodeId>,
    pub(super) any: Option<NodeId>,
}

impl<'a> Compiler<'a> {
    pub(super) fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeId
    }

    pub(super) fn placeholder() -> Node {
        Node::Union {
            alternatives: Vec::new(),
            keyword: "$ref",
            pointer: String::new(),
        }
    }

    pub(super) fn compile(
        &mut self,
        schema: &'a Value,
        pointer: &str,
    ) -> Result<NodeId, SchemaError> {
        match schema {
            Value::Bool(true) => Ok(self.any()),
            Value::Object(map) => match map.get("$ref") {
                Some(reference) => {
                    only_with(map, &["$ref"], "$ref", pointer)?;
                    self.compile_ref(reference, pointer)
                }
                None => {
                    let node = self.build(map, pointer)?;
                    Ok(self.push(node))
                }
            },
            Value::Bool(false) => Err(invalid(pointer, "the `false` schema matches nothing")),
            _ => Err(invalid(pointer, "a schema must be an object or a boolean")),
        }
    }

    /// Resolves a local `$ref` (following chains of references) to a node, building it once.
    pub(super) fn compile_ref(
        &mut self,
        reference: &'a Value,
        pointer: &str,
    ) -> Result<NodeId, SchemaError> {
        let as_ref = |v: &'a Value| {
            v.as_str()
                .ok_or_else(|| invalid(pointer, "`$ref` must be a string"))
        };
        let mut current = as_ref(reference)?;
        let mut chain = Vec::new();
        let id = loop {
            if let Some(&id) = self.refs.get(current) {
                break id;
            }
            let Some(fragment) = current.strip_prefix('#') else {
                return Err(unsupported(
                    "$ref",
                    pointer,
                    format!("`{current}` is not a local reference (`#/...`)"),
                ));
            };
            let target = self
                .root
                .pointer(fragment)
                .ok_or_else(|| invalid(pointer, format!("`$ref` `{current}` does not resolve")))?;
            if let Some((map, next)) = target.as_object().and_then(|m| Some((m, m.get("$ref")?))) {
                only_with(map, &["$ref"], "$ref", current)?;
                chain.push(current);
                current = as_ref(next)?;
                if chain.contains(&current) {
                    return Err(invalid(
                        pointer,
                        format!("circular `$ref` through `{current}`"),
                    ));
                }
                continue;
            }
            let id = self.push(Self::placeholder());
            self.refs.insert(current, id);
            let node = match target {
                Value::Object(map) => self.build(map, current)?,
                Value::Bool(true) => self.any_node(),
                _ => {
                    return Err(invalid(
                        current,
                        "the referenced schema matches nothing or is not a schema",
                    ));
                }
            };
            self.nodes[id as usize] = node;
            break id;
        };
        for link in chain {
            self.refs.insert(link, id);
        }
        Ok(id)
    }

    /// The shared node for any value.
    pub(super) fn any(&mut self) -> NodeId {
        if let Some(id) = self.any {
            return id;
        }
        let id = self.push(Self::placeholder());
        self.any = Some(id);
        let alternatives = vec![
            self.push(literal_node(vec![
                b"null".as_slice().into(),
                b"false".as_slice().into(),
                b"true".as_slice().into(),
            ])),
            self.push(Node::Number {
                integer: false,
                bounds: None,
            }),
            self.push(Node::String {
                min_len: 0,
                max_len: UNBOUNDED,
            }),
            self.push(Node::Array {
                items: id,
                min_items: 0,
                max_items: UNBOUNDED,
            }),
            self.push(Node::Map { values: id }),
        ];
        self.nodes[id as usize] = Node::Union {
            alternatives,
            keyword: "type",
            pointer: "#".to_owned(),
        };
        id
    }

    pub(super) fn any_node(&mut self) -> Node {
        let id = self.any();
        self.nodes[id as usize].clone()
    }

    pub(super) fn build(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Result<Node, SchemaError> {
        for (keyword, value) in map {
            let known = listed(ANNOTATIONS, keyword).is_some()
                || listed(KEYWORDS, keyword).is_some()
                || (keyword == "uniqueItems" && *value == Value::Bool(false));
            if !known {
                return Err(unsupported(
                    keyword,
                    pointer,
                    "the decoder cannot enforce this keyword",
                ));
            }
        }
        if let Some(keyword) = ["anyOf", "oneOf"]
            .into_iter()
            .find(|k| map.contains_key(*k))
        {
            only_with(map, &[keyword], keyword, pointer)?;
            let list = map[keyword].as_array().filter(|l| !l.is_empty());
            let list = list.ok_or_else(|| {
                invalid(pointer, format!("`{keyword}` must be a non-empty array"))
            })?;
            let alternatives = list
                .iter()
                .enumerate()
                .map(|(i, s)| self.compile(s, &format!("{pointer}/{keyword}/{i}")))
                .collect::<Result<_, _>>()?;
            return Ok(Node::Union {
                alternatives,
                keyword,
                pointer: pointer.to_owned(),
            });
        }
        let types = types(map, pointer)?;
        if map.contains_key("enum") || map.contains_key("const") {
            only_with(map, &["enum", "const", "type"], "enum", pointer)?;
            return literals(map, &types, pointer);
        }
        let mut nodes = Vec::new();
        for ty in &types {
            nodes.push(self.typed(map, ty, pointer)?);
        }
        match nodes.len() {
            0 => Ok(self.any_node()),
            1 => Ok(nodes.remove(0)),
            _ => {
                let alternatives = nodes.into_iter().map(|n| self.push(n)).collect();
                Ok(Node::Union {
                    alternatives,
                    keyword: "type",
                    pointer: pointer.to_owned(),
                })
            }
        }
    }

    pub(super) fn typed(
        &mut self,
        map: &'a Map<String, Value>,
        ty: &str,
        pointer: &str,
    ) -> Result<Node, SchemaError> {
        Ok(match ty {
            "null" => literal_node(vec![b"null".as_slice().into()]),
            "boolean" => literal_node(vec![b"false".as_slice().into(), b"true".as_slice().into()]),
            "string" => {
                let (min_len, max_len) = count_range(map, "minLength", "maxLength", pointer)?;
                Node::String { min_len, max_len }
            }
            "integer" | "number" => number_node(map, ty == "integer", pointer)?,
            "array" => {
                let (min_items, max_items) = count_range(map, "minItems", "maxItems", pointer)?;
                let items = match map.get("items") {
                    Some(Value::Array(_)) => {
                        return Err(unsupported(
                            "items",
                            pointer,
                            "the tuple form is not supported",
                        ));
                    }
                    Some(schema) => self.compile(schema, &format!("{pointer}/items"))?,
                    None => self.any(),
                };
                Node::Array {
                    items,
                    min_items,
                    max_items,
                }
            }
            _ => self.object(map, pointer)?,
        })
    }

    pub(super) fn object(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Result<Node, SchemaError> {
        let required: Vec<&str> = match map.get("required") {
            None => Vec::new(),
            Some(Value::Array(names)) => names
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| invalid(pointer, "`required` must list strings"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(invalid(pointer, "`required` must be an array")),
        };
        let Some(declared) = map.get("properties") else {
            if !required.is_empty() {
                return Err(unsupported(
                    "required",
                    pointer,
                    "required keys need `properties` declaring them",
                ));
            }
            return Ok(match map.get("additionalProperties") {
                None | Some(Value::Bool(true)) => Node::Map { values: self.any() },
                Some(Value::Bool(false)) => Node::Object {
                    properties: Vec::new(),
                    next_required: vec![0],
                },
                Some(schema) => Node::Map {
                    values: self.compile(schema, &format!("{pointer}/additionalProperties"))?,
                },
            });
        };
        let declared = declared
            .as_object()
            .ok_or_else(|| invalid(pointer, "`properties` must be an object"))?;
        if let Some(missing) = required.iter().find(|r| !declared.contains_key(**r)) {
            return Err(invalid(
                pointer,
                format!("required property `{missing}` is not declared in `properties`"),
            ));
        }
        let mut properties = Vec::new();
        for (name, schema) in declared {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let value = self.compile(schema, &format!("{pointer}/properties/{escaped}"))?;
            let key = serde_json::to_vec(name).map_err(|e| invalid(pointer, e.to_string()))?;
            properties.push(Property {
                key: key.into(),
                value,
                required: required.contains(&name.as_str()),
            });
        }
        let mut next_required = vec![properties.len() as u32; properties.len() + 1];
        for i in (0..properties.len()).rev() {
            next_required[i] = if properties[i].required {
                i as u32
            } else {
                next_required[i + 1]
            };
        }
        Ok(Node::Object {
            properties,
            next_required,
        })
    }

    /// Analyses the arena: nesting depths, first bytes, union ambiguity.
    pub(super) fn finish(self, root: NodeId) -> Result<JsonGrammar, SchemaError> {
        let nodes = self.nodes;
        let mut min_depth = vec![UNSATISFIABLE; nodes.len()];
        let mut first = vec![ByteSet::default(); nodes.len()];
        // Both are monotone fixpoints over the (possibly recursive) arena.
        let mut changed = true;
        while changed {
            changed = false;
            for (i, node) in nodes.iter().enumerate() {
                let depth_of = |id: &NodeId| min_depth[*id as usize];
                let (depth, bytes) = match node {
                    Node::String { .. } => (0, ByteSet::default().with(b"\"")),
                    Node::Number { .. } => (0, ByteSet::default().with(b"-0123456789")),
                    Node::Literals { members, .. } => (
                        0,
                        members
                            .iter()
                            .fold(ByteSet::default(), |s, m| s.with(&m[..1])),
                    ),
                    Node::Array {
                        items, min_items, ..
                    } => {
                        let inner = if *min_items == 0 { 0 } else { depth_of(items) };
                        (inner.saturating_add(1), ByteSet::default().with(b"["))
                    }
                    Node::Object { properties, .. } => {
                        let inner = properties
                            .iter()
                            .filter(|p| p.required)
                            .map(|p| depth_of(&p.value))
                            .max();
                        (
                            inner.unwrap_or(0).saturating_add(1),
                            ByteSet::default().with(b"{"),
                        )
                    }
                    Node::Map { .. } => (1, ByteSet::default().with(b"{")),
                    Node::Union { alternatives, .. } => (
                        alternatives
                            .iter()
                            .map(depth_of)
                            .min()
                            .unwrap_or(UNSATISFIABLE),
                        alternatives
                            .iter()
                            .fold(ByteSet::default(), |s, a| s.union(first[*a as usize])),
                    ),
                };
                if depth < min_depth[i] || bytes != first[i] {
                    (min_depth[i], first[i], changed) = (depth.min(min_depth[i]), bytes, true);
                }
            }
        }
        for node in &nodes {
            if let Node::Union {
                alternatives,
                keyword,
                pointer,
            } = node
            {
                let mut seen = ByteSet::default();
                for alt in alternatives {
                    let bytes = first[*alt as usize];
                    if seen.intersects(bytes) {
                        let reason = "alternatives must start with different bytes (string, number, boolean, null, object, array, or distinct literals)";
                        return Err(unsupported(keyword, pointer, reason));
                    }
                    seen = seen.union(bytes);
                }
            }
        }
        if min_depth[root as usize] > MAX_DEPTH {
            return Err(invalid(
                "#",
                format!("no document nested at most {MAX_DEPTH} deep satisfies the schema"),
            ));
        }
        Ok(JsonGrammar {
            nodes,
            min_depth,
            first,
            root,
        })
    }
}

impl ByteSet {
    pub(super) fn with(mut self, bytes: &[u8]) -> Self {
        bytes.iter().for_each(|&b| self.insert(b));
        self
    }
}

//! Compiling a JSON Schema into the node arena.

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

/// Refuses keywords other than annotations and `allowed` next to `context`.
pub(super) fn only_with(
    map: &Map<String, Value>,
    allowed: &[&str],
    context: &str,
    pointer: &str,
) -> Result<(), SchemaError> {
    match map
        .keys()
        .find(|k| listed(ANNOTATIONS, k).is_none() && !allowed.contains(&k.as_str()))
    {
        Some(other) => Err(unsupported(
            other,
            pointer,
            format!("cannot be combined with `{context}`"),
        )),
        None => Ok(()),
    }
}

/// Declared types (`integer` folded into `number` when both appear), or types inferred from the
/// keywords present; empty means any value.
pub(super) fn types(
    map: &Map<String, Value>,
    pointer: &str,
) -> Result<Vec<&'static str>, SchemaError> {
    let name = |v: &Value| {
        let found = v.as_str().and_then(|s| listed(TYPES, s));
        found.ok_or_else(|| invalid(pointer, format!("unknown type {v}")))
    };
    let types = match map.get("type") {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().map(name).collect::<Result<Vec<_>, _>>()?
        }
        Some(Value::Array(_)) => return Err(invalid(pointer, "`type` must not be empty")),
        Some(single) => vec![name(single)?],
        None => {
            let inferred = [
                ("object", "properties required additionalProperties"),
                ("array", "items minItems maxItems"),
                ("string", "minLength maxLength"),
                (
                    "number",
                    "minimum maximum exclusiveMinimum exclusiveMaximum",
                ),
            ];
            let present = |keys: &str| keys.split(' ').any(|k| map.contains_key(k));
            inferred
                .iter()
                .filter(|(_, keys)| present(keys))
                .map(|(t, _)| *t)
                .collect()
        }
    };
    // Keep the first of repeated names: the order picks the completion's alternative.
    let mut unique = Vec::new();
    for ty in types {
        if !unique.contains(&ty) {
            unique.push(ty);
        }
    }
    let mut types = unique;
    if types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    Ok(types)
}

pub(super) fn literal_node(mut members: Vec<Box<[u8]>>) -> Node {
    let declared_first = members[0].clone();
    members.sort();
    members.dedup();
    let preferred = members.binary_search(&declared_first).unwrap_or(0);
    Node::Literals { members, preferred }
}

/// `enum` and/or `const`, keeping the members that match the declared types.
pub(super) fn literals(
    map: &Map<String, Value>,
    types: &[&str],
    pointer: &str,
) -> Result<Node, SchemaError> {
    let mut values: Vec<&Value> = match map.get("enum") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(_) => return Err(invalid(pointer, "`enum` must be an array")),
        None => map.get("const").into_iter().collect(),
    };
    if let Some(constant) = map.get("const") {
        values.retain(|v| *v == constant);
    }
    let has_type = |v: &Value, t: &str| match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        _ => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
    };
    values.retain(|v| types.is_empty() || types.iter().any(|t| has_type(v, t)));
    if values.is_empty() {
        return Err(invalid(
            pointer,
            "no `enum`/`const` member matches the schema",
        ));
    }
    let members = values
        .iter()
        .map(|v| {
            serde_json::to_vec(v)
                .map(Vec::into_boxed_slice)
                .map_err(|e| invalid(pointer, e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    Ok(literal_node(members))
}

/// `(minimum, maximum)` counts such as `minLength`/`maxLength`.
pub(super) fn count_range(
    map: &Map<String, Value>,
    min_key: &str,
    max_key: &str,
    pointer: &str,
) -> Result<(u32, u32), SchemaError> {
    let read = |key: &str, default: u32| match map.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .map(|n| u32::try_from(n).unwrap_or(UNBOUNDED - 1).min(UNBOUNDED - 1))
            .ok_or_else(|| invalid(pointer, format!("`{key}` must be a non-negative integer"))),
    };
    let (min, max) = (read(min_key, 0)?, read(max_key, UNBOUNDED)?);
    if min > max {
        return Err(invalid(pointer, format!("`{min_key}` exceeds `{max_key}`")));
    }
    Ok((min, max))
}

pub(super) fn number_node(
    map: &Map<String, Value>,
    integer: bool,
    pointer: &str,
) -> Result<Node, SchemaError> {
    let (mut lo, mut hi) = (-max_magnitude(integer), max_magnitude(integer));
    let mut bounded = false;
    for (key, lower, exclusive) in [
        ("minimum", true, false),
        ("exclusiveMinimum", true, true),
        ("maximum", false, false),
        ("exclusiveMaximum", false, true),
    ] {
        let Some(value) = map.get(key) else { continue };
        let Value::Number(number) = value else {
            return Err(match value {
                Value::Bool(_) => {
                    unsupported(key, pointer, "the draft-4 boolean form is not supported")
                }
                _ => invalid(pointer, format!("`{key}` must be a number")),
            });
        };
        // Documents are usually parsed into `f64`, where a value just past an exclusive bound
        // can round onto it: such `number` bounds become the next `f64` inward, inclusive.
        let tightened = match (integer, exclusive) {
            (false, true) => number
                .as_f64()
                .map(|x| if lower { x.next_up() } else { x.next_down() }),
            _ => None,
        };
        let exclusive = exclusive && tightened.is_none();
        let number = tightened
            .and_then(serde_json::Number::from_f64)
            .unwrap_or_else(|| number.clone());
        let (floor, ceil) = scaled_floor_ceil(&number);
        let scaled = match (lower, exclusive) {
            (true, false) => ceil,
            (true, true) => floor + 1,
            (false, false) => floor,
            (false, true) => ceil - 1,
        };
        let bound = match (integer, lower) {
            (false, _) => scaled,
            (true, true) => -(-scaled).div_euclid(SCALE),
            (true, false) => scaled.div_euclid(SCALE),
        };
        if lower {
            lo = lo.max(bound)
        } else {
            hi = hi.min(bound)
        }
        bounded = true;
    }
    if lo > hi {
        return Err(invalid(
            pointer,
            "no number with at most 15 integer and 15 fraction digits lies within the bounds",
        ));
    }
    Ok(Node::Number {
        integer,
        bounds: bounded.then_some(Bounds { lo, hi }),
    })
}

/// `number × 10^15`, rounded down and up, saturating at ±10^31 (beyond any accepted number).
pub(super) fn scaled_floor_ceil(number: &serde_json::Number) -> (i128, i128) {
    const LIMIT: i128 = 10_i128.pow(31);
    let text = number.to_string();
    let (negative, text) = text
        .strip_prefix('-')
        .map_or((false, text.as_str()), |rest| (true, rest));
    let (mantissa_text, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let mantissa = int_part
        .bytes()
        .chain(frac_part.bytes())
        .fold(0_i128, |m, d| {
            m.saturating_mul(10).saturating_add(i128::from(d - b'0'))
        });
    let shift = exponent
        .saturating_add(15)
        .saturating_sub(i32::try_from(frac_part.len()).unwrap_or(i32::MAX));
    let (floor, ceil) = if mantissa == 0 {
        (0, 0)
    } else if shift >= 0 {
        let scaled = if shift > 31 {
            LIMIT
        } else {
            mantissa
                .saturating_mul(10_i128.pow(shift.unsigned_abs()))
                .min(LIMIT)
        };
        (scaled, scaled)
    } else if shift < -38 {
        (0, 1)
    } else {
        let divisor = 10_i128.pow(shift.unsigned_abs());
        let quotient = mantissa / divisor;
        (
            quotient,
            if mantissa % divisor == 0 {
                quotient
            } else {
                quotient + 1
            },
        )
    };
    if negative {
        (-ceil, -floor)
    } else {
        (floor, ceil)
    }
}

//! Reading individual schema keywords: types, literals, counts and numeric bounds.

use super::*;

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

//! Server-sent events, as both providers stream them.

use std::io::BufRead;

/// One event: its `event:` name (empty when absent) and its `data:` lines joined by newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub name: String,
    pub data: String,
}

/// Reads events from `reader` until it ends; `on_event` returns false to stop early.
pub(crate) fn read_events(
    reader: impl BufRead,
    mut on_event: impl FnMut(Event) -> Result<bool, super::BackendError>,
) -> Result<(), super::BackendError> {
    let mut name = String::new();
    let mut data: Option<String> = None;
    for line in reader.lines() {
        let line = line.map_err(|e| super::io_error(&e))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if line.is_empty() {
            if let Some(d) = data.take()
                && !on_event(Event {
                    name: std::mem::take(&mut name),
                    data: d,
                })?
            {
                return Ok(());
            }
            name.clear();
            continue;
        }
        if line.starts_with(':') {
            continue; // comment / keep-alive
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => value.clone_into(&mut name),
            "data" => match &mut data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => data = Some(value.to_owned()),
            },
            _ => {}
        }
    }
    if let Some(d) = data {
        on_event(Event { name, data: d })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_named_and_multi_line_events_and_comments() {
        let text = ": keep-alive\nevent: a\ndata: 1\ndata: 2\n\ndata: {\"x\":1}\r\n\r\ndata: tail";
        let mut seen = Vec::new();
        read_events(text.as_bytes(), |e| {
            seen.push((e.name, e.data));
            Ok(true)
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                ("a".into(), "1\n2".into()),
                (String::new(), "{\"x\":1}".into()),
                (String::new(), "tail".into())
            ]
        );
    }
}

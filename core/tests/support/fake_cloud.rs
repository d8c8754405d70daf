//! A real HTTP server on loopback that speaks the OpenAI and Anthropic wire formats, with
//! scripted faults. Each accepted request takes the next scripted reply (the last one repeats).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server answers one request.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)]
pub enum Reply {
    /// 200 with the provider's plain JSON carrying `text` and usage (input, output).
    Text(&'static str, u64, u64),
    /// 200 with server-sent events streaming `text` in pieces, then usage.
    Stream(&'static str, u64, u64),
    /// This status with a small JSON error body (and `Retry-After` seconds when given).
    Status(u16, Option<u64>),
    /// Waits this long, then answers like `Text`.
    Slow(Duration, &'static str),
    /// 200 with a body that is not JSON.
    Malformed,
    /// Starts a stream, sends one piece, then closes the connection.
    DropMidStream,
    /// Closes the connection without answering.
    Hangup,
}

/// Wire format the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Flavour {
    OpenAi,
    Anthropic,
}

/// A request as received.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

/// A running fake provider.
#[derive(Debug, Clone)]
pub struct FakeCloud {
    pub base_url: String,
    script: Arc<Mutex<Vec<Reply>>>,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl FakeCloud {
    /// Starts serving on an ephemeral loopback port.
    pub fn start(flavour: Flavour, script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let base_url = match flavour {
            Flavour::OpenAi => format!("http://127.0.0.1:{port}/v1"),
            Flavour::Anthropic => format!("http://127.0.0.1:{port}"),
        };
        let server = Self {
            base_url,
            script: Arc::new(Mutex::new(script)),
            received: Arc::default(),
        };
        let s = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || s.serve(stream, flavour));
            }
        });
        server
    }

    /// Number of requests received so far.
    #[allow(dead_code)]
    pub fn hits(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    fn next_reply(&self) -> Reply {
        let mut script = self.script.lock().unwrap();
        if script.len() > 1 {
            script.remove(0)
        } else {
            script[0]
        }
    }

    fn serve(&self, stream: TcpStream, flavour: Flavour) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_owned();
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_owned());
                if k == "content-length" {
                    length = v.parse().unwrap();
                }
                headers.push((k, v));
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        self.received.lock().unwrap().push(Received {
            path,
            headers,
            body,
        });
        let reply = self.next_reply();
        let mut out = stream;
        let _ = respond(&mut out, flavour, reply);
    }
}

fn respond(out: &mut TcpStream, flavour: Flavour, reply: Reply) -> std::io::Result<()> {
    let head = |status: u16, kind: &str, extra: &str| {
        format!("HTTP/1.1 {status} X\r\ncontent-type: {kind}\r\nconnection: close\r\n{extra}\r\n")
    };
    match reply {
        Reply::Text(text, i, o) => send_plain(out, flavour, text, i, o),
        Reply::Slow(delay, text) => {
            std::thread::sleep(delay);
            send_plain(out, flavour, text, 10, 5)
        }
        Reply::Stream(text, i, o) => {
            write!(out, "{}", head(200, "text/event-stream", ""))?;
            for event in stream_events(flavour, text, i, o) {
                out.write_all(event.as_bytes())?;
                out.flush()?;
            }
            Ok(())
        }
        Reply::Status(status, retry_after) => {
            let extra = retry_after
                .map(|s| format!("retry-after: {s}\r\n"))
                .unwrap_or_default();
            let body = r#"{"error":{"message":"scripted failure"}}"#;
            write!(
                out,
                "{}{}",
                head(
                    status,
                    "application/json",
                    &format!("{extra}content-length: {}\r\n", body.len())
                ),
                body
            )
        }
        Reply::Malformed => {
            let body = "this is not json";
            write!(
                out,
                "{}{}",
                head(
                    200,
                    "application/json",
                    &format!("content-length: {}\r\n", body.len())
                ),
                body
            )
        }
        Reply::DropMidStream => {
            write!(out, "{}", head(200, "text/event-stream", ""))?;
            let first = stream_events(flavour, "partial answer", 1, 1)
                .into_iter()
                .take(2)
                .collect::<String>();
            out.write_all(first.as_bytes())?;
            out.flush()?;
            out.shutdown(std::net::Shutdown::Both)
        }
        Reply::Hangup => out.shutdown(std::net::Shutdown::Both),
    }
}

fn send_plain(
    out: &mut TcpStream,
    flavour: Flavour,
    text: &str,
    i: u64,
    o: u64,
) -> std::io::Result<()> {
    let body = plain(flavour, text, i, o).to_string();
    write!(
        out,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn plain(flavour: Flavour, text: &str, i: u64, o: u64) -> serde_json::Value {
    match flavour {
        Flavour::OpenAi => serde_json::json!({
            "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": i, "completion_tokens": o, "total_tokens": i + o}
        }),
        Flavour::Anthropic => serde_json::json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku",
            "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
            "usage": {"input_tokens": i, "output_tokens": o}
        }),
    }
}

fn pieces(text: &str) -> Vec<String> {
    text.split_inclusive(' ').map(str::to_owned).collect()
}

fn stream_events(flavour: Flavour, text: &str, i: u64, o: u64) -> Vec<String> {
    let data = |v: serde_json::Value| format!("data: {v}\n\n");
    match flavour {
        Flavour::OpenAi => {
            let mut events: Vec<String> = pieces(text)
                .into_iter()
                .map(|p| {
                    data(serde_json::json!({"choices": [{"index": 0, "delta": {"content": p}}]}))
                })
                .collect();
            events.push(data(serde_json::json!({"choices": [], "usage": {"prompt_tokens": i, "completion_tokens": o}})));
            events.push("data: [DONE]\n\n".into());
            events
        }
        Flavour::Anthropic => {
            let ev = |name: &str, v: serde_json::Value| format!("event: {name}\ndata: {v}\n\n");
            let mut events = vec![
                ev(
                    "message_start",
                    serde_json::json!({"type": "message_start", "message": {"usage": {"input_tokens": i, "output_tokens": 1}}}),
                ),
                ": ping\n\n".to_owned(),
            ];
            events.extend(pieces(text).into_iter().map(|p| {
                ev("content_block_delta", serde_json::json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}))
            }));
            events.push(ev(
                "message_delta",
                serde_json::json!({"type": "message_delta", "usage": {"output_tokens": o}}),
            ));
            events.push(ev(
                "message_stop",
                serde_json::json!({"type": "message_stop"}),
            ));
            events
        }
    }
}

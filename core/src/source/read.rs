use std::io::Read;
use std::path::Path;

use super::SkipReason;

/// Bytes inspected for a NUL to decide that a file is binary (as git and ripgrep do).
const BINARY_PROBE: usize = 8 * 1024;

/// The text of a file, or why it cannot be analysed.
#[derive(Debug)]
pub enum Loaded {
    Text {
        text: String,
        /// The file was not valid UTF-8 and was decoded with replacement characters.
        lossy: bool,
    },
    Skipped(SkipReason),
}

/// Reads a file with a size limit, refusing binary files and decoding invalid UTF-8 lossily.
pub fn load(path: &Path, max_size: u64) -> Loaded {
    let unreadable = |e: std::io::Error| {
        Loaded::Skipped(SkipReason::Unreadable {
            error: e.to_string(),
        })
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return unreadable(e),
    };
    match file.metadata() {
        Ok(meta) if meta.is_dir() => {
            return Loaded::Skipped(SkipReason::Unreadable {
                error: "is a directory".into(),
            });
        }
        Ok(meta) if meta.len() > max_size => {
            return Loaded::Skipped(SkipReason::TooLarge {
                size: meta.len(),
                limit: max_size,
            });
        }
        Ok(_) => {}
        Err(e) => return unreadable(e),
    }
    // Read one byte past the limit so a file that grew (or a /proc file reporting size 0)
    // is still caught.
    let mut bytes = Vec::new();
    if let Err(e) = file.take(max_size + 1).read_to_end(&mut bytes) {
        return unreadable(e);
    }
    if bytes.len() as u64 > max_size {
        return Loaded::Skipped(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        });
    }
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Loaded::Skipped(SkipReason::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text { text, lossy: false },
        Err(e) => Loaded::Text {
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            lossy: true,
        },
    }
}

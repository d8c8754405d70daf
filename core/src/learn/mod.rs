//! Learning from feedback: per-rule and per-agent reliability; history-based predictions.

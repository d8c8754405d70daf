//! The debug detective: from a failing program's output to the code that failed.
//!
//! [`trace::parse`] reads a stack trace (Python, Node.js, Java, .NET, Go) out of raw output,
//! logs included, into one shape for every runtime; [`locate::locate`] maps its frames onto the
//! files of a source tree, since traces usually come from another machine or checkout;
//! [`suspects::diagnose`] ranks the lines most likely to hold the bug (frames, nearby
//! bug-pattern findings, the exception's bug family) into a hypothesis and, where a finding
//! has one, a fix.

mod flow;
pub mod locate;
pub mod suspects;
pub mod trace;

pub use locate::{Located, Resolution, locate};
pub use suspects::{Diagnosis, DiagnosisFix, Hypothesis, Suspect, diagnose};
pub use trace::{Failure, Frame, Link, Thread, Trace, TraceError, parse};

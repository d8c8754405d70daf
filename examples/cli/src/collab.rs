//! `conclave feedback` (verdicts on findings, learned reliabilities) and `conclave session`
//! (follow or post to a collaboration session).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use conclave::Confidence;
use conclave::learn::{Feedback, FeedbackStore, Recorded, Verdict};
use conclave::session::{EventBody, Hub, Participant, ParticipantKind};

#[derive(Args)]
pub struct FeedbackArgs {
    #[command(subcommand)]
    pub action: FeedbackAction,
    /// The feedback database (SQLite); defaults to the user's data directory.
    #[arg(long, value_name = "FILE", global = true)]
    pub store: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum FeedbackAction {
    /// Record a verdict on a finding (by its fingerprint) or on a fix.
    Record {
        /// The finding's fingerprint (from `review --format json`), or a fix id with --fix.
        subject: String,
        /// accepted, rejected or fixed.
        verdict: Verdict,
        /// The finding's rule id.
        #[arg(long)]
        rule: String,
        /// Who says so.
        #[arg(long, default_value_t = whoami())]
        by: String,
        /// The agent that reported it.
        #[arg(long)]
        agent: Option<String>,
        /// The verdict is on a proposed fix, not on the finding.
        #[arg(long)]
        fix: bool,
    },
    /// Learned reliability per rule: verdicts, declared prior, posterior mean and 5% bound.
    Show {
        #[arg(long)]
        json: bool,
    },
}

fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "someone".into())
}

pub fn store(path: Option<&PathBuf>) -> Result<FeedbackStore> {
    let store = match path {
        Some(p) => FeedbackStore::open(p),
        None => FeedbackStore::open_default(),
    };
    store.context("opening the feedback store")
}

pub fn feedback(args: &FeedbackArgs) -> Result<()> {
    let store = store(args.store.as_ref())?;
    match &args.action {
        FeedbackAction::Record {
            subject,
            verdict,
            rule,
            by,
            agent,
            fix,
        } => {
            let mut feedback =
                Feedback::finding(subject.clone(), rule.clone(), *verdict, by.clone());
            feedback.agent = agent.clone();
            if *fix {
                feedback = feedback.for_fix();
            }
            let outcome = store.record(&feedback).context("recording the verdict")?;
            let said = match outcome {
                Recorded::New => "recorded".to_owned(),
                Recorded::Replaced { previous } => format!("replaced {}", previous.name()),
                Recorded::Kept { current } => format!("kept the newer {}", current.name()),
            };
            let r = store.reliabilities()?.rule(rule, Confidence::Medium);
            println!(
                "{said}: {subject} {} by {by}; {rule} is now {:.2} reliable ({} verdicts)",
                verdict.name(),
                r.mean(),
                r.observations()
            );
        }
        FeedbackAction::Show { json } => {
            let learned = store.reliabilities()?;
            let mut rows = Vec::new();
            for (rule, counts) in store.all_rules()? {
                let r = learned.rule(&rule, Confidence::Medium);
                rows.push(serde_json::json!({
                    "rule": rule,
                    "accepted": counts.get(Verdict::Accepted),
                    "fixed": counts.get(Verdict::Fixed),
                    "rejected": counts.get(Verdict::Rejected),
                    "reliability": r.mean(),
                    "lower_bound": r.lower_bound(),
                }));
            }
            if *json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!("rule      accepted  fixed  rejected  reliability  (5% bound)");
                for row in rows {
                    println!(
                        "{:<9} {:>8} {:>6} {:>9}  {:>11.2}  ({:.2})",
                        row["rule"].as_str().unwrap_or_default(),
                        row["accepted"].as_u64().unwrap_or_default(),
                        row["fixed"].as_u64().unwrap_or_default(),
                        row["rejected"].as_u64().unwrap_or_default(),
                        row["reliability"].as_f64().unwrap_or_default(),
                        row["lower_bound"].as_f64().unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct SessionArgs {
    #[command(subcommand)]
    pub action: SessionAction,
    /// The session database (SQLite); defaults to the user's data directory.
    #[arg(long, value_name = "FILE", global = true)]
    pub sessions: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum SessionAction {
    /// Print a session's events as JSON lines, from after sequence number AFTER (0: all);
    /// with --follow, keep printing new ones.
    Watch {
        session: String,
        #[arg(long, default_value_t = 0)]
        after: u64,
        #[arg(long)]
        follow: bool,
    },
    /// Post a message to a session.
    Say {
        session: String,
        text: String,
        #[arg(long = "as", default_value_t = whoami())]
        who: String,
    },
}

pub fn hub(path: Option<&PathBuf>) -> Result<Hub> {
    let path = path
        .cloned()
        .unwrap_or_else(|| conclave::store::default_path("sessions.sqlite"));
    Hub::open(path).context("opening the session log")
}

pub fn session(args: &SessionArgs) -> Result<()> {
    let hub = hub(args.sessions.as_ref())?;
    match &args.action {
        SessionAction::Watch {
            session,
            after,
            follow,
        } => {
            let mut events = hub.subscribe(session, Some(*after))?;
            let wait = if *follow {
                Duration::from_secs(3600)
            } else {
                Duration::from_millis(200)
            };
            let mut out = std::io::stdout().lock();
            while let Some(event) = events.recv_timeout(wait)? {
                // A closed pipe (`| head`) ends the watch quietly.
                if writeln!(out, "{}", serde_json::to_string(&event)?).is_err() {
                    break;
                }
            }
        }
        SessionAction::Say { session, text, who } => {
            let from = Participant {
                id: who.clone(),
                kind: ParticipantKind::Person,
            };
            let event = hub.publish(session, &from, EventBody::Message { text: text.clone() })?;
            println!("{}", event.seq);
        }
    }
    Ok(())
}

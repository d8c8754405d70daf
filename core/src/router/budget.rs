//! Budgets per scope and period. Before a call, its worst-case cost is reserved in the same
//! SQLite transaction that checks the limit, so concurrent calls (threads or processes) can never
//! overrun it together; after the call the reservation is replaced by the real cost.

use rusqlite::params;
use serde::Serialize;

use super::ledger::{
    self, CallRecord, Ledger, LedgerError, add_spent, committed, insert, now_ms, spent,
};

/// How long a reservation may stay open before it is considered abandoned (a killed process).
const STALE_RESERVATION_MS: i64 = 3_600_000;
/// Thresholds, in percent of the limit, at which events are emitted once per period.
pub const THRESHOLDS: [i64; 3] = [50, 80, 100];

/// The window a budget counts over (UTC calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Since midnight UTC.
    Day,
    /// Since Monday midnight UTC.
    Week,
    /// Since the first of the month.
    Month,
    /// Ever.
    Total,
}

impl Period {
    /// Parses `day`, `week`, `month`, `total`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" | "daily" => Some(Self::Day),
            "week" | "weekly" => Some(Self::Week),
            "month" | "monthly" => Some(Self::Month),
            "total" | "ever" => Some(Self::Total),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Total => "total",
        }
    }

    /// Start of the period containing `ts_ms`, in ms since the epoch.
    pub fn start(self, ts_ms: i64) -> i64 {
        const DAY: i64 = 86_400_000;
        let days = ts_ms.div_euclid(DAY);
        match self {
            Self::Day => days * DAY,
            // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
            Self::Week => ((days + 3).div_euclid(7) * 7 - 3) * DAY,
            Self::Month => {
                let (y, m, _) = civil_from_days(days);
                days_from_civil(y, m, 1) * DAY
            }
            Self::Total => i64::MIN / 2,
        }
    }
}

/// What happens when a call would exceed a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnLimit {
    /// Only local backends are used until the period ends.
    Downgrade,
    /// The call is refused with [`super::RouterError::BudgetExceeded`].
    Refuse,
}

impl OnLimit {
    /// Parses `downgrade` or `refuse`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "downgrade" | "local-only" | "local_only" => Some(Self::Downgrade),
            "refuse" | "deny" => Some(Self::Refuse),
            _ => None,
        }
    }

    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Downgrade => "downgrade",
            Self::Refuse => "refuse",
        }
    }
}

/// A spending limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Budget {
    /// `global`, `user:NAME` or `workflow:NAME`.
    pub scope: String,
    /// Window.
    pub period: Period,
    /// Limit in nano-dollars.
    pub limit_nanos: i64,
    /// What happens at the limit.
    pub on_limit: OnLimit,
}

/// A threshold crossed for the first time in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetEvent {
    /// The budget's scope.
    pub scope: String,
    /// 50, 80 or 100.
    pub percent: i64,
    /// Spent in the period, dollars.
    pub spent_usd: f64,
    /// The limit, dollars.
    pub limit_usd: f64,
}

/// The outcome of trying to reserve a call's worst-case cost.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reservation {
    /// Reserved (row ids to release later).
    Held(Vec<i64>),
    /// A limit would be exceeded.
    Over {
        budget: Budget,
        committed_nanos: i64,
    },
}

/// The scopes a call counts against.
pub(crate) fn scopes(user: Option<&str>, workflow: Option<&str>) -> Vec<String> {
    let mut s = vec!["global".to_owned()];
    s.extend(user.map(|u| format!("user:{u}")));
    s.extend(workflow.map(|w| format!("workflow:{w}")));
    s
}

/// Checks every budget of `scopes` and, if all allow `estimate` more, reserves it.
pub(crate) fn reserve(
    ledger: &Ledger,
    scopes: &[String],
    estimate: i64,
) -> Result<Reservation, LedgerError> {
    let budgets: Vec<Budget> = ledger
        .budgets()?
        .into_iter()
        .filter(|b| scopes.contains(&b.scope))
        .collect();
    if budgets.is_empty() || estimate <= 0 {
        return Ok(Reservation::Held(Vec::new()));
    }
    let now = now_ms();
    ledger.transaction(|tx| {
        tx.prepare_cached("DELETE FROM reservations WHERE ts_ms < ?1")?
            .execute([now - STALE_RESERVATION_MS])?;
        for b in &budgets {
            let used = committed(tx, &b.scope, b.period.start(now))?;
            if used + estimate > b.limit_nanos {
                return Ok(Reservation::Over {
                    budget: b.clone(),
                    committed_nanos: used,
                });
            }
        }
        let mut ids = Vec::with_capacity(budgets.len());
        for b in &budgets {
            tx.prepare_cached(
                "INSERT INTO reservations (scope, nanos, ts_ms) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![b.scope, estimate, now])?;
            ids.push(tx.last_insert_rowid());
        }
        Ok(Reservation::Held(ids))
    })
}

/// Releases `reserved`, records the calls, and returns thresholds newly crossed.
pub(crate) fn settle(
    ledger: &Ledger,
    reserved: &[i64],
    records: &[CallRecord],
    scopes: &[String],
) -> Result<Vec<BudgetEvent>, LedgerError> {
    let now = now_ms();
    ledger.transaction(|tx| {
        // Read in the same transaction that updates the totals, so they agree.
        let budgets: Vec<Budget> =
            ledger::budgets(tx)?.into_iter().filter(|b| scopes.contains(&b.scope)).collect();
        for id in reserved {
            tx.prepare_cached("DELETE FROM reservations WHERE id = ?1")?.execute( [id])?;
        }
        // Totals exist before the new records go in, so they are counted exactly once.
        for b in &budgets {
            spent(tx, &b.scope, b.period.start(now))?;
        }
        for r in records {
            insert(tx, r)?;
        }
        let cost: i64 = records.iter().map(|r| r.cost_nanos).sum();
        let mut events = Vec::new();
        for b in &budgets {
            let start = b.period.start(now);
            add_spent(tx, &b.scope, start, cost)?;
            let used = committed(tx, &b.scope, start)?;
            for percent in THRESHOLDS {
                if used.saturating_mul(100) >= b.limit_nanos.saturating_mul(percent) {
                    let new = tx.prepare_cached("INSERT OR IGNORE INTO budget_events (scope, period_start_ms, percent) VALUES (?1, ?2, ?3)")?.execute(
                        params![b.scope, start, percent],
                    )?;
                    if new == 1 {
                        events.push(BudgetEvent {
                            scope: b.scope.clone(),
                            percent,
                            spent_usd: super::prices::usd(used),
                            limit_usd: super::prices::usd(b.limit_nanos),
                        });
                    }
                }
            }
        }
        Ok(events)
    })
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_calendar_boundaries() {
        // 2026-11-26T15:30:00Z (a Thursday).
        let t = 1_795_707_000_000;
        let day = 86_400_000;
        assert_eq!(Period::Day.start(t), 1_795_651_200_000); // 2026-11-26T00:00Z
        assert_eq!(Period::Week.start(t), 1_795_651_200_000 - 3 * day); // Monday 2026-11-23
        assert_eq!(Period::Month.start(t), 1_795_651_200_000 - 25 * day); // 2026-11-01
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }
}

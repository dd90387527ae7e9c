//! The audit trail's events: what a bank step, a desk action or an import did to a contract, as
//! the bank records it. An event has no field for a password, code, card digit or seed, so none
//! can be recorded; a serial is kept but shown masked.
//!
//! # Usage
//!
//! A server runs a step, then records what [`step_events`] makes of its answer and of the ledger
//! before and after, in the same transaction as the step's own writes:
//!
//! ```
//! use shinkin_otp_domain::audit::{step_events, EventKind, Step, Success};
//! use shinkin_otp_domain::errors::BankError;
//! use shinkin_otp_domain::input::ContractId;
//! use shinkin_otp_domain::ledger::Ledger;
//!
//! let id = ContractId::try_from("10000000001".to_owned()).unwrap();
//! let before = Ledger::default();
//! let mut after = before.clone();
//! after.customer_mut(&id).password_failures = 1;
//! let events = step_events(Step::Login, Err(BankError::BadCredentials), Some(&id), None, &before, &after);
//! assert_eq!(events[0].kind, EventKind::LoginRefused);
//! assert_eq!(events[0].outcome, "invalid_credentials");
//! ```

use super::errors::BankError;
use super::flows::{Change, Procedure};
use super::input::{ContractId, Serial};
use super::ledger::Ledger;
use super::wire::ErrorCode;
use serde::{Deserialize, Serialize};

/// What happened. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// ログイン completed (password, and the code when one is asked).
    LoginSucceeded,
    /// ログイン or 利用者認証 refused: wrong ID or password, or another refusal (the outcome says).
    LoginRefused,
    /// A step refused because a lock stands (the outcome names it).
    LoginLocked,
    /// A wrong code from a token.
    CodeRefused,
    /// A code already used (or refused for drift before) sent again.
    CodeReused,
    /// A code that matched outside the window: the token's clock may be off.
    CodeDrift,
    /// 利用者認証 passed: a procedure began (the outcome names it).
    Authenticated,
    /// A procedure's step refused for another reason (the outcome says).
    ProcedureRefused,
    /// A wrong card answer at 確認用パスワード入力.
    CardRefused,
    /// A lock was set by this step (the outcome names it: password, card, new_token or token).
    LockSet,
    /// 利用開始 completed.
    Started,
    /// 交換 completed (the serial is the new token's).
    Exchanged,
    /// 利用中止 completed.
    Stopped,
    /// 紛失・故障のお届け completed: the token is suspended.
    LossReported,
    /// 時刻補正 completed: the token's clock offset was set (its value is in the token's counters).
    Resynced,
    /// The desk lifted a lock (the outcome names it).
    DeskUnlock,
    /// The desk stopped a suspended or locked token (the bank's own step).
    DeskStop,
    /// The desk read a customer's state or history.
    DeskViewed,
    /// A customer was onboarded.
    CustomerImported,
    /// An existing customer's data was replaced (`--update`).
    CustomerUpdated,
    /// A vendor's token was loaded into the registry.
    TokenImported,
}

impl EventKind {
    /// Every kind, for tests and for parsing stored rows.
    pub const ALL: [EventKind; 21] = [
        EventKind::LoginSucceeded,
        EventKind::LoginRefused,
        EventKind::LoginLocked,
        EventKind::CodeRefused,
        EventKind::CodeReused,
        EventKind::CodeDrift,
        EventKind::Authenticated,
        EventKind::ProcedureRefused,
        EventKind::CardRefused,
        EventKind::LockSet,
        EventKind::Started,
        EventKind::Exchanged,
        EventKind::Stopped,
        EventKind::LossReported,
        EventKind::Resynced,
        EventKind::DeskUnlock,
        EventKind::DeskStop,
        EventKind::DeskViewed,
        EventKind::CustomerImported,
        EventKind::CustomerUpdated,
        EventKind::TokenImported,
    ];

    /// The stored name (`login_refused`).
    pub fn name(self) -> &'static str {
        match self {
            EventKind::LoginSucceeded => "login_succeeded",
            EventKind::LoginRefused => "login_refused",
            EventKind::LoginLocked => "login_locked",
            EventKind::CodeRefused => "code_refused",
            EventKind::CodeReused => "code_reused",
            EventKind::CodeDrift => "code_drift",
            EventKind::Authenticated => "authenticated",
            EventKind::ProcedureRefused => "procedure_refused",
            EventKind::CardRefused => "card_refused",
            EventKind::LockSet => "lock_set",
            EventKind::Started => "started",
            EventKind::Exchanged => "exchanged",
            EventKind::Stopped => "stopped",
            EventKind::LossReported => "loss_reported",
            EventKind::Resynced => "resynced",
            EventKind::DeskUnlock => "desk_unlock",
            EventKind::DeskStop => "desk_stop",
            EventKind::DeskViewed => "desk_viewed",
            EventKind::CustomerImported => "customer_imported",
            EventKind::CustomerUpdated => "customer_updated",
            EventKind::TokenImported => "token_imported",
        }
    }

    /// The kind stored as `name`.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One thing that happened to one contract (or, for an import of a token no one holds yet, to one
/// token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The contract ID it concerns (as typed, for a refused login: known or not).
    pub contract_id: Option<ContractId>,
    /// The token it concerns; stored and shown masked.
    pub serial: Option<Serial>,
    /// `ok`, an error code (`bad_credentials`), a lock or a procedure name.
    pub outcome: &'static str,
}

impl Event {
    /// An event about `contract_id`.
    pub fn new(kind: EventKind, contract_id: Option<&ContractId>, outcome: &'static str) -> Event {
        Event {
            kind,
            contract_id: contract_id.cloned(),
            serial: None,
            outcome,
        }
    }

    /// The same event about `serial` too.
    pub fn with_serial(mut self, serial: Option<&Serial>) -> Event {
        self.serial = serial.cloned();
        self
    }
}

/// The customer-facing bank step an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// ログイン's password step.
    Login,
    /// ログイン's code step.
    LoginCode,
    /// 利用者認証 for a procedure.
    Authenticate(Procedure),
    /// A procedure's token step (登録, 交換, 利用中止 with a code, the loss report, 時刻補正).
    Token,
    /// 確認用パスワード入力.
    Card,
    /// 延長する: a flow's idle time counted afresh.
    Extend,
    /// The bank's own step, from the demo kit's desk.
    BankStop,
}

/// What a step's successful answer means for the trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success<'a> {
    /// The customer is logged in.
    LoggedIn,
    /// A flow moved on (a code is asked next, or the card): nothing to record yet.
    Pending,
    /// 利用者認証 passed.
    Authenticated,
    /// The card confirmed a change, now made.
    Changed(&'a Change),
    /// The bank stopped this token (or none).
    BankStopped(Option<&'a Serial>),
    /// 時刻補正 set this token's clock offset.
    Resynced(&'a Serial),
}

/// The name of a procedure in an `authenticated` event's outcome.
pub fn procedure_name(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::Start => "start",
        Procedure::Exchange => "exchange",
        Procedure::Stop => "stop",
        Procedure::Resync => "resync",
    }
}

/// The events of one step: its answer (`result`) about `contract_id` and `serial` (the token the
/// step named, if any), plus a [`EventKind::LockSet`] for every lock the step set, read from the
/// ledger `before` and `after` it.
pub fn step_events(
    step: Step,
    result: Result<Success<'_>, BankError>,
    contract_id: Option<&ContractId>,
    serial: Option<&Serial>,
    before: &Ledger,
    after: &Ledger,
) -> Vec<Event> {
    let current = contract_id
        .and_then(|id| before.enrolment(id))
        .map(|e| &e.serial);
    let mut events = Vec::new();
    match result {
        Ok(Success::Pending) => {}
        Ok(Success::LoggedIn) => events
            .push(Event::new(EventKind::LoginSucceeded, contract_id, "ok").with_serial(current)),
        Ok(Success::Authenticated) => {
            let outcome = match step {
                Step::Authenticate(p) => procedure_name(p),
                _ => "ok",
            };
            events.push(Event::new(EventKind::Authenticated, contract_id, outcome))
        }
        Ok(Success::Changed(change)) => {
            let (kind, serial) = match change {
                Change::Started { serial, .. } => (EventKind::Started, serial),
                Change::Exchanged { new, .. } => (EventKind::Exchanged, new),
                Change::Stopped { serial } => (EventKind::Stopped, serial),
                Change::Suspended { serial } => (EventKind::LossReported, serial),
            };
            events.push(Event::new(kind, contract_id, "ok").with_serial(Some(serial)))
        }
        Ok(Success::BankStopped(stopped)) => {
            events.push(Event::new(EventKind::DeskStop, contract_id, "ok").with_serial(stopped))
        }
        Ok(Success::Resynced(serial)) => events
            .push(Event::new(EventKind::Resynced, contract_id, "ok").with_serial(Some(serial))),
        Err(error) => {
            // A new token's refusal is about the token the request named; any other, about the
            // token in use (if any).
            let token = match error {
                BankError::NewTokenRefused
                | BankError::NewTokenCodeUsed
                | BankError::NewTokenClockDrift => serial,
                _ => current.or(serial),
            };
            events.push(refusal(step, error, contract_id, token))
        }
    }
    events.extend(locks_set(contract_id, before, after));
    events
}

/// The event of a refused step.
fn refusal(
    step: Step,
    error: BankError,
    contract_id: Option<&ContractId>,
    serial: Option<&Serial>,
) -> Event {
    use BankError as B;
    let kind = match error {
        B::WrongCode | B::NewTokenRefused | B::ResyncNotFound | B::ResyncAmbiguous => {
            EventKind::CodeRefused
        }
        B::CodeUsed | B::NewTokenCodeUsed => EventKind::CodeReused,
        B::ClockDrift | B::NewTokenClockDrift => EventKind::CodeDrift,
        B::LoginLocked | B::TokenLocked | B::TokenSuspended | B::CardLocked | B::NewTokenLocked => {
            EventKind::LoginLocked
        }
        B::WrongCard => EventKind::CardRefused,
        _ => match step {
            Step::Login | Step::LoginCode | Step::Authenticate(_) => EventKind::LoginRefused,
            Step::Token | Step::Card | Step::Extend | Step::BankStop => EventKind::ProcedureRefused,
        },
    };
    let names_token = !matches!(kind, EventKind::LoginRefused | EventKind::CardRefused);
    Event::new(kind, contract_id, ErrorCode::Bank(error).name())
        .with_serial(serial.filter(|_| names_token))
}

/// A [`EventKind::LockSet`] for each lock that holds `after` but not `before`: the customer's
/// password, card and new-token locks, and the lock of any token.
fn locks_set(contract_id: Option<&ContractId>, before: &Ledger, after: &Ledger) -> Vec<Event> {
    let mut events = Vec::new();
    for c in &after.customers {
        let old = before.customer(&c.contract_id);
        let set = |now: bool, then: Option<bool>| now && !then.unwrap_or(false);
        for (now, then, lock) in [
            (c.login_locked(), old.map(|o| o.login_locked()), "password"),
            (c.card_locked(), old.map(|o| o.card_locked()), "card"),
            (
                c.new_token_locked(),
                old.map(|o| o.new_token_locked()),
                "new_token",
            ),
        ] {
            if set(now, then) {
                events.push(Event::new(EventKind::LockSet, Some(&c.contract_id), lock));
            }
        }
    }
    for t in &after.tokens {
        if t.is_locked() && !before.token_locked(&t.serial) {
            let holder = after
                .holder_of(&t.serial)
                .map(|e| &e.contract_id)
                .or(contract_id);
            events
                .push(Event::new(EventKind::LockSet, holder, "token").with_serial(Some(&t.serial)));
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Enrolment, EnrolmentStatus, LoginOtp, MAX_CODE_FAILURES};

    fn id() -> ContractId {
        ContractId::try_from("10000000001".to_owned()).unwrap()
    }

    fn serial() -> Serial {
        Serial::parse("SKHT00000001").unwrap()
    }

    fn enrolled() -> Ledger {
        let mut ledger = Ledger::default();
        ledger.enrolments.push(Enrolment {
            contract_id: id(),
            serial: serial(),
            login_otp: LoginOtp::Required,
            status: EnrolmentStatus::Active,
            enrolled_at: 0,
        });
        ledger
    }

    #[test]
    fn every_kind_has_a_distinct_stored_name_that_reads_back() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
    }

    #[test]
    fn a_wrong_password_is_a_refused_login_with_its_code_and_no_serial() {
        let ledger = enrolled();
        let events = step_events(
            Step::Login,
            Err(BankError::BadCredentials),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert_eq!(
            events,
            [Event::new(
                EventKind::LoginRefused,
                Some(&id()),
                "invalid_credentials"
            )]
        );
    }

    #[test]
    fn the_fifth_wrong_password_records_the_refusal_and_the_lock_it_sets() {
        let mut before = enrolled();
        before.customer_mut(&id()).password_failures = 4;
        let mut after = before.clone();
        after.customer_mut(&id()).password_failures = 5;
        // The fifth wrong password is answered with the lock itself.
        let events = step_events(
            Step::Login,
            Err(BankError::LoginLocked),
            Some(&id()),
            None,
            &before,
            &after,
        );
        let kinds: Vec<_> = events.iter().map(|e| (e.kind, e.outcome)).collect();
        assert_eq!(
            kinds,
            [
                (EventKind::LoginLocked, "login_locked"),
                (EventKind::LockSet, "password")
            ]
        );
        // A lock already set is not set again.
        let again = step_events(
            Step::Login,
            Err(BankError::LoginLocked),
            Some(&id()),
            None,
            &after,
            &after,
        );
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].kind, EventKind::LoginLocked);
    }

    #[test]
    fn code_refusals_name_the_token_in_use_and_say_wrong_reused_or_drift() {
        let ledger = enrolled();
        for (error, kind) in [
            (BankError::WrongCode, EventKind::CodeRefused),
            (BankError::CodeUsed, EventKind::CodeReused),
            (BankError::ClockDrift, EventKind::CodeDrift),
        ] {
            let events = step_events(
                Step::LoginCode,
                Err(error),
                Some(&id()),
                None,
                &ledger,
                &ledger,
            );
            assert_eq!(events[0].kind, kind);
            assert_eq!(events[0].serial, Some(serial()));
        }
    }

    #[test]
    fn an_exchanges_refusals_name_the_token_each_code_came_from() {
        let new = Serial::parse("SKTS00000002").unwrap();
        let ledger = enrolled();
        let named = |error| {
            step_events(
                Step::Token,
                Err(error),
                Some(&id()),
                Some(&new),
                &ledger,
                &ledger,
            )[0]
            .serial
            .clone()
        };
        assert_eq!(named(BankError::NewTokenRefused), Some(new.clone()));
        assert_eq!(named(BankError::NewTokenClockDrift), Some(new.clone()));
        assert_eq!(named(BankError::WrongCode), Some(serial()));
        assert_eq!(named(BankError::CodeUsed), Some(serial()));
    }

    #[test]
    fn a_token_locked_by_wrong_codes_records_a_lock_for_its_holder() {
        let before = enrolled();
        let mut after = before.clone();
        after.token_mut(&serial()).failures = MAX_CODE_FAILURES;
        let events = step_events(
            Step::LoginCode,
            Err(BankError::TokenLocked),
            Some(&id()),
            None,
            &before,
            &after,
        );
        assert_eq!(events.last().unwrap().kind, EventKind::LockSet);
        assert_eq!(events.last().unwrap().outcome, "token");
        assert_eq!(events.last().unwrap().serial, Some(serial()));
    }

    #[test]
    fn a_confirmed_change_is_recorded_as_its_procedure_with_the_new_serial() {
        let new = Serial::parse("SKTS00000002").unwrap();
        let change = Change::Exchanged {
            old: serial(),
            new: new.clone(),
            login_otp: LoginOtp::Required,
        };
        let ledger = enrolled();
        let events = step_events(
            Step::Card,
            Ok(Success::Changed(&change)),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert_eq!(
            events,
            [Event::new(EventKind::Exchanged, Some(&id()), "ok").with_serial(Some(&new))]
        );
        let lost = Change::Suspended { serial: serial() };
        let events = step_events(
            Step::Card,
            Ok(Success::Changed(&lost)),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert_eq!(events[0].kind, EventKind::LossReported);
    }

    #[test]
    fn a_step_that_only_moves_a_flow_on_records_nothing() {
        let ledger = enrolled();
        let events = step_events(
            Step::Token,
            Ok(Success::Pending),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert!(events.is_empty());
    }

    #[test]
    fn an_authentication_is_recorded_with_the_procedure_it_began() {
        let ledger = enrolled();
        for (procedure, name) in [
            (Procedure::Start, "start"),
            (Procedure::Exchange, "exchange"),
            (Procedure::Stop, "stop"),
            (Procedure::Resync, "resync"),
        ] {
            let events = step_events(
                Step::Authenticate(procedure),
                Ok(Success::Authenticated),
                Some(&id()),
                None,
                &ledger,
                &ledger,
            );
            assert_eq!(
                events,
                [Event::new(EventKind::Authenticated, Some(&id()), name)]
            );
        }
    }

    #[test]
    fn a_wrong_card_answer_is_recorded_as_a_refused_card_naming_no_token() {
        let ledger = enrolled();
        let events = step_events(
            Step::Card,
            Err(BankError::WrongCard),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert_eq!(
            events,
            [Event::new(
                EventKind::CardRefused,
                Some(&id()),
                ErrorCode::Bank(BankError::WrongCard).name()
            )]
        );
    }

    #[test]
    fn a_resync_is_recorded_with_its_token_and_its_refusals_as_refused_codes() {
        let ledger = enrolled();
        let events = step_events(
            Step::Token,
            Ok(Success::Resynced(&serial())),
            Some(&id()),
            None,
            &ledger,
            &ledger,
        );
        assert_eq!(
            events,
            [Event::new(EventKind::Resynced, Some(&id()), "ok").with_serial(Some(&serial()))]
        );
        for (error, outcome) in [
            (BankError::ResyncNotFound, "resync_not_found"),
            (BankError::ResyncAmbiguous, "resync_ambiguous"),
        ] {
            let events = step_events(Step::Token, Err(error), Some(&id()), None, &ledger, &ledger);
            assert_eq!(
                events,
                [Event::new(EventKind::CodeRefused, Some(&id()), outcome)
                    .with_serial(Some(&serial()))]
            );
        }
    }

    #[test]
    fn a_wrong_code_that_locks_nothing_records_no_lock() {
        let before = enrolled();
        let mut after = before.clone();
        after.token_mut(&serial()).failures = 1;
        let events = step_events(
            Step::LoginCode,
            Err(BankError::WrongCode),
            Some(&id()),
            None,
            &before,
            &after,
        );
        let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventKind::CodeRefused]);
    }
}

//! The contract's tests: the error table, and bodies reading back what they write and refusing
//! what the input rules refuse.

use super::*;
use crate::back_office::BackOffice;
use crate::bank::LoginStep;
use crate::card::CardChallenge;
use crate::errors::BankError;
use crate::flows::{Change, FlowId, Procedure};
use crate::input::{ContractId, Serial};
use crate::ledger::LoginOtp;
use std::collections::HashSet;
use BankError as B;
use ErrorCode as E;

const ALL_BANK_ERRORS: [BankError; 21] = [
    B::BadCredentials,
    B::LoginLocked,
    B::AlreadyEnrolled,
    B::NotEnrolled,
    B::WrongCode,
    B::ClockDrift,
    B::CodeUsed,
    B::TokenLocked,
    B::TokenSuspended,
    B::NewTokenRefused,
    B::NewTokenClockDrift,
    B::NewTokenCodeUsed,
    B::SerialInUse,
    B::SameToken,
    B::NewTokenLocked,
    B::ResyncNotFound,
    B::ResyncAmbiguous,
    B::WrongCard,
    B::CardLocked,
    B::FlowExpired,
    B::FlowInvalid,
];

#[test]
fn the_back_office_reads_back_the_same_through_json() {
    let mut ledger = crate::demo_data::seeded_ledger();
    ledger.enrolments[0].status = crate::ledger::EnrolmentStatus::Suspended;
    let office = BackOffice::read(crate::demo_data::directory().tokens, &ledger);
    let json = serde_json::to_string(&BackOfficeView::from(&office)).unwrap();
    assert!(json.contains(r#""reason":"suspended""#), "{json}");
    let back = serde_json::from_str::<BackOfficeView>(&json)
        .unwrap()
        .read()
        .unwrap();
    assert_eq!(back.desk, office.desk);
    let serials = |o: &BackOffice| -> Vec<(String, Vec<u8>, Option<ContractId>)> {
        o.tokens
            .iter()
            .map(|t| {
                (
                    t.token.serial.to_string(),
                    t.token.seed.clone(),
                    t.holder.clone(),
                )
            })
            .collect()
    };
    assert_eq!(serials(&back), serials(&office));
}

#[test]
fn a_registry_token_whose_uri_names_another_serial_is_unreadable() {
    let tokens = crate::demo_data::directory().tokens;
    let mut issued = IssuedToken::from(&tokens[0]);
    issued.serial = tokens[1].serial.clone();
    assert!(issued.token().is_none());
}

/// Makes the compiler list every variant: a new one fails to build here until it is added above.
fn _exhaustive(e: BankError) -> usize {
    match e {
        B::BadCredentials | B::LoginLocked | B::AlreadyEnrolled | B::NotEnrolled => 0,
        B::WrongCode | B::ClockDrift | B::CodeUsed | B::TokenLocked | B::TokenSuspended => 1,
        B::NewTokenRefused | B::NewTokenClockDrift | B::NewTokenCodeUsed => 2,
        B::SerialInUse | B::SameToken | B::NewTokenLocked | B::WrongCard | B::CardLocked => 3,
        B::FlowExpired | B::FlowInvalid => 4,
        B::ResyncNotFound | B::ResyncAmbiguous => 5,
    }
}

#[test]
fn every_bank_error_has_exactly_one_code_and_every_code_one_error() {
    for e in ALL_BANK_ERRORS {
        let code = ErrorCode::from(e);
        assert_eq!(ErrorCode::from_name(code.name()), Some(code), "{e:?}");
    }
    let names: HashSet<_> = ERRORS.iter().map(|e| e.name).collect();
    let codes: HashSet<_> = ERRORS.iter().map(|e| e.code).collect();
    assert_eq!(names.len(), ERRORS.len(), "names are unique");
    assert_eq!(codes.len(), ERRORS.len(), "codes are unique");
    let bank_rows = ERRORS
        .iter()
        .filter(|e| matches!(e.code, E::Bank(_)))
        .count();
    assert_eq!(bank_rows, ALL_BANK_ERRORS.len());
    for row in ERRORS {
        assert!(row
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_'));
        assert!((400..600).contains(&row.status));
    }
}

#[test]
fn a_wrong_id_and_a_wrong_password_are_one_code() {
    // Uniform failure: there is no code an unknown contract ID could map to but this one.
    assert_eq!(
        ErrorCode::from(B::BadCredentials).name(),
        "invalid_credentials"
    );
    assert_eq!(ErrorCode::from(B::BadCredentials).status(), 401);
}

#[test]
fn a_problem_round_trips_and_names_its_error() {
    let p = Problem::new(B::FlowExpired.into(), None);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["type"],
        "tag:shinkin-otp.example,2026:problem:flow_expired"
    );
    assert_eq!(json["status"], 410);
    assert_eq!(json["code"], "flow_expired");
    assert!(json.get("detail").is_none());
    let back: Problem = serde_json::from_value(json).unwrap();
    assert_eq!(back.bank_error(), Some(B::FlowExpired));
}

#[test]
fn bodies_refuse_values_their_input_rules_refuse() {
    let bad = [
        r#"{"contract_id":"1000000000","password":"hanako12"}"#,
        r#"{"contract_id":"10000000001","password":"short"}"#,
        r#"{"contract_id":"10000000001","password":"ｈａｎａｋｏ12"}"#,
        r#"{"contract_id":"10000000001","password":"hanako12","extra":1}"#,
    ];
    for body in bad {
        assert!(
            serde_json::from_str::<LoginRequest>(body).is_err(),
            "{body}"
        );
    }
    let flow = "0123456789abcdef0123456789abcdef";
    for body in [
        format!(r#"{{"flow":"{flow}","answers":[1,10]}}"#),
        format!(r#"{{"flow":"{flow}","answers":[1]}}"#),
        r#"{"flow":"nope","answers":[1,2]}"#.to_owned(),
    ] {
        assert!(
            serde_json::from_str::<ConfirmRequest>(&body).is_err(),
            "{body}"
        );
    }
    for body in [r#"{"first":2,"second":2}"#, r#"{"first":8,"second":1}"#] {
        assert!(
            serde_json::from_str::<CardChallenge>(body).is_err(),
            "{body}"
        );
    }
}

#[test]
fn a_password_never_shows_in_debug_output() {
    let r: LoginRequest =
        serde_json::from_str(r#"{"contract_id":"10000000001","password":"hanako12"}"#).unwrap();
    assert!(!format!("{r:?}").contains("hanako12"));
    assert_eq!(r.password.expose(), "hanako12");
}

#[test]
fn a_change_reads_back_every_kind_and_needs_its_own_fields() {
    let serial = || Serial::parse("SKHT20000002").unwrap();
    let other = Serial::parse("SKTS10000001").unwrap();
    for change in [
        Change::Started {
            serial: serial(),
            login_otp: LoginOtp::Required,
        },
        Change::Exchanged {
            old: other.clone(),
            new: serial(),
            login_otp: LoginOtp::NotRequired,
        },
        Change::Stopped { serial: serial() },
        Change::Suspended { serial: serial() },
    ] {
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), change);
    }
    for bad in [
        r#"{"kind":"started","serial":"SKHT20000002"}"#,
        r#"{"kind":"started","login_otp":"required"}"#,
        r#"{"kind":"stopped","old":"SKHT20000002"}"#,
        r#"{"kind":"suspended"}"#,
        r#"{"kind":"exchanged","serial":"SKHT20000002","new":"SKHT20000002","login_otp":"required"}"#,
        r#"{"kind":"exchanged","old":"SKHT20000002","new":"SKHT20000002"}"#,
        r#"{"kind":"lost","serial":"SKHT20000002"}"#,
        r#"{"serial":"SKHT20000002"}"#,
        r#"{"kind":"stopped","serial":"BAD"}"#,
    ] {
        assert!(serde_json::from_str::<Change>(bad).is_err(), "{bad}");
    }
    // A field of another kind is ignored, as any field this client does not know.
    let stopped: Change = serde_json::from_str(
        r#"{"kind":"stopped","serial":"SKHT20000002","login_otp":"required"}"#,
    )
    .unwrap();
    assert_eq!(stopped, Change::Stopped { serial: serial() });
}

#[test]
fn a_login_answer_reads_back_both_statuses_and_needs_their_own_field() {
    let flow = FlowId::parse("0123456789abcdef0123456789abcdef").unwrap();
    let json = r#"{"status":"done","session":{"contract_id":"10000000001","name":"山田 花子","token":null}}"#;
    let done: LoginStep = serde_json::from_str(json).unwrap();
    assert!(matches!(done, LoginStep::Done { .. }));
    assert_eq!(serde_json::to_string(&done).unwrap(), json);
    let needs = LoginStep::NeedsCode { flow };
    let json = serde_json::to_string(&needs).unwrap();
    assert_eq!(serde_json::from_str::<LoginStep>(&json).unwrap(), needs);
    for bad in [
        r#"{"status":"done"}"#,
        r#"{"status":"needs_code"}"#,
        r#"{"status":"done","flow":"0123456789abcdef0123456789abcdef"}"#,
        r#"{"status":"needs_code","session":{"contract_id":"10000000001","name":"x","token":null}}"#,
        r#"{"status":"maybe","flow":"0123456789abcdef0123456789abcdef"}"#,
    ] {
        assert!(serde_json::from_str::<LoginStep>(bad).is_err(), "{bad}");
    }
}

#[test]
fn enumerations_are_snake_case_on_the_wire() {
    assert_eq!(
        serde_json::to_string(&LoginOtp::NotRequired).unwrap(),
        "\"not_required\""
    );
    assert_eq!(
        serde_json::to_string(&Procedure::Exchange).unwrap(),
        "\"exchange\""
    );
    let r = LoginStep::NeedsCode {
        flow: FlowId::parse("0123456789abcdef0123456789abcdef").unwrap(),
    };
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"status":"needs_code","flow":"0123456789abcdef0123456789abcdef"}"#
    );
    let c = Change::Stopped {
        serial: Serial::parse("SKHT20000002").unwrap(),
    };
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"kind":"stopped","serial":"SKHT20000002"}"#
    );
}

#[test]
fn a_last_steps_answer_carries_history_only_when_read_and_reads_without_it() {
    use crate::history::{Activity, HistoryEntry};
    let serial = Serial::parse("SKHT20000002").unwrap();
    let resynced = crate::bank::Resynced {
        serial,
        offset: crate::totp::ClockOffset::new(10).unwrap(),
        at: 1_780_000_010,
    };
    // The answer as the domain gives it: the old fields flat, no history until the bank reads it.
    let mut reply = crate::operation::Finished::new(resynced.clone());
    assert_eq!(
        serde_json::to_value(&reply).unwrap(),
        serde_json::json!({"serial": "SKHT20000002", "offset": 10, "at": 1_780_000_010u64})
    );
    let entry = HistoryEntry::from_recorded(
        1_780_000_010,
        crate::audit::EventKind::Resynced,
        "ok",
        Some("SKHT20000002"),
    )
    .unwrap();
    reply.history = Some(vec![entry]);
    let json = serde_json::to_value(&reply).unwrap();
    assert_eq!(
        json["history"],
        serde_json::json!([{"at": 1_780_000_010u64, "kind": "resynced", "serial": "********0002"}])
    );
    let back: crate::operation::Finished<crate::bank::Resynced> =
        serde_json::from_value(json).unwrap();
    assert_eq!(back.answer, resynced);
    assert_eq!(back.history.unwrap()[0].activity, Activity::Resynced);
    // An answer without it (an older server) still reads.
    let old: crate::operation::Finished<crate::bank::Receipt> =
        serde_json::from_value(serde_json::json!({
            "change": {"kind": "stopped", "serial": "SKHT20000002"}, "at": 1_780_000_010u64
        }))
        .unwrap();
    assert_eq!(old.history, None);
}

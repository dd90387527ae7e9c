//! How stored data written before the enumerations took their one spelling (`snake_case`, as on
//! the wire) and before a flow's change took its wire form is still read: a demo ledger in
//! localStorage, a server's flow rows.

use crate::flows::Change;
use crate::input::Serial;
use crate::ledger::LoginOtp;
use serde::de::{DeserializeOwned, Deserializer, Error, IntoDeserializer};
use serde::Deserialize;

/// Reads a field of a plain enumeration spelled as now (`"not_required"`) or as it was stored
/// before (`"NotRequired"`). Only for stored data: the wire takes the one spelling alone.
pub(crate) fn stored<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    let mut snake = String::with_capacity(text.len() + 4);
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    T::deserialize(snake.as_str().into_deserializer())
        .map_err(|e: serde::de::value::Error| D::Error::custom(e))
}

/// Reads a flow row's [`Change`] in its wire form (`{"kind":"started",…}`) or in the form stored
/// before it took that one (`{"Started":{…}}`, its `login_otp` in either spelling). Only for
/// stored data: the wire takes the one form alone.
pub(crate) fn stored_change<'de, D: Deserializer<'de>>(d: D) -> Result<Change, D::Error> {
    match StoredChange::deserialize(d)? {
        StoredChange::Now(change) => Ok(change),
        StoredChange::Before(old) => Ok(old.into()),
    }
}

/// A stored change in either form. Untagged: serde tries each in turn (its buffering costs the
/// server only; the page never reads a flow row).
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredChange {
    Now(Change),
    Before(OldChange),
}

/// A [`Change`] as flow rows stored it before issue 20: externally tagged, in `PascalCase`.
#[derive(Deserialize)]
enum OldChange {
    Started {
        serial: Serial,
        #[serde(deserialize_with = "stored")]
        login_otp: LoginOtp,
    },
    Exchanged {
        old: Serial,
        new: Serial,
        #[serde(deserialize_with = "stored")]
        login_otp: LoginOtp,
    },
    Stopped {
        serial: Serial,
    },
    Suspended {
        serial: Serial,
    },
}

impl From<OldChange> for Change {
    fn from(old: OldChange) -> Change {
        match old {
            OldChange::Started { serial, login_otp } => Change::Started { serial, login_otp },
            OldChange::Exchanged {
                old,
                new,
                login_otp,
            } => Change::Exchanged {
                old,
                new,
                login_otp,
            },
            OldChange::Stopped { serial } => Change::Stopped { serial },
            OldChange::Suspended { serial } => Change::Suspended { serial },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flows::{Change, Purpose, Stage};
    use crate::input::Serial;
    use crate::ledger::{Enrolment, EnrolmentStatus, LoginOtp};

    #[test]
    fn stored_data_reads_in_the_old_spelling_and_the_new() {
        for (otp, status) in [("Required", "Active"), ("required", "active")] {
            let json = format!(
                r#"{{"contract_id":"10000000001","serial":"SKTS10000001","login_otp":"{otp}","status":"{status}","enrolled_at":0}}"#
            );
            let e: Enrolment = serde_json::from_str(&json).unwrap();
            assert_eq!(
                (e.login_otp, e.status),
                (LoginOtp::Required, EnrolmentStatus::Active)
            );
        }
        let old: Purpose = serde_json::from_str(r#"{"Procedure":"Exchange"}"#).unwrap();
        let new: Purpose = serde_json::from_str(r#"{"Procedure":"exchange"}"#).unwrap();
        assert_eq!(old, new);
        assert!(serde_json::from_str::<Purpose>(r#"{"Procedure":"Nope"}"#).is_err());
    }

    /// A flow row's stage with `change` as its JSON.
    fn stage(change: &str) -> Result<Stage, serde_json::Error> {
        serde_json::from_str(&format!(
            r#"{{"AwaitingCard":{{"change":{change},"challenge":{{"first":2,"second":5}}}}}}"#
        ))
    }

    fn change_of(stage: Stage) -> Change {
        match stage {
            Stage::AwaitingCard { change, .. } => change,
            Stage::Authenticated => panic!("not at the card step"),
        }
    }

    #[test]
    fn a_flow_row_stored_before_the_change_took_its_wire_form_still_reads() {
        let serial = |s: &str| Serial::parse(s).unwrap();
        // Rows as the server wrote them: before the one spelling, after it, and in the wire form.
        let cases = [
            (
                r#"{"Started":{"serial":"SKTS10000001","login_otp":"NotRequired"}}"#,
                Change::Started {
                    serial: serial("SKTS10000001"),
                    login_otp: LoginOtp::NotRequired,
                },
            ),
            (
                r#"{"Exchanged":{"old":"SKTS10000001","new":"SKHT20000002","login_otp":"required"}}"#,
                Change::Exchanged {
                    old: serial("SKTS10000001"),
                    new: serial("SKHT20000002"),
                    login_otp: LoginOtp::Required,
                },
            ),
            (
                r#"{"Stopped":{"serial":"SKTS10000001"}}"#,
                Change::Stopped {
                    serial: serial("SKTS10000001"),
                },
            ),
            (
                r#"{"Suspended":{"serial":"SKTS10000001"}}"#,
                Change::Suspended {
                    serial: serial("SKTS10000001"),
                },
            ),
            (
                r#"{"kind":"started","serial":"SKTS10000001","login_otp":"required"}"#,
                Change::Started {
                    serial: serial("SKTS10000001"),
                    login_otp: LoginOtp::Required,
                },
            ),
        ];
        for (json, change) in cases {
            assert_eq!(change_of(stage(json).unwrap()), change, "{json}");
        }
        for bad in [
            r#"{"Started":{"serial":"SKTS10000001"}}"#,
            r#"{"Lost":{"serial":"SKTS10000001"}}"#,
            r#"{"kind":"Started","serial":"SKTS10000001","login_otp":"required"}"#,
        ] {
            assert!(stage(bad).is_err(), "{bad}");
        }
        // Written back in the wire form.
        let stopped = r#"{"Stopped":{"serial":"SKTS10000001"}}"#;
        let row = serde_json::to_string(&stage(stopped).unwrap()).unwrap();
        assert!(
            row.contains(r#""change":{"kind":"stopped","serial":"SKTS10000001"}"#),
            "{row}"
        );
    }

    #[test]
    fn the_wire_takes_only_the_one_spelling() {
        assert!(serde_json::from_str::<LoginOtp>(r#""NotRequired""#).is_err());
        assert!(
            serde_json::from_str::<Change>(r#"{"Stopped":{"serial":"SKTS10000001"}}"#).is_err()
        );
        assert_eq!(
            serde_json::from_str::<LoginOtp>(r#""not_required""#).unwrap(),
            LoginOtp::NotRequired
        );
        assert_eq!(
            serde_json::to_string(&LoginOtp::NotRequired).unwrap(),
            r#""not_required""#
        );
    }
}

//! ご利用履歴: which of a contract's recorded events its customer is shown, in what words' terms,
//! newest first and ten at most.
//!
//! The audit trail ([`super::audit`]) records everything a step did; the customer sees the changes
//! to their own token and the refusals and locks that concern it (ASVS 6.3.7: a customer learns of
//! changes to their authenticators), never the bank's own readings, imports or another contract's
//! events, and never a secret: an [`Activity`] has no field for one and the serial arrives masked.
//!
//! Usage:
//!
//! ```
//! use shinkin_otp_domain::audit::EventKind;
//! use shinkin_otp_domain::history::{Activity, HistoryEntry, Lock};
//! let entry = HistoryEntry::from_recorded(1_800_000_000, EventKind::LockSet, "card", None);
//! assert_eq!(entry.map(|e| e.activity), Some(Activity::Locked(Lock::Card)));
//! assert!(HistoryEntry::from_recorded(1_800_000_000, EventKind::DeskViewed, "ok", None).is_none());
//! ```

use super::audit::EventKind;
use super::input::mask_serial;
use serde::{Deserialize, Serialize};

/// How many events ご利用履歴 shows.
pub const HISTORY_LENGTH: usize = 10;

/// A lock as the customer is told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// ログインパスワード: too many wrong passwords.
    Password,
    /// 確認用パスワード: too many wrong card answers.
    Card,
    /// 新しいトークンの登録: too many failed registrations.
    NewToken,
    /// The token in use: too many wrong codes.
    Token,
}

impl Lock {
    fn from_name(name: &str) -> Option<Lock> {
        Some(match name {
            "password" => Lock::Password,
            "card" => Lock::Card,
            "new_token" => Lock::NewToken,
            "token" => Lock::Token,
            _ => return None,
        })
    }
}

/// What happened, as ご利用履歴 says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "lock")]
pub enum Activity {
    /// 利用開始 completed.
    Started,
    /// 交換 completed (the serial is the new token's).
    Exchanged,
    /// 利用中止 completed.
    Stopped,
    /// 紛失・故障のお届け: the token was suspended.
    LossReported,
    /// A login or 利用者認証 with this contract ID was refused (wrong password).
    LoginRefused,
    /// A wrong one-time password.
    CodeRefused,
    /// A one-time password already used, sent again.
    CodeReused,
    /// A one-time password refused because the token's clock may be off.
    CodeDrift,
    /// Wrong card digits at 確認用パスワード入力.
    CardRefused,
    /// A lock was set.
    Locked(Lock),
    /// The bank lifted a lock, at the customer's request by another channel.
    Unlocked(Lock),
    /// The bank stopped the token, at the customer's request by another channel.
    BankStopped,
    /// The bank updated the customer's details (password, card).
    DetailsUpdated,
    /// 時刻補正: the token's clock offset was set from two consecutive codes.
    Resynced,
}

impl Activity {
    /// The recorded kinds the customer may see (a server selects these, then reads each with
    /// [`HistoryEntry::from_recorded`]).
    pub const KINDS: [EventKind; 14] = [
        EventKind::Started,
        EventKind::Exchanged,
        EventKind::Stopped,
        EventKind::LossReported,
        EventKind::LoginRefused,
        EventKind::CodeRefused,
        EventKind::CodeReused,
        EventKind::CodeDrift,
        EventKind::CardRefused,
        EventKind::LockSet,
        EventKind::DeskUnlock,
        EventKind::DeskStop,
        EventKind::CustomerUpdated,
        EventKind::Resynced,
    ];

    /// The activity a recorded event of `kind` with `outcome` shows, or `None` when the customer is
    /// not shown it (the desk's readings, logins, imports, an unknown lock).
    pub fn of(kind: EventKind, outcome: &str) -> Option<Activity> {
        Some(match kind {
            EventKind::Started => Activity::Started,
            EventKind::Exchanged => Activity::Exchanged,
            EventKind::Stopped => Activity::Stopped,
            EventKind::LossReported => Activity::LossReported,
            EventKind::LoginRefused => Activity::LoginRefused,
            EventKind::CodeRefused => Activity::CodeRefused,
            EventKind::CodeReused => Activity::CodeReused,
            EventKind::CodeDrift => Activity::CodeDrift,
            EventKind::CardRefused => Activity::CardRefused,
            EventKind::LockSet => Activity::Locked(Lock::from_name(outcome)?),
            EventKind::DeskUnlock => Activity::Unlocked(Lock::from_name(outcome)?),
            EventKind::DeskStop => Activity::BankStopped,
            EventKind::CustomerUpdated => Activity::DetailsUpdated,
            EventKind::Resynced => Activity::Resynced,
            EventKind::LoginSucceeded
            | EventKind::LoginLocked
            | EventKind::Authenticated
            | EventKind::ProcedureRefused
            | EventKind::DeskViewed
            | EventKind::CustomerImported
            | EventKind::TokenImported => return None,
        })
    }
}

/// One line of ご利用履歴.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When, Unix seconds (shown in JST).
    pub at: u64,
    /// What happened.
    #[serde(flatten)]
    pub activity: Activity,
    /// The token concerned, all but its last four characters hidden.
    pub serial: Option<MaskedSerial>,
}

impl HistoryEntry {
    /// The line a recorded event makes, if the customer is shown it; `serial` as recorded (masked
    /// or not: it is masked here either way).
    pub fn from_recorded(
        at: u64,
        kind: EventKind,
        outcome: &str,
        serial: Option<&str>,
    ) -> Option<HistoryEntry> {
        Some(HistoryEntry {
            at,
            activity: Activity::of(kind, outcome)?,
            serial: serial.and_then(MaskedSerial::new),
        })
    }
}

/// The newest [`HISTORY_LENGTH`] of `entries` (given in the order recorded, oldest first), newest
/// first; of two in the same second, the later recorded first (a lock after the refusal that set it).
pub fn newest(mut entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    entries.reverse();
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    entries.truncate(HISTORY_LENGTH);
    entries
}

/// A serial with all but its last four characters hidden (`********5678`): what a page may be sent.
/// Built only by masking, and read back only in that shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MaskedSerial(String);

impl MaskedSerial {
    /// `serial` masked; `None` when it is too short to leave anything hidden, or not a serial's
    /// characters.
    pub fn new(serial: &str) -> Option<MaskedSerial> {
        let masked = mask_serial(serial);
        MaskedSerial::try_from(masked).ok()
    }

    /// The masked text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MaskedSerial {
    type Error = &'static str;
    fn try_from(s: String) -> Result<MaskedSerial, Self::Error> {
        let count = s.chars().count();
        let (hidden, shown) = s.split_at(s.len().saturating_sub(4));
        let well_formed = (8..=16).contains(&count)
            && hidden.chars().all(|c| c == '*')
            && shown.len() == 4
            && shown.chars().all(|c| c.is_ascii_alphanumeric());
        if well_formed {
            Ok(MaskedSerial(s))
        } else {
            Err("not a masked serial: stars, then the last four characters")
        }
    }
}

impl From<MaskedSerial> for String {
    fn from(m: MaskedSerial) -> String {
        m.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: u64, kind: EventKind) -> HistoryEntry {
        HistoryEntry::from_recorded(at, kind, "ok", Some("SKTS12345678")).unwrap()
    }

    #[test]
    fn the_customer_sees_changes_refusals_and_locks_but_not_the_banks_readings() {
        for kind in EventKind::ALL {
            let shown = Activity::of(kind, "card").is_some();
            let listed = Activity::KINDS.contains(&kind);
            // KINDS is what a server selects: every kind it lists is shown, and (but for an
            // update, recorded without a contract's lock outcome) nothing else is.
            assert_eq!(
                shown,
                listed || kind == EventKind::CustomerUpdated,
                "{kind:?}"
            );
        }
        assert_eq!(Activity::of(EventKind::DeskViewed, "ok"), None);
        assert_eq!(Activity::of(EventKind::LoginSucceeded, "ok"), None);
        assert_eq!(Activity::of(EventKind::TokenImported, "ok"), None);
        assert_eq!(
            Activity::of(EventKind::DeskUnlock, "password"),
            Some(Activity::Unlocked(Lock::Password))
        );
        assert_eq!(
            Activity::of(EventKind::LockSet, "token"),
            Some(Activity::Locked(Lock::Token))
        );
        assert_eq!(Activity::of(EventKind::LockSet, "anything"), None);
    }

    #[test]
    fn history_shows_the_ten_newest_newest_first() {
        let all: Vec<_> = (0..15)
            .map(|i| entry(1_000 + i, EventKind::CodeRefused))
            .collect();
        let shown = newest(all);
        assert_eq!(shown.len(), HISTORY_LENGTH);
        let times: Vec<u64> = shown.iter().map(|e| e.at).collect();
        assert_eq!(times, (1_005..1_015).rev().collect::<Vec<_>>());
    }

    #[test]
    fn events_of_the_same_second_show_the_later_recorded_first() {
        let lock = HistoryEntry::from_recorded(1_000, EventKind::LockSet, "token", None).unwrap();
        let shown = newest(vec![
            entry(999, EventKind::Started),
            entry(1_000, EventKind::CodeRefused),
            lock.clone(),
        ]);
        assert_eq!(shown[0], lock);
        assert_eq!(shown[1].activity, Activity::CodeRefused);
        assert_eq!(shown[2].activity, Activity::Started);
    }

    #[test]
    fn a_serial_is_only_ever_sent_masked_to_its_last_four_characters() {
        let e = entry(1, EventKind::Started);
        assert_eq!(
            e.serial.as_ref().map(MaskedSerial::as_str),
            Some("********5678")
        );
        let json = serde_json::to_string(&e).unwrap();
        assert!(!json.contains("SKTS"), "{json}");
        // Read back only in the masked shape.
        for bad in [
            "SKTS12345678",
            "****",
            "***5678",
            "*****************5678",
            "********56789",
            "*******-5678",
            "",
        ] {
            assert!(MaskedSerial::try_from(bad.to_owned()).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<MaskedSerial>("\"SKTS12345678\"").is_err());
        // Recorded masked already: masked again, unchanged.
        let again = HistoryEntry::from_recorded(1, EventKind::Started, "ok", Some("********5678"));
        assert_eq!(again.unwrap().serial, e.serial);
    }

    #[test]
    fn an_entry_reads_back_as_it_was_sent() {
        let e = HistoryEntry::from_recorded(
            7,
            EventKind::DeskUnlock,
            "new_token",
            Some("SKHT20000002"),
        )
        .unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"at":7,"kind":"unlocked","lock":"new_token","serial":"********0002"}"#
        );
        assert_eq!(serde_json::from_str::<HistoryEntry>(&json).unwrap(), e);
    }
}

//! Persistence of the demo bank in localStorage, under versioned keys.
//!
//! - The ledger (enrolments and counters, nothing secret). Anything that does not read back as a
//!   valid ledger of this version — corrupt JSON, an old version, a hand-edited entry naming an
//!   unknown customer or token, a malformed serial — reads as `Reset`, so the caller can start from
//!   the seeded state and show a notice instead of crashing.
//! - The demo token vendor's registry of tokens issued in the demo kit (serial and seed). It stands
//!   in for the vendor's server-side database, so it does hold those demo seeds; the fixture tokens
//!   the customers use are compiled in and never written. Each entry is read on its own: an
//!   unreadable one is dropped and reported, the others are kept.
//!
//! Writes report failure ([`Unwritable`]): a private window or a full quota must not pass
//! unnoticed, or the caller would go on re-reading older data and forget lockouts.

use crate::domain::directory::Directory;
use crate::domain::input::Serial;
use crate::domain::ledger::Ledger;
use crate::domain::token::{self, Token};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// The localStorage key; the suffix is the format version.
pub const LEDGER_KEY: &str = "shinkin-otp.demo-bank.v2";
/// Format version written inside the value too, so a value copied between keys is still caught.
/// (2: enrolment status, drift-refused steps, new-token counters, unknown IDs counted.)
pub const LEDGER_VERSION: u32 = 2;

/// Keys of earlier ledger formats: removed on load (their data is reset, with the notice).
const OLD_LEDGER_KEYS: [&str; 1] = ["shinkin-otp.demo-bank.v1"];

/// The localStorage key of the demo vendor's issued tokens.
pub const VENDOR_KEY: &str = "shinkin-otp.demo-vendor.v1";

/// A key written and removed at start, to learn whether storage takes writes at all.
pub const PROBE_KEY: &str = "shinkin-otp.probe";

/// Storage refused a write or a delete (storage switched off, a private window, a full quota).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unwritable;

/// A string key-value store: localStorage in the browser, a map in tests.
pub trait KeyValue: Send + Sync {
    /// The value under `key` (`None` also where storage cannot be read).
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), Unwritable>;
    /// Deletes `key`.
    fn remove(&self, key: &str) -> Result<(), Unwritable>;
}

/// A store shared by several owners (in tests: several "tabs" over one storage).
impl<T: KeyValue + ?Sized> KeyValue for std::sync::Arc<T> {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Unwritable> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), Unwritable> {
        (**self).remove(key)
    }
}

/// The browser's localStorage. Holds no handle (web-sys handles are not `Send`); looks it up per call.
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalStorage;

impl LocalStorage {
    fn storage() -> Option<web_sys::Storage> {
        if cfg!(target_arch = "wasm32") {
            web_sys::window()?.local_storage().ok()?
        } else {
            None
        }
    }
}

impl KeyValue for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        Self::storage()?.get_item(key).ok()?
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Unwritable> {
        Self::storage()
            .ok_or(Unwritable)?
            .set_item(key, value)
            .map_err(|_| Unwritable)
    }
    fn remove(&self, key: &str) -> Result<(), Unwritable> {
        Self::storage()
            .ok_or(Unwritable)?
            .remove_item(key)
            .map_err(|_| Unwritable)
    }
}

/// An in-memory store for native tests; it can be told to refuse writes, as a blocked or full
/// localStorage does.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: Mutex<HashMap<String, String>>,
    refuse_writes: AtomicBool,
}

impl MemoryStore {
    /// From now on, writes and deletes fail (`true`) or work again (`false`).
    pub fn refuse_writes(&self, refuse: bool) {
        self.refuse_writes.store(refuse, Ordering::Relaxed);
    }

    fn writable(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, String>>, Unwritable> {
        if self.refuse_writes.load(Ordering::Relaxed) {
            return Err(Unwritable);
        }
        self.map.lock().map_err(|_| Unwritable)
    }
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.map.lock().ok()?.get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Unwritable> {
        self.writable()?.insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), Unwritable> {
        self.writable()?.remove(key);
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    ledger: Ledger,
}

/// How loading went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadOutcome {
    /// Read back as saved (or nothing saved yet).
    Fine,
    /// The ledger was unreadable, of another version or inconsistent, and gave way to the seeded
    /// state; or some issued tokens were unreadable and were left out. Nothing is written: the
    /// caller writes the result back (and learns whether that worked).
    Reset,
}

/// Reads the ledger; nothing stored gives `seeded`, anything invalid gives `seeded` and `Reset`.
pub fn load(
    store: &dyn KeyValue,
    directory: &Directory,
    seeded: impl FnOnce() -> Ledger,
) -> (Ledger, LoadOutcome) {
    let mut outcome = LoadOutcome::Fine;
    for old in OLD_LEDGER_KEYS {
        if store.get(old).is_some() {
            let _ = store.remove(old); // best effort: a leftover old key is ignored anyway
            outcome = LoadOutcome::Reset;
        }
    }
    let Some(raw) = store.get(LEDGER_KEY) else {
        return (seeded(), outcome);
    };
    match serde_json::from_str::<Stored>(&raw) {
        Ok(s) if s.version == LEDGER_VERSION && s.ledger.is_consistent_with(directory) => {
            (s.ledger, outcome)
        }
        _ => (seeded(), LoadOutcome::Reset),
    }
}

/// Writes the ledger.
pub fn save(store: &dyn KeyValue, ledger: &Ledger) -> Result<(), Unwritable> {
    let stored = Stored {
        version: LEDGER_VERSION,
        ledger: ledger.clone(),
    };
    // Serialising plain data cannot fail; if it somehow did, nothing was saved.
    let json = serde_json::to_string(&stored).map_err(|_| Unwritable)?;
    store.set(LEDGER_KEY, &json)
}

/// The longest base32 secret read back: 64 bytes (512 bits), far above what the kit issues, and
/// checked before decoding so an edited entry of megabytes is refused at once.
const MAX_SECRET_CHARS: usize = 103;

/// An issued token as stored: its serial and its seed in base32, as in the otpauth URI.
#[derive(Serialize, Deserialize)]
struct StoredToken {
    serial: Serial,
    secret: String,
}

/// An issued token read back: deserialises only through [`TryFrom<StoredToken>`], which checks the
/// seed (a valid serial is checked by [`Serial`]'s own deserialisation).
#[derive(Deserialize)]
#[serde(try_from = "StoredToken")]
struct IssuedToken(Token);

impl TryFrom<StoredToken> for IssuedToken {
    type Error = &'static str;
    fn try_from(t: StoredToken) -> Result<IssuedToken, &'static str> {
        if t.secret.len() > MAX_SECRET_CHARS {
            return Err("secret too long");
        }
        let seed = totp_rs::Secret::Encoded(t.secret)
            .to_bytes()
            .map_err(|_| "secret not base32")?;
        if seed.len() < token::SEED_BYTES {
            return Err("seed shorter than 160 bits");
        }
        Ok(IssuedToken(Token {
            model: t.serial.model(),
            serial: t.serial,
            seed,
        }))
    }
}

/// The tokens issued in the demo kit. Nothing stored gives none; each unreadable entry (or an
/// unreadable whole) is left out and makes the outcome `Reset`, the readable ones are kept.
pub fn load_issued(store: &dyn KeyValue) -> (Vec<Token>, LoadOutcome) {
    let Some(raw) = store.get(VENDOR_KEY) else {
        return (Vec::new(), LoadOutcome::Fine);
    };
    let Ok(entries) = serde_json::from_str::<Vec<serde_json::Value>>(&raw) else {
        return (Vec::new(), LoadOutcome::Reset);
    };
    let count = entries.len();
    let tokens: Vec<Token> = entries
        .into_iter()
        .filter_map(|entry| serde_json::from_value::<IssuedToken>(entry).ok())
        .map(|IssuedToken(token)| token)
        .collect();
    let outcome = if tokens.len() == count {
        LoadOutcome::Fine
    } else {
        LoadOutcome::Reset
    };
    (tokens, outcome)
}

/// Writes the issued tokens.
pub fn save_issued(store: &dyn KeyValue, tokens: &[Token]) -> Result<(), Unwritable> {
    let stored: Vec<StoredToken> = tokens
        .iter()
        .map(|t| StoredToken {
            serial: t.serial.clone(),
            secret: token::base32(&t.seed),
        })
        .collect();
    let json = serde_json::to_string(&stored).map_err(|_| Unwritable)?;
    store.set(VENDOR_KEY, &json)
}

/// Whether storage takes a write at all (written and removed at once).
pub fn writable(store: &dyn KeyValue) -> bool {
    store.set(PROBE_KEY, "1").is_ok() && store.remove(PROBE_KEY).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::demo_data;
    use crate::domain::totp::ClockOffset;

    fn load_from(raw: Option<&str>) -> (Ledger, LoadOutcome) {
        let store = MemoryStore::default();
        if let Some(raw) = raw {
            store.set(LEDGER_KEY, raw).unwrap();
        }
        load(&store, &demo_data::directory(), demo_data::seeded_ledger)
    }

    #[test]
    fn nothing_stored_gives_the_seeded_state_without_notice() {
        assert_eq!(
            load_from(None),
            (demo_data::seeded_ledger(), LoadOutcome::Fine)
        );
    }

    #[test]
    fn a_saved_ledger_reads_back() {
        let store = MemoryStore::default();
        let mut ledger = demo_data::seeded_ledger();
        ledger.enrolments[0].login_otp = crate::domain::ledger::LoginOtp::NotRequired;
        save(&store, &ledger).unwrap();
        let (back, outcome) = load(&store, &demo_data::directory(), Ledger::default);
        assert_eq!((back, outcome), (ledger, LoadOutcome::Fine));
    }

    #[test]
    fn corrupt_json_is_reset_with_a_notice() {
        let (ledger, outcome) = load_from(Some("{not json"));
        assert_eq!(outcome, LoadOutcome::Reset);
        assert_eq!(ledger, demo_data::seeded_ledger());
    }

    #[test]
    fn a_ledger_of_the_old_format_is_removed_and_reset_with_a_notice() {
        let store = MemoryStore::default();
        store
            .set("shinkin-otp.demo-bank.v1", r#"{"version":1,"ledger":{}}"#)
            .unwrap();
        let (ledger, outcome) = load(&store, &demo_data::directory(), demo_data::seeded_ledger);
        assert_eq!(
            (ledger, outcome),
            (demo_data::seeded_ledger(), LoadOutcome::Reset)
        );
        assert_eq!(store.get("shinkin-otp.demo-bank.v1"), None);
    }

    #[test]
    fn another_version_is_reset_with_a_notice() {
        let raw = r#"{"version":0,"ledger":{"enrolments":[],"tokens":[],"customers":[]}}"#;
        assert_eq!(load_from(Some(raw)).1, LoadOutcome::Reset);
    }

    #[test]
    fn a_hand_edited_unknown_serial_is_reset_with_a_notice() {
        let raw = r#"{"version":2,"ledger":{"enrolments":[{"contract_id":"10000000001","serial":"SKTS99999999","login_otp":"Required","status":"Active","enrolled_at":0}],"tokens":[],"customers":[]}}"#;
        assert_eq!(load_from(Some(raw)).1, LoadOutcome::Reset);
    }

    fn issued() -> Token {
        token::issue(
            crate::domain::input::TokenModel::Software,
            &mut crate::domain::OsRandom,
            |_| false,
        )
    }

    #[test]
    fn issued_tokens_read_back_and_garbage_reads_as_none_with_a_notice() {
        let store = MemoryStore::default();
        let t = issued();
        save_issued(&store, std::slice::from_ref(&t)).unwrap();
        let (back, outcome) = load_issued(&store);
        assert_eq!(outcome, LoadOutcome::Fine);
        assert_eq!(
            (back[0].serial.clone(), back[0].seed.clone()),
            (t.serial, t.seed)
        );
        for garbage in [
            "[{\"serial\":\"nope\"}]",
            "{not json",
            "{}",
            "\"SKTS10000001\"",
        ] {
            store.set(VENDOR_KEY, garbage).unwrap();
            let (tokens, outcome) = load_issued(&store);
            assert!(tokens.is_empty(), "{garbage}");
            assert_eq!(outcome, LoadOutcome::Reset, "{garbage}");
        }
    }

    #[test]
    fn one_bad_issued_token_entry_is_dropped_with_a_notice_and_the_rest_kept() {
        let store = MemoryStore::default();
        let (a, b) = (issued(), issued());
        let entry = |t: &Token| {
            format!(
                r#"{{"serial":"{}","secret":"{}"}}"#,
                t.serial,
                token::base32(&t.seed)
            )
        };
        let secret = token::base32(&a.seed);
        let bad = [
            // A malformed serial: it used to deserialise, then panic in Serial::model.
            format!(r#"{{"serial":"SK","secret":"{secret}"}}"#),
            format!(r#"{{"serial":"skts12345678","secret":"{secret}"}}"#),
            r#"{"serial":12,"secret":null}"#.to_owned(),
            r#"{"serial":"SKTS12345678","secret":"MZXW6YTBOI"}"#.to_owned(),
            r#"{"serial":"SKTS12345678","secret":"not base32!"}"#.to_owned(),
            format!(
                r#"{{"serial":"SKTS12345678","secret":"{}"}}"#,
                "A".repeat(1 << 20)
            ),
            format!(
                r#"{{"serial":"{}","secret":"{secret}"}}"#,
                "S".repeat(1 << 20)
            ),
            "null".to_owned(),
        ];
        let raw = format!("[{},{},{}]", entry(&a), bad.join(","), entry(&b));
        store.set(VENDOR_KEY, &raw).unwrap();
        let (back, outcome) = load_issued(&store);
        assert_eq!(outcome, LoadOutcome::Reset, "the drop is reported");
        let serials: Vec<&Serial> = back.iter().map(|t| &t.serial).collect();
        assert_eq!(serials, [&a.serial, &b.serial], "the good entries are kept");
    }

    #[test]
    fn a_malformed_serial_in_the_ledger_is_reset_with_a_notice() {
        let ledger_with = |serial: &str| {
            format!(
                r#"{{"version":2,"ledger":{{"enrolments":[{{"contract_id":"10000000001","serial":"{serial}","login_otp":"Required","status":"Active","enrolled_at":0}}],"tokens":[],"customers":[]}}}}"#
            )
        };
        // The same entry with a well-formed serial reads back, so only the serial is refused below.
        assert_eq!(
            load_from(Some(&ledger_with("SKTS10000001"))).1,
            LoadOutcome::Fine
        );
        for serial in ["SK", "", "skts10000001", "SKTS1000000１"] {
            assert_eq!(
                load_from(Some(&ledger_with(serial))).1,
                LoadOutcome::Reset,
                "{serial}"
            );
        }
    }

    #[test]
    fn wrong_types_and_huge_values_in_the_ledger_are_reset_with_a_notice() {
        let huge = "9".repeat(1 << 20);
        let token = |step: &str| {
            format!(
                r#"{{"version":2,"ledger":{{"enrolments":[],"tokens":[{{"serial":"SKTS10000001","last_accepted_step":{step},"refused_steps":[],"failures":0}}],"customers":[]}}}}"#
            )
        };
        let customer = |failures: &str| {
            format!(
                r#"{{"version":2,"ledger":{{"enrolments":[],"tokens":[],"customers":[{{"contract_id":"10000000001","password_failures":{failures},"card_failures":0,"new_token_failures":0}}]}}}}"#
            )
        };
        // Well-formed versions of the same entries read back.
        assert_eq!(load_from(Some(&token("1"))).1, LoadOutcome::Fine);
        assert_eq!(load_from(Some(&customer("1"))).1, LoadOutcome::Fine);
        for raw in [
            r#"{"version":"2","ledger":{}}"#.to_owned(),
            r#"{"version":2,"ledger":{"enrolments":{},"tokens":[],"customers":[]}}"#.to_owned(),
            token("-1"),
            token("\"1\""),
            customer(&huge),
            "null".to_owned(),
            "[]".to_owned(),
        ] {
            assert_eq!(load_from(Some(&raw)).1, LoadOutcome::Reset, "{raw:.120}");
        }
    }

    #[test]
    fn a_ledger_stored_before_clock_offsets_reads_with_every_token_in_step() {
        // Version 2 as written before 時刻補正: token counters without `offset`.
        let token = |extra: &str| {
            format!(
                r#"{{"version":2,"ledger":{{"enrolments":[],"tokens":[{{"serial":"SKTS10000001","last_accepted_step":5,"refused_steps":[],"failures":1{extra}}}],"customers":[]}}}}"#
            )
        };
        let (ledger, outcome) = load_from(Some(&token("")));
        assert_eq!(outcome, LoadOutcome::Fine);
        let serial = Serial::parse("SKTS10000001").unwrap();
        assert_eq!(ledger.token(&serial).unwrap().offset, ClockOffset::ZERO);
        // An offset written since reads back; one beyond 時刻補正's ±20 steps resets, with the notice.
        let (ledger, outcome) = load_from(Some(&token(r#","offset":-20"#)));
        assert_eq!(outcome, LoadOutcome::Fine);
        assert_eq!(ledger.token(&serial).unwrap().offset.steps(), -20);
        for bad in [r#","offset":21"#, r#","offset":"1""#, r#","offset":null"#] {
            assert_eq!(load_from(Some(&token(bad))).1, LoadOutcome::Reset, "{bad}");
        }
    }

    #[test]
    fn a_refusing_store_reports_every_write() {
        let store = MemoryStore::default();
        assert!(writable(&store));
        store.refuse_writes(true);
        assert!(!writable(&store));
        assert_eq!(save(&store, &Ledger::default()), Err(Unwritable));
        assert_eq!(save_issued(&store, &[]), Err(Unwritable));
        assert_eq!(
            store.get(PROBE_KEY),
            None,
            "the probe leaves nothing behind"
        );
    }

    #[test]
    fn a_ledger_holding_one_token_twice_is_reset_with_a_notice() {
        // The counters of one token twice: the first would hide the second's used step and lock.
        let token = |step: u64, failures: u32| {
            format!(
                r#"{{"serial":"SKTS10000001","last_accepted_step":{step},"refused_steps":[],"failures":{failures}}}"#
            )
        };
        let ledger_with = |tokens: &[String]| {
            format!(
                r#"{{"version":2,"ledger":{{"enrolments":[],"tokens":[{}],"customers":[]}}}}"#,
                tokens.join(",")
            )
        };
        assert_eq!(
            load_from(Some(&ledger_with(&[token(9, 5)]))).1,
            LoadOutcome::Fine
        );
        let (ledger, outcome) = load_from(Some(&ledger_with(&[token(1, 0), token(9, 5)])));
        assert_eq!(
            (ledger, outcome),
            (demo_data::seeded_ledger(), LoadOutcome::Reset)
        );
    }

    #[test]
    fn a_ledger_counting_one_contract_id_twice_is_reset_with_a_notice() {
        let customer = |failures: u32| {
            format!(
                r#"{{"contract_id":"10000000001","password_failures":{failures},"card_failures":0,"new_token_failures":0}}"#
            )
        };
        let raw = format!(
            r#"{{"version":2,"ledger":{{"enrolments":[],"tokens":[],"customers":[{},{}]}}}}"#,
            customer(0),
            customer(5)
        );
        assert_eq!(load_from(Some(&raw)).1, LoadOutcome::Reset);
    }

    #[test]
    fn a_store_that_refuses_writes_still_reads_back_what_it_holds() {
        let store = MemoryStore::default();
        let mut ledger = demo_data::seeded_ledger();
        ledger
            .customer_mut(&ledger.enrolments[0].contract_id.clone())
            .password_failures = 5;
        save(&store, &ledger).unwrap();
        let token = issued();
        save_issued(&store, std::slice::from_ref(&token)).unwrap();
        store.refuse_writes(true);
        assert!(!writable(&store));
        assert_eq!(
            load(&store, &demo_data::directory(), Ledger::default),
            (ledger, LoadOutcome::Fine)
        );
        let (tokens, outcome) = load_issued(&store);
        assert_eq!(outcome, LoadOutcome::Fine);
        assert_eq!(tokens[0].serial, token.serial);
    }

    #[test]
    fn one_token_held_by_two_customers_is_reset() {
        let raw = r#"{"version":2,"ledger":{"enrolments":[
            {"contract_id":"10000000001","serial":"SKTS10000001","login_otp":"Required","status":"Active","enrolled_at":0},
            {"contract_id":"10000000002","serial":"SKTS10000001","login_otp":"Required","status":"Active","enrolled_at":0}],
            "tokens":[],"customers":[]}}"#;
        assert_eq!(load_from(Some(raw)).1, LoadOutcome::Reset);
    }
}

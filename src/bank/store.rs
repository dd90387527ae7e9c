//! Persistence of the demo bank in localStorage, under versioned keys.
//!
//! - The ledger (enrolments and counters, nothing secret). Anything that does not read back as a
//!   valid ledger of this version — corrupt JSON, an old version, a hand-edited entry naming an
//!   unknown customer or token — is replaced by the seeded state, and the caller is told so it can
//!   show a notice instead of crashing.
//! - The demo token vendor's registry of tokens issued in the demo kit (serial and seed). It stands
//!   in for the vendor's server-side database, so it does hold those demo seeds; the fixture tokens
//!   the customers use are compiled in and never written. Unreadable entries are dropped.

use crate::domain::directory::Directory;
use crate::domain::input::Serial;
use crate::domain::ledger::Ledger;
use crate::domain::token::{self, Token};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

/// A string key-value store: localStorage in the browser, a map in tests.
pub trait KeyValue: Send + Sync {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key` (silently does nothing where storage is unavailable).
    fn set(&self, key: &str, value: &str);
    /// Deletes `key`.
    fn remove(&self, key: &str);
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
    fn set(&self, key: &str, value: &str) {
        // Private mode or a full quota: the demo keeps working for this page, only unsaved.
        if let Some(s) = Self::storage() {
            let _ = s.set_item(key, value);
        }
    }
    fn remove(&self, key: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// An in-memory store for native tests.
#[derive(Debug, Default)]
pub struct MemoryStore(Mutex<HashMap<String, String>>);

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().ok()?.get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key.into(), value.into());
        }
    }
    fn remove(&self, key: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(key);
        }
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
    /// The stored value was unreadable, of another version or inconsistent, and was reset.
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
            store.remove(old);
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
        _ => {
            let ledger = seeded();
            save(store, &ledger);
            (ledger, LoadOutcome::Reset)
        }
    }
}

/// Writes the ledger.
pub fn save(store: &dyn KeyValue, ledger: &Ledger) {
    let stored = Stored {
        version: LEDGER_VERSION,
        ledger: ledger.clone(),
    };
    if let Ok(json) = serde_json::to_string(&stored) {
        store.set(LEDGER_KEY, &json);
    }
}

#[derive(Serialize, Deserialize)]
struct IssuedToken {
    serial: Serial,
    /// Base32, as in the otpauth URI.
    secret: String,
}

/// The tokens issued in the demo kit; nothing stored (or nothing readable) gives none.
pub fn load_issued(store: &dyn KeyValue) -> Vec<Token> {
    let Some(raw) = store.get(VENDOR_KEY) else {
        return Vec::new();
    };
    serde_json::from_str::<Vec<IssuedToken>>(&raw)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| {
            let seed = totp_rs::Secret::Encoded(t.secret).to_bytes().ok()?;
            (seed.len() >= token::SEED_BYTES).then(|| Token {
                model: t.serial.model(),
                serial: t.serial,
                seed,
            })
        })
        .collect()
}

/// Writes the issued tokens.
pub fn save_issued(store: &dyn KeyValue, tokens: &[Token]) {
    let stored: Vec<IssuedToken> = tokens
        .iter()
        .map(|t| IssuedToken {
            serial: t.serial.clone(),
            secret: token::base32(&t.seed),
        })
        .collect();
    if let Ok(json) = serde_json::to_string(&stored) {
        store.set(VENDOR_KEY, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::demo_data;

    fn load_from(raw: Option<&str>) -> (Ledger, LoadOutcome) {
        let store = MemoryStore::default();
        if let Some(raw) = raw {
            store.set(LEDGER_KEY, raw);
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
        save(&store, &ledger);
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
        store.set("shinkin-otp.demo-bank.v1", r#"{"version":1,"ledger":{}}"#);
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

    #[test]
    fn issued_tokens_read_back_and_garbage_reads_as_none() {
        let store = MemoryStore::default();
        let t = token::issue(
            crate::domain::input::TokenModel::Software,
            &mut crate::domain::OsRandom,
            |_| false,
        );
        save_issued(&store, std::slice::from_ref(&t));
        let back = load_issued(&store);
        assert_eq!(
            (back[0].serial.clone(), back[0].seed.clone()),
            (t.serial, t.seed)
        );
        store.set(VENDOR_KEY, "[{\"serial\":\"nope\"}]");
        assert!(load_issued(&store).is_empty());
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

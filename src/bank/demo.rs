//! The in-browser demo bank: the domain [`Bank`] over the demo fixtures, its [`Ledger`] kept in
//! localStorage and in memory.
//!
//! - Two tabs: every call takes the cross-tab lock ([`TabLock`]: Web Locks in the browser), then
//!   re-reads the stored state, acts and writes it back without awaiting anything in between, so
//!   two tabs working at once see each other's enrolments and counters instead of overwriting them.
//! - Storage that cannot be written (storage switched off, a private window, a full quota): this
//!   tab's copy in memory becomes the only one and every rule keeps holding for the page's life;
//!   the page is told ([`BankNotice::StorageUnwritable`]) that a reload loses what changes from
//!   then on. What storage already holds is still read once at start, so a lockout or a used code
//!   stored before the quota filled up survives the reload.
//! - Unreadable stored data: reset, or the bad issued tokens dropped, with a notice.
//!
//! Flows stay in memory only.

use super::demo_data;
use super::store::{self, KeyValue, LoadOutcome, LocalStorage};
use super::tab_lock::{TabLock, WebLocks};
use super::{BankApi, BankNotice, Calls, Watcher};
use crate::domain::back_office::BackOffice;
use crate::domain::bank::Bank;
use crate::domain::desk;
use crate::domain::directory::Directory;
use crate::domain::errors::BankError;
use crate::domain::history::{HistoryEntry, Recent};
use crate::domain::input::{ContractId, Serial, TokenModel};
use crate::domain::ledger::Ledger;
use crate::domain::operation::Operation;
use crate::domain::token::{self, Token};
use crate::domain::{Clock, OsRandom};
use std::sync::{Arc, Mutex, MutexGuard};

/// The Web Locks name every tab of the demo takes before touching its stored state.
pub const LOCK_NAME: &str = "shinkin-otp.demo-bank";

/// Whether the page's markup names a server as its bank (`<meta name="shinkin-otp-bank"
/// content="server">`: demo-server.html, which a `--demo` server serves). Only the markup counts,
/// never the address or storage, so no link or stored value can move a page between banks.
pub fn page_names_server() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(r#"meta[name="shinkin-otp-bank"]"#)
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .is_some_and(|bank| bank == "server")
}

/// What this tab knows beyond the stored copy.
struct State {
    /// The ledger as this tab last read or wrote it.
    ledger: Ledger,
    /// The tokens issued in the kit, likewise.
    issued: Vec<Token>,
    /// Whether storage still takes writes. Once a write fails, the copy above is the only one that
    /// holds every counter and used step, so storage (whose older values would undo a lockout or
    /// let a used code through again) is neither read nor written for the rest of the page's life.
    saving: bool,
    /// Whether storage has been read at all. The first reading happens even when storage takes no
    /// writes from the start: what it holds (written before the quota filled up) is the newest
    /// copy there is, and starting from the seeded state instead would forget its lockouts.
    read: bool,
    /// Notices not yet taken by the page.
    notices: Vec<BankNotice>,
    /// ご利用履歴's record, likewise.
    recent: Recent,
}

/// The demo bank. Cheap to share: hand it out as `Arc<DemoBank>`.
pub struct DemoBank {
    bank: Mutex<Bank>,
    store: Box<dyn KeyValue>,
    tabs: Box<dyn TabLock>,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
    watchers: Mutex<Vec<Watcher>>,
}

impl DemoBank {
    /// The demo bank of the app: demo fixtures, localStorage, the Web Locks lock [`LOCK_NAME`], and
    /// `clock` (the one the emulators read too).
    pub fn in_browser(clock: Arc<dyn Clock>) -> DemoBank {
        DemoBank::new(
            Box::new(LocalStorage),
            Box::new(WebLocks::new(LOCK_NAME)),
            clock,
        )
    }

    /// A demo bank over any store, cross-tab lock and clock (tests inject all three).
    pub fn new(
        store: Box<dyn KeyValue>,
        tabs: Box<dyn TabLock>,
        clock: Arc<dyn Clock>,
    ) -> DemoBank {
        let saving = store::writable(store.as_ref());
        let bank = DemoBank {
            bank: Mutex::new(Bank::new(demo_data::directory())),
            store,
            tabs,
            clock,
            state: Mutex::new(State {
                ledger: demo_data::seeded_ledger(),
                issued: Vec::new(),
                saving,
                read: false,
                recent: Recent::default(),
                notices: if saving {
                    Vec::new()
                } else {
                    vec![BankNotice::StorageUnwritable]
                },
            }),
            watchers: Mutex::new(Vec::new()),
        };
        // Read the stored data at start-up, so a reset is reported before the first action. Not
        // under the cross-tab lock (a constructor cannot wait): it writes only to replace
        // unreadable data, where there is nothing of another tab's left to lose.
        bank.transact(|_, _, _| ());
        bank
    }

    /// The clock this bank reads.
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// A copy of the current ledger (for the demo kit).
    pub fn ledger(&self) -> Ledger {
        self.transact(|_, ledger, _| ledger.clone())
    }

    /// Every token with its holder, and who waits at the bank's desk, from one reading.
    pub fn back_office(&self) -> BackOffice {
        self.transact(|bank, ledger, _| BackOffice::read(bank.directory.tokens.clone(), ledger))
    }

    /// The customers and tokens.
    pub fn directory(&self) -> Directory {
        lock(&self.bank).directory.clone()
    }

    /// Every token the demo vendor made: the fixtures and those issued in the kit (any tab).
    pub fn tokens(&self) -> Vec<Token> {
        self.transact(|bank, _, _| bank.directory.tokens.clone())
    }

    /// ご利用履歴 of `contract_id`, newest first, as the record stands in any tab.
    pub fn history_of(&self, contract_id: &ContractId) -> Vec<HistoryEntry> {
        self.transact(|_, _, _| ());
        lock(&self.state).recent.of(contract_id)
    }

    /// Whether what this tab changes is still saved (false once storage refused a write).
    pub fn saving(&self) -> bool {
        lock(&self.state).saving
    }

    /// デモデータを初期化: back to the seeded state; flows in progress end, issued tokens go.
    pub async fn reset(&self) {
        let _held = self.tabs.acquire().await;
        {
            let mut bank = lock(&self.bank);
            let mut state = lock(&self.state);
            *bank = Bank::new(demo_data::directory());
            state.ledger = demo_data::seeded_ledger();
            state.issued.clear();
            state.recent = Recent::default();
            if state.saving
                && (self.store.remove(store::LEDGER_KEY).is_err()
                    || self.store.remove(store::VENDOR_KEY).is_err()
                    || self.store.remove(store::HISTORY_KEY).is_err())
            {
                stop_saving(&mut state);
            }
        }
        self.wake();
    }

    /// The bank's own side, for the kit: the customer has been confirmed by another channel, so
    /// their suspended or locked token is stopped and login opens again without a code — the
    /// desk's rule ([`desk::stop`]), as on a server: an active token is not stopped (`None`).
    pub async fn stop_by_bank(&self, contract_id: &ContractId) -> Option<Serial> {
        self.exclusive(|_, ledger, _| desk::stop(ledger, contract_id).ok())
            .await
    }

    /// 新しいトークンを発行: a token of `model` with a fresh 160-bit seed from the CSPRNG, added to
    /// the vendor registry (so 利用開始 can register it).
    pub async fn issue_token(&self, model: TokenModel) -> Token {
        let _held = self.tabs.acquire().await;
        let token = {
            let mut bank = lock(&self.bank);
            let mut state = lock(&self.state);
            self.refresh(&mut bank, &mut state);
            let token = token::issue(model, &mut OsRandom, |s| bank.directory.token(s).is_some());
            state.issued.push(token.clone());
            bank.directory.tokens.push(token.clone());
            if state.saving && store::save_issued(self.store.as_ref(), &state.issued).is_err() {
                stop_saving(&mut state);
            }
            token
        };
        self.wake();
        token
    }

    fn wake(&self) {
        // Copied out first, so a watcher may call back into the bank.
        let watchers = lock(&self.watchers).clone();
        for wake in watchers {
            wake();
        }
    }

    /// Brings this tab's copy up to date with storage (at start always; later unless a write has
    /// failed): the issued tokens (bad entries dropped and the rest written back) into the
    /// directory, then the ledger (unreadable data replaced by the seeded state and written back).
    fn refresh(&self, bank: &mut Bank, state: &mut State) {
        let read = state.saving || !state.read;
        state.read = true;
        if read {
            let (issued, outcome) = store::load_issued(self.store.as_ref());
            let fixtures = demo_data::directory().tokens;
            let read = issued.len();
            let mut kept: Vec<Token> = Vec::with_capacity(issued.len());
            for token in issued {
                // A hand-edited entry repeating a known serial would make the directory ambiguous.
                let known = fixtures
                    .iter()
                    .chain(&kept)
                    .any(|t| t.serial == token.serial);
                if !known {
                    kept.push(token);
                }
            }
            let dropped = outcome == LoadOutcome::Reset || kept.len() < read;
            state.issued = kept;
            if dropped {
                state.notices.push(BankNotice::IssuedTokensDropped);
                if state.saving && store::save_issued(self.store.as_ref(), &state.issued).is_err() {
                    stop_saving(state);
                }
            }
        }
        bank.directory.tokens = demo_data::directory().tokens;
        bank.directory.tokens.extend(state.issued.iter().cloned());
        if read {
            state.recent = store::load_history(self.store.as_ref());
            let (ledger, outcome) = store::load(
                self.store.as_ref(),
                &bank.directory,
                demo_data::seeded_ledger,
            );
            state.ledger = ledger;
            if outcome == LoadOutcome::Reset {
                state.notices.push(BankNotice::StorageReset);
                if state.saving && store::save(self.store.as_ref(), &state.ledger).is_err() {
                    stop_saving(state);
                }
            }
        }
    }

    /// The synchronous heart of every call: brings the copy up to date, runs `f` on the bank and
    /// the ledger, writes the ledger back if it changed. Nothing is awaited from the read to the
    /// write, so nothing else in this tab can run in between; the callers that change state hold
    /// the cross-tab lock around it too.
    fn transact<T>(&self, f: impl FnOnce(&mut Bank, &mut Ledger, u64) -> T) -> T {
        let (result, changed) = {
            let mut bank = lock(&self.bank);
            let mut state = lock(&self.state);
            let notices_before = state.notices.len();
            self.refresh(&mut bank, &mut state);
            let before = state.ledger.clone();
            let result = f(&mut bank, &mut state.ledger, self.clock.now());
            let changed = state.ledger != before;
            if changed && state.saving && store::save(self.store.as_ref(), &state.ledger).is_err() {
                stop_saving(&mut state);
            }
            (result, changed || state.notices.len() != notices_before)
        };
        if changed {
            self.wake();
        }
        result
    }

    /// [`DemoBank::transact`] under the cross-tab lock: for every call that may change the ledger.
    async fn exclusive<T>(&self, f: impl FnOnce(&mut Bank, &mut Ledger, u64) -> T) -> T {
        let _held = self.tabs.acquire().await;
        self.transact(f)
    }
}

/// Storage refused a write: from now on this tab's memory is the only copy.
fn stop_saving(state: &mut State) {
    if state.saving {
        state.saving = false;
        state.notices.push(BankNotice::StorageUnwritable);
    }
}

/// The page is single-threaded, so a poisoned lock only means an earlier panic; keep going.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Calls for DemoBank {
    type Error = BankError;

    async fn call<O: Operation>(&self, op: O) -> Result<O::Answer, BankError> {
        let _held = self.tabs.acquire().await;
        let (result, events, contract, now) = self.transact(|bank, ledger, now| {
            let (result, events, contract) = bank.run_recorded(&op, ledger, now, &mut OsRandom);
            (result, events, contract, now)
        });
        if !events.is_empty() {
            // Still under the cross-tab lock: the record refresh() just read is the newest.
            let mut state = lock(&self.state);
            state.recent.record(now, &events);
            if state.saving && store::save_history(self.store.as_ref(), &state.recent).is_err() {
                stop_saving(&mut state);
            }
        }
        let mut reply = result;
        if let Some(slot) = reply.as_mut().ok().and_then(O::history_slot) {
            // A flow's last step: ご利用履歴 of the flow's contract (its change recorded above),
            // as the server answers it.
            *slot = contract.map(|id| lock(&self.state).recent.of(&id));
        }
        reply
    }

    /// Never reached from the screens, which send only passwords of the rule: a request that
    /// cannot be made is refused as a wrong password would be (not counted: nothing was asked).
    fn unsendable() -> BankError {
        BankError::BadCredentials
    }
}

impl BankApi for DemoBank {
    async fn history(&self, contract_id: ContractId) -> Result<Vec<HistoryEntry>, BankError> {
        Ok(self.history_of(&contract_id))
    }

    fn take_notices(&self) -> Vec<BankNotice> {
        std::mem::take(&mut lock(&self.state).notices)
    }

    fn watch(&self, wake: Watcher) {
        lock(&self.watchers).push(wake);
    }
}

#[cfg(test)]
mod tests;

//! The demo bank over injected stores, tab locks and clocks: storage, reloads, two tabs.

use super::*;
use crate::bank::store::{MemoryStore, LEDGER_KEY, VENDOR_KEY};
use crate::bank::tab_lock::{Acquiring, Held, SingleTab};
use crate::domain::bank::{LoginStep, NewToken, Receipt};
use crate::domain::flows::Procedure;
use crate::domain::ledger::LoginOtp;
use crate::domain::{input, totp};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};

struct FixedClock(AtomicU64);
impl Clock for FixedClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Polls a future that does not wait (no other tab holds the lock).
fn run<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("nothing else holds the lock, so nothing waits"),
    }
}

const T0: u64 = 1_780_000_000;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(AtomicU64::new(T0)))
}

/// A tab alone with its store.
fn tab(store: impl KeyValue + 'static, clock: Arc<FixedClock>) -> DemoBank {
    DemoBank::new(Box::new(store), Box::new(SingleTab), clock)
}

fn new_token(serial: &Serial, code: &str) -> NewToken {
    NewToken {
        serial: serial.clone(),
        code: input::otp_code(code).unwrap(),
        login_otp: LoginOtp::Required,
    }
}

fn id(who: usize) -> ContractId {
    input::contract_id(demo_data::CUSTOMERS[who].contract_id).unwrap()
}

fn enrol(bank: &DemoBank, who: usize, serial: &str) -> Result<Receipt, BankError> {
    let serial = input::serial(serial).unwrap();
    enrol_with_seed(
        bank,
        who,
        &serial,
        demo_data::seed_of(serial.as_str()).unwrap(),
    )
}

fn enrol_with_seed(
    bank: &DemoBank,
    who: usize,
    serial: &Serial,
    seed: &[u8],
) -> Result<Receipt, BankError> {
    let c = demo_data::CUSTOMERS[who];
    let flow = run(bank.authenticate(Procedure::Start, &id(who), c.password))?.flow;
    let code = totp::code_at(seed, bank.now());
    let challenge = run(bank.register_token(&flow, &new_token(serial, &code)))?;
    run(bank.confirm_card(&flow, [c.card[challenge.first], c.card[challenge.second]]))
}

#[test]
fn enrolment_survives_a_new_bank_over_the_same_store() {
    let store = Arc::new(MemoryStore::default());
    let bank = tab(store.clone(), clock());
    enrol(&bank, 0, "SKTS10000001").unwrap();
    let reloaded = tab(store, clock());
    assert_eq!(
        reloaded.ledger().enrolment(&id(0)).unwrap().serial.as_str(),
        "SKTS10000001"
    );
}

#[test]
fn corrupt_storage_is_reset_and_reported_once() {
    let store = MemoryStore::default();
    store.set(LEDGER_KEY, "\u{0}garbage").unwrap();
    let bank = tab(store, clock());
    assert_eq!(bank.take_notices(), [BankNotice::StorageReset]);
    assert_eq!(bank.take_notices(), []);
    assert_eq!(bank.ledger(), demo_data::seeded_ledger());
    assert_eq!(bank.take_notices(), [], "the reset was written back");
}

#[test]
fn one_bad_issued_token_entry_is_dropped_with_a_notice_and_the_rest_kept() {
    let store = Arc::new(MemoryStore::default());
    let good = token::issue(TokenModel::Software, &mut OsRandom, |_| false);
    let good_entry = format!(
        r#"{{"serial":"{}","secret":"{}"}}"#,
        good.serial,
        token::base32(&good.seed)
    );
    // A malformed serial (which once panicked in Serial::model), wrong types, a short seed, and
    // a fixture's serial with another seed.
    store
        .set(
            VENDOR_KEY,
            &format!(
                r#"[{{"serial":"SK","secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},{good_entry},
               {{"serial":12,"secret":null}},{{"serial":"SKTS12345678","secret":"MZXW6YTBOI"}},
               {{"serial":"SKTS10000001","secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}]"#
            ),
        )
        .unwrap();
    let bank = tab(store.clone(), clock());
    assert!(
        bank.tokens().iter().any(|t| t.serial == good.serial),
        "the good entry is kept"
    );
    assert_eq!(bank.tokens().len(), demo_data::TOKENS.len() + 1);
    assert_eq!(bank.take_notices(), [BankNotice::IssuedTokensDropped]);
    // The cleaned registry was written back: the next tab reads it without a notice.
    let next = tab(store, clock());
    assert_eq!(next.take_notices(), []);
    assert!(next.tokens().iter().any(|t| t.serial == good.serial));
}

#[test]
fn an_issued_token_can_be_enrolled_and_is_known_to_another_tab() {
    let store = Arc::new(MemoryStore::default());
    let tab_a = tab(store.clone(), clock());
    let tab_b = tab(store.clone(), clock());
    let token = run(tab_a.issue_token(TokenModel::Software));
    assert!(tab_b.tokens().iter().any(|t| t.serial == token.serial));
    enrol_with_seed(&tab_b, 0, &token.serial, &token.seed).unwrap();
    assert_eq!(
        tab_a.ledger().enrolment(&id(0)).unwrap().serial,
        token.serial
    );
    run(tab_a.reset());
    assert!(!tab_b.tokens().iter().any(|t| t.serial == token.serial));
}

#[test]
fn a_lockout_survives_a_reload_and_holds_in_a_new_tab() {
    let store = Arc::new(MemoryStore::default());
    let tab_1 = tab(store.clone(), clock());
    let c = demo_data::CUSTOMERS[0];
    for _ in 0..5 {
        let _ = run(tab_1.login(&id(0), "wrong123"));
    }
    drop(tab_1);
    let reloaded = tab(store.clone(), clock());
    let other_tab = tab(store, clock());
    assert_eq!(
        run(reloaded.login(&id(0), c.password)),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        run(other_tab.login(&id(0), c.password)),
        Err(BankError::LoginLocked)
    );
    // The kit's reset is the demo's way out.
    run(reloaded.reset());
    assert!(run(other_tab.login(&id(0), c.password)).is_ok());
}

#[test]
fn two_tabs_enrolling_one_token_for_two_customers_do_not_share_it() {
    let store = Arc::new(MemoryStore::default());
    let clock = clock();
    let tab_a = tab(store.clone(), clock.clone());
    let tab_b = tab(store, clock.clone());
    let serial = input::serial("SKTS10000001").unwrap();
    let seed = demo_data::seed_of("SKTS10000001").unwrap();
    // The bank stops 佐藤 一郎's token so he may start again, then both reach the card step.
    let ichiro = demo_data::CUSTOMERS[1];
    // (Directly: the desk's own step stops only a suspended or locked token.)
    run(tab_b.exclusive(|_, ledger, _| Bank::stop_by_bank(ledger, &id(1)))).unwrap();

    let hanako = demo_data::CUSTOMERS[0];
    let a = run(tab_a.authenticate(Procedure::Start, &id(0), hanako.password)).unwrap();
    let b = run(tab_b.authenticate(Procedure::Start, &id(1), ichiro.password)).unwrap();
    let code_now = input::otp_code(&totp::code_at(seed, T0)).unwrap();
    let ch_a = run(tab_a.register_token(&a.flow, &new_token(&serial, code_now.as_str()))).unwrap();
    clock.0.store(T0 + 30, Ordering::Relaxed);
    let code_next = input::otp_code(&totp::code_at(seed, T0 + 30)).unwrap();
    let ch_b = run(tab_b.register_token(&b.flow, &new_token(&serial, code_next.as_str()))).unwrap();

    run(tab_a.confirm_card(&a.flow, [hanako.card[ch_a.first], hanako.card[ch_a.second]])).unwrap();
    assert_eq!(
        run(tab_b.confirm_card(&b.flow, [ichiro.card[ch_b.first], ichiro.card[ch_b.second]])),
        Err(BankError::SerialInUse)
    );
    let ledger = tab_b.ledger();
    assert_eq!(ledger.holder_of(&serial).unwrap().contract_id, id(0));
    assert!(ledger.enrolment(&id(1)).is_none());
}

#[test]
fn the_seeded_customer_is_asked_for_a_code_at_login() {
    let bank = tab(MemoryStore::default(), clock());
    let step = run(bank.login(&id(1), demo_data::CUSTOMERS[1].password));
    assert!(matches!(step, Ok(LoginStep::NeedsCode { .. })));
}

// Rule 7: storage that cannot be written must not disable the rules.

/// A store whose writes fail from the start (storage switched off, a private window).
fn unwritable() -> Arc<MemoryStore> {
    let store = Arc::new(MemoryStore::default());
    store.refuse_writes(true);
    store
}

#[test]
fn five_wrong_passwords_lock_even_when_storage_cannot_be_written() {
    let bank = tab(unwritable(), clock());
    for _ in 0..4 {
        assert_eq!(
            run(bank.login(&id(0), "wrong123")),
            Err(BankError::BadCredentials)
        );
    }
    assert_eq!(
        run(bank.login(&id(0), "wrong123")),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        run(bank.login(&id(0), demo_data::CUSTOMERS[0].password)),
        Err(BankError::LoginLocked)
    );
    assert_eq!(bank.take_notices(), [BankNotice::StorageUnwritable]);
    assert_eq!(bank.take_notices(), [], "the notice is given once");
}

#[test]
fn a_used_code_is_refused_again_when_storage_cannot_be_written() {
    let bank = tab(unwritable(), clock());
    let ichiro = demo_data::CUSTOMERS[1];
    let seed = demo_data::seed_of("SKHT20000002").unwrap();
    let code = input::otp_code(&totp::code_at(seed, T0)).unwrap();
    let Ok(LoginStep::NeedsCode { flow }) = run(bank.login(&id(1), ichiro.password)) else {
        panic!("佐藤 一郎 is asked for a code");
    };
    assert!(run(bank.login_code(&flow, &code)).is_ok());
    let Ok(LoginStep::NeedsCode { flow }) = run(bank.login(&id(1), ichiro.password)) else {
        panic!("佐藤 一郎 is asked for a code");
    };
    assert_eq!(run(bank.login_code(&flow, &code)), Err(BankError::CodeUsed));
}

#[test]
fn a_lockout_holds_when_storage_fills_up_part_way() {
    let store = Arc::new(MemoryStore::default());
    let bank = tab(store.clone(), clock());
    for _ in 0..2 {
        let _ = run(bank.login(&id(0), "wrong123"));
    }
    assert_eq!(bank.take_notices(), []);
    // The quota is reached: storage keeps the count of 2 it last took.
    store.refuse_writes(true);
    for _ in 0..3 {
        let _ = run(bank.login(&id(0), "wrong123"));
    }
    assert_eq!(
        run(bank.login(&id(0), demo_data::CUSTOMERS[0].password)),
        Err(BankError::LoginLocked)
    );
    assert_eq!(bank.take_notices(), [BankNotice::StorageUnwritable]);
    assert!(!bank.saving());
}

#[test]
fn a_lockout_stored_before_storage_filled_up_survives_a_reload() {
    let store = Arc::new(MemoryStore::default());
    let tab_1 = tab(store.clone(), clock());
    for _ in 0..5 {
        let _ = run(tab_1.login(&id(0), "wrong123"));
    }
    drop(tab_1);
    // The quota fills up (another page of the origin), then the page is reloaded.
    store.refuse_writes(true);
    let reloaded = tab(store, clock());
    assert_eq!(reloaded.take_notices(), [BankNotice::StorageUnwritable]);
    assert_eq!(
        run(reloaded.login(&id(0), demo_data::CUSTOMERS[0].password)),
        Err(BankError::LoginLocked)
    );
}

#[test]
fn a_code_used_before_storage_filled_up_is_refused_after_a_reload() {
    let store = Arc::new(MemoryStore::default());
    let ichiro = demo_data::CUSTOMERS[1];
    let seed = demo_data::seed_of("SKHT20000002").unwrap();
    let code = input::otp_code(&totp::code_at(seed, T0)).unwrap();
    let tab_1 = tab(store.clone(), clock());
    let Ok(LoginStep::NeedsCode { flow }) = run(tab_1.login(&id(1), ichiro.password)) else {
        panic!("佐藤 一郎 is asked for a code");
    };
    assert!(run(tab_1.login_code(&flow, &code)).is_ok());
    drop(tab_1);
    store.refuse_writes(true);
    let reloaded = tab(store, clock());
    let Ok(LoginStep::NeedsCode { flow }) = run(reloaded.login(&id(1), ichiro.password)) else {
        panic!("佐藤 一郎 is asked for a code");
    };
    assert_eq!(
        run(reloaded.login_code(&flow, &code)),
        Err(BankError::CodeUsed)
    );
}

#[test]
fn a_token_issued_before_storage_filled_up_is_known_after_a_reload() {
    let store = Arc::new(MemoryStore::default());
    let tab_1 = tab(store.clone(), clock());
    let token = run(tab_1.issue_token(TokenModel::Software));
    enrol_with_seed(&tab_1, 0, &token.serial, &token.seed).unwrap();
    drop(tab_1);
    store.refuse_writes(true);
    let reloaded = tab(store, clock());
    assert!(reloaded.tokens().iter().any(|t| t.serial == token.serial));
    assert_eq!(
        reloaded.ledger().enrolment(&id(0)).map(|e| &e.serial),
        Some(&token.serial)
    );
}

#[test]
fn enrolment_and_issued_tokens_last_the_page_when_storage_cannot_be_written() {
    let bank = tab(unwritable(), clock());
    let token = run(bank.issue_token(TokenModel::Hardware));
    enrol_with_seed(&bank, 0, &token.serial, &token.seed).unwrap();
    assert_eq!(
        bank.ledger().enrolment(&id(0)).unwrap().serial,
        token.serial
    );
    assert!(bank.tokens().iter().any(|t| t.serial == token.serial));
    run(bank.reset());
    assert!(bank.ledger().enrolment(&id(0)).is_none());
    assert!(!bank.tokens().iter().any(|t| t.serial == token.serial));
}

// Rule 8: two tabs must not lose each other's writes.

/// The Web Locks lock as the native tests see it: one lock shared by the "tabs" of a test.
#[derive(Clone, Default)]
struct SharedLock(Arc<Mutex<(bool, Vec<Waker>)>>);

impl TabLock for SharedLock {
    fn acquire(&self) -> Acquiring<'_> {
        let shared = self.0.clone();
        Box::pin(std::future::poll_fn(move |cx| {
            let mut s = shared.lock().unwrap();
            if s.0 {
                s.1.push(cx.waker().clone());
                return Poll::Pending;
            }
            s.0 = true;
            let shared = shared.clone();
            Poll::Ready(Held::releasing(move || {
                let mut s = shared.lock().unwrap();
                s.0 = false;
                s.1.drain(..).for_each(Waker::wake);
            }))
        }))
    }
}

type Parked = Pin<Box<dyn Future<Output = ()>>>;

thread_local! {
    /// Calls of "another tab" started in the middle of this tab's call, left waiting.
    static PARKED: RefCell<Vec<Parked>> = const { RefCell::new(Vec::new()) };
}

/// A tab's view of the shared storage that, once, runs another tab's call right after this tab
/// has read the ledger: the moment two tabs' read-change-writes interleave.
struct Interleaving {
    shared: Arc<MemoryStore>,
    after_read: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

impl Interleaving {
    fn new(shared: Arc<MemoryStore>) -> Arc<Interleaving> {
        Arc::new(Interleaving {
            shared,
            after_read: Mutex::new(None),
        })
    }

    /// After the next read of the ledger, starts `call` (from another tab): it runs as far as
    /// it can at once, and what is left waits for [`finish_parked`].
    fn interleave<F: Future<Output = ()> + 'static>(
        &self,
        call: impl FnOnce() -> F + Send + 'static,
    ) {
        *self.after_read.lock().unwrap() = Some(Box::new(move || {
            let mut call: Parked = Box::pin(call());
            let cx = &mut Context::from_waker(Waker::noop());
            if call.as_mut().poll(cx).is_pending() {
                PARKED.with(|p| p.borrow_mut().push(call));
            }
        }));
    }
}

impl KeyValue for Interleaving {
    fn get(&self, key: &str) -> Option<String> {
        let value = self.shared.get(key);
        if key == LEDGER_KEY {
            if let Some(call) = self.after_read.lock().unwrap().take() {
                call();
            }
        }
        value
    }
    fn set(&self, key: &str, value: &str) -> Result<(), store::Unwritable> {
        self.shared.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), store::Unwritable> {
        self.shared.remove(key)
    }
}

/// Runs the parked calls to their end (the lock they waited for is free by now).
fn finish_parked() {
    for mut call in PARKED.with(|p| std::mem::take(&mut *p.borrow_mut())) {
        let cx = &mut Context::from_waker(Waker::noop());
        assert!(call.as_mut().poll(cx).is_ready(), "the lock was released");
    }
}

/// Two tabs over one storage and one cross-tab lock; tab B's store can interleave tab A's calls.
fn two_tabs() -> (Arc<DemoBank>, Arc<DemoBank>, Arc<Interleaving>) {
    let shared = Arc::new(MemoryStore::default());
    let lock = SharedLock::default();
    let b_store = Interleaving::new(shared.clone());
    let tab_a = DemoBank::new(Box::new(shared), Box::new(lock.clone()), clock());
    let tab_b = DemoBank::new(Box::new(b_store.clone()), Box::new(lock), clock());
    (Arc::new(tab_a), Arc::new(tab_b), b_store)
}

#[test]
fn two_tabs_do_not_lose_each_others_enrolments() {
    let (tab_a, tab_b, b_store) = two_tabs();
    // Tab A takes 山田 花子 to the card step.
    let hanako = demo_data::CUSTOMERS[0];
    let flow = run(tab_a.authenticate(Procedure::Start, &id(0), hanako.password))
        .unwrap()
        .flow;
    let seed = demo_data::seed_of("SKTS10000001").unwrap();
    let code = input::otp_code(&totp::code_at(seed, T0)).unwrap();
    let serial = input::serial("SKTS10000001").unwrap();
    let ch = run(tab_a.register_token(&flow, &new_token(&serial, code.as_str()))).unwrap();
    // Tab B has read the ledger for a wrong password of 佐藤 一郎 when tab A confirms.
    let a = tab_a.clone();
    b_store.interleave(move || async move {
        let answers = [hanako.card[ch.first], hanako.card[ch.second]];
        a.confirm_card(&flow, answers).await.unwrap();
    });
    assert_eq!(
        run(tab_b.login(&id(1), "wrong123")),
        Err(BankError::BadCredentials)
    );
    finish_parked();
    for tab in [&tab_a, &tab_b] {
        let ledger = tab.ledger();
        assert_eq!(
            ledger.enrolment(&id(0)).map(|e| &e.serial),
            Some(&serial),
            "tab A's enrolment is kept: {ledger:?}"
        );
        assert_eq!(ledger.enrolments.len(), 2, "seeded + new: {ledger:?}");
    }
    // And tab B's count is kept too: four more wrong passwords lock 佐藤 一郎.
    for _ in 0..4 {
        let _ = run(tab_a.login(&id(1), "wrong123"));
    }
    assert_eq!(
        run(tab_b.login(&id(1), demo_data::CUSTOMERS[1].password)),
        Err(BankError::LoginLocked)
    );
}

#[test]
fn two_tabs_do_not_lose_each_others_lockout_counts() {
    let (tab_a, tab_b, b_store) = two_tabs();
    // Both tabs count a wrong password of 山田 花子 at the same moment.
    let a = tab_a.clone();
    b_store.interleave(move || async move {
        let _ = a.login(&id(0), "wrong123").await;
    });
    let _ = run(tab_b.login(&id(0), "wrong123"));
    finish_parked();
    // Both counted: three more make five, and lock.
    for _ in 0..3 {
        let _ = run(tab_a.login(&id(0), "wrong123"));
    }
    assert_eq!(
        run(tab_b.login(&id(0), demo_data::CUSTOMERS[0].password)),
        Err(BankError::LoginLocked)
    );
}

#[test]
fn the_demo_banks_history_survives_a_reload_and_ends_with_a_reset() {
    use crate::domain::history::Activity;
    let store = Arc::new(MemoryStore::default());
    let bank = tab(store.clone(), clock());
    let _ = run(bank.login(&id(0), "wrong123"));
    enrol(&bank, 0, "SKTS10000001").unwrap();
    let _ = run(bank.login(&id(1), "wrong123"));
    // Another tab, or the page reloaded: her events, newest first; not his.
    let other_tab = tab(store.clone(), clock());
    let hers = run(BankApi::history(&other_tab, id(0))).unwrap();
    let activities: Vec<Activity> = hers.iter().map(|e| e.activity).collect();
    assert_eq!(activities, [Activity::Started, Activity::LoginRefused]);
    assert_eq!(
        hers[0].serial.as_ref().map(|s| s.as_str()),
        Some("********0001")
    );
    assert_eq!(run(BankApi::history(&other_tab, id(1))).unwrap().len(), 1);
    run(other_tab.reset());
    assert!(run(BankApi::history(&bank, id(0))).unwrap().is_empty());
}

#[test]
fn a_flows_last_step_answers_with_its_own_contracts_history() {
    use crate::domain::history::Activity;
    let bank = tab(MemoryStore::default(), clock());
    // 佐藤 一郎's refused password first: never in her answer.
    let _ = run(bank.login(&id(1), "wrong123"));
    let _ = run(bank.login(&id(0), "wrong123"));
    let c = demo_data::CUSTOMERS[0];
    let flow = run(bank.authenticate(Procedure::Start, &id(0), c.password))
        .unwrap()
        .flow;
    let serial = input::serial("SKTS10000001").unwrap();
    let code = totp::code_at(demo_data::seed_of("SKTS10000001").unwrap(), T0);
    let challenge = run(bank.register_token(&flow, &new_token(&serial, &code))).unwrap();
    let answers = [c.card[challenge.first], c.card[challenge.second]];
    let finished = run(bank.finish_card(&flow, answers)).unwrap();
    let shown: Vec<Activity> = finished
        .history
        .expect("the last step gives ご利用履歴")
        .iter()
        .map(|e| e.activity)
        .collect();
    assert_eq!(shown, [Activity::Started, Activity::LoginRefused]);
    // A refused last step gives none: its answer is the refusal.
    let flow = run(bank.authenticate(Procedure::Stop, &id(0), c.password))
        .unwrap()
        .flow;
    let refused = run(bank.finish_card(&flow, [0, 0]));
    assert!(refused.is_err());
}

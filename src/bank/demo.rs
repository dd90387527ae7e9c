//! The in-browser demo bank: the domain [`Bank`] over the demo fixtures, its [`Ledger`] kept in
//! localStorage.
//!
//! Every call re-reads the ledger before it acts and writes it back after, so two tabs working at
//! once see each other's enrolments instead of overwriting them. Flows stay in memory.

use super::demo_data;
use super::store::{self, KeyValue, LoadOutcome, LocalStorage};
use super::BankApi;
use crate::domain::bank::{
    Authenticated, Bank, LoginStep, NewToken, Receipt, Replacement, Session,
};
use crate::domain::card::CardChallenge;
use crate::domain::directory::Directory;
use crate::domain::errors::BankError;
use crate::domain::flows::{FlowId, Procedure};
use crate::domain::input::{ContractId, OtpCode, Serial, TokenModel};
use crate::domain::ledger::Ledger;
use crate::domain::token::{self, Token};
use crate::domain::{Clock, OsRandom};
use std::sync::{Arc, Mutex, MutexGuard};

/// The demo bank. Cheap to share: hand it out as `Arc<DemoBank>`.
pub struct DemoBank {
    bank: Mutex<Bank>,
    store: Box<dyn KeyValue>,
    clock: Arc<dyn Clock>,
    /// Set when stored data had to be reset; taken (once) by the page to show a notice.
    reset_notice: Mutex<bool>,
}

impl DemoBank {
    /// The demo bank of the app: demo fixtures, localStorage, and `clock` (the one the emulators
    /// read too).
    pub fn in_browser(clock: Arc<dyn Clock>) -> DemoBank {
        DemoBank::new(Box::new(LocalStorage), clock)
    }

    /// A demo bank over any store and clock (tests inject both).
    pub fn new(store: Box<dyn KeyValue>, clock: Arc<dyn Clock>) -> DemoBank {
        let bank = DemoBank {
            bank: Mutex::new(Bank::new(demo_data::directory())),
            store,
            clock,
            reset_notice: Mutex::new(false),
        };
        // Check the stored data at start-up, so a reset is reported before the first action.
        bank.with_ledger(|_, _, _| ());
        bank
    }

    /// The clock this bank reads.
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Whether stored data was found broken and reset since the last call.
    pub fn take_reset_notice(&self) -> bool {
        std::mem::take(&mut *lock(&self.reset_notice))
    }

    /// A copy of the current ledger (for the demo panel).
    pub fn ledger(&self) -> Ledger {
        self.with_ledger(|_, ledger, _| ledger.clone())
    }

    /// The customers and tokens.
    pub fn directory(&self) -> Directory {
        lock(&self.bank).directory.clone()
    }

    /// デモデータを初期化: back to the seeded state; flows in progress end, issued tokens go.
    pub fn reset(&self) {
        let mut bank = lock(&self.bank);
        *bank = Bank::new(demo_data::directory());
        self.store.remove(store::LEDGER_KEY);
        self.store.remove(store::VENDOR_KEY);
    }

    /// The bank's own side, for the kit: the customer has been confirmed by another channel, so
    /// their suspended or locked token is stopped and login opens again without a code.
    pub fn stop_by_bank(&self, contract_id: &ContractId) -> Option<Serial> {
        self.with_ledger(|_, ledger, _| Bank::stop_by_bank(ledger, contract_id))
    }

    /// Every token the demo vendor made: the fixtures and those issued in the kit (any tab).
    pub fn tokens(&self) -> Vec<Token> {
        let mut bank = lock(&self.bank);
        self.refresh_tokens(&mut bank);
        bank.directory.tokens.clone()
    }

    /// 新しいトークンを発行: a token of `model` with a fresh 160-bit seed from the CSPRNG, added to
    /// the vendor registry (so 利用開始 can register it).
    pub fn issue_token(&self, model: TokenModel) -> Token {
        let mut bank = lock(&self.bank);
        self.refresh_tokens(&mut bank);
        let token = token::issue(model, &mut OsRandom, |s| bank.directory.token(s).is_some());
        let mut issued = store::load_issued(self.store.as_ref());
        issued.push(token.clone());
        store::save_issued(self.store.as_ref(), &issued);
        bank.directory.tokens.push(token.clone());
        token
    }

    /// The fixture tokens plus those issued so far, re-read so another tab's tokens are known.
    fn refresh_tokens(&self, bank: &mut Bank) {
        bank.directory.tokens = demo_data::directory().tokens;
        bank.directory
            .tokens
            .extend(store::load_issued(self.store.as_ref()));
    }

    /// Loads the ledger, runs `f` on the bank with it, saves it.
    fn with_ledger<T>(&self, f: impl FnOnce(&mut Bank, &mut Ledger, u64) -> T) -> T {
        let mut bank = lock(&self.bank);
        self.refresh_tokens(&mut bank);
        let (mut ledger, outcome) = store::load(
            self.store.as_ref(),
            &bank.directory,
            demo_data::seeded_ledger,
        );
        if outcome == LoadOutcome::Reset {
            *lock(&self.reset_notice) = true;
        }
        let before = ledger.clone();
        let result = f(&mut bank, &mut ledger, self.clock.now());
        if ledger != before {
            store::save(self.store.as_ref(), &ledger);
        }
        result
    }
}

/// The page is single-threaded, so a poisoned lock only means an earlier panic; keep going.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl BankApi for DemoBank {
    async fn login(
        &self,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<LoginStep, BankError> {
        self.with_ledger(|bank, ledger, now| {
            bank.login(ledger, contract_id, password, now, &mut OsRandom)
        })
    }

    async fn login_code(&self, flow: &FlowId, code: &OtpCode) -> Result<Session, BankError> {
        self.with_ledger(|bank, ledger, now| bank.login_code(ledger, flow, code, now))
    }

    async fn authenticate(
        &self,
        procedure: Procedure,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<Authenticated, BankError> {
        self.with_ledger(|bank, ledger, now| {
            bank.authenticate(procedure, ledger, contract_id, password, now, &mut OsRandom)
        })
    }

    async fn register_token(
        &self,
        flow: &FlowId,
        new: &NewToken,
    ) -> Result<CardChallenge, BankError> {
        self.with_ledger(|bank, ledger, now| {
            bank.register_token(ledger, flow, new, now, &mut OsRandom)
        })
    }

    async fn exchange_token(
        &self,
        flow: &FlowId,
        request: &Replacement,
    ) -> Result<CardChallenge, BankError> {
        self.with_ledger(|bank, ledger, now| {
            bank.exchange_token(ledger, flow, request, now, &mut OsRandom)
        })
    }

    async fn stop_with_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
    ) -> Result<CardChallenge, BankError> {
        self.with_ledger(|bank, ledger, now| {
            bank.stop_with_code(ledger, flow, code, now, &mut OsRandom)
        })
    }

    async fn report_lost(&self, flow: &FlowId) -> Result<CardChallenge, BankError> {
        self.with_ledger(|bank, ledger, now| bank.report_lost(ledger, flow, now, &mut OsRandom))
    }

    async fn confirm_card(&self, flow: &FlowId, answers: [u8; 2]) -> Result<Receipt, BankError> {
        self.with_ledger(|bank, ledger, now| bank.confirm_card(ledger, flow, answers, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::store::{MemoryStore, LEDGER_KEY};
    use crate::domain::ledger::LoginOtp;
    use crate::domain::{input, totp};
    use std::sync::atomic::{AtomicU64, Ordering};

    struct FixedClock(AtomicU64);
    impl Clock for FixedClock {
        fn now(&self) -> u64 {
            self.0.load(Ordering::Relaxed)
        }
    }

    /// Polls a future that never waits (the demo bank's never do).
    fn run<F: std::future::Future>(f: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the demo bank never waits"),
        }
    }

    /// Two "tabs": two banks over one store.
    struct SharedStore(Arc<MemoryStore>);
    impl KeyValue for SharedStore {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key)
        }
        fn set(&self, key: &str, value: &str) {
            self.0.set(key, value)
        }
        fn remove(&self, key: &str) {
            self.0.remove(key)
        }
    }

    const T0: u64 = 1_780_000_000;

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
        let id = input::contract_id(c.contract_id).unwrap();
        let flow = run(bank.authenticate(Procedure::Start, &id, c.password))?.flow;
        let new = NewToken {
            serial: serial.clone(),
            code: input::otp_code(&totp::code_at(seed, bank.now())).unwrap(),
            login_otp: LoginOtp::Required,
        };
        let challenge = run(bank.register_token(&flow, &new))?;
        run(bank.confirm_card(&flow, [c.card[challenge.first], c.card[challenge.second]]))
    }

    #[test]
    fn enrolment_survives_a_new_bank_over_the_same_store() {
        let store = Arc::new(MemoryStore::default());
        let clock = Arc::new(FixedClock(AtomicU64::new(T0)));
        let bank = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        enrol(&bank, 0, "SKTS10000001").unwrap();
        let reloaded = DemoBank::new(Box::new(SharedStore(store)), clock);
        assert_eq!(
            reloaded
                .ledger()
                .enrolment(&demo_data::contract_id("10000000001"))
                .unwrap()
                .serial
                .as_str(),
            "SKTS10000001"
        );
    }

    #[test]
    fn corrupt_storage_is_reset_and_reported_once() {
        let store = MemoryStore::default();
        store.set(LEDGER_KEY, "\u{0}garbage");
        let bank = DemoBank::new(Box::new(store), Arc::new(FixedClock(AtomicU64::new(T0))));
        assert!(bank.take_reset_notice());
        assert!(!bank.take_reset_notice());
        assert_eq!(bank.ledger(), demo_data::seeded_ledger());
    }

    #[test]
    fn two_tabs_do_not_lose_each_others_enrolments() {
        let store = Arc::new(MemoryStore::default());
        let clock = Arc::new(FixedClock(AtomicU64::new(T0)));
        let tab_a = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        let tab_b = DemoBank::new(Box::new(SharedStore(store.clone())), clock);
        enrol(&tab_a, 0, "SKTS10000001").unwrap();
        // Tab B opened before A enrolled; it must still see A's enrolment and keep it.
        assert!(tab_b
            .ledger()
            .enrolment(&demo_data::contract_id("10000000001"))
            .is_some());
        let ledger = tab_b.ledger();
        assert_eq!(ledger.enrolments.len(), 2, "seeded + new: {ledger:?}");
    }

    #[test]
    fn an_issued_token_can_be_enrolled_and_is_known_to_another_tab() {
        let store = Arc::new(MemoryStore::default());
        let clock = Arc::new(FixedClock(AtomicU64::new(T0)));
        let tab_a = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        let tab_b = DemoBank::new(Box::new(SharedStore(store.clone())), clock);
        let token = tab_a.issue_token(TokenModel::Software);
        assert!(tab_b.tokens().iter().any(|t| t.serial == token.serial));
        enrol_with_seed(&tab_b, 0, &token.serial, &token.seed).unwrap();
        assert_eq!(
            tab_a
                .ledger()
                .enrolment(&demo_data::contract_id("10000000001"))
                .unwrap()
                .serial,
            token.serial
        );
        tab_a.reset();
        assert!(!tab_b.tokens().iter().any(|t| t.serial == token.serial));
    }

    #[test]
    fn a_lockout_survives_a_reload_and_holds_in_a_new_tab() {
        let store = Arc::new(MemoryStore::default());
        let clock = Arc::new(FixedClock(AtomicU64::new(T0)));
        let tab = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        let c = demo_data::CUSTOMERS[0];
        let id = input::contract_id(c.contract_id).unwrap();
        for _ in 0..5 {
            let _ = run(tab.login(&id, "wrong123"));
        }
        drop(tab);
        let reloaded = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        let other_tab = DemoBank::new(Box::new(SharedStore(store)), clock);
        assert_eq!(
            run(reloaded.login(&id, c.password)),
            Err(BankError::LoginLocked)
        );
        assert_eq!(
            run(other_tab.login(&id, c.password)),
            Err(BankError::LoginLocked)
        );
        // The kit's reset is the demo's way out.
        reloaded.reset();
        assert!(run(other_tab.login(&id, c.password)).is_ok());
    }

    #[test]
    fn two_tabs_enrolling_one_token_for_two_customers_do_not_share_it() {
        let store = Arc::new(MemoryStore::default());
        let clock = Arc::new(FixedClock(AtomicU64::new(T0)));
        let tab_a = DemoBank::new(Box::new(SharedStore(store.clone())), clock.clone());
        let tab_b = DemoBank::new(Box::new(SharedStore(store)), clock.clone());
        let serial = input::serial("SKTS10000001").unwrap();
        let seed = demo_data::seed_of("SKTS10000001").unwrap();
        // The bank stops 佐藤 一郎's token so he may start again, then both reach the card step.
        let ichiro = demo_data::CUSTOMERS[1];
        let ichiro_id = input::contract_id(ichiro.contract_id).unwrap();
        tab_b.stop_by_bank(&ichiro_id).unwrap();

        let hanako = demo_data::CUSTOMERS[0];
        let hanako_id = input::contract_id(hanako.contract_id).unwrap();
        let a = run(tab_a.authenticate(Procedure::Start, &hanako_id, hanako.password)).unwrap();
        let b = run(tab_b.authenticate(Procedure::Start, &ichiro_id, ichiro.password)).unwrap();
        let code_now = input::otp_code(&totp::code_at(seed, T0)).unwrap();
        let new = |code| NewToken {
            serial: serial.clone(),
            code,
            login_otp: LoginOtp::Required,
        };
        let ch_a = run(tab_a.register_token(&a.flow, &new(code_now))).unwrap();
        clock.0.store(T0 + 30, Ordering::Relaxed);
        let code_next = input::otp_code(&totp::code_at(seed, T0 + 30)).unwrap();
        let ch_b = run(tab_b.register_token(&b.flow, &new(code_next))).unwrap();

        run(tab_a.confirm_card(&a.flow, [hanako.card[ch_a.first], hanako.card[ch_a.second]]))
            .unwrap();
        assert_eq!(
            run(tab_b.confirm_card(&b.flow, [ichiro.card[ch_b.first], ichiro.card[ch_b.second]])),
            Err(BankError::SerialInUse)
        );
        let ledger = tab_b.ledger();
        assert_eq!(ledger.holder_of(&serial).unwrap().contract_id, hanako_id);
        assert!(ledger.enrolment(&ichiro_id).is_none());
    }

    #[test]
    fn the_seeded_customer_is_asked_for_a_code_at_login() {
        let bank = DemoBank::new(
            Box::new(MemoryStore::default()),
            Arc::new(FixedClock(AtomicU64::new(T0))),
        );
        let c = demo_data::CUSTOMERS[1];
        let step = run(bank.login(&input::contract_id(c.contract_id).unwrap(), c.password));
        assert!(matches!(step, Ok(LoginStep::NeedsCode(_))));
    }
}

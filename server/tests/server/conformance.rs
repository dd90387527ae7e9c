//! The bank conformance suite, written once: scenarios for every bank rule (the window, single use,
//! every lockout, uniform failure, idle expiry, no bypass, the loss report and 交換's rules) over
//! a [`Harness`] making the page's calls ([`Calls`]), run against the in-process domain `Bank` and
//! against the server over a real loopback socket. Both start from the demo fixtures at `T0`.

use crate::support::{self, T0};
use shinkin_otp_domain::bank::{Bank, LoginStep, NewToken, Receipt, Replacement, Session};
use shinkin_otp_domain::card::CardChallenge;
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::flows::{Change, FlowId, Procedure, FLOW_IDLE_SECONDS};
use shinkin_otp_domain::input::{self, ContractId, OtpCode, Serial};
use shinkin_otp_domain::ledger::{Ledger, LoginOtp};
use shinkin_otp_domain::operation::{Calls, Operation};
use shinkin_otp_domain::wire::{self, paths, Problem};
use shinkin_otp_domain::{Clock, OsRandom};
use shinkin_otp_server::clock::ManualClock;
use std::sync::Mutex;

/// A bank as the suite drives it: the customer's calls ([`Calls`], one generic call each
/// implementation), the bank's own step, and the clock.
#[allow(async_fn_in_trait)]
pub trait Harness: Calls<Error = BankError> {
    async fn stop_by_bank(&self, id: &ContractId) -> Option<Serial>;
    fn clock(&self) -> &ManualClock;
}

// ── (a) the domain bank in process ──────────────────────────────────────────────────────────

/// The domain `Bank` over the demo directory and seeded ledger.
pub struct DomainHarness {
    bank: Mutex<Bank>,
    ledger: Mutex<Ledger>,
    clock: ManualClock,
}

impl DomainHarness {
    pub async fn new() -> DomainHarness {
        DomainHarness {
            bank: Mutex::new(Bank::new(demo_data::directory())),
            ledger: Mutex::new(demo_data::seeded_ledger()),
            clock: ManualClock::new(T0),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Bank, &mut Ledger, u64) -> T) -> T {
        let mut bank = self.bank.lock().unwrap();
        let mut ledger = self.ledger.lock().unwrap();
        f(&mut bank, &mut ledger, self.clock.now())
    }
}

impl Calls for DomainHarness {
    type Error = BankError;

    async fn call<O: Operation>(&self, op: O) -> Result<O::Answer, BankError> {
        self.with(|b, l, now| b.run(&op, l, now, &mut OsRandom))
    }

    fn unsendable() -> BankError {
        panic!("scenarios send well-formed passwords")
    }
}

impl Harness for DomainHarness {
    async fn stop_by_bank(&self, id: &ContractId) -> Option<Serial> {
        self.with(|_, l, _| Bank::stop_by_bank(l, id))
    }
    fn clock(&self) -> &ManualClock {
        &self.clock
    }
}

// ── (b) the server over a loopback socket ───────────────────────────────────────────────────

/// The server on 127.0.0.1 with a fresh demo database, driven by an HTTP client with cookies.
pub struct ServerHarness {
    client: reqwest::Client,
    base: String,
    test: support::TestApp,
}

impl ServerHarness {
    pub async fn new() -> ServerHarness {
        let test = support::app().await;
        let address = support::serve(test.app.router.clone()).await;
        ServerHarness {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("an HTTP client"),
            base: format!("http://{address}"),
            test,
        }
    }

    async fn post<Req: serde::Serialize, Res: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &Req,
    ) -> Result<Res, BankError> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("the server answers");
        if response.status().is_success() {
            return Ok(response.json().await.expect("a JSON answer"));
        }
        let status = response.status();
        let problem: Problem = response.json().await.expect("a problem+json answer");
        assert_eq!(problem.status, status.as_u16());
        Err(problem
            .bank_error()
            .unwrap_or_else(|| panic!("not a bank refusal: {problem:?}")))
    }
}

impl Calls for ServerHarness {
    type Error = BankError;

    async fn call<O: Operation>(&self, op: O) -> Result<O::Answer, BankError> {
        self.post(O::PATH, &op).await
    }

    fn unsendable() -> BankError {
        panic!("scenarios send well-formed passwords")
    }
}

impl Harness for ServerHarness {
    async fn stop_by_bank(&self, id: &ContractId) -> Option<Serial> {
        let body = wire::StopByBankRequest {
            contract_id: id.clone(),
        };
        self.post::<_, wire::StopByBankResponse>(paths::DEMO_STOP_BY_BANK, &body)
            .await
            .expect("the bank's step answers")
            .stopped
    }
    fn clock(&self) -> &ManualClock {
        &self.test.clock
    }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

fn id(who: usize) -> ContractId {
    demo_data::contract_id(demo_data::CUSTOMERS[who].contract_id)
}
fn password(who: usize) -> &'static str {
    demo_data::CUSTOMERS[who].password
}
fn serial(s: &str) -> Serial {
    Serial::parse(s).unwrap()
}
fn otp(s: &str, at: u64) -> OtpCode {
    support::otp(s, at)
}
fn wrong(s: &str, at: u64) -> OtpCode {
    input::otp_code(&support::wrong_code(s, at)).unwrap()
}
fn answers(who: usize, c: CardChallenge) -> [u8; 2] {
    let card = demo_data::CUSTOMERS[who].card;
    [card[c.first], card[c.second]]
}
fn wrong_answers(who: usize, c: CardChallenge) -> [u8; 2] {
    let [a, b] = answers(who, c);
    [a, (b + 1) % 10]
}
fn new_token(s: &str, code: OtpCode) -> NewToken {
    NewToken {
        serial: serial(s),
        code,
        login_otp: LoginOtp::Required,
    }
}
const HANAKO: usize = support::HANAKO;
const ICHIRO: usize = support::ICHIRO;
/// 佐藤 一郎's token in use.
const ICHIRO_TOKEN: &str = "SKHT20000002";

async fn login_flow(b: &impl Harness, who: usize) -> FlowId {
    match b.login(&id(who), password(who)).await {
        Ok(LoginStep::NeedsCode { flow }) => flow,
        other => panic!("login must ask for a code, got {other:?}"),
    }
}

async fn open(b: &impl Harness, who: usize, procedure: Procedure) -> FlowId {
    b.authenticate(procedure, &id(who), password(who))
        .await
        .expect("利用者認証")
        .flow
}

/// 山田 花子 starts using `token` (login asks for its code).
async fn enrol_hanako(b: &impl Harness, token: &str) -> Receipt {
    let flow = open(b, HANAKO, Procedure::Start).await;
    let now = b.clock().now();
    let c = b
        .register_token(&flow, &new_token(token, otp(token, now)))
        .await
        .expect("registration");
    b.confirm_card(&flow, answers(HANAKO, c))
        .await
        .expect("card")
}

// ── scenarios ───────────────────────────────────────────────────────────────────────────────

/// T−1, T and T+1 are accepted; T−2 and T+2 are refused (as drift).
pub async fn window(b: &impl Harness) {
    let flow = login_flow(b, ICHIRO).await;
    for off in [-2i64, 2] {
        let at = T0.saturating_add_signed(off * 30);
        assert_eq!(
            b.login_code(&flow, &otp(ICHIRO_TOKEN, at)).await,
            Err(BankError::ClockDrift),
            "T{off:+}"
        );
    }
    for off in [-1i64, 0, 1] {
        let flow = login_flow(b, ICHIRO).await;
        let at = T0.saturating_add_signed(off * 30);
        let session = b.login_code(&flow, &otp(ICHIRO_TOKEN, at)).await;
        assert!(session.is_ok(), "T{off:+}: {session:?}");
    }
}

/// A code is accepted once; any step at or before the last accepted one is refused.
pub async fn single_use(b: &impl Harness) {
    let flow = login_flow(b, ICHIRO).await;
    b.login_code(&flow, &otp(ICHIRO_TOKEN, T0)).await.unwrap();
    let flow = login_flow(b, ICHIRO).await;
    assert_eq!(
        b.login_code(&flow, &otp(ICHIRO_TOKEN, T0)).await,
        Err(BankError::CodeUsed)
    );
    assert_eq!(
        b.login_code(&flow, &otp(ICHIRO_TOKEN, T0 - 30)).await,
        Err(BankError::CodeUsed)
    );
    b.clock().advance(30);
    assert!(b
        .login_code(&flow, &otp(ICHIRO_TOKEN, T0 + 30))
        .await
        .is_ok());
}

/// A code refused for drift counts as a failure and is never accepted later.
pub async fn drift_counts_and_is_never_accepted(b: &impl Harness) {
    let flow = login_flow(b, ICHIRO).await;
    let future = T0 + 2 * 30;
    assert_eq!(
        b.login_code(&flow, &otp(ICHIRO_TOKEN, future)).await,
        Err(BankError::ClockDrift)
    );
    b.clock().set(future);
    assert_eq!(
        b.login_code(&flow, &otp(ICHIRO_TOKEN, future)).await,
        Err(BankError::CodeUsed)
    );
}

/// 5 wrong codes lock the token; then even the right code is refused, also in a new flow.
pub async fn code_lockout(b: &impl Harness) {
    let flow = login_flow(b, ICHIRO).await;
    for i in 1..=5 {
        let expected = if i < 5 {
            BankError::WrongCode
        } else {
            BankError::TokenLocked
        };
        assert_eq!(
            b.login_code(&flow, &wrong(ICHIRO_TOKEN, T0)).await,
            Err(expected),
            "wrong code {i}"
        );
    }
    assert_eq!(
        b.login(&id(ICHIRO), password(ICHIRO)).await,
        Err(BankError::TokenLocked)
    );
    for p in [Procedure::Exchange, Procedure::Stop] {
        assert_eq!(
            b.authenticate(p, &id(ICHIRO), password(ICHIRO)).await.err(),
            Some(BankError::TokenLocked),
            "a locked token can be neither exchanged nor stopped: {p:?}"
        );
    }
    assert_eq!(
        b.stop_by_bank(&id(ICHIRO)).await,
        Some(serial(ICHIRO_TOKEN))
    );
    assert!(matches!(
        b.login(&id(ICHIRO), password(ICHIRO)).await,
        Ok(LoginStep::Done { .. })
    ));
}

/// Only a success resets the wrong-code count.
pub async fn only_success_resets_the_code_count(b: &impl Harness) {
    let flow = login_flow(b, ICHIRO).await;
    for _ in 0..4 {
        let _ = b.login_code(&flow, &wrong(ICHIRO_TOKEN, T0)).await;
    }
    b.login_code(&flow, &otp(ICHIRO_TOKEN, T0)).await.unwrap();
    let flow = login_flow(b, ICHIRO).await;
    for _ in 0..4 {
        assert_eq!(
            b.login_code(&flow, &wrong(ICHIRO_TOKEN, T0)).await,
            Err(BankError::WrongCode)
        );
    }
}

/// 5 wrong passwords lock login, even for the right one.
pub async fn password_lockout(b: &impl Harness) {
    for i in 1..=5 {
        let expected = if i < 5 {
            BankError::BadCredentials
        } else {
            BankError::LoginLocked
        };
        assert_eq!(
            b.login(&id(HANAKO), "wrong123").await,
            Err(expected),
            "try {i}"
        );
    }
    assert_eq!(
        b.login(&id(HANAKO), password(HANAKO)).await,
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        b.authenticate(Procedure::Start, &id(HANAKO), password(HANAKO))
            .await
            .err(),
        Some(BankError::LoginLocked)
    );
}

/// A wrong contract ID and a wrong password give the same answers, also after repeated failures.
pub async fn uniform_failure(b: &impl Harness) {
    let unknown = input::contract_id("19999999999").unwrap();
    for i in 1..=6 {
        let a = b.login(&unknown, "wrong123").await;
        let k = b.login(&id(HANAKO), "wrong123").await;
        assert_eq!(a, k, "try {i}");
        assert!(a.is_err());
    }
    assert_eq!(
        b.login(&unknown, "wrong123").await,
        Err(BankError::LoginLocked),
        "an unknown ID locks like a real one"
    );
}

/// 3 wrong card answers lock the confirmation, here and in any new flow.
pub async fn card_lockout(b: &impl Harness) {
    let flow = open(b, HANAKO, Procedure::Start).await;
    let c = b
        .register_token(&flow, &new_token("SKTS10000001", otp("SKTS10000001", T0)))
        .await
        .unwrap();
    for i in 1..=3 {
        let expected = if i < 3 {
            BankError::WrongCard
        } else {
            BankError::CardLocked
        };
        assert_eq!(
            b.confirm_card(&flow, wrong_answers(HANAKO, c)).await.err(),
            Some(expected),
            "wrong card {i}"
        );
    }
    assert_eq!(
        b.confirm_card(&flow, answers(HANAKO, c)).await.err(),
        Some(BankError::FlowInvalid),
        "the locked flow is over"
    );
    assert_eq!(
        b.authenticate(Procedure::Start, &id(HANAKO), password(HANAKO))
            .await
            .err(),
        Some(BankError::CardLocked)
    );
}

/// Failed new-token registrations lock the customer's registrations (not the token); unknown,
/// someone else's and wrong-code serials give one answer.
pub async fn new_token_rules(b: &impl Harness) {
    let flow = open(b, HANAKO, Procedure::Start).await;
    let refusals = [
        new_token("SKTS99999999", otp("SKTS10000001", T0)),
        new_token(ICHIRO_TOKEN, wrong(ICHIRO_TOKEN, T0)),
        new_token("SKTS10000001", wrong("SKTS10000001", T0)),
        new_token("SKTS10000002", wrong("SKTS10000002", T0)),
    ];
    for t in &refusals {
        assert_eq!(
            b.register_token(&flow, t).await,
            Err(BankError::NewTokenRefused),
            "{}",
            t.serial
        );
    }
    assert_eq!(
        b.register_token(&flow, &new_token("SKTS10000001", wrong("SKTS10000001", T0)))
            .await,
        Err(BankError::NewTokenLocked)
    );
    assert_eq!(
        b.authenticate(Procedure::Start, &id(HANAKO), password(HANAKO))
            .await
            .err(),
        Some(BankError::NewTokenLocked)
    );
    // The serials tried are not locked for their holders.
    let flow = login_flow(b, ICHIRO).await;
    assert!(b.login_code(&flow, &otp(ICHIRO_TOKEN, T0)).await.is_ok());
}

/// A serial in use is named only to someone showing its code.
pub async fn serial_in_use(b: &impl Harness) {
    let flow = open(b, HANAKO, Procedure::Start).await;
    assert_eq!(
        b.register_token(&flow, &new_token(ICHIRO_TOKEN, otp(ICHIRO_TOKEN, T0)))
            .await,
        Err(BankError::SerialInUse)
    );
}

/// A flow idle for 10 minutes expires (and is then gone); one touched within 10 minutes lives.
pub async fn idle_expiry(b: &impl Harness) {
    let flow = open(b, HANAKO, Procedure::Start).await;
    b.clock().advance(FLOW_IDLE_SECONDS - 1);
    let now = b.clock().now();
    let c = b
        .register_token(&flow, &new_token("SKTS10000001", otp("SKTS10000001", now)))
        .await
        .expect("touched just within 10 minutes");
    b.clock().advance(FLOW_IDLE_SECONDS);
    assert_eq!(
        b.confirm_card(&flow, answers(HANAKO, c)).await.err(),
        Some(BankError::FlowExpired)
    );
    assert_eq!(
        b.confirm_card(&flow, answers(HANAKO, c)).await.err(),
        Some(BankError::FlowInvalid)
    );
}

/// No step without 利用者認証 in the same flow, none out of order, none of another kind of flow.
pub async fn no_bypass(b: &impl Harness) {
    let forged = FlowId::random(&mut OsRandom);
    assert_eq!(
        b.register_token(&forged, &new_token("SKTS10000001", otp("SKTS10000001", T0)))
            .await,
        Err(BankError::FlowInvalid)
    );
    assert_eq!(
        b.confirm_card(&forged, [0, 0]).await.err(),
        Some(BankError::FlowInvalid)
    );
    let start = open(b, HANAKO, Procedure::Start).await;
    assert_eq!(
        b.confirm_card(&start, [0, 0]).await.err(),
        Some(BankError::FlowInvalid),
        "card before token"
    );
    assert_eq!(
        b.report_lost(&start).await,
        Err(BankError::FlowInvalid),
        "a start flow cannot take stop's step"
    );
    let login = login_flow(b, ICHIRO).await;
    assert_eq!(
        b.stop_with_code(&login, &otp(ICHIRO_TOKEN, T0)).await,
        Err(BankError::FlowInvalid),
        "a login flow is not a procedure flow"
    );
    let stop = open(b, ICHIRO, Procedure::Stop).await;
    assert_eq!(
        b.login_code(&stop, &otp(ICHIRO_TOKEN, T0)).await,
        Err(BankError::FlowInvalid),
        "a procedure flow is not a login flow"
    );
}

/// 交換 needs a code from the token in use and from the new one; the old one stops at once.
pub async fn exchange_rules(b: &impl Harness) {
    let flow = open(b, ICHIRO, Procedure::Exchange).await;
    let new = new_token("SKTS10000002", otp("SKTS10000002", T0));
    let request = |current_code, new: &NewToken| Replacement {
        current_code,
        new: new.clone(),
    };
    assert_eq!(
        b.exchange_token(&flow, &request(wrong(ICHIRO_TOKEN, T0), &new))
            .await,
        Err(BankError::WrongCode)
    );
    let same = new_token(ICHIRO_TOKEN, otp(ICHIRO_TOKEN, T0));
    assert_eq!(
        b.exchange_token(&flow, &request(otp(ICHIRO_TOKEN, T0), &same))
            .await,
        Err(BankError::SameToken)
    );
    let c = b
        .exchange_token(&flow, &request(otp(ICHIRO_TOKEN, T0), &new))
        .await
        .unwrap();
    let receipt = b.confirm_card(&flow, answers(ICHIRO, c)).await.unwrap();
    assert_eq!(
        receipt.change,
        Change::Exchanged {
            old: serial(ICHIRO_TOKEN),
            new: serial("SKTS10000002"),
            login_otp: LoginOtp::Required
        }
    );
    b.clock().advance(30);
    let now = b.clock().now();
    let flow = login_flow(b, ICHIRO).await;
    assert_eq!(
        b.login_code(&flow, &otp(ICHIRO_TOKEN, now)).await,
        Err(BankError::WrongCode),
        "the old token's codes are refused"
    );
    let session = b
        .login_code(&flow, &otp("SKTS10000002", now))
        .await
        .unwrap();
    assert_eq!(session.token.unwrap().serial, serial("SKTS10000002"));
}

/// A loss report suspends the token at once; login stays closed until the bank confirms.
pub async fn lost_report(b: &impl Harness) {
    let flow = open(b, ICHIRO, Procedure::Stop).await;
    let c = b.report_lost(&flow).await.unwrap();
    let receipt = b.confirm_card(&flow, answers(ICHIRO, c)).await.unwrap();
    assert_eq!(
        receipt.change,
        Change::Suspended {
            serial: serial(ICHIRO_TOKEN)
        }
    );
    assert_eq!(
        b.login(&id(ICHIRO), password(ICHIRO)).await,
        Err(BankError::TokenSuspended)
    );
    for p in [Procedure::Start, Procedure::Exchange, Procedure::Stop] {
        assert_eq!(
            b.authenticate(p, &id(ICHIRO), password(ICHIRO)).await.err(),
            Some(BankError::TokenSuspended),
            "password + card alone never replace the token: {p:?}"
        );
    }
    assert_eq!(
        b.stop_by_bank(&id(ICHIRO)).await,
        Some(serial(ICHIRO_TOKEN))
    );
    assert!(matches!(
        b.login(&id(ICHIRO), password(ICHIRO)).await,
        Ok(LoginStep::Done { .. })
    ));
}

/// 利用中止 with a code unbinds the token; login no longer asks for a code.
pub async fn stop_with_a_code(b: &impl Harness) {
    let flow = open(b, ICHIRO, Procedure::Stop).await;
    assert_eq!(
        b.stop_with_code(&flow, &wrong(ICHIRO_TOKEN, T0)).await,
        Err(BankError::WrongCode)
    );
    let c = b
        .stop_with_code(&flow, &otp(ICHIRO_TOKEN, T0))
        .await
        .unwrap();
    b.confirm_card(&flow, answers(ICHIRO, c)).await.unwrap();
    assert!(matches!(
        b.login(&id(ICHIRO), password(ICHIRO)).await,
        Ok(LoginStep::Done {
            session: Session { token: None, .. }
        })
    ));
}

/// 利用開始 end to end; afterwards login asks for the new token's code.
pub async fn start_then_login_with_code(b: &impl Harness) {
    let receipt = enrol_hanako(b, "SKTS10000001").await;
    assert_eq!(
        receipt.change,
        Change::Started {
            serial: serial("SKTS10000001"),
            login_otp: LoginOtp::Required
        }
    );
    assert_eq!(
        b.authenticate(Procedure::Start, &id(HANAKO), password(HANAKO))
            .await
            .err(),
        Some(BankError::AlreadyEnrolled)
    );
    b.clock().advance(30);
    let now = b.clock().now();
    let flow = login_flow(b, HANAKO).await;
    let session = b
        .login_code(&flow, &otp("SKTS10000001", now))
        .await
        .unwrap();
    assert_eq!(session.name, "山田 花子");
}

/// Runs each scenario against a fresh domain bank and a fresh server.
macro_rules! conformance {
    ($($scenario:ident),* $(,)?) => {
        mod domain {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(&super::DomainHarness::new().await).await;
                }
            )*
        }
        mod server {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(&super::ServerHarness::new().await).await;
                }
            )*
        }
    };
}

conformance!(
    window,
    single_use,
    drift_counts_and_is_never_accepted,
    code_lockout,
    only_success_resets_the_code_count,
    password_lockout,
    uniform_failure,
    card_lockout,
    new_token_rules,
    serial_in_use,
    idle_expiry,
    no_bypass,
    exchange_rules,
    lost_report,
    stop_with_a_code,
    start_then_login_with_code,
);

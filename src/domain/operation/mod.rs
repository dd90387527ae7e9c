//! The customer's calls of the bank as types: each request names its path, its answer and the
//! [`Bank`] step it applies, so the page's banks, the server and the conformance suite each
//! dispatch every call through one generic function ([`Operation`]), and the route table and the
//! API document's check follow from one list ([`each`]).
//!
//! Adding a call is its request type in [`wire`], its [`Operation`] here, its name in [`each`]
//! and in [`Calls`], its rule in [`bank`](crate::bank), its screen and `docs/api.md`.

use crate::audit::{step_events, Event, Step, Success};
use crate::bank::{
    Authenticated, Bank, Extended, LoginStep, Receipt, ResyncCodes, Resynced, Session,
};
use crate::card::CardChallenge;
use crate::directory::{Directory, Lookup, PasswordVerdict};
use crate::errors::BankError;
use crate::flows::FlowId;
use crate::history::HistoryEntry;
use crate::input::{ContractId, Serial};
use crate::ledger::Ledger;
use crate::wire::{self, paths, Password};
use crate::RandomSource;
use serde::de::DeserializeOwned;
use serde::Serialize;

mod calls;
pub use calls::{Calls, Finished};

/// What a step is given besides its request: the time, randomness, and the verdict on the
/// password typed (judged beforehand by whoever holds the passwords).
pub struct Context<'a, R> {
    /// Now, Unix seconds.
    pub now: u64,
    /// The random source (new flows, the card challenge).
    pub rng: &'a mut R,
    /// The password's verdict; [`PasswordVerdict::Mismatch`] when none was judged, so a step that
    /// checks a password never passes one nobody checked.
    pub password: PasswordVerdict,
}

impl<'a, R> Context<'a, R> {
    /// A step at `now`, no password judged.
    pub fn new(now: u64, rng: &'a mut R) -> Context<'a, R> {
        Context {
            now,
            rng,
            password: PasswordVerdict::Mismatch,
        }
    }
}

/// Whom a request is about before the bank reads anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// An ID and password typed (ログイン, 利用者認証): judged, then a flow may open, bound to the
    /// browser that asked.
    Credentials {
        /// 契約者ID.
        contract_id: &'a ContractId,
        /// ログインパスワード.
        password: &'a Password,
    },
    /// A step of a flow opened before.
    Flow(&'a FlowId),
}

/// One call of the bank: its request body (`Self`), the path it is posted to, its answer and the
/// domain's step it runs.
pub trait Operation: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The path (`POST`), from [`paths`].
    const PATH: &'static str;
    /// The step's answer, as the domain gives it and as its JSON body.
    type Answer: Serialize + DeserializeOwned + Send;

    /// Whom the request is about.
    fn subject(&self) -> Subject<'_>;

    /// The step on `bank`.
    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<Self::Answer, BankError>;

    /// The step for the audit trail.
    fn audit_step(&self) -> Step;

    /// What a successful answer means for the audit trail.
    fn success(answer: &Self::Answer) -> Success<'_>;

    /// A token the request names (a new token), whose rows the step reads.
    fn new_serial(&self) -> Option<&Serial> {
        None
    }

    /// Whom a successful answer logs in (a session opens).
    fn logs_in(answer: &Self::Answer) -> Option<&ContractId> {
        let _ = answer;
        None
    }

    /// Where a successful reply carries ご利用履歴 of the flow's contract, read once the step's
    /// events are recorded: a flow's last step, whose 処理結果 shows it with no session to read it
    /// with (`None`: the reply carries none). The flow names the contract, so it is only ever the
    /// customer's own. A bank reads the history exactly when the reply has this slot.
    fn history_slot(answer: &mut Self::Answer) -> Option<&mut Option<Vec<HistoryEntry>>> {
        let _ = answer;
        None
    }
}

/// Visits every [`Operation`] type ([`each`]).
pub trait Visitor {
    /// Called once per operation.
    fn visit<O: Operation>(&mut self);
}

/// Every operation, in the order `docs/api.md` lists them: the server's routes and the document's
/// check are made from this list.
pub fn each(visitor: &mut impl Visitor) {
    visitor.visit::<wire::LoginRequest>();
    visitor.visit::<wire::LoginCodeRequest>();
    visitor.visit::<wire::AuthenticateRequest>();
    visitor.visit::<wire::RegisterRequest>();
    visitor.visit::<wire::ExchangeRequest>();
    visitor.visit::<wire::StopRequest>();
    visitor.visit::<wire::FlowRequest>();
    visitor.visit::<wire::ResyncRequest>();
    visitor.visit::<wire::ConfirmRequest>();
    visitor.visit::<wire::ExtendRequest>();
}

impl Bank<Directory> {
    /// Runs `op` with the directory's own (demo) passwords judging any password it carries: the
    /// in-browser demo bank and the conformance suite's domain bank.
    pub fn run<O: Operation>(
        &mut self,
        op: &O,
        ledger: &mut Ledger,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<O::Answer, BankError> {
        let mut cx = Context::new(now, rng);
        if let Subject::Credentials {
            contract_id,
            password,
        } = op.subject()
        {
            cx.password = self
                .directory
                .password_verdict(contract_id, password.expose());
        }
        op.apply(self, ledger, &mut cx)
    }
}

impl Bank<Directory> {
    /// [`Bank::run`], with the audit trail's events of the step as a server derives them (about
    /// the contract the request names, or its flow's): the demo bank's ご利用履歴 records them.
    /// Also that contract (the ID typed, or the flow's as it was before the step), whose
    /// ご利用履歴 a flow's last step answers with.
    pub fn run_recorded<O: Operation>(
        &mut self,
        op: &O,
        ledger: &mut Ledger,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> (Result<O::Answer, BankError>, Vec<Event>, Option<ContractId>) {
        let contract_id = match op.subject() {
            Subject::Credentials { contract_id, .. } => Some(contract_id.clone()),
            Subject::Flow(flow) => self.flows().get(flow).map(|f| f.contract_id.clone()),
        };
        let before = ledger.clone();
        let result = self.run(op, ledger, now, rng);
        let events = step_events(
            op.audit_step(),
            result.as_ref().map(O::success).map_err(|e| *e),
            contract_id.as_ref(),
            op.new_serial(),
            &before,
            ledger,
        );
        (result, events, contract_id)
    }
}

impl Operation for wire::LoginRequest {
    const PATH: &'static str = paths::LOGIN;
    type Answer = LoginStep;

    fn subject(&self) -> Subject<'_> {
        Subject::Credentials {
            contract_id: &self.contract_id,
            password: &self.password,
        }
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<LoginStep, BankError> {
        bank.login(ledger, &self.contract_id, cx.password, cx.now, cx.rng)
    }

    fn audit_step(&self) -> Step {
        Step::Login
    }

    fn success(answer: &LoginStep) -> Success<'_> {
        match answer {
            LoginStep::Done { .. } => Success::LoggedIn,
            LoginStep::NeedsCode { .. } => Success::Pending,
        }
    }

    fn logs_in(answer: &LoginStep) -> Option<&ContractId> {
        match answer {
            LoginStep::Done { session } => Some(&session.contract_id),
            LoginStep::NeedsCode { .. } => None,
        }
    }
}

impl Operation for wire::LoginCodeRequest {
    const PATH: &'static str = paths::LOGIN_CODE;
    type Answer = Session;

    fn subject(&self) -> Subject<'_> {
        Subject::Flow(&self.flow)
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<Session, BankError> {
        bank.login_code(ledger, &self.flow, &self.code, cx.now)
    }

    fn audit_step(&self) -> Step {
        Step::LoginCode
    }

    fn success(_: &Session) -> Success<'_> {
        Success::LoggedIn
    }

    fn logs_in(answer: &Session) -> Option<&ContractId> {
        Some(&answer.contract_id)
    }
}

impl Operation for wire::AuthenticateRequest {
    const PATH: &'static str = paths::AUTHENTICATE;
    type Answer = Authenticated;

    fn subject(&self) -> Subject<'_> {
        Subject::Credentials {
            contract_id: &self.contract_id,
            password: &self.password,
        }
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<Authenticated, BankError> {
        bank.authenticate(
            self.procedure,
            ledger,
            &self.contract_id,
            cx.password,
            cx.now,
            cx.rng,
        )
    }

    fn audit_step(&self) -> Step {
        Step::Authenticate(self.procedure)
    }

    fn success(_: &Authenticated) -> Success<'_> {
        Success::Authenticated
    }
}

/// A flow's token step (利用開始's registration, 交換, 利用中止 with a code, the loss report):
/// answered with the card challenge, recorded as the token step, moving the flow on.
macro_rules! token_step {
    ($(#[$doc:meta])* $request:ty => $path:expr,
     |$op:ident, $bank:ident, $ledger:ident, $cx:ident| $apply:expr,
     new_serial: |$s:ident| $serial:expr) => {
        $(#[$doc])*
        impl Operation for $request {
            const PATH: &'static str = $path;
            type Answer = CardChallenge;

            fn subject(&self) -> Subject<'_> {
                Subject::Flow(&self.flow)
            }

            fn apply<D: Lookup, R: RandomSource>(
                &self,
                $bank: &mut Bank<D>,
                $ledger: &mut Ledger,
                $cx: &mut Context<'_, R>,
            ) -> Result<CardChallenge, BankError> {
                let $op = self;
                $apply
            }

            fn audit_step(&self) -> Step {
                Step::Token
            }

            fn success(_: &CardChallenge) -> Success<'_> {
                Success::Pending
            }

            fn new_serial(&self) -> Option<&Serial> {
                let $s = self;
                $serial
            }
        }
    };
}

token_step!(
    wire::RegisterRequest => paths::REGISTER,
    |op, bank, ledger, cx| {
        bank.register_token(ledger, &op.flow, &op.token, cx.now, cx.rng)
    },
    new_serial: |op| Some(&op.token.serial)
);

token_step!(
    wire::ExchangeRequest => paths::EXCHANGE,
    |op, bank, ledger, cx| bank.exchange_token(ledger, &op.flow, &op.replacement(), cx.now, cx.rng),
    new_serial: |op| Some(&op.token.serial)
);

token_step!(
    wire::StopRequest => paths::STOP,
    |op, bank, ledger, cx| bank.stop_with_code(ledger, &op.flow, &op.code, cx.now, cx.rng),
    new_serial: |op| { let _ = op; None }
);

token_step!(
    /// 紛失・故障のお届け: the request names only its flow.
    wire::FlowRequest => paths::STOP_LOST,
    |op, bank, ledger, cx| bank.report_lost(ledger, &op.flow, cx.now, cx.rng),
    new_serial: |op| { let _ = op; None }
);

impl Operation for wire::ResyncRequest {
    const PATH: &'static str = paths::RESYNC;
    type Answer = Finished<Resynced>;

    fn subject(&self) -> Subject<'_> {
        Subject::Flow(&self.flow)
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<Finished<Resynced>, BankError> {
        let codes = ResyncCodes {
            first: self.first.clone(),
            second: self.second.clone(),
        };
        bank.resync_token(ledger, &self.flow, &codes, cx.now)
            .map(Finished::new)
    }

    fn audit_step(&self) -> Step {
        Step::Token
    }

    fn success(answer: &Finished<Resynced>) -> Success<'_> {
        Success::Resynced(&answer.answer.serial)
    }

    fn history_slot(answer: &mut Finished<Resynced>) -> Option<&mut Option<Vec<HistoryEntry>>> {
        Some(&mut answer.history)
    }
}

impl Operation for wire::ConfirmRequest {
    const PATH: &'static str = paths::CONFIRM;
    type Answer = Finished<Receipt>;

    fn subject(&self) -> Subject<'_> {
        Subject::Flow(&self.flow)
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        ledger: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<Finished<Receipt>, BankError> {
        bank.confirm_card(ledger, &self.flow, self.answers, cx.now)
            .map(Finished::new)
    }

    fn audit_step(&self) -> Step {
        Step::Card
    }

    fn success(answer: &Finished<Receipt>) -> Success<'_> {
        Success::Changed(&answer.answer.change)
    }

    fn history_slot(answer: &mut Finished<Receipt>) -> Option<&mut Option<Vec<HistoryEntry>>> {
        Some(&mut answer.history)
    }
}

impl Operation for wire::ExtendRequest {
    const PATH: &'static str = paths::FLOW_EXTEND;
    type Answer = wire::Status;

    fn subject(&self) -> Subject<'_> {
        Subject::Flow(&self.flow)
    }

    fn apply<D: Lookup, R: RandomSource>(
        &self,
        bank: &mut Bank<D>,
        _: &mut Ledger,
        cx: &mut Context<'_, R>,
    ) -> Result<wire::Status, BankError> {
        bank.extend_flow(&self.flow, cx.now)
            .map(|Extended| wire::Status::ok())
    }

    fn audit_step(&self) -> Step {
        Step::Extend
    }

    fn success(_: &wire::Status) -> Success<'_> {
        Success::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_data;
    use crate::flows::Procedure;
    use crate::input;
    use crate::OsRandom;

    /// The paths every operation names, in [`each`]'s order.
    struct Paths(Vec<&'static str>);
    impl Visitor for Paths {
        fn visit<O: Operation>(&mut self) {
            self.0.push(O::PATH);
        }
    }

    #[test]
    fn every_operation_is_listed_once_with_its_own_path() {
        let mut paths = Paths(Vec::new());
        each(&mut paths);
        let mut unique = paths.0.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), paths.0.len(), "{:?}", paths.0);
        assert_eq!(paths.0.len(), 10);
    }

    fn password(p: &str) -> Password {
        Password::try_from(p.to_owned()).unwrap()
    }

    #[test]
    fn a_password_step_run_without_a_verdict_never_passes() {
        let mut bank = Bank::new(demo_data::directory());
        let mut ledger = demo_data::seeded_ledger();
        let c = demo_data::CUSTOMERS[0];
        let op = wire::AuthenticateRequest {
            procedure: Procedure::Start,
            contract_id: input::contract_id(c.contract_id).unwrap(),
            password: password(c.password),
        };
        let mut rng = OsRandom;
        let unjudged = op.apply(&mut bank, &mut ledger, &mut Context::new(0, &mut rng));
        assert_eq!(unjudged.err(), Some(BankError::BadCredentials));
        assert!(bank.run(&op, &mut ledger, 0, &mut rng).is_ok());
    }

    #[test]
    fn a_step_run_in_the_page_gives_the_events_a_server_records() {
        use crate::audit::EventKind;
        let mut bank = Bank::new(demo_data::directory());
        let mut ledger = demo_data::seeded_ledger();
        let c = demo_data::CUSTOMERS[1]; // SKHT20000002 in use, asked at login
        let id = input::contract_id(c.contract_id).unwrap();
        let login = wire::LoginRequest {
            contract_id: id.clone(),
            password: password(c.password),
        };
        let (step, events, contract) = bank.run_recorded(&login, &mut ledger, 0, &mut OsRandom);
        assert_eq!(contract.as_ref(), Some(&id), "the ID typed");
        let Ok(LoginStep::NeedsCode { flow }) = step else {
            panic!("{step:?}")
        };
        assert!(events.is_empty(), "a code is asked next: nothing to record");
        let code = input::otp_code("000000").unwrap();
        let wrong = wire::LoginCodeRequest { flow, code };
        let (refused, events, contract) = bank.run_recorded(&wrong, &mut ledger, 0, &mut OsRandom);
        assert!(refused.is_err());
        assert_eq!(contract.as_ref(), Some(&id), "the flow's");
        // About the flow's contract and its token, though the request names neither.
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].kind, EventKind::CodeRefused);
        assert_eq!(events[0].contract_id.as_ref(), Some(&id));
        assert_eq!(
            events[0].serial.as_ref().map(|s| s.as_str()),
            Some("SKHT20000002")
        );
    }

    #[test]
    fn a_login_opens_a_session_only_once_it_is_done() {
        let mut bank = Bank::new(demo_data::directory());
        let mut ledger = demo_data::seeded_ledger();
        let mut login = |c: demo_data::DemoCustomer| {
            let op = wire::LoginRequest {
                contract_id: input::contract_id(c.contract_id).unwrap(),
                password: password(c.password),
            };
            (
                op.contract_id.clone(),
                bank.run(&op, &mut ledger, 0, &mut OsRandom),
            )
        };
        // Asked for no code: logged in at once, as the customer the request named.
        let (hanako, done) = login(demo_data::CUSTOMERS[0]);
        let done = done.unwrap();
        assert_eq!(wire::LoginRequest::logs_in(&done), Some(&hanako));
        // Asked for a code: no session until the code step.
        let (_, pending) = login(demo_data::CUSTOMERS[1]);
        assert_eq!(wire::LoginRequest::logs_in(&pending.unwrap()), None);
        let session = Session {
            contract_id: hanako.clone(),
            name: String::new(),
            token: None,
        };
        assert_eq!(
            wire::LoginCodeRequest::logs_in(&session),
            Some(&hanako),
            "the code step logs in its flow's customer"
        );
    }

    #[test]
    fn the_directory_judges_the_password_the_request_carries() {
        let mut bank = Bank::new(demo_data::directory());
        let mut ledger = demo_data::seeded_ledger();
        let c = demo_data::CUSTOMERS[0];
        let op = |p: &str| wire::LoginRequest {
            contract_id: input::contract_id(c.contract_id).unwrap(),
            password: password(p),
        };
        let wrong = bank.run(&op("wrong123"), &mut ledger, 0, &mut OsRandom);
        assert_eq!(wrong.err(), Some(BankError::BadCredentials));
        let right = bank.run(&op(c.password), &mut ledger, 0, &mut OsRandom);
        assert!(matches!(right, Ok(LoginStep::Done { .. })));
    }
}

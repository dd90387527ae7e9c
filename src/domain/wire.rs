//! The HTTP contract: the JSON bodies of every `BankApi` call, the problem+json error body and the
//! one table of error codes and HTTP statuses — used by the page's HTTP bank and by the server alike.
//!
//! `docs/api.md` describes the same contract for a bank's back-end team; a server test fails when its
//! routes and that document disagree. Field values that have an input rule deserialise only through
//! their validator ([`ContractId`], [`Serial`], [`OtpCode`], [`FlowId`], [`Password`]), so a body
//! that parses is already valid. Enumerations are spelled in `snake_case` on the wire, through
//! their own types here, so the wire never depends on how the demo bank stores its ledger.

use crate::back_office::{self, BackOffice, DeskCase, VendorToken};
use crate::bank::{self, LoginStep};
use crate::card::{CardChallenge, COLUMN_LABELS};
use crate::errors::BankError;
use crate::flows::{self, Change, FlowId};
use crate::input::{self, ContractId, OtpCode, Serial};
use crate::ledger::{self, Enrolment};
use crate::token;
use serde::{Deserialize, Serialize};

// ── paths ───────────────────────────────────────────────────────────────────────────────────

/// Every path of the API, one constant each, so client and server cannot spell one differently.
pub mod paths {
    /// The prefix of every API path (also the cookies' `Path`).
    pub const PREFIX: &str = "/api/v1";
    /// ログイン: ID and password.
    pub const LOGIN: &str = "/api/v1/login";
    /// ログイン's one-time password step.
    pub const LOGIN_CODE: &str = "/api/v1/login/code";
    /// The current session (who is logged in).
    pub const SESSION: &str = "/api/v1/session";
    /// Ends the session.
    pub const LOGOUT: &str = "/api/v1/logout";
    /// 利用者認証 for 利用開始, 交換 or 利用中止: opens a flow.
    pub const AUTHENTICATE: &str = "/api/v1/authenticate";
    /// ワンタイムパスワードの登録 (利用開始).
    pub const REGISTER: &str = "/api/v1/register";
    /// 交換's token step.
    pub const EXCHANGE: &str = "/api/v1/exchange";
    /// 利用中止 with a code from the token in use.
    pub const STOP: &str = "/api/v1/stop";
    /// 紛失・故障のお届け (利用中止 without a code).
    pub const STOP_LOST: &str = "/api/v1/stop/lost";
    /// 確認用パスワード入力: completes the flow.
    pub const CONFIRM: &str = "/api/v1/confirm";
    /// Liveness, for scripts waiting on the server.
    pub const HEALTH: &str = "/api/v1/health";
    /// Readiness: the database answers (`503 busy` when it does not).
    pub const READY: &str = "/api/v1/ready";
    /// Demo only (`--demo`): issues a new token.
    pub const DEMO_TOKENS: &str = "/api/v1/demo/tokens";
    /// Demo only: the bank's own step (customer confirmed by another channel).
    pub const DEMO_STOP_BY_BANK: &str = "/api/v1/demo/stop-by-bank";
    /// Demo only: back to the seeded demo data.
    pub const DEMO_RESET: &str = "/api/v1/demo/reset";
    /// Demo only: every token (seeds included) with its holder, and who waits at the bank's desk.
    pub const DEMO_BACK_OFFICE: &str = "/api/v1/demo/back-office";
}

/// The media type of every request and successful response body.
pub const JSON: &str = "application/json";
/// The media type of every error body (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

// ── values ──────────────────────────────────────────────────────────────────────────────────

/// A ログインパスワード as sent: deserialises only through [`input::password`] (6–12 half-width
/// letters and digits, taken exactly as typed) and never shows in `{:?}` output.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Password(String);

impl Password {
    /// The password, for the one comparison that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Password {
    type Error = &'static str;
    fn try_from(raw: String) -> Result<Password, Self::Error> {
        input::password(&raw).map_err(|_| "not a valid login password")?;
        Ok(Password(raw))
    }
}

impl From<Password> for String {
    fn from(p: Password) -> String {
        p.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(******)")
    }
}

/// Declares a wire enumeration mirroring a domain one, with conversions both ways.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident <=> $domain:path { $($(#[$vdoc:meta])* $v:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $v),* }

        impl From<$domain> for $name {
            fn from(value: $domain) -> $name {
                use $domain as D;
                match value { $(D::$v => $name::$v),* }
            }
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> $domain {
                use $domain as D;
                match value { $($name::$v => D::$v),* }
            }
        }
    };
}

wire_enum!(
    /// `"start"` (利用開始), `"exchange"` (交換) or `"stop"` (利用中止).
    Procedure <=> flows::Procedure { /** 利用開始. */ Start, /** 交換. */ Exchange, /** 利用中止. */ Stop }
);
wire_enum!(
    /// ログイン時のワンタイムパスワード認証要否: `"required"` (認証する) or `"not_required"` (認証しない).
    LoginOtp <=> ledger::LoginOtp { /** 認証する. */ Required, /** 認証しない. */ NotRequired }
);
wire_enum!(
    /// A token in use: `"active"`, or `"suspended"` after a loss report.
    TokenStatus <=> ledger::EnrolmentStatus { /** In use. */ Active, /** Reported lost or broken. */ Suspended }
);
wire_enum!(
    /// Why a customer waits at the bank's desk: `"suspended"` (reported lost) or `"locked"`.
    DeskReason <=> back_office::DeskReason { /** Reported lost or broken. */ Suspended, /** Locked by wrong codes. */ Locked }
);
wire_enum!(
    /// `"software"` (SKTS…) or `"hardware"` (SKHT…).
    TokenModel <=> input::TokenModel { /** The app on a phone. */ Software, /** The key-fob token. */ Hardware }
);

// ── shared parts of bodies ──────────────────────────────────────────────────────────────────

/// The customer's token in use, as 交換's and 利用中止's screens and the top page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInUse {
    /// シリアル番号 (the page shows it masked).
    pub serial: Serial,
    /// Whether login asks for a code.
    pub login_otp: LoginOtp,
    /// Active or suspended.
    pub status: TokenStatus,
    /// When 利用開始 (or 交換) completed, Unix seconds.
    pub enrolled_at: u64,
}

impl TokenInUse {
    /// The domain's enrolment of `contract_id` with this token.
    pub fn into_enrolment(self, contract_id: ContractId) -> Enrolment {
        Enrolment {
            contract_id,
            serial: self.serial,
            login_otp: self.login_otp.into(),
            status: self.status.into(),
            enrolled_at: self.enrolled_at,
        }
    }
}

impl From<Enrolment> for TokenInUse {
    fn from(e: Enrolment) -> TokenInUse {
        TokenInUse {
            serial: e.serial,
            login_otp: e.login_otp.into(),
            status: e.status.into(),
            enrolled_at: e.enrolled_at,
        }
    }
}

/// A logged-in customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// 契約者ID（利用者番号）.
    pub contract_id: ContractId,
    /// Name shown on the top page.
    pub name: String,
    /// Their token in use, if any.
    pub token: Option<TokenInUse>,
}

impl From<bank::Session> for Session {
    fn from(s: bank::Session) -> Session {
        Session {
            contract_id: s.contract_id,
            name: s.name,
            token: s.enrolment.map(TokenInUse::from),
        }
    }
}

impl From<Session> for bank::Session {
    fn from(s: Session) -> bank::Session {
        bank::Session {
            enrolment: s.token.map(|t| t.into_enrolment(s.contract_id.clone())),
            contract_id: s.contract_id,
            name: s.name,
        }
    }
}

/// The two columns of the お客様カード asked for, 0 = ア … 7 = ク, always distinct; `labels` repeats
/// them as katakana for reading convenience (the indexes are what counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ChallengeFields")]
pub struct Challenge {
    /// Column whose digit goes in (1).
    pub first: u8,
    /// Column whose digit goes in (2).
    pub second: u8,
    /// The two columns' katakana, e.g. `["ウ", "カ"]`.
    pub labels: [String; 2],
}

/// A challenge as it arrives, before its columns are checked.
#[derive(Deserialize)]
struct ChallengeFields {
    first: u8,
    second: u8,
}

impl TryFrom<ChallengeFields> for Challenge {
    type Error = &'static str;
    fn try_from(c: ChallengeFields) -> Result<Challenge, Self::Error> {
        let on_card = |i: u8| usize::from(i) < COLUMN_LABELS.len();
        if !(on_card(c.first) && on_card(c.second) && c.first != c.second) {
            return Err("a challenge names two distinct columns 0..8");
        }
        Ok(Challenge::from(CardChallenge {
            first: c.first.into(),
            second: c.second.into(),
        }))
    }
}

impl From<CardChallenge> for Challenge {
    fn from(c: CardChallenge) -> Challenge {
        let (a, b) = c.labels();
        // Columns are < 8 (CardChallenge::draw), so they fit a u8.
        Challenge {
            first: c.first as u8,
            second: c.second as u8,
            labels: [a.to_owned(), b.to_owned()],
        }
    }
}

impl From<Challenge> for CardChallenge {
    fn from(c: Challenge) -> CardChallenge {
        CardChallenge {
            first: c.first.into(),
            second: c.second.into(),
        }
    }
}

/// What a flow changed (or will change), for 処理結果. Tagged by `kind`; read through
/// `ChangeFields`, a flat struct checked by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ChangeFields")]
pub enum ChangeBody {
    /// 利用開始: `serial` is now in use.
    Started {
        /// The token registered.
        serial: Serial,
        /// Whether login asks for a code.
        login_otp: LoginOtp,
    },
    /// 交換: `new` replaces `old`.
    Exchanged {
        /// The token no longer in use.
        old: Serial,
        /// The token now in use.
        new: Serial,
        /// Whether login asks for a code.
        login_otp: LoginOtp,
    },
    /// 利用中止: `serial` is no longer in use; login no longer asks for a code.
    Stopped {
        /// The token stopped.
        serial: Serial,
    },
    /// 紛失・故障のお届け: `serial` is suspended; login stays closed until the bank confirms.
    Suspended {
        /// The token reported.
        serial: Serial,
    },
}

/// A [`ChangeBody`] as it arrives: its fields read flat, then those of its `kind` required (any
/// other field ignored, as serde ignores unknown fields). Serde's own reading of a tagged enum
/// buffers the whole object first, and that costs the wasm about 10 KB; this reads the same JSON.
#[derive(Deserialize)]
struct ChangeFields {
    kind: ChangeKind,
    serial: Option<Serial>,
    old: Option<Serial>,
    new: Option<Serial>,
    login_otp: Option<LoginOtp>,
}

/// The `kind` of a [`ChangeBody`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ChangeKind {
    Started,
    Exchanged,
    Stopped,
    Suspended,
}

impl TryFrom<ChangeFields> for ChangeBody {
    type Error = &'static str;
    fn try_from(f: ChangeFields) -> Result<ChangeBody, Self::Error> {
        const MISSING: &str = "a change lacks a field of its kind";
        Ok(match f.kind {
            ChangeKind::Started => ChangeBody::Started {
                serial: f.serial.ok_or(MISSING)?,
                login_otp: f.login_otp.ok_or(MISSING)?,
            },
            ChangeKind::Exchanged => ChangeBody::Exchanged {
                old: f.old.ok_or(MISSING)?,
                new: f.new.ok_or(MISSING)?,
                login_otp: f.login_otp.ok_or(MISSING)?,
            },
            ChangeKind::Stopped => ChangeBody::Stopped {
                serial: f.serial.ok_or(MISSING)?,
            },
            ChangeKind::Suspended => ChangeBody::Suspended {
                serial: f.serial.ok_or(MISSING)?,
            },
        })
    }
}

impl From<Change> for ChangeBody {
    fn from(c: Change) -> ChangeBody {
        match c {
            Change::Started { serial, login_otp } => ChangeBody::Started {
                serial,
                login_otp: login_otp.into(),
            },
            Change::Exchanged {
                old,
                new,
                login_otp,
            } => ChangeBody::Exchanged {
                old,
                new,
                login_otp: login_otp.into(),
            },
            Change::Stopped { serial } => ChangeBody::Stopped { serial },
            Change::Suspended { serial } => ChangeBody::Suspended { serial },
        }
    }
}

impl From<ChangeBody> for Change {
    fn from(c: ChangeBody) -> Change {
        match c {
            ChangeBody::Started { serial, login_otp } => Change::Started {
                serial,
                login_otp: login_otp.into(),
            },
            ChangeBody::Exchanged {
                old,
                new,
                login_otp,
            } => Change::Exchanged {
                old,
                new,
                login_otp: login_otp.into(),
            },
            ChangeBody::Stopped { serial } => Change::Stopped { serial },
            ChangeBody::Suspended { serial } => Change::Suspended { serial },
        }
    }
}

// ── requests and responses, one pair per call ───────────────────────────────────────────────

/// `POST /api/v1/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// 契約者ID, canonical (11 half-width digits).
    pub contract_id: ContractId,
    /// ログインパスワード.
    pub password: Password,
}

/// The answer to [`LoginRequest`]: logged in, or a code is needed in `flow`. Tagged by `status`;
/// read through the flat `LoginFields` (as [`ChangeBody`] is, and for the same reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "LoginFields")]
pub enum LoginResponse {
    /// Logged in (the session cookie is set).
    Done {
        /// Who.
        session: Session,
    },
    /// The customer chose 認証する: send a code to `/api/v1/login/code` in this flow.
    NeedsCode {
        /// The flow of the code step.
        flow: FlowId,
    },
}

/// A [`LoginResponse`] as it arrives: read flat, then its status's field required (the other
/// ignored).
#[derive(Deserialize)]
struct LoginFields {
    status: LoginStatus,
    session: Option<Session>,
    flow: Option<FlowId>,
}

/// The `status` of a [`LoginResponse`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum LoginStatus {
    Done,
    NeedsCode,
}

impl TryFrom<LoginFields> for LoginResponse {
    type Error = &'static str;
    fn try_from(f: LoginFields) -> Result<LoginResponse, Self::Error> {
        const MISSING: &str = "a login answer lacks the field of its status";
        Ok(match f.status {
            LoginStatus::Done => LoginResponse::Done {
                session: f.session.ok_or(MISSING)?,
            },
            LoginStatus::NeedsCode => LoginResponse::NeedsCode {
                flow: f.flow.ok_or(MISSING)?,
            },
        })
    }
}

impl From<LoginStep> for LoginResponse {
    fn from(step: LoginStep) -> LoginResponse {
        match step {
            LoginStep::Done(session) => LoginResponse::Done {
                session: session.into(),
            },
            LoginStep::NeedsCode(flow) => LoginResponse::NeedsCode { flow },
        }
    }
}

impl From<LoginResponse> for LoginStep {
    fn from(r: LoginResponse) -> LoginStep {
        match r {
            LoginResponse::Done { session } => LoginStep::Done(session.into()),
            LoginResponse::NeedsCode { flow } => LoginStep::NeedsCode(flow),
        }
    }
}

/// `POST /api/v1/login/code`; answered with a [`Session`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginCodeRequest {
    /// The flow from [`LoginResponse::NeedsCode`].
    pub flow: FlowId,
    /// The token's code.
    pub code: OtpCode,
}

/// `POST /api/v1/authenticate`: 利用者認証.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthenticateRequest {
    /// Which procedure the flow is for.
    pub procedure: Procedure,
    /// 契約者ID, canonical.
    pub contract_id: ContractId,
    /// ログインパスワード.
    pub password: Password,
}

/// The answer to [`AuthenticateRequest`]: the new flow and the token in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticateResponse {
    /// The flow's handle, for every later step.
    pub flow: FlowId,
    /// The customer's token in use, if any (交換 and 利用中止 show it).
    pub current: Option<TokenInUse>,
}

impl AuthenticateResponse {
    /// The domain's answer, for `contract_id` (the one the request named).
    pub fn into_authenticated(self, contract_id: &ContractId) -> bank::Authenticated {
        bank::Authenticated {
            flow: self.flow,
            current: self.current.map(|t| t.into_enrolment(contract_id.clone())),
        }
    }
}

impl From<bank::Authenticated> for AuthenticateResponse {
    fn from(a: bank::Authenticated) -> AuthenticateResponse {
        AuthenticateResponse {
            flow: a.flow,
            current: a.current.map(TokenInUse::from),
        }
    }
}

/// A new token's three fields (ワンタイムパスワードの登録).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    /// シリアル番号, canonical.
    pub serial: Serial,
    /// A code it shows now.
    pub code: OtpCode,
    /// ログイン時のワンタイムパスワード認証要否.
    pub login_otp: LoginOtp,
}

impl From<NewTokenBody> for bank::NewToken {
    fn from(b: NewTokenBody) -> bank::NewToken {
        bank::NewToken {
            serial: b.serial,
            code: b.code,
            login_otp: b.login_otp.into(),
        }
    }
}

impl From<bank::NewToken> for NewTokenBody {
    fn from(t: bank::NewToken) -> NewTokenBody {
        NewTokenBody {
            serial: t.serial,
            code: t.code,
            login_otp: t.login_otp.into(),
        }
    }
}

/// `POST /api/v1/register`; answered with a [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The flow from 利用者認証 for `"start"`.
    pub flow: FlowId,
    /// The token to register.
    pub token: NewTokenBody,
}

/// `POST /api/v1/exchange`; answered with a [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRequest {
    /// The flow from 利用者認証 for `"exchange"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub current_code: OtpCode,
    /// The replacement.
    pub token: NewTokenBody,
}

impl ExchangeRequest {
    /// The domain's request.
    pub fn replacement(&self) -> bank::Replacement {
        bank::Replacement {
            current_code: self.current_code.clone(),
            new: self.token.clone().into(),
        }
    }
}

/// `POST /api/v1/stop`; answered with a [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRequest {
    /// The flow from 利用者認証 for `"stop"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub code: OtpCode,
}

/// `POST /api/v1/stop/lost` (also the shape of any request naming only its flow); answered with a
/// [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    /// The flow from 利用者認証 for `"stop"`.
    pub flow: FlowId,
}

/// `POST /api/v1/confirm`; answered with a [`Receipt`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The flow at its card step.
    pub flow: FlowId,
    /// The digits under (1) and (2), each 0–9.
    #[serde(deserialize_with = "card_digits")]
    pub answers: [u8; 2],
}

/// Two digits 0–9: anything else is not an answer at all (and is refused before it could count).
fn card_digits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[u8; 2], D::Error> {
    let answers = <[u8; 2]>::deserialize(d)?;
    if answers.iter().all(|&a| a <= 9) {
        Ok(answers)
    } else {
        Err(serde::de::Error::custom("card answers are digits 0–9"))
    }
}

/// 処理結果: what the flow changed, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// What changed.
    pub change: ChangeBody,
    /// When, Unix seconds.
    pub at: u64,
}

impl From<bank::Receipt> for Receipt {
    fn from(r: bank::Receipt) -> Receipt {
        Receipt {
            change: r.change.into(),
            at: r.at,
        }
    }
}

impl From<Receipt> for bank::Receipt {
    fn from(r: Receipt) -> bank::Receipt {
        bank::Receipt {
            change: r.change.into(),
            at: r.at,
        }
    }
}

/// `POST /api/v1/logout`'s and `GET /api/v1/health`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// `"ok"`.
    pub status: String,
}

impl Status {
    /// `{"status":"ok"}`.
    pub fn ok() -> Status {
        Status {
            status: "ok".into(),
        }
    }
}

/// `POST /api/v1/demo/tokens` (demo only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueTokenRequest {
    /// Which kind of token to make.
    pub model: TokenModel,
}

/// A token the demo vendor made: its serial and its `otpauth://` URI (which carries the seed —
/// demo only; a real bank's server never sends a seed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    /// シリアル番号.
    pub serial: Serial,
    /// Software or hardware.
    pub model: TokenModel,
    /// The Key Uri Format URI an authenticator app (or the kit's emulator) reads.
    pub otpauth_uri: String,
}

/// `POST /api/v1/demo/stop-by-bank` (demo only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopByBankRequest {
    /// Whose token the bank stops.
    pub contract_id: ContractId,
}

/// The answer to [`StopByBankRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopByBankResponse {
    /// The token stopped, if the customer had one.
    pub stopped: Option<Serial>,
}

/// `GET /api/v1/demo/back-office` (demo only): what the kit shows of the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackOfficeView {
    /// Every token of the vendor's registry, oldest first.
    pub tokens: Vec<RegistryToken>,
    /// Customers whose token is suspended or locked.
    pub desk: Vec<DeskEntry>,
}

/// A token of the registry: as [`IssuedToken`], with its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryToken {
    /// The token, its seed inside the otpauth URI.
    #[serde(flatten)]
    pub token: IssuedToken,
    /// Who uses it (`null`: free).
    pub holder: Option<ContractId>,
}

/// A customer waiting at the bank's desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEntry {
    /// Whose token.
    pub contract_id: ContractId,
    /// Why.
    pub reason: DeskReason,
}

impl From<&token::Token> for IssuedToken {
    fn from(t: &token::Token) -> IssuedToken {
        IssuedToken {
            serial: t.serial.clone(),
            model: t.model.into(),
            otpauth_uri: token::otpauth_uri(t),
        }
    }
}

impl IssuedToken {
    /// The token the URI describes; `None` if it is not one of the demo vendor's URIs for this
    /// serial and model.
    pub fn token(&self) -> Option<token::Token> {
        token::from_otpauth_uri(&self.otpauth_uri)
            .filter(|t| t.serial == self.serial && TokenModel::from(t.model) == self.model)
    }
}

impl From<&BackOffice> for BackOfficeView {
    fn from(office: &BackOffice) -> BackOfficeView {
        BackOfficeView {
            tokens: office
                .tokens
                .iter()
                .map(|t| RegistryToken {
                    token: IssuedToken::from(&t.token),
                    holder: t.holder.clone(),
                })
                .collect(),
            desk: office
                .desk
                .iter()
                .map(|c| DeskEntry {
                    contract_id: c.contract_id.clone(),
                    reason: c.reason.into(),
                })
                .collect(),
        }
    }
}

impl BackOfficeView {
    /// The back office again; `None` if a token's URI does not read back (an answer not of this
    /// contract).
    pub fn read(self) -> Option<BackOffice> {
        let tokens = self
            .tokens
            .into_iter()
            .map(|t| {
                Some(VendorToken {
                    token: t.token.token()?,
                    holder: t.holder,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let desk = self
            .desk
            .into_iter()
            .map(|d| DeskCase {
                contract_id: d.contract_id,
                reason: d.reason.into(),
            })
            .collect();
        Some(BackOffice { tokens, desk })
    }
}

// ── errors ──────────────────────────────────────────────────────────────────────────────────

/// Every error the API answers: the bank's refusals, and what the HTTP layer itself refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A refusal by the bank's rules.
    Bank(BankError),
    /// The body is not JSON of the endpoint's shape, or a field breaks its input rule.
    InvalidRequest,
    /// No valid session (`GET /api/v1/session`).
    SessionInvalid,
    /// `Origin` or `Sec-Fetch-Site` says the request comes from another site.
    ForbiddenOrigin,
    /// No such endpoint (or a demo endpoint without `--demo`).
    NotFound,
    /// The endpoint exists but not for this method.
    MethodNotAllowed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// A POST without `Content-Type: application/json`.
    UnsupportedMediaType,
    /// Too many requests from one address, or logins for one contract ID, in the server's window;
    /// `Retry-After` says when to try again.
    RateLimited,
    /// Something failed inside the server.
    Internal,
    /// The request lost a race with another one twice; `Retry-After` says when to try again.
    Busy,
    /// The request's `Host` is not one of the server's public origins (DNS rebinding, or a proxy
    /// that does not keep the browser's `Host`).
    MisdirectedRequest,
    /// The bank's stop (demo kit's 当金庫での本人確認) asked for an active token that is not
    /// locked: the bank stops only a suspended or locked one; the customer stops theirs with 利用中止.
    TokenActive,
}

/// One row of the error table: the code, its stable name, HTTP status and problem title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The error.
    pub code: ErrorCode,
    /// The stable `code` string of the problem body.
    pub name: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The problem's `title` (English; the page shows its own Japanese message per `code`).
    pub title: &'static str,
}

const fn entry(
    code: ErrorCode,
    name: &'static str,
    status: u16,
    title: &'static str,
) -> ErrorEntry {
    ErrorEntry {
        code,
        name,
        status,
        title,
    }
}

use BankError as B;
use ErrorCode as E;

/// THE table: every [`BankError`] and every HTTP-level error, its stable `code` and its status.
/// Failed proofs inside a flow are 422, a wrong ID or password 401, locks 423, an expired flow 410.
#[rustfmt::skip] // one row per line: it is a table
pub const ERRORS: [ErrorEntry; 31] = [
    entry(E::Bank(B::BadCredentials), "invalid_credentials", 401, "Contract ID or password is wrong"),
    entry(E::Bank(B::LoginLocked), "login_locked", 423, "Login is locked after repeated wrong passwords"),
    entry(E::Bank(B::AlreadyEnrolled), "already_enrolled", 409, "A token is already in use"),
    entry(E::Bank(B::NotEnrolled), "not_enrolled", 409, "No token is in use"),
    entry(E::Bank(B::WrongCode), "otp_invalid", 422, "The one-time password is wrong"),
    entry(E::Bank(B::ClockDrift), "clock_drift", 422, "The one-time password is outside the time window"),
    entry(E::Bank(B::CodeUsed), "otp_reused", 422, "The one-time password was already used"),
    entry(E::Bank(B::TokenLocked), "token_locked", 423, "The token is locked after repeated wrong codes"),
    entry(E::Bank(B::TokenSuspended), "token_suspended", 423, "The token was reported lost or broken"),
    entry(E::Bank(B::NewTokenRefused), "new_token_refused", 422, "The new token's serial or code is wrong"),
    entry(E::Bank(B::NewTokenClockDrift), "new_token_clock_drift", 422, "The new token's code is outside the time window"),
    entry(E::Bank(B::NewTokenCodeUsed), "new_token_otp_reused", 422, "The new token's code was already used"),
    entry(E::Bank(B::SerialInUse), "serial_in_use", 409, "The token is another customer's"),
    entry(E::Bank(B::SameToken), "same_token", 422, "The replacement is the token already in use"),
    entry(E::Bank(B::NewTokenLocked), "new_token_locked", 423, "Registering tokens is locked after repeated failures"),
    entry(E::Bank(B::WrongCard), "card_mismatch", 422, "The card digits are wrong"),
    entry(E::Bank(B::CardLocked), "card_locked", 423, "The card confirmation is locked after repeated wrong answers"),
    entry(E::Bank(B::FlowExpired), "flow_expired", 410, "The procedure expired after 10 idle minutes"),
    entry(E::Bank(B::FlowInvalid), "flow_invalid", 404, "No such procedure at this step"),
    entry(E::InvalidRequest, "invalid_request", 400, "The request body is not valid"),
    entry(E::SessionInvalid, "session_invalid", 401, "Not logged in"),
    entry(E::ForbiddenOrigin, "forbidden_origin", 403, "Cross-site request refused"),
    entry(E::NotFound, "not_found", 404, "No such endpoint"),
    entry(E::MethodNotAllowed, "method_not_allowed", 405, "Method not allowed"),
    entry(E::PayloadTooLarge, "payload_too_large", 413, "Request body too large"),
    entry(E::UnsupportedMediaType, "unsupported_media_type", 415, "Content-Type must be application/json"),
    entry(E::RateLimited, "rate_limited", 429, "Too many requests"),
    entry(E::Internal, "internal", 500, "Internal server error"),
    entry(E::Busy, "busy", 503, "The server is busy; try again"),
    entry(E::MisdirectedRequest, "misdirected_request", 421, "The Host is not this server's public origin"),
    entry(E::TokenActive, "token_active", 409, "The token is active: the bank stops only a suspended or locked token"),
];

impl ErrorCode {
    /// This error's row of [`ERRORS`].
    pub fn entry(self) -> &'static ErrorEntry {
        ERRORS
            .iter()
            .find(|e| e.code == self)
            .expect("every error code has a row in ERRORS (tested)")
    }

    /// The stable `code` string.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The HTTP status.
    pub fn status(self) -> u16 {
        self.entry().status
    }

    /// The error whose `code` string is `name`.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ERRORS.iter().find(|e| e.name == name).map(|e| e.code)
    }
}

impl From<BankError> for ErrorCode {
    fn from(e: BankError) -> ErrorCode {
        ErrorCode::Bank(e)
    }
}

/// The stable name and the problem title, e.g. `otp_invalid: The one-time password is wrong`.
impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entry = self.entry();
        write!(f, "{}: {}", entry.name, entry.title)
    }
}

impl std::error::Error for ErrorCode {}

/// As its [`ErrorCode`]: the English wording is the error table's, in one place (the customer's
/// Japanese message is `ui::messages`').
impl std::fmt::Display for BankError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        ErrorCode::Bank(*self).fmt(f)
    }
}

impl std::error::Error for BankError {}

/// An RFC 9457 problem body (`application/problem+json`), with the stable `code` extension the
/// page maps to its Japanese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the problem type: `tag:shinkin-otp.example,2026:problem:CODE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short English summary, the same for every occurrence of the type.
    pub title: String,
    /// The HTTP status, repeated.
    pub status: u16,
    /// More about this occurrence, if anything safe to say (never a secret or whether an ID exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The stable code (see [`ERRORS`]).
    pub code: String,
}

/// The prefix of every problem `type`.
pub const PROBLEM_TYPE_PREFIX: &str = "tag:shinkin-otp.example,2026:problem:";

impl Problem {
    /// The problem body for `code`.
    pub fn new(code: ErrorCode, detail: Option<String>) -> Problem {
        let e = code.entry();
        Problem {
            kind: format!("{PROBLEM_TYPE_PREFIX}{}", e.name),
            title: e.title.to_owned(),
            status: e.status,
            detail,
            code: e.name.to_owned(),
        }
    }

    /// The error this body names, if its `code` is known.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_name(&self.code)
    }

    /// The bank's refusal this body names, if it is one.
    pub fn bank_error(&self) -> Option<BankError> {
        match self.error_code()? {
            ErrorCode::Bank(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const ALL_BANK_ERRORS: [BankError; 19] = [
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
            assert!(serde_json::from_str::<Challenge>(body).is_err(), "{body}");
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
            ChangeBody::Started {
                serial: serial(),
                login_otp: LoginOtp::Required,
            },
            ChangeBody::Exchanged {
                old: other.clone(),
                new: serial(),
                login_otp: LoginOtp::NotRequired,
            },
            ChangeBody::Stopped { serial: serial() },
            ChangeBody::Suspended { serial: serial() },
        ] {
            let json = serde_json::to_string(&change).unwrap();
            assert_eq!(serde_json::from_str::<ChangeBody>(&json).unwrap(), change);
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
            assert!(serde_json::from_str::<ChangeBody>(bad).is_err(), "{bad}");
        }
        // A field of another kind is ignored, as any field this client does not know.
        let stopped: ChangeBody = serde_json::from_str(
            r#"{"kind":"stopped","serial":"SKHT20000002","login_otp":"required"}"#,
        )
        .unwrap();
        assert_eq!(stopped, ChangeBody::Stopped { serial: serial() });
    }

    #[test]
    fn a_login_answer_reads_back_both_statuses_and_needs_their_own_field() {
        let flow = FlowId::parse("0123456789abcdef0123456789abcdef").unwrap();
        let json = r#"{"status":"done","session":{"contract_id":"10000000001","name":"山田 花子","token":null}}"#;
        let done: LoginResponse = serde_json::from_str(json).unwrap();
        assert!(matches!(done, LoginResponse::Done { .. }));
        assert_eq!(serde_json::to_string(&done).unwrap(), json);
        let needs = LoginResponse::NeedsCode { flow };
        let json = serde_json::to_string(&needs).unwrap();
        assert_eq!(serde_json::from_str::<LoginResponse>(&json).unwrap(), needs);
        for bad in [
            r#"{"status":"done"}"#,
            r#"{"status":"needs_code"}"#,
            r#"{"status":"done","flow":"0123456789abcdef0123456789abcdef"}"#,
            r#"{"status":"needs_code","session":{"contract_id":"10000000001","name":"x","token":null}}"#,
            r#"{"status":"maybe","flow":"0123456789abcdef0123456789abcdef"}"#,
        ] {
            assert!(serde_json::from_str::<LoginResponse>(bad).is_err(), "{bad}");
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
        let r = LoginResponse::NeedsCode {
            flow: FlowId::parse("0123456789abcdef0123456789abcdef").unwrap(),
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"status":"needs_code","flow":"0123456789abcdef0123456789abcdef"}"#
        );
        let c = ChangeBody::Stopped {
            serial: Serial::parse("SKHT20000002").unwrap(),
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"kind":"stopped","serial":"SKHT20000002"}"#
        );
    }
}

//! Flows in progress: which procedure a customer is in, at which stage, and the idle expiry.
//!
//! A flow is opened only by a correct ID and password (利用者認証 or ログイン) and is named by a random,
//! opaque [`FlowId`]. The bank — never the page — decides what stage comes next; a flow idle for
//! [`FLOW_IDLE_SECONDS`] is discarded and answers [`BankError::FlowExpired`].

use super::card::CardChallenge;
use super::errors::BankError;
use super::input::{ContractId, Serial};
use super::ledger::LoginOtp;
use super::RandomSource;
use serde::{Deserialize, Serialize};

/// Seconds a flow may sit idle before it expires.
pub const FLOW_IDLE_SECONDS: u64 = 10 * 60;

/// The procedures of the ワンタイムパスワード panel, as the customer chooses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// ワンタイムパスワード利用開始.
    Start,
    /// ワンタイムパスワード交換: a replacement token.
    Exchange,
    /// ワンタイムパスワード利用中止 (or, for a lost or broken token, its report).
    Stop,
    /// 時刻補正: two consecutive codes from the token in use set its clock offset. No card step:
    /// the flow ends with the token step.
    Resync,
}

/// What a flow is for: one of the procedures, or ログイン's code step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    /// 利用開始, 交換, 利用中止 or 時刻補正.
    Procedure(#[serde(deserialize_with = "crate::spelling::stored")] Procedure),
    /// ログイン asking for the one-time password.
    Login,
}

/// What a flow will do once the card confirms it; after, what it did (for 処理結果). On the wire
/// (and in a flow row since issue 20) tagged by `kind` in `snake_case`, e.g.
/// `{"kind":"stopped","serial":"SKHT20000002"}`; read through `ChangeFields`, a flat struct checked
/// by kind. A flow row written in the form before is read by [`Stage`]'s own reader
/// (`spelling::stored_change`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ChangeFields")]
pub enum Change {
    /// 利用開始: `serial` is now in use.
    Started {
        /// The token registered.
        serial: Serial,
        /// Whether login asks for a code.
        login_otp: LoginOtp,
    },
    /// 交換: `new` replaces `old`, whose codes are refused from now on.
    Exchanged {
        /// The token no longer in use.
        old: Serial,
        /// The token now in use.
        new: Serial,
        /// Whether login asks for a code.
        login_otp: LoginOtp,
    },
    /// 利用中止 proved with the token's code: `serial` is unbound; login no longer asks for a code.
    Stopped {
        /// The token no longer in use.
        serial: Serial,
    },
    /// 紛失・故障のお届け: `serial` is suspended at once; login stays closed until the bank has
    /// confirmed the customer by another channel.
    Suspended {
        /// The token reported lost or broken.
        serial: Serial,
    },
}

/// A [`Change`] as it arrives: its fields read flat, then those of its `kind` required (any other
/// field ignored, as serde ignores unknown fields). Serde's own reading of a tagged enum buffers
/// the whole object first, a cost in wasm size (docs/perf.md); this reads the same JSON.
#[derive(Deserialize)]
struct ChangeFields {
    kind: ChangeKind,
    serial: Option<Serial>,
    old: Option<Serial>,
    new: Option<Serial>,
    login_otp: Option<LoginOtp>,
}

/// The `kind` of a [`Change`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ChangeKind {
    Started,
    Exchanged,
    Stopped,
    Suspended,
}

impl TryFrom<ChangeFields> for Change {
    type Error = &'static str;
    fn try_from(f: ChangeFields) -> Result<Change, Self::Error> {
        const MISSING: &str = "a change lacks a field of its kind";
        Ok(match f.kind {
            ChangeKind::Started => Change::Started {
                serial: f.serial.ok_or(MISSING)?,
                login_otp: f.login_otp.ok_or(MISSING)?,
            },
            ChangeKind::Exchanged => Change::Exchanged {
                old: f.old.ok_or(MISSING)?,
                new: f.new.ok_or(MISSING)?,
                login_otp: f.login_otp.ok_or(MISSING)?,
            },
            ChangeKind::Stopped => Change::Stopped {
                serial: f.serial.ok_or(MISSING)?,
            },
            ChangeKind::Suspended => Change::Suspended {
                serial: f.serial.ok_or(MISSING)?,
            },
        })
    }
}

impl Change {
    /// The procedure that makes this change.
    pub fn procedure(&self) -> Procedure {
        match self {
            Change::Started { .. } => Procedure::Start,
            Change::Exchanged { .. } => Procedure::Exchange,
            Change::Stopped { .. } | Change::Suspended { .. } => Procedure::Stop,
        }
    }
}

/// An opaque handle for one flow: 128 random bits as 32 lower-case hex digits, held only in page
/// memory (or a cookie). Deserialises only from that form, like [`FlowId::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FlowId(String);

/// Hex digits of a [`FlowId`].
const FLOW_ID_LEN: usize = 32;

impl TryFrom<String> for FlowId {
    type Error = &'static str;
    fn try_from(raw: String) -> Result<FlowId, Self::Error> {
        FlowId::parse(&raw).ok_or("not a flow id (32 lower-case hex digits)")
    }
}

impl From<FlowId> for String {
    fn from(id: FlowId) -> String {
        id.0
    }
}

impl FlowId {
    /// A fresh handle from `rng`.
    pub fn random(rng: &mut impl RandomSource) -> FlowId {
        let mut bytes = [0u8; 16];
        rng.fill(&mut bytes);
        FlowId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The handle as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A handle as it comes back from a page, a cookie or a database: exactly 32 lower-case hex
    /// digits, or `None`. (Whether such a flow exists is for [`Flows::touch`] to say.)
    pub fn parse(raw: &str) -> Option<FlowId> {
        let well_formed =
            raw.len() == FLOW_ID_LEN && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        well_formed.then(|| FlowId(raw.to_owned()))
    }
}

/// Where a flow stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The password was right; waiting for the token (or, for login, its code).
    Authenticated,
    /// Token proved (or, for a lost token's report, skipped); waiting for the card.
    AwaitingCard {
        /// What the card confirms (read in its form before issue 20 too).
        #[serde(deserialize_with = "crate::spelling::stored_change")]
        change: Change,
        /// The two columns asked for.
        challenge: CardChallenge,
    },
}

/// One flow in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Its handle.
    pub id: FlowId,
    /// What it is for.
    pub purpose: Purpose,
    /// Whose flow.
    pub contract_id: ContractId,
    /// Where it stands.
    pub stage: Stage,
    /// When it was last used (Unix seconds); idle expiry counts from here.
    pub last_activity: u64,
}

impl Flow {
    /// Whether the flow has sat idle for [`FLOW_IDLE_SECONDS`] at `now`.
    pub fn is_expired(&self, now: u64) -> bool {
        expired(self, now)
    }
}

/// Flows in progress. In the browser they stay in memory only (a reload or a new tab has none);
/// a server keeps each as a database row, loads the one a request names with
/// [`Flows::from`]`(vec![flow])` and stores what [`Flows::iter`] holds after the step.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flows(Vec<Flow>);

impl From<Vec<Flow>> for Flows {
    fn from(flows: Vec<Flow>) -> Flows {
        Flows(flows)
    }
}

impl Flows {
    /// Opens a flow of `purpose` for `contract_id` (and forgets flows that have expired).
    pub fn open(
        &mut self,
        purpose: Purpose,
        contract_id: &ContractId,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> FlowId {
        self.0.retain(|f| !expired(f, now));
        let id = FlowId::random(rng);
        self.0.push(Flow {
            id: id.clone(),
            purpose,
            contract_id: contract_id.clone(),
            stage: Stage::Authenticated,
            last_activity: now,
        });
        id
    }

    /// The live flow `id`, if it is for `purpose` (any procedure when `None`), touched at `now`;
    /// an idle one is discarded as expired.
    pub fn touch(
        &mut self,
        id: &FlowId,
        purpose: Option<Purpose>,
        now: u64,
    ) -> Result<&mut Flow, BankError> {
        let i = self
            .0
            .iter()
            .position(|f| {
                &f.id == id
                    && purpose.map_or(matches!(f.purpose, Purpose::Procedure(_)), |p| {
                        f.purpose == p
                    })
            })
            .ok_or(BankError::FlowInvalid)?;
        if expired(&self.0[i], now) {
            self.0.remove(i);
            return Err(BankError::FlowExpired);
        }
        let flow = &mut self.0[i];
        flow.last_activity = now;
        Ok(flow)
    }

    /// 延長する: the live flow `id`, whatever it is for (a procedure or ログイン's code step), touched
    /// at `now` and nothing else changed; an idle one is discarded as expired, as every step does.
    pub fn extend(&mut self, id: &FlowId, now: u64) -> Result<(), BankError> {
        let i = self
            .0
            .iter()
            .position(|f| &f.id == id)
            .ok_or(BankError::FlowInvalid)?;
        if expired(&self.0[i], now) {
            self.0.remove(i);
            return Err(BankError::FlowExpired);
        }
        self.0[i].last_activity = now;
        Ok(())
    }

    /// Ends flow `id`.
    pub fn close(&mut self, id: &FlowId) {
        self.0.retain(|f| &f.id != id);
    }

    /// The flow `id`, untouched.
    pub fn get(&self, id: &FlowId) -> Option<&Flow> {
        self.0.iter().find(|f| &f.id == id)
    }

    /// Every flow in progress (expired ones too, until a step discards them).
    pub fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.0.iter()
    }
}

fn expired(flow: &Flow, now: u64) -> bool {
    now >= flow.last_activity.saturating_add(FLOW_IDLE_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{input, OsRandom};

    #[test]
    fn flow_ids_are_128_random_bits_in_hex() {
        let a = FlowId::random(&mut OsRandom);
        let b = FlowId::random(&mut OsRandom);
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn a_flow_idle_for_ten_minutes_is_expired_and_then_gone() {
        let mut flows = Flows::default();
        let id = input::contract_id("10000000001").unwrap();
        let f = flows.open(Purpose::Login, &id, 100, &mut OsRandom);
        assert!(flows
            .touch(&f, Some(Purpose::Login), 100 + FLOW_IDLE_SECONDS - 1)
            .is_ok());
        let later = 100 + 2 * FLOW_IDLE_SECONDS - 1;
        assert_eq!(
            flows.touch(&f, Some(Purpose::Login), later).err(),
            Some(BankError::FlowExpired)
        );
        assert_eq!(
            flows.touch(&f, Some(Purpose::Login), later).err(),
            Some(BankError::FlowInvalid)
        );
    }

    #[test]
    fn flow_ids_parse_only_from_their_own_form() {
        let id = FlowId::random(&mut OsRandom);
        assert_eq!(FlowId::parse(id.as_str()), Some(id.clone()));
        for bad in [
            "",
            "0123",
            &id.as_str().to_uppercase(),
            &format!("{}0", id.as_str()),
        ] {
            if bad != id.as_str() {
                assert_eq!(FlowId::parse(bad), None, "{bad:?}");
            }
        }
        assert!(serde_json::from_str::<FlowId>("\"../../etc/passwd\"").is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<FlowId>(&json).unwrap(), id);
    }

    #[test]
    fn a_flow_stored_and_loaded_again_is_the_same_flow() {
        let mut flows = Flows::default();
        let id = input::contract_id("10000000001").unwrap();
        let f = flows.open(Purpose::Procedure(Procedure::Stop), &id, 100, &mut OsRandom);
        let flow = flows.get(&f).unwrap().clone();
        let json = serde_json::to_string(&flow).unwrap();
        let back: Flow = serde_json::from_str(&json).unwrap();
        assert_eq!(back, flow);
        let mut loaded = Flows::from(vec![back]);
        assert!(loaded.touch(&f, None, 200).is_ok());
        assert_eq!(loaded.iter().count(), 1);
    }

    #[test]
    fn a_login_flow_is_not_a_procedure_flow() {
        let mut flows = Flows::default();
        let id = input::contract_id("10000000001").unwrap();
        let f = flows.open(Purpose::Login, &id, 100, &mut OsRandom);
        assert_eq!(
            flows.touch(&f, None, 100).err(),
            Some(BankError::FlowInvalid)
        );
    }

    #[test]
    fn a_flow_is_expired_from_ten_idle_minutes_on_and_not_before() {
        let mut flows = Flows::default();
        let id = input::contract_id("10000000001").unwrap();
        let f = flows.open(Purpose::Login, &id, 100, &mut OsRandom);
        let flow = flows.get(&f).unwrap();
        assert!(!flow.is_expired(100 + FLOW_IDLE_SECONDS - 1));
        assert!(flow.is_expired(100 + FLOW_IDLE_SECONDS));
    }
}

//! The parts several bodies share: the token in use, the session, the card challenge and what a
//! flow changed.

use crate::bank;
use crate::card::{CardChallenge, COLUMN_LABELS};
use crate::flows::Change;
use crate::input::{ContractId, Serial};
use crate::ledger::{Enrolment, EnrolmentStatus, LoginOtp};
use serde::{Deserialize, Serialize};

/// The customer's token in use, as 交換's and 利用中止's screens and the top page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInUse {
    /// シリアル番号 (the page shows it masked).
    pub serial: Serial,
    /// Whether login asks for a code.
    pub login_otp: LoginOtp,
    /// Active or suspended.
    pub status: EnrolmentStatus,
    /// When 利用開始 (or 交換) completed, Unix seconds.
    pub enrolled_at: u64,
}

impl TokenInUse {
    /// The domain's enrolment of `contract_id` with this token.
    pub fn into_enrolment(self, contract_id: ContractId) -> Enrolment {
        Enrolment {
            contract_id,
            serial: self.serial,
            login_otp: self.login_otp,
            status: self.status,
            enrolled_at: self.enrolled_at,
        }
    }
}

impl From<Enrolment> for TokenInUse {
    fn from(e: Enrolment) -> TokenInUse {
        TokenInUse {
            serial: e.serial,
            login_otp: e.login_otp,
            status: e.status,
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
/// buffers the whole object first, a cost in wasm size (docs/perf.md); this reads the same JSON.
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
            Change::Started { serial, login_otp } => ChangeBody::Started { serial, login_otp },
            Change::Exchanged {
                old,
                new,
                login_otp,
            } => ChangeBody::Exchanged {
                old,
                new,
                login_otp,
            },
            Change::Stopped { serial } => ChangeBody::Stopped { serial },
            Change::Suspended { serial } => ChangeBody::Suspended { serial },
        }
    }
}

impl From<ChangeBody> for Change {
    fn from(c: ChangeBody) -> Change {
        match c {
            ChangeBody::Started { serial, login_otp } => Change::Started { serial, login_otp },
            ChangeBody::Exchanged {
                old,
                new,
                login_otp,
            } => Change::Exchanged {
                old,
                new,
                login_otp,
            },
            ChangeBody::Stopped { serial } => Change::Stopped { serial },
            ChangeBody::Suspended { serial } => Change::Suspended { serial },
        }
    }
}

//! The wire's own values: the password as sent, and the enumerations spelled in `snake_case`,
//! each mirroring a domain type with conversions both ways.

use crate::{back_office, flows, input, ledger};
use serde::{Deserialize, Serialize};

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
    /// `"start"` (利用開始), `"exchange"` (交換), `"stop"` (利用中止) or `"resync"` (時刻補正).
    Procedure <=> flows::Procedure { /** 利用開始. */ Start, /** 交換. */ Exchange, /** 利用中止. */ Stop, /** 時刻補正. */ Resync }
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

//! The wire's own value: the password as sent. (The enumerations are the domain's own, spelled
//! in `snake_case` wherever they are written.)

use crate::input;
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

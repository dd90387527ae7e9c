//! Why the bank refuses a request: one [`BankError`] per answer a customer can get.
//!
//! Each variant maps to one Japanese message in `ui::messages` (and, over HTTP, to one stable error
//! code). Variants are deliberately coarse where a finer answer would tell an attacker something:
//! an unknown contract ID is [`BankError::BadCredentials`] like a wrong password, and an unknown
//! serial is [`BankError::NewTokenRefused`] like a wrong code.

/// Why the bank refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BankError {
    /// Unknown contract ID or wrong password: deliberately the same error.
    BadCredentials,
    /// Too many wrong passwords for this contract ID (known or not); refused even when correct.
    LoginLocked,
    /// 利用開始 for a customer whose token is already in use.
    AlreadyEnrolled,
    /// 交換 or 利用中止 for a customer with no token in use.
    NotEnrolled,
    /// The code from the customer's token in use is wrong.
    WrongCode,
    /// The code is the token's, but for a step outside T−1..T+1: its clock is probably off.
    /// Counted like a wrong code and never accepted later; only the advice differs.
    ClockDrift,
    /// The code's step was already used (or refused for drift).
    CodeUsed,
    /// Too many wrong codes for the token in use; refused even when correct. Only the bank can
    /// lift it: the token can be neither exchanged nor stopped online.
    TokenLocked,
    /// The token in use was reported lost or broken: suspended, and login stays closed until the
    /// bank has confirmed the customer by another channel.
    TokenSuspended,
    /// A new token was not proved: its serial is unknown, belongs to someone else, or the code is
    /// wrong. One answer for all three, so it cannot be used to find out which serials exist.
    NewTokenRefused,
    /// The new token's code is for a step outside the window (its clock is probably off).
    NewTokenClockDrift,
    /// The new token's code was already used.
    NewTokenCodeUsed,
    /// The new token is proved (its code is right) but is another customer's token.
    SerialInUse,
    /// 交換 to the token already in use.
    SameToken,
    /// Too many failed new-token registrations by this customer; refused even when correct.
    /// Counted against the customer, so nobody can lock a token that another customer will receive.
    NewTokenLocked,
    /// 時刻補正: no two consecutive steps within ±10 minutes show the two codes, in this order.
    /// Counted like a wrong code.
    ResyncNotFound,
    /// 時刻補正: the two codes show at two places within ±10 minutes, so no offset can be trusted.
    /// Counted like a wrong code.
    ResyncAmbiguous,
    /// The card digits are wrong.
    WrongCard,
    /// Too many wrong card answers; refused even when correct.
    CardLocked,
    /// The flow sat idle too long and was discarded.
    FlowExpired,
    /// No such flow at this step (reload, old tab, or a step taken out of order).
    FlowInvalid,
}

impl BankError {
    /// Whether the error means the flow itself is over (start again at 利用者認証).
    pub fn ends_flow(self) -> bool {
        matches!(
            self,
            BankError::FlowExpired
                | BankError::FlowInvalid
                | BankError::CardLocked
                | BankError::LoginLocked
                | BankError::TokenLocked
                | BankError::TokenSuspended
                | BankError::NewTokenLocked
        )
    }
}

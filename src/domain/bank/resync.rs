//! 時刻補正 (resync), the bank's step for a token whose clock has drifted: two consecutive codes
//! from the token in use set its clock offset (docs/design.md#時刻補正).
//!
//! The flow opens at 利用者認証 ([`Bank::authenticate`] with [`Procedure::Resync`]) and ends with
//! this step; there is no card step, because nothing changes hands: neither code logs in, and
//! later codes are still checked at the new offset ±1 step.

use super::{count_failure, current_serial, Bank};
use crate::directory::Lookup;
use crate::errors::BankError;
use crate::flows::{FlowId, Procedure, Purpose};
use crate::input::{OtpCode, Serial};
use crate::ledger::Ledger;
use crate::totp::{self, ClockOffset, Resync};

/// 時刻補正's request: two codes the token showed one after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResyncCodes {
    /// The first code.
    pub first: OtpCode,
    /// The code the token showed next (its following 30-second step).
    pub second: OtpCode,
}

/// What 時刻補正 did, for its result screen and the audit trail; also the API's answer (the offset
/// in steps, read back only within ±[`totp::RESYNC_STEPS`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Resynced {
    /// The token whose clock offset was set (the customer's token in use).
    pub serial: Serial,
    /// Its clock minus the bank's: positive when the token runs fast.
    pub offset: ClockOffset,
    /// When (Unix seconds).
    pub at: u64,
}

impl<D: Lookup> Bank<D> {
    /// 時刻補正's step: two consecutive codes from the token in use, searched ±10 minutes around
    /// the bank's clock ([`totp::resync`]). Found exactly once, the token's offset is stored, both
    /// steps (and all before them) are spent, its failure count resets and the flow ends; neither
    /// code logs in. Not found, or found at two places, counts one failure toward the token's lock
    /// (the 5th answers [`BankError::TokenLocked`] and ends the flow, as at login). A pair whose
    /// first step was already accepted is [`BankError::CodeUsed`] and counts nothing. A suspended
    /// or locked token, or none, is refused as at every procedure's step.
    pub fn resync_token(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        codes: &ResyncCodes,
        now: u64,
    ) -> Result<Resynced, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Procedure(Procedure::Resync), now)?;
        let serial = current_serial(ledger, &contract_id)?;
        let found = self.check_resync(ledger, &serial, codes, now);
        let (second, offset) = self.close_if_over(flow, found)?;
        ledger.token_mut(&serial).resync(second, offset);
        self.flows.close(flow);
        Ok(Resynced {
            serial,
            offset,
            at: now,
        })
    }

    /// The pair for the customer's own token `serial` (its locks were checked by the flow's step):
    /// on success the token's step of the second code and the offset, nothing written yet.
    fn check_resync(
        &self,
        ledger: &mut Ledger,
        serial: &Serial,
        codes: &ResyncCodes,
        now: u64,
    ) -> Result<(u64, ClockOffset), BankError> {
        let seed = self.directory.seed(serial).ok_or(BankError::FlowInvalid)?;
        let found = totp::resync(seed, codes.first.as_str(), codes.second.as_str(), now);
        settle(ledger, serial, found)
    }
}

/// What 時刻補正's search `found` means for token `serial`: the step and offset to store, or the
/// refusal, with the failure it counts already counted.
pub(super) fn settle(
    ledger: &mut Ledger,
    serial: &Serial,
    found: Resync,
) -> Result<(u64, ClockOffset), BankError> {
    let refused = match found {
        Resync::Found { second, offset } => {
            // Only acceptance spends a step for 時刻補正: a step refused for drift is the token's own
            // code at the wrong time — what 時刻補正 is for — and this spends it anyway.
            let accepted = ledger.token(serial).and_then(|t| t.last_accepted_step);
            return match accepted {
                Some(last) if second.saturating_sub(1) <= last => Err(BankError::CodeUsed),
                _ => Ok((second, offset)),
            };
        }
        Resync::NotFound => BankError::ResyncNotFound,
        // Two consecutive codes matching twice within ±20 steps happens about once in 10^10
        // pairs: counted like a mismatch, so it is never a free guess.
        Resync::Ambiguous => BankError::ResyncAmbiguous,
    };
    Err(count_failure(ledger, serial, refused))
}

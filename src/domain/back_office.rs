//! The bank's back office as the demo kit shows it: every token the vendor made with who uses it,
//! and the customers waiting at the bank's desk (当金庫での本人確認). One reading for both demo banks
//! — the in-browser one and the server's `--demo` — so the kit shows the same thing over either.
//!
//! A real bank's customers never see this: the customer build has no kit, and the server answers
//! it only with `--demo`.

use crate::input::{ContractId, Serial};
use crate::ledger::{EnrolmentStatus, Ledger};
use crate::token::Token;

/// Why a customer needs the bank's desk: neither can be undone online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskReason {
    /// The token was reported lost or broken (紛失・故障のお届け): it is suspended.
    Suspended,
    /// Five wrong codes in a row locked the token.
    Locked,
}

/// A customer the bank's desk can help: confirmed by telephone or at a branch, the bank stops the
/// token (`Bank::stop_by_bank`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCase {
    /// Whose token.
    pub contract_id: ContractId,
    /// Why.
    pub reason: DeskReason,
}

/// A token of the vendor's registry, with its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorToken {
    /// The token (seed included: the kit emulates it).
    pub token: Token,
    /// Who uses it, if anyone.
    pub holder: Option<ContractId>,
}

/// What the kit shows of the bank. Comparable, so that a reading equal to the last one changes
/// nothing the kit shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackOffice {
    /// Every token, in the registry's order.
    pub tokens: Vec<VendorToken>,
    /// Customers whose token is suspended or locked, in the ledger's order.
    pub desk: Vec<DeskCase>,
}

impl BackOffice {
    /// Reads `ledger` for the tokens of the registry: each one's holder, and who needs the desk.
    pub fn read(tokens: Vec<Token>, ledger: &Ledger) -> BackOffice {
        let desk = ledger
            .enrolments
            .iter()
            .filter_map(|e| {
                let reason = desk_reason(ledger, e.status, &e.serial)?;
                Some(DeskCase {
                    contract_id: e.contract_id.clone(),
                    reason,
                })
            })
            .collect();
        let tokens = tokens
            .into_iter()
            .map(|token| VendorToken {
                holder: ledger
                    .holder_of(&token.serial)
                    .map(|e| e.contract_id.clone()),
                token,
            })
            .collect();
        BackOffice { tokens, desk }
    }

    /// Who uses `serial`, if anyone.
    pub fn holder_of(&self, serial: &Serial) -> Option<&ContractId> {
        self.tokens
            .iter()
            .find(|t| &t.token.serial == serial)
            .and_then(|t| t.holder.as_ref())
    }
}

/// A suspended token needs the desk whatever its counters say; an active one only when locked.
fn desk_reason(ledger: &Ledger, status: EnrolmentStatus, serial: &Serial) -> Option<DeskReason> {
    match status {
        EnrolmentStatus::Suspended => Some(DeskReason::Suspended),
        EnrolmentStatus::Active if ledger.token_locked(serial) => Some(DeskReason::Locked),
        EnrolmentStatus::Active => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_data;
    use crate::ledger::{TokenState, MAX_CODE_FAILURES};

    fn serial(s: &str) -> Serial {
        Serial::parse(s).unwrap()
    }

    fn ichiro() -> ContractId {
        demo_data::contract_id("10000000002")
    }

    fn office(ledger: &Ledger) -> BackOffice {
        BackOffice::read(demo_data::directory().tokens, ledger)
    }

    #[test]
    fn every_registry_token_is_listed_with_its_holder() {
        let office = office(&demo_data::seeded_ledger());
        assert_eq!(office.tokens.len(), demo_data::directory().tokens.len());
        assert_eq!(office.holder_of(&serial("SKHT20000002")), Some(&ichiro()));
        assert_eq!(office.holder_of(&serial("SKTS10000001")), None);
    }

    #[test]
    fn two_readings_of_one_ledger_are_equal_and_a_change_is_told_apart() {
        let mut ledger = demo_data::seeded_ledger();
        assert_eq!(office(&ledger), office(&ledger));
        let before = office(&ledger);
        ledger.enrolments[0].status = EnrolmentStatus::Suspended;
        assert_ne!(office(&ledger), before);
    }

    #[test]
    fn nobody_needs_the_desk_while_every_token_in_use_works() {
        assert!(office(&demo_data::seeded_ledger()).desk.is_empty());
    }

    #[test]
    fn a_token_reported_lost_sends_its_holder_to_the_desk() {
        let mut ledger = demo_data::seeded_ledger();
        ledger.enrolments[0].status = EnrolmentStatus::Suspended;
        assert_eq!(
            office(&ledger).desk,
            vec![DeskCase {
                contract_id: ichiro(),
                reason: DeskReason::Suspended
            }]
        );
    }

    #[test]
    fn a_token_locked_by_wrong_codes_sends_its_holder_to_the_desk() {
        let mut ledger = demo_data::seeded_ledger();
        ledger.tokens.push(TokenState {
            serial: serial("SKHT20000002"),
            last_accepted_step: None,
            refused_steps: Vec::new(),
            failures: MAX_CODE_FAILURES,
            offset: Default::default(),
        });
        assert_eq!(
            office(&ledger).desk,
            vec![DeskCase {
                contract_id: ichiro(),
                reason: DeskReason::Locked
            }]
        );
        // One wrong code short of the lock: not yet.
        ledger.tokens[0].failures = MAX_CODE_FAILURES - 1;
        assert!(office(&ledger).desk.is_empty());
    }
}

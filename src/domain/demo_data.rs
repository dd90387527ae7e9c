//! The demo bank's fixtures: two customers and four tokens, and the state it starts in.
//!
//! These are demo secrets, printed in the demo panel on purpose so a newcomer can finish the flow.

use crate::card::CardRow;
use crate::directory::{Customer, Directory};
use crate::input::{ContractId, Serial, TokenModel};
use crate::ledger::{Enrolment, EnrolmentStatus, Ledger, LoginOtp};
use crate::token::Token;

/// A demo customer as the demo panel shows them.
#[derive(Debug, Clone, Copy)]
pub struct DemoCustomer {
    /// 契約者ID（利用者番号）.
    pub contract_id: &'static str,
    /// Name.
    pub name: &'static str,
    /// ログインパスワード.
    pub password: &'static str,
    /// 確認用パスワード row ア..ク.
    pub card: [u8; 8],
}

/// Customers: one without a token, one already using OTP at login.
pub const CUSTOMERS: [DemoCustomer; 2] = [
    DemoCustomer {
        contract_id: "10000000001",
        name: "山田 花子",
        password: "hanako12",
        card: [3, 8, 1, 5, 9, 0, 2, 7],
    },
    DemoCustomer {
        contract_id: "10000000002",
        name: "佐藤 一郎",
        password: "ichiro34",
        card: [6, 2, 9, 4, 0, 7, 1, 5],
    },
];

/// Tokens in the vendor registry: (serial, seed of 20 bytes = 160 bits).
pub const TOKENS: [(&str, &[u8; 20]); 4] = [
    ("SKTS10000001", b"shinkin-demo-soft-01"),
    ("SKTS10000002", b"shinkin-demo-soft-02"),
    ("SKHT20000001", b"shinkin-demo-hard-01"),
    ("SKHT20000002", b"shinkin-demo-hard-02"),
];

/// Seconds-since-epoch stamp of the seeded enrolment (2026-04-01 09:00 JST).
const SEEDED_AT: u64 = 1_775_001_600;

/// A fixture's contract ID (valid by the test `fixtures_pass_the_input_rules`).
pub fn contract_id(raw: &str) -> ContractId {
    crate::input::contract_id(raw).expect("fixture contract IDs are valid")
}

/// The customers and token registry.
pub fn directory() -> Directory {
    Directory {
        customers: CUSTOMERS
            .iter()
            .map(|c| Customer {
                contract_id: contract_id(c.contract_id),
                name: c.name.into(),
                password: c.password.into(),
                card: CardRow(c.card),
            })
            .collect(),
        tokens: TOKENS
            .iter()
            .map(|(serial, seed)| {
                let serial = Serial::parse(serial).expect("fixture serials are valid");
                Token {
                    model: serial.model(),
                    serial,
                    seed: seed.to_vec(),
                }
            })
            .collect(),
    }
}

/// The state a fresh demo starts in: 佐藤 一郎 already uses the hardware token SKHT20000002 at login.
pub fn seeded_ledger() -> Ledger {
    Ledger {
        enrolments: vec![Enrolment {
            contract_id: contract_id(CUSTOMERS[1].contract_id),
            serial: Serial::parse("SKHT20000002").expect("fixture serial"),
            login_otp: LoginOtp::Required,
            status: EnrolmentStatus::Active,
            enrolled_at: SEEDED_AT,
        }],
        ..Ledger::default()
    }
}

/// The seed of a demo token, for the demo panel and tests.
pub fn seed_of(serial: &str) -> Option<&'static [u8]> {
    TOKENS
        .iter()
        .find(|(s, _)| *s == serial)
        .map(|(_, seed)| &seed[..])
}

/// The model of a demo token.
pub fn model_of(serial: &str) -> TokenModel {
    Serial::parse(serial).map_or(TokenModel::Software, |s| s.model())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input;

    #[test]
    fn fixtures_pass_the_input_rules() {
        for c in CUSTOMERS {
            assert!(input::contract_id(c.contract_id).is_ok());
            assert!(input::password(c.password).is_ok());
        }
        for (serial, seed) in TOKENS {
            assert!(input::serial(serial).is_ok());
            assert!(seed.len() * 8 >= 160);
        }
    }

    #[test]
    fn fixtures_have_a_software_and_a_hardware_token() {
        assert!(TOKENS
            .iter()
            .any(|(s, _)| model_of(s) == TokenModel::Software));
        assert!(TOKENS
            .iter()
            .any(|(s, _)| model_of(s) == TokenModel::Hardware));
    }
}

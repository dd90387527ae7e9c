//! Who the bank's customers are and which tokens the vendor made: fixed data the bank reads but
//! the flows never change (fixtures in the demo, tables on a server).

use super::card::CardRow;
use super::constant_time_eq;
use super::input::{ContractId, Serial, PASSWORD_MAX};
use super::token::Token;

/// A customer as the bank knows them.
#[derive(Debug, Clone)]
pub struct Customer {
    /// 契約者ID（利用者番号）.
    pub contract_id: ContractId,
    /// Name shown after login.
    pub name: String,
    /// ログインパスワード (the demo's fixtures; a server keeps only an argon2id hash).
    pub password: String,
    /// The 確認用パスワード row on their お客様カード.
    pub card: CardRow,
}

/// Customers and the vendor's token registry.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Customers of internet banking.
    pub customers: Vec<Customer>,
    /// Every token the vendor issued, bound or not.
    pub tokens: Vec<Token>,
}

impl Directory {
    /// The customer with `contract_id`.
    pub fn customer(&self, contract_id: &ContractId) -> Option<&Customer> {
        self.customers
            .iter()
            .find(|c| &c.contract_id == contract_id)
    }

    /// The registry entry for `serial`.
    pub fn token(&self, serial: &Serial) -> Option<&Token> {
        self.tokens.iter().find(|t| &t.serial == serial)
    }

    /// Whether `password` is `contract_id`'s. An unknown ID is compared against a stand-in of the
    /// longest length, so it takes the same path and work as a real one.
    pub fn password_matches(&self, contract_id: &ContractId, password: &str) -> bool {
        const STAND_IN: [u8; PASSWORD_MAX] = [0; PASSWORD_MAX];
        match self.customer(contract_id) {
            Some(c) => constant_time_eq(c.password.as_bytes(), password.as_bytes()),
            None => {
                // NUL never passes input::password, so the stand-in matches nothing.
                let _ = constant_time_eq(&STAND_IN, password.as_bytes());
                false
            }
        }
    }
}

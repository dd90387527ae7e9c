//! Who the bank's customers are and which tokens the vendor made: fixed data the bank reads but
//! the flows never change (fixtures in the demo, tables on a server), and [`Lookup`], the only
//! way the bank reads it.

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

/// What the bank reads about customers and tokens, and nothing more: the [`Bank`](super::bank::Bank)
/// asks only through this, so a server can answer from the few rows one request needs while the
/// browser answers from the whole fixed [`Directory`]. Passwords are not read here: whoever holds
/// them (the directory's plain demo passwords, a server's argon2id hashes) judges the password
/// typed and hands the bank its [`PasswordVerdict`].
pub trait Lookup {
    /// The customer's name (shown after login), if `contract_id` is a customer.
    fn name(&self, contract_id: &ContractId) -> Option<&str>;
    /// The 確認用パスワード row of the customer's お客様カード, if `contract_id` is a customer.
    fn card(&self, contract_id: &ContractId) -> Option<CardRow>;
    /// The seed of the token `serial`, if the vendor made it.
    fn seed(&self, serial: &Serial) -> Option<&[u8]>;
}

/// Whether the password typed is the customer's, as judged by whoever holds the passwords, before
/// the bank's step: the bank counts and locks by it and never sees the password itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordVerdict {
    /// The customer's password.
    Matches,
    /// Not the customer's password, or no customer has the ID (judged after the same work).
    Mismatch,
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

    /// Whether `password` is `contract_id`'s (the demo's plain passwords). An unknown ID is
    /// compared against a stand-in of the longest length, so it takes the same path and work as a
    /// real one.
    pub fn password_verdict(&self, contract_id: &ContractId, password: &str) -> PasswordVerdict {
        const STAND_IN: [u8; PASSWORD_MAX] = [0; PASSWORD_MAX];
        let matches = match self.customer(contract_id) {
            Some(c) => constant_time_eq(c.password.as_bytes(), password.as_bytes()),
            None => {
                // NUL never passes input::password, so the stand-in matches nothing.
                let _ = constant_time_eq(&STAND_IN, password.as_bytes());
                false
            }
        };
        if matches {
            PasswordVerdict::Matches
        } else {
            PasswordVerdict::Mismatch
        }
    }
}

impl Lookup for Directory {
    fn name(&self, contract_id: &ContractId) -> Option<&str> {
        self.customer(contract_id).map(|c| c.name.as_str())
    }

    fn card(&self, contract_id: &ContractId) -> Option<CardRow> {
        self.customer(contract_id).map(|c| c.card)
    }

    fn seed(&self, serial: &Serial) -> Option<&[u8]> {
        self.token(serial).map(|t| t.seed.as_slice())
    }
}

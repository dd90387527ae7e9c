//! shinkin-otp: a shinkin bank's one-time password screens as a Leptos client-side app.
//!
//! - [`domain`]: the rules, pure and tested natively.
//! - [`bank`]: the contract between screens and bank, and the in-browser demo bank.
//! - [`ui`]: the screens and their shared components.

pub mod bank;
pub mod domain;
pub mod ui;

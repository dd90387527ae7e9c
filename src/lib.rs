//! shinkin-otp: a shinkin bank's one-time password screens as a Leptos client-side app.
//!
//! - [`domain`]: the rules, pure and tested natively.
//! - [`bank`]: the contract between screens and bank, and the in-browser demo bank.
//! - [`ui`]: the screens and their shared components.

pub mod bank;
/// The rules, in their own crate (`src/domain`) so a server compiles them without the UI.
pub use shinkin_otp_domain as domain;
pub mod ui;

//! The demo fixtures, now in the domain crate so the server loads the same ones (`--demo`).
pub use crate::domain::demo_data::*;

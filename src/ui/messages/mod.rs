//! Every Japanese sentence the screens show, in one place, so wording is reviewed together and the
//! views stay free of copy. Labels and texts follow the bank's guide (docs/design.md#screens).
//!
//! - [`copy`]: screen copy — labels, buttons, headings, hints and sentences.
//! - [`errors`]: field error and bank error messages.
//! - [`help`](mod@help): help topics and their texts.
//! - [`leaving`]: Back's question before leaving a flow, and the notices after going back.
//! - `start-failure.html` (not Rust): what the page says when the app cannot start or is slow to —
//!   shown by the page's loader (`scripts/post-build.mjs` puts it into every page), since the app
//!   is not there to say it.
//!
//! Everything is re-exported here, so callers write `messages::X` whichever file holds it.

pub mod copy;
pub mod errors;
pub mod help;
pub mod leaving;

pub use copy::*;
pub use errors::*;
pub use help::*;
pub use leaving::*;

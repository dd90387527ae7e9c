//! The demo build in the browser: its screens over the in-browser demo bank, the kit, the tour, and
//! (`http_kit`) the kit over a `--demo` reference server.

mod activity;
mod exchange_stop;
mod history;
mod http_kit;
mod keyboard_help;
mod kit;
mod language;
mod nfkc_in_browser;
mod resync;
mod security;
mod start_flow;
mod storage;
mod submission;
mod takeover;
mod time_limit;
mod tour;
mod validation;

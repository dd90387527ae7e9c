//! The server's tests, in one binary (one link instead of five): the API through the router, the
//! bank conformance suite (domain and server), concurrency, and the API document.

mod api;
mod concurrency;
mod conformance;
mod docs;
mod exposure;
mod extend;
mod faults;
mod history;
mod observe;
mod operate;
mod races;
mod rate_limits;
mod slowloris;
mod static_files;
mod storage;
mod support;

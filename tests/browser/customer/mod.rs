//! The customer build in the browser: the HTTP bank against the reference server, and that server
//! failing it.

mod http_failures;
mod http_flows;

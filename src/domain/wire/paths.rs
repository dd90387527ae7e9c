//! Every path of the API, one constant each, so client and server cannot spell one differently.

/// The prefix of every API path (also the cookies' `Path`).
pub const PREFIX: &str = "/api/v1";
/// ログイン: ID and password.
pub const LOGIN: &str = "/api/v1/login";
/// ログイン's one-time password step.
pub const LOGIN_CODE: &str = "/api/v1/login/code";
/// The current session (who is logged in).
pub const SESSION: &str = "/api/v1/session";
/// ご利用履歴: the logged-in customer's newest events.
pub const HISTORY: &str = "/api/v1/history";
/// Ends the session.
pub const LOGOUT: &str = "/api/v1/logout";
/// 利用者認証 for 利用開始, 交換 or 利用中止: opens a flow.
pub const AUTHENTICATE: &str = "/api/v1/authenticate";
/// ワンタイムパスワードの登録 (利用開始).
pub const REGISTER: &str = "/api/v1/register";
/// 交換's token step.
pub const EXCHANGE: &str = "/api/v1/exchange";
/// 利用中止 with a code from the token in use.
pub const STOP: &str = "/api/v1/stop";
/// 紛失・故障のお届け (利用中止 without a code).
pub const STOP_LOST: &str = "/api/v1/stop/lost";
/// 時刻補正's step: two consecutive codes set the token's clock offset.
pub const RESYNC: &str = "/api/v1/resync";
/// 延長する: a flow's idle time counted afresh, nothing else changed.
pub const FLOW_EXTEND: &str = "/api/v1/flow/extend";
/// 確認用パスワード入力: completes the flow.
pub const CONFIRM: &str = "/api/v1/confirm";
/// Liveness, for scripts waiting on the server.
pub const HEALTH: &str = "/api/v1/health";
/// Readiness: the database answers (`503 busy` when it does not).
pub const READY: &str = "/api/v1/ready";
/// Demo only (`--demo`): issues a new token.
pub const DEMO_TOKENS: &str = "/api/v1/demo/tokens";
/// Demo only: the bank's own step (customer confirmed by another channel).
pub const DEMO_STOP_BY_BANK: &str = "/api/v1/demo/stop-by-bank";
/// Demo only: back to the seeded demo data.
pub const DEMO_RESET: &str = "/api/v1/demo/reset";
/// Demo only: every token (seeds included) with its holder, and who waits at the bank's desk.
pub const DEMO_BACK_OFFICE: &str = "/api/v1/demo/back-office";

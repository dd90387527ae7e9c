//! The HTTP bank: [`BankApi`] over the JSON API of `docs/api.md`, through the browser's `fetch`
//! (gloo-net): the customer build's, and the demo's on a `--demo` server.
//!
//! - **Where**: same origin by default (`/api/v1/…` beside the app); another origin only when the
//!   build names one (`SHINKIN_OTP_API_ORIGIN` at compile time) or a test does. Cookies go along
//!   (`credentials: include`) only in that cross-origin case; the same-origin default sends them by
//!   itself.
//! - **Bodies**: `domain::wire`'s, shared with the server; a refusal is problem+json whose `code`
//!   maps back to the [`BankError`](crate::domain::errors::BankError) the demo bank would give.
//! - **Time limit**: every request is abandoned through its `AbortController` after
//!   [`DEFAULT_TIMEOUT`] ([`HttpBank::with_timeout`] for tests), and so is every request in flight
//!   when its screen is left ([`BankApi::abort_calls`], run by the screen's `Submission`).
//! - **No retry**: each call is one request. A POST carrying a password, a code or card digits that
//!   was sent again by itself could spend the code's step or count a failure twice, so a failure is
//!   reported ([`Unavailable`]) and only the customer decides to send again.
//!
//! ```no_run
//! use shinkin_otp::bank::http::HttpBank;
//! use shinkin_otp::bank::Calls;
//! use shinkin_otp::domain::input;
//!
//! # async fn demo() {
//! let bank = HttpBank::from_build(); // /api/v1 on the page's own origin
//! let id = input::contract_id("10000000001").unwrap();
//! match bank.login(&id, "hanako12").await {
//!     Ok(step) => { /* logged in, or a code is needed */ }
//!     Err(failure) => { /* CallError: refused by the bank, or no usable answer */ }
//! }
//! # }
//! ```

use super::{BankApi, CallError, Calls, SessionExtension, Unavailable, Watcher};
use crate::domain::history::HistoryEntry;
use crate::domain::input::ContractId;
use crate::domain::operation::Operation;
use crate::domain::wire::{self, paths, ErrorCode, Problem};
use gloo_net::http::{Request, RequestBuilder};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCredentials};

/// How long a request may take before it is abandoned: longer than any answer of a working server
/// (argon2id included), short enough that a customer is not left waiting without a word.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// The API's origin the customer build was compiled for (`scripts/build-static.sh --customer
/// PUBLIC_URL API_ORIGIN`); unset means the page's own origin.
const BUILD_API_ORIGIN: Option<&str> = option_env!("SHINKIN_OTP_API_ORIGIN");

/// The bank's server, reached over HTTP. Cheap to share as `Arc<HttpBank>`.
pub struct HttpBank {
    /// `scheme://host[:port]` of the API, or "" for the page's own origin.
    origin: String,
    /// `include` for another origin (the cookies must go along), `same-origin` otherwise.
    credentials: RequestCredentials,
    /// The time limit of each request.
    timeout: Duration,
    /// The requests in flight, so leaving a screen can abandon them. The page has one thread;
    /// the wrapper only lets the bank sit in Leptos's context, which wants `Send + Sync`.
    in_flight: SendWrapper<RefCell<Vec<InFlight>>>,
    /// Numbers the requests, to find one's entry again.
    next_call: AtomicU64,
    /// Called after every answer ([`BankApi::watch`]).
    watchers: SendWrapper<RefCell<Vec<Watcher>>>,
}

/// A request in flight: its number, how to abandon it, and why it ended early.
struct InFlight {
    id: u64,
    controller: AbortController,
    ended: Rc<Cell<Ending>>,
}

/// Why a request was abandoned, if it was: the abort looks the same to `fetch` either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Running,
    TimedOut,
    Left,
}

impl HttpBank {
    /// The bank at `origin` (`scheme://host[:port]`, no path), e.g. a test's server; "" is the
    /// page's own origin.
    pub fn at(origin: &str) -> HttpBank {
        let origin = origin.trim_end_matches('/').to_owned();
        // Outside a browser (native unit tests) there is no page, so no origin of its own.
        let own = if cfg!(target_arch = "wasm32") {
            web_sys::window().and_then(|w| w.location().origin().ok())
        } else {
            None
        };
        HttpBank {
            credentials: credentials_for(&origin, own.as_deref()),
            origin,
            timeout: DEFAULT_TIMEOUT,
            in_flight: SendWrapper::new(RefCell::new(Vec::new())),
            next_call: AtomicU64::new(0),
            watchers: SendWrapper::new(RefCell::new(Vec::new())),
        }
    }

    /// The bank the build names: `SHINKIN_OTP_API_ORIGIN` at compile time, else the page's origin.
    pub fn from_build() -> HttpBank {
        HttpBank::at(BUILD_API_ORIGIN.unwrap_or(""))
    }

    /// The same bank with another time limit per request (tests use a short one).
    pub fn with_timeout(mut self, timeout: Duration) -> HttpBank {
        self.timeout = timeout;
        self
    }

    /// The API's origin ("" for the page's own).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// How many requests are in flight now.
    pub fn calls_in_flight(&self) -> usize {
        self.in_flight.borrow().len()
    }

    /// Sends `body` to `path` once and reads the answer as `T`.
    ///
    /// Only the serialising (before the future starts) and the reading are generic; the request
    /// itself is [`HttpBank::post_json`], one copy in the wasm for every call (generic, it was one
    /// copy per call type, inlined into each screen's submission: about a tenth of the customer
    /// build's code).
    pub(crate) fn post<'a, B: Serialize, T: DeserializeOwned + 'a>(
        &'a self,
        path: &'static str,
        body: &B,
    ) -> impl Future<Output = Result<T, CallError>> + 'a {
        // Serialising the wire types cannot fail; if it did, nothing is sent.
        let json = serde_json::to_string(body).map_err(|_| Unavailable::Rejected.into());
        read_posted(self.post_json(path, json))
    }

    /// Sends `json` to `path` once.
    async fn post_json(
        &self,
        path: &'static str,
        json: Result<String, CallError>,
    ) -> Result<Answer, CallError> {
        let answer = self.send(Method::Post(json?), path).await?;
        // A POST the server answered at all (done, refused by its rules, or an answer this client
        // cannot read: the change may have happened all the same) may have changed the bank's
        // state: whoever watches re-reads. A GET changes nothing, so it wakes no one — or the
        // kit's reading would wake itself without end.
        self.wake_watchers();
        Ok(answer)
    }

    /// Asks `path` once (`GET`) and reads the answer as `T` (ご利用履歴, the kit's back office).
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, CallError> {
        self.send(Method::Get, path).await?.read()
    }

    /// Runs every watcher once.
    fn wake_watchers(&self) {
        // Cloned first: a watcher may well start another call on this bank.
        let watchers: Vec<_> = self.watchers.borrow().clone();
        for wake in watchers {
            wake();
        }
    }

    /// Sends one request and waits for its whole answer within the time limit.
    async fn send(&self, method: Method, path: &str) -> Result<Answer, CallError> {
        let call = Call::start(self);
        let url = format!("{}{path}", self.origin);
        let signal = call.controller.signal();
        let prepared = |request: RequestBuilder| {
            request
                .credentials(self.credentials)
                .abort_signal(Some(&signal))
        };
        let request = match method {
            Method::Get => prepared(Request::get(&url)).build(),
            Method::Post(json) => prepared(Request::post(&url))
                .header("content-type", "application/json")
                .body(json),
        }
        .map_err(|_| Unavailable::Rejected)?;
        let response = request.send().await.map_err(|_| call.failure())?;
        let status = response.status();
        let now_ms = js_sys::Date::now();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| retry_after_seconds(&v, now_ms, parse_http_date));
        // The body is read under the same time limit: a server can stall halfway through it.
        let text = response.text().await.map_err(|_| call.failure())?;
        drop(call);
        Ok(Answer {
            status,
            text,
            retry_after,
        })
    }
}

/// `posted`'s answer read as `T`. Apart from [`HttpBank::post`], so that its future is one copy per
/// answer type rather than per request and answer (the four token steps share the challenge's).
async fn read_posted<T: DeserializeOwned>(
    posted: impl Future<Output = Result<Answer, CallError>>,
) -> Result<T, CallError> {
    posted.await?.read()
}

/// A request's method, with a POST's JSON body.
enum Method {
    Get,
    Post(String),
}

/// An answer as it came: its status, its body and its `Retry-After` in seconds.
struct Answer {
    status: u16,
    text: String,
    retry_after: Option<u64>,
}

impl Answer {
    /// The answer read as `T`, or what it means if it is not one (see [`interpret`]).
    fn read<T: DeserializeOwned>(&self) -> Result<T, CallError> {
        interpret(self.status, &self.text, self.retry_after)
    }
}

/// What GET /api/v1/session's `answer` says of the session the page shows, of `shown`: ended when
/// the server knows no session, and when the one it knows is another customer's (another tab
/// logged in as someone else meanwhile): extending that one would not be this customer's.
fn session_extension(answer: &Answer, shown: &ContractId) -> Result<SessionExtension, CallError> {
    let code = serde_json::from_str::<Problem>(&answer.text)
        .ok()
        .and_then(|p| p.error_code());
    if answer.status == 401 && code == Some(ErrorCode::SessionInvalid) {
        return Ok(SessionExtension::Ended);
    }
    let session = answer.read::<crate::domain::bank::Session>()?;
    Ok(if &session.contract_id == shown {
        SessionExtension::Extended
    } else {
        SessionExtension::Ended
    })
}

/// Whether cookies go with requests to `origin` from a page at `page_origin`: to another origin
/// only when asked (`include`), since the server's CORS answer names that one origin; to the
/// page's own origin by default.
fn credentials_for(origin: &str, page_origin: Option<&str>) -> RequestCredentials {
    if origin.is_empty() || page_origin == Some(origin) {
        RequestCredentials::SameOrigin
    } else {
        RequestCredentials::Include
    }
}

/// One request's life: registered as in flight with its timer running, and on drop (answered,
/// failed or abandoned) the timer stopped and the entry gone.
struct Call<'a> {
    bank: &'a HttpBank,
    id: u64,
    controller: AbortController,
    ended: Rc<Cell<Ending>>,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
}

impl<'a> Call<'a> {
    fn start(bank: &'a HttpBank) -> Call<'a> {
        let controller =
            AbortController::new().expect("AbortController is in every supported browser");
        let ended = Rc::new(Cell::new(Ending::Running));
        let id = bank.next_call.fetch_add(1, Ordering::Relaxed);
        bank.in_flight.borrow_mut().push(InFlight {
            id,
            controller: controller.clone(),
            ended: ended.clone(),
        });
        let timer = web_sys::window().and_then(|window| {
            let (controller, ended) = (controller.clone(), ended.clone());
            let expire = Closure::<dyn FnMut()>::new(move || {
                if ended.get() == Ending::Running {
                    ended.set(Ending::TimedOut);
                    controller.abort();
                }
            });
            let millis = i32::try_from(bank.timeout.as_millis()).unwrap_or(i32::MAX);
            let handle = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    expire.as_ref().unchecked_ref(),
                    millis,
                )
                .ok()?;
            Some((handle, expire))
        });
        Call {
            bank,
            id,
            controller,
            ended,
            timer,
        }
    }

    /// What a request that failed in the browser (no answer, or its body cut off) amounts to.
    fn failure(&self) -> CallError {
        CallError::Unavailable(match self.ended.get() {
            Ending::TimedOut => Unavailable::Timeout,
            Ending::Left => Unavailable::Aborted,
            // fetch rejects with a TypeError when the network or the server cannot be reached.
            Ending::Running => Unavailable::Unreachable,
        })
    }
}

impl Drop for Call<'_> {
    fn drop(&mut self) {
        if let (Some(window), Some((handle, _))) = (web_sys::window(), &self.timer) {
            window.clear_timeout_with_handle(*handle);
        }
        self.bank
            .in_flight
            .borrow_mut()
            .retain(|call| call.id != self.id);
    }
}

/// An HTTP-date (`Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`) in milliseconds since the epoch,
/// by the browser's own parser.
fn parse_http_date(text: &str) -> Option<f64> {
    if cfg!(target_arch = "wasm32") {
        let ms = js_sys::Date::parse(text);
        (!ms.is_nan()).then_some(ms)
    } else {
        None
    }
}

/// `Retry-After` in whole seconds from now: delta-seconds, or an HTTP-date read by `parse_date`;
/// at least 1 (a wait that has passed still means "try again now-ish", not "never").
pub fn retry_after_seconds(
    value: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.max(1));
    }
    let at = parse_date(value)?;
    let seconds = ((at - now_ms) / 1000.0).ceil();
    // A nonsense date (far future) is not a wait worth naming.
    (seconds < 86_400.0).then_some(seconds.max(1.0) as u64)
}

/// What an answer means: a 2xx body of the expected shape, a refusal named by its problem `code`,
/// or a failure by its status. Nothing here depends on the browser, so it is tested natively.
pub fn interpret<T: DeserializeOwned>(
    status: u16,
    body: &str,
    retry_after: Option<u64>,
) -> Result<T, CallError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|_| Unavailable::Unreadable.into());
    }
    Err(refusal(status, body, retry_after))
}

/// What an answer that is not a 2xx means (not generic: one copy whatever the call).
fn refusal(status: u16, body: &str, retry_after: Option<u64>) -> CallError {
    let code = serde_json::from_str::<Problem>(body)
        .ok()
        .and_then(|p| p.error_code());
    match (code, status) {
        (Some(ErrorCode::Bank(refusal)), _) => CallError::Refused(refusal),
        (Some(ErrorCode::RateLimited), _) | (_, 429) => {
            Unavailable::RateLimited { retry_after }.into()
        }
        (Some(ErrorCode::Internal | ErrorCode::Busy), _) | (_, 500..=599) => {
            Unavailable::ServerError.into()
        }
        (
            Some(
                ErrorCode::InvalidRequest
                | ErrorCode::SessionInvalid
                | ErrorCode::ForbiddenOrigin
                | ErrorCode::NotFound
                | ErrorCode::MethodNotAllowed
                | ErrorCode::PayloadTooLarge
                | ErrorCode::UnsupportedMediaType
                | ErrorCode::MisdirectedRequest
                | ErrorCode::TokenActive,
            ),
            _,
        ) => Unavailable::Rejected.into(),
        // A 4xx without a problem body of ours: something else answered (a proxy, a wrong path).
        (None, _) => Unavailable::Unreadable.into(),
    }
}

impl Calls for HttpBank {
    type Error = CallError;

    // Not `async fn`: the body is serialised at once, so the future holds no copy of `op`.
    fn call<O: Operation>(&self, op: O) -> impl Future<Output = Result<O::Answer, CallError>> {
        self.post(O::PATH, &op)
    }

    /// A password that failed the rule here would be refused by the server as a malformed
    /// request, so it is not sent at all.
    fn unsendable() -> CallError {
        Unavailable::Rejected.into()
    }
}

impl BankApi for HttpBank {
    async fn logout(&self) -> Result<(), CallError> {
        let _: wire::Status = self.post(paths::LOGOUT, &serde_json::json!({})).await?;
        Ok(())
    }

    /// `GET /api/v1/session`, which touches the session it finds; `session_invalid` means it had
    /// ended.
    async fn extend_session(&self, shown: ContractId) -> Result<SessionExtension, CallError> {
        let answer = self.send(Method::Get, paths::SESSION).await?;
        session_extension(&answer, &shown)
    }

    /// The server answers for the session's contract: `contract_id` is not sent.
    async fn history(&self, _: ContractId) -> Result<Vec<HistoryEntry>, CallError> {
        let answer: wire::History = self.get(paths::HISTORY).await?;
        Ok(answer.events)
    }

    fn abort_calls(&self) {
        for call in self.in_flight.borrow().iter() {
            if call.ended.get() == Ending::Running {
                call.ended.set(Ending::Left);
                call.controller.abort();
            }
        }
    }

    /// `wake` runs after every POST the server answers (the demo kit re-reads the back office).
    fn watch(&self, wake: Watcher) {
        self.watchers.borrow_mut().push(wake);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bank::Authenticated;

    fn problem(code: ErrorCode) -> String {
        serde_json::to_string(&Problem::new(code, None)).unwrap()
    }

    fn failure(status: u16, body: &str, retry_after: Option<u64>) -> CallError {
        interpret::<wire::Status>(status, body, retry_after).unwrap_err()
    }

    #[test]
    fn extending_another_customers_session_is_no_extension_of_the_shown_one() {
        use crate::domain::bank::Session;
        use crate::domain::input;
        let shown = input::contract_id("10000000001").unwrap();
        let other = input::contract_id("10000000002").unwrap();
        let session = |contract_id: &ContractId| Answer {
            status: 200,
            text: serde_json::to_string(&Session {
                contract_id: contract_id.clone(),
                name: "山田 花子".into(),
                token: None,
            })
            .unwrap(),
            retry_after: None,
        };
        assert_eq!(
            session_extension(&session(&shown), &shown),
            Ok(SessionExtension::Extended)
        );
        // Another tab logged in as someone else meanwhile: the shown session is gone.
        assert_eq!(
            session_extension(&session(&other), &shown),
            Ok(SessionExtension::Ended)
        );
        let gone = Answer {
            status: 401,
            text: problem(ErrorCode::SessionInvalid),
            retry_after: None,
        };
        assert_eq!(
            session_extension(&gone, &shown),
            Ok(SessionExtension::Ended)
        );
    }

    #[test]
    fn a_refusal_maps_back_to_the_banks_own_error_by_its_code() {
        for row in wire::ERRORS {
            if let ErrorCode::Bank(refusal) = row.code {
                let body = problem(row.code);
                assert_eq!(
                    failure(row.status, &body, None),
                    CallError::Refused(refusal)
                );
            }
        }
    }

    #[test]
    fn failures_of_the_call_get_their_own_kinds() {
        use Unavailable::*;
        let u = CallError::Unavailable;
        assert_eq!(
            failure(429, &problem(ErrorCode::RateLimited), Some(7)),
            u(RateLimited {
                retry_after: Some(7)
            })
        );
        assert_eq!(
            failure(429, "Too Many Requests", None),
            u(RateLimited { retry_after: None })
        );
        assert_eq!(
            failure(503, &problem(ErrorCode::Busy), Some(1)),
            u(ServerError)
        );
        assert_eq!(
            failure(500, &problem(ErrorCode::Internal), None),
            u(ServerError)
        );
        assert_eq!(
            failure(502, "<html>Bad Gateway</html>", None),
            u(ServerError)
        );
        assert_eq!(
            failure(400, &problem(ErrorCode::InvalidRequest), None),
            u(Rejected)
        );
        assert_eq!(
            failure(403, &problem(ErrorCode::ForbiddenOrigin), None),
            u(Rejected)
        );
        assert_eq!(
            failure(415, &problem(ErrorCode::UnsupportedMediaType), None),
            u(Rejected)
        );
        assert_eq!(failure(404, "<html>Not Found</html>", None), u(Unreadable));
        let unknown = r#"{"type":"x","title":"x","status":418,"code":"teapot"}"#;
        assert_eq!(failure(418, unknown, None), u(Unreadable));
    }

    #[test]
    fn a_success_of_the_wrong_shape_is_unreadable() {
        assert_eq!(
            interpret::<wire::Status>(200, r#"{"status":"ok"}"#, None),
            Ok(wire::Status::ok())
        );
        for body in ["", "<html>", r#"{"flow":"nope"}"#, "null"] {
            assert_eq!(
                interpret::<Authenticated>(200, body, None),
                Err(CallError::Unavailable(Unavailable::Unreadable)),
                "{body:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_a_date() {
        let never = |_: &str| None;
        assert_eq!(retry_after_seconds("7", 0.0, never), Some(7));
        assert_eq!(retry_after_seconds(" 120 ", 0.0, never), Some(120));
        assert_eq!(retry_after_seconds("0", 0.0, never), Some(1));
        assert_eq!(retry_after_seconds("soon", 0.0, never), None);
        let date = |_: &str| Some(10_500.0);
        assert_eq!(
            retry_after_seconds("Wed, 21 Oct 2026 07:28:00 GMT", 1_000.0, date),
            Some(10)
        );
        assert_eq!(
            retry_after_seconds("a date in the past", 20_000.0, date),
            Some(1)
        );
        let far = |_: &str| Some(1e15);
        assert_eq!(retry_after_seconds("far", 0.0, far), None);
    }

    #[test]
    fn cookies_go_along_to_another_origin_only_when_it_is_named() {
        let page = Some("http://127.0.0.1:8787");
        assert_eq!(credentials_for("", page), RequestCredentials::SameOrigin);
        assert_eq!(
            credentials_for("http://127.0.0.1:8787", page),
            RequestCredentials::SameOrigin
        );
        assert_eq!(
            credentials_for("http://127.0.0.1:9000", page),
            RequestCredentials::Include
        );
        assert_eq!(
            credentials_for("https://api.example", None),
            RequestCredentials::Include
        );
        let bank = HttpBank::at("http://127.0.0.1:9000/").with_timeout(Duration::from_secs(1));
        assert_eq!(bank.origin(), "http://127.0.0.1:9000");
        assert_eq!(bank.timeout, Duration::from_secs(1));
    }
}

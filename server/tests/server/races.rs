//! Races through real sockets: many requests fired at the same moment can never both win — one
//! code accepted once of 50, 20 parallel wrong passwords counted to exactly the lock, two
//! confirmations of one flow giving one receipt, one token bound to one of two customers. Each
//! runs against one server, and against two server processes sharing one database (the requests
//! alternate between them: nothing a request needs lives in one process's memory).

use crate::support::{self, card_answers, code, post, ServerProcess, HANAKO, ICHIRO, T0};
use serde_json::{json, Value};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::wire::paths;
use sqlx::AnyPool;

const ICHIRO_TOKEN: &str = "SKHT20000002";
const FREE_TOKEN: &str = "SKTS10000001";

/// What keeps the servers of a race running.
#[allow(dead_code)] // held for its Drop
enum Keep {
    InProcess(Box<support::TestApp>),
    Processes(Vec<ServerProcess>, tempfile::TempDir),
}

/// The servers a race runs against: their addresses, a pool on their database, their clock.
struct Servers {
    bases: Vec<String>,
    pool: AnyPool,
    now: u64,
    _keep: Keep,
}

impl Servers {
    /// One server (in this process, with a manual clock at `T0`) on a loopback socket.
    async fn one() -> Servers {
        let t = support::app().await;
        let base = format!("http://{}", support::serve(t.app.router.clone()).await);
        Servers {
            bases: vec![base],
            pool: t.app.service.db.pool.clone(),
            now: T0,
            _keep: Keep::InProcess(Box::new(t)),
        }
    }

    /// Two server processes on one fresh database (the first seeds the demo data).
    async fn two_processes() -> Servers {
        let dir = tempfile::tempdir().unwrap();
        let url = support::database_url(&dir).await;
        let a = ServerProcess::start(&url, &[]).await;
        let b = ServerProcess::start(&url, &[]).await;
        let now = support::server_now(&a.base).await;
        let pool = shinkin_otp_server::db::Db::connect(&url)
            .await
            .unwrap()
            .pool;
        Servers {
            bases: vec![a.base.clone(), b.base.clone()],
            pool,
            now,
            _keep: Keep::Processes(vec![a, b], dir),
        }
    }

    /// The server the `i`th request goes to.
    fn base(&self, i: usize) -> &str {
        &self.bases[i % self.bases.len()]
    }

    async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

/// One request of a race: who sends it, where, what.
struct Shot {
    client: reqwest::Client,
    base: String,
    path: &'static str,
    body: Value,
}

/// Sends every shot at the same moment (a barrier releases them together); returns the answers
/// in order.
async fn at_once(shots: Vec<Shot>) -> Vec<(u16, Value)> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(shots.len()));
    let tasks: Vec<_> = shots
        .into_iter()
        .map(|shot| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                post(&shot.client, &shot.base, shot.path, shot.body).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

fn tally(answers: &[(u16, Value)], status: u16, code: Option<&str>) -> usize {
    answers
        .iter()
        .filter(|(s, json)| *s == status && json.get("code").and_then(Value::as_str) == code)
        .count()
}

fn login_body(who: usize, password: &str) -> Value {
    json!({"contract_id": demo_data::CUSTOMERS[who].contract_id, "password": password})
}

async fn same_code_fifty_times(s: &Servers) {
    let password = demo_data::CUSTOMERS[ICHIRO].password;
    let mut shots = Vec::new();
    for i in 0..50 {
        let client = support::socket_browser();
        let (status, answer) = post(
            &client,
            s.base(i),
            paths::LOGIN,
            login_body(ICHIRO, password),
        )
        .await;
        assert_eq!(
            (status, &answer["status"]),
            (200, &json!("needs_code")),
            "{answer}"
        );
        let body = json!({"flow": answer["flow"], "code": code(ICHIRO_TOKEN, s.now)});
        shots.push(Shot {
            client,
            base: s.base(i + 1).to_owned(),
            path: paths::LOGIN_CODE,
            body,
        });
    }
    let answers = at_once(shots).await;
    assert_eq!(
        tally(&answers, 200, None),
        1,
        "exactly one accepted: {answers:?}"
    );
    assert_eq!(
        tally(&answers, 422, Some("otp_reused")),
        49,
        "every other one refused as used: {answers:?}"
    );
    let step = i64::try_from(s.now / 30).unwrap();
    let last: i64 = s
        .count("SELECT last_step FROM token_states WHERE serial = 'SKHT20000002'")
        .await;
    assert_eq!(last, step);
}

async fn twenty_wrong_passwords_at_once(s: &Servers) {
    let shots = (0..20)
        .map(|i| Shot {
            client: support::socket_browser(),
            base: s.base(i).to_owned(),
            path: paths::LOGIN,
            body: login_body(ICHIRO, "wrongpass1"),
        })
        .collect();
    let answers = at_once(shots).await;
    assert_eq!(
        tally(&answers, 401, Some("invalid_credentials")),
        4,
        "four counted before the lock: {answers:?}"
    );
    assert_eq!(
        tally(&answers, 423, Some("login_locked")),
        16,
        "the fifth locks, the rest meet the lock: {answers:?}"
    );
    let failures = s
        .count("SELECT password_failures FROM customer_states WHERE contract_id = '10000000002'")
        .await;
    assert_eq!(failures, 5, "no increment lost, none past the lock");
}

/// Customer `who`'s 利用開始 from `client` up to the card step with `serial`'s code at `at`; returns the
/// flow and the card answers.
async fn at_the_card(
    client: &reqwest::Client,
    base: &str,
    who: usize,
    serial: &str,
    at: u64,
) -> (Value, [u8; 2]) {
    let c = demo_data::CUSTOMERS[who];
    let body = json!({"procedure": "start", "contract_id": c.contract_id, "password": c.password});
    let (status, auth) = post(client, base, paths::AUTHENTICATE, body).await;
    assert_eq!(status, 200, "{auth}");
    let token = json!({"serial": serial, "code": code(serial, at), "login_otp": "required"});
    let body = json!({"flow": auth["flow"], "token": token});
    let (status, challenge) = post(client, base, paths::REGISTER, body).await;
    assert_eq!(status, 200, "{challenge}");
    (auth["flow"].clone(), card_answers(who, &challenge))
}

async fn one_flow_confirmed_twice_at_once(s: &Servers) {
    let client = support::socket_browser();
    let (flow, answers) = at_the_card(&client, s.base(0), HANAKO, FREE_TOKEN, s.now).await;
    let shots = (0..2)
        .map(|i| Shot {
            // Clones share the cookie jar: the same browser, sending twice.
            client: client.clone(),
            base: s.base(i).to_owned(),
            path: paths::CONFIRM,
            body: json!({"flow": flow, "answers": answers}),
        })
        .collect();
    let answers = at_once(shots).await;
    assert_eq!(tally(&answers, 200, None), 1, "one receipt: {answers:?}");
    assert_eq!(tally(&answers, 404, Some("flow_invalid")), 1, "{answers:?}");
    let bound = s
        .count("SELECT COUNT(*) FROM enrolments WHERE contract_id = '10000000001'")
        .await;
    assert_eq!(bound, 1);
}

async fn one_token_confirmed_by_two_customers_at_once(s: &Servers) {
    // 佐藤 一郎 gives his token back (a loss report, then the bank's own step), so both customers
    // may start.
    support::report_lost(&support::socket_browser(), s.base(0), ICHIRO).await;
    let (status, _) = post(
        &support::socket_browser(),
        s.base(0),
        paths::DEMO_STOP_BY_BANK,
        json!({"contract_id": demo_data::CUSTOMERS[ICHIRO].contract_id}),
    )
    .await;
    assert_eq!(status, 200);
    let mut shots = Vec::new();
    // Two codes of the one token, a step apart (each is single use): both reach the card step.
    for (i, who) in [HANAKO, ICHIRO].into_iter().enumerate() {
        let client = support::socket_browser();
        let at = s.now + 30 * i as u64;
        let (flow, answers) = at_the_card(&client, s.base(i), who, FREE_TOKEN, at).await;
        shots.push(Shot {
            client,
            base: s.base(i).to_owned(),
            path: paths::CONFIRM,
            body: json!({"flow": flow, "answers": answers}),
        });
    }
    let answers = at_once(shots).await;
    assert_eq!(tally(&answers, 200, None), 1, "one binding: {answers:?}");
    assert_eq!(
        tally(&answers, 409, Some("serial_in_use")),
        1,
        "{answers:?}"
    );
    let holders = s
        .count("SELECT COUNT(*) FROM enrolments WHERE serial = 'SKTS10000001'")
        .await;
    assert_eq!(holders, 1);
}

/// Runs each race against one server and against two processes on one database.
macro_rules! races {
    ($($race:ident),* $(,)?) => {
        mod one_server {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $race() {
                    super::$race(&super::Servers::one().await).await;
                }
            )*
        }
        mod two_processes {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $race() {
                    super::$race(&super::Servers::two_processes().await).await;
                }
            )*
        }
    };
}

races!(
    same_code_fifty_times,
    twenty_wrong_passwords_at_once,
    one_flow_confirmed_twice_at_once,
    one_token_confirmed_by_two_customers_at_once,
);

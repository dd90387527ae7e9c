//! Faults: the database unavailable, read-only or full, a failure half-way through a change, and
//! the server killed (`kill -9`) mid-flow. Each answers `503` problem+json (or, for a fault the
//! server cannot name, `500`) with nothing half-written, and the bank goes on once the fault is
//! gone; a flow cut by a crash goes on after the restart or expires with its message.

use crate::support::{self, card_answers, code, post, Browser, ServerProcess, ICHIRO};
use axum::http::{header, StatusCode};
use serde_json::{json, Value};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::wire::paths;
use sqlx::AnyPool;

const ICHIRO_TOKEN: &str = "SKHT20000002";

/// Asserts `answer` is `503 busy` as problem+json with `Retry-After`.
fn assert_unavailable(answer: &support::Answer) {
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{answer:?}");
    assert_eq!(answer.code(), Some("busy"));
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(answer.headers[header::RETRY_AFTER], "1");
}

/// Runs `sql` on every connection of a SQLite `pool` (it has at most 4; all are taken at once
/// so each is reached), for per-connection settings such as `query_only` or `max_page_count`.
async fn on_every_sqlite_connection(pool: &AnyPool, sql: &'static str) {
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        sqlx::raw_sql(sql).execute(&mut **conn).await.unwrap();
    }
}

async fn password_failures(pool: &AnyPool) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT password_failures FROM customer_states WHERE contract_id = '10000000002'",
    )
    .fetch_optional(pool)
    .await
    .unwrap()
    .unwrap_or(0)
}

#[tokio::test]
async fn the_database_unavailable_answers_503_and_the_bank_goes_on_when_it_is_back() {
    let t = support::app().await;
    let pool = t.app.service.db.pool.clone();
    let mut b = Browser::new(&t.app.router);
    let url = t.url.clone();
    let blocker = match support::pg_admin_url() {
        Some(_) => {
            // The database refuses connections and its open ones are cut.
            let name = support::pg_database_name(&url);
            support::pg_admin(&format!(
                "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .await;
            None
        }
        None => {
            // Another process holds SQLite's write lock past the busy timeout (5 s).
            use sqlx::Connection;
            let mut other = sqlx::AnyConnection::connect(&url).await.unwrap();
            sqlx::raw_sql("BEGIN EXCLUSIVE")
                .execute(&mut other)
                .await
                .unwrap();
            Some(other)
        }
    };
    let c = demo_data::CUSTOMERS[ICHIRO];
    assert_unavailable(&b.login(ICHIRO, "wrongpass1").await);
    match blocker {
        Some(mut other) => {
            sqlx::raw_sql("ROLLBACK").execute(&mut other).await.unwrap();
        }
        None => {
            let name = support::pg_database_name(&url);
            support::pg_admin(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await;
        }
    }
    assert_eq!(
        password_failures(&pool).await,
        0,
        "the refused attempt left nothing"
    );
    let again = b.login(ICHIRO, c.password).await;
    assert_eq!(again.json["status"], "needs_code", "{again:?}");
}

#[tokio::test]
async fn a_read_only_database_answers_503_and_writes_nothing() {
    let t = support::app().await;
    let pool = t.app.service.db.pool.clone();
    let url = t.url.clone();
    let mut b = Browser::new(&t.app.router);
    let pg = support::pg_admin_url().is_some();
    let name = support::pg_database_name(&url).to_owned();
    if pg {
        support::pg_admin(&format!(
            "ALTER DATABASE {name} SET default_transaction_read_only = on; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await;
    } else {
        on_every_sqlite_connection(&pool, "PRAGMA query_only = ON").await;
    }
    for _ in 0..3 {
        assert_unavailable(&b.login(ICHIRO, "wrongpass1").await);
    }
    if pg {
        support::pg_admin(&format!(
            "ALTER DATABASE {name} RESET default_transaction_read_only; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await;
    } else {
        on_every_sqlite_connection(&pool, "PRAGMA query_only = OFF").await;
    }
    assert_eq!(password_failures(&pool).await, 0, "nothing counted");
    let wrong = b.login(ICHIRO, "wrongpass1").await;
    assert_eq!(wrong.code(), Some("invalid_credentials"), "{wrong:?}");
    assert_eq!(password_failures(&pool).await, 1);
}

#[tokio::test]
async fn a_change_failing_half_way_leaves_nothing_half_written() {
    let t = support::app().await;
    let pool = t.app.service.db.pool.clone();
    let mut b = Browser::new(&t.app.router);
    let auth = b.authenticate(support::HANAKO, "start").await;
    let flow = auth.json["flow"].clone();
    let token = json!({"serial": "SKTS10000001", "code": code("SKTS10000001", support::T0), "login_otp": "required"});
    let challenge = b
        .post(paths::REGISTER, json!({"flow": flow, "token": token}))
        .await;
    assert_eq!(challenge.status, StatusCode::OK, "{challenge:?}");
    let answers = card_answers(support::HANAKO, &challenge.json);
    // The confirmation writes the enrolment first and deletes the flow last: make the last
    // write fail, as a disk failing half-way through would.
    if support::pg_admin_url().is_some() {
        sqlx::raw_sql(
            "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected fault' USING ERRCODE = 'disk_full'; END $$; \
             CREATE TRIGGER injected_fault BEFORE DELETE ON flows \
             FOR EACH ROW EXECUTE FUNCTION injected_fault()",
        )
        .execute(&pool)
        .await
        .unwrap();
    } else {
        sqlx::raw_sql(
            "CREATE TRIGGER injected_fault BEFORE DELETE ON flows \
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
        )
        .execute(&pool)
        .await
        .unwrap();
    }
    let confirm = json!({"flow": flow, "answers": answers});
    let failed = b.post(paths::CONFIRM, confirm.clone()).await;
    assert!(failed.status.is_server_error(), "{failed:?}");
    assert_eq!(
        failed.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let enrolled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM enrolments WHERE contract_id = '10000000001'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        enrolled, 0,
        "the enrolment written before the failure was rolled back"
    );
    let drop = if support::pg_admin_url().is_some() {
        "DROP TRIGGER injected_fault ON flows"
    } else {
        "DROP TRIGGER injected_fault"
    };
    sqlx::raw_sql(drop).execute(&pool).await.unwrap();
    // The flow is where it was: the customer's retry goes through.
    let receipt = b.post(paths::CONFIRM, confirm).await;
    assert_eq!(receipt.status, StatusCode::OK, "{receipt:?}");
}

#[tokio::test]
async fn a_full_disk_on_the_sqlite_path_is_reported_not_crashed() {
    if support::pg_admin_url().is_some() {
        eprintln!("skipped on PostgreSQL: the full-disk test is SQLite's (max_page_count)");
        return;
    }
    let t = support::app().await;
    let pool = t.app.service.db.pool.clone();
    let mut b = Browser::new(&t.app.router);
    // The file may not grow by a page: what SQLite answers when the disk is full (SQLITE_FULL).
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&pool)
        .await
        .unwrap();
    let limit: &'static str = format!("PRAGMA max_page_count = {pages}").leak();
    on_every_sqlite_connection(&pool, limit).await;
    let flows = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM flows")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let password = demo_data::CUSTOMERS[ICHIRO].password;
    let mut full = None;
    for _ in 0..500 {
        let before = flows().await;
        let answer = b.login(ICHIRO, password).await;
        if answer.status != StatusCode::OK {
            full = Some((answer, before));
            break;
        }
    }
    let (answer, before) = full.expect("the file filled up within 500 new flows");
    assert_unavailable(&answer);
    assert_eq!(flows().await, before, "the refused login left no flow");
    assert_eq!(
        b.get(paths::HEALTH).await.status,
        StatusCode::OK,
        "still serving"
    );
    // Room again: every connection serves (none is left believing it is inside a transaction).
    on_every_sqlite_connection(&pool, "PRAGMA max_page_count = 1073741823").await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pool.acquire().await.unwrap());
    }
    assert!(
        held.iter()
            .all(|c| !sqlx::Connection::is_in_transaction(&**c)),
        "a connection left inside the failed transaction went back to the pool"
    );
    drop(held);
    for _ in 0..8 {
        let again = b.login(ICHIRO, password).await;
        assert_eq!(again.json["status"], "needs_code", "{again:?}");
    }
}

// ── kill -9 ─────────────────────────────────────────────────────────────────────────────────

/// A server process on a fresh database, and the database's URL.
async fn process() -> (ServerProcess, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(&dir).await;
    (ServerProcess::start(&url, &[]).await, url, dir)
}

/// 佐藤 一郎's login up to the code step; returns the flow.
async fn ichiro_at_the_code(client: &reqwest::Client, base: &str) -> Value {
    let c = demo_data::CUSTOMERS[ICHIRO];
    let body = json!({"contract_id": c.contract_id, "password": c.password});
    let (status, answer) = post(client, base, paths::LOGIN, body).await;
    assert_eq!(
        (status, &answer["status"]),
        (200, &json!("needs_code")),
        "{answer}"
    );
    answer["flow"].clone()
}

#[tokio::test]
async fn a_flow_cut_by_kill_9_goes_on_after_the_restart_or_expires_with_its_message() {
    let (mut server, url, _dir) = process().await;
    let (goes_on, expires) = (support::socket_browser(), support::socket_browser());
    let flow = ichiro_at_the_code(&goes_on, &server.base).await;
    let stale = ichiro_at_the_code(&expires, &server.base).await;
    server.kill9();
    let server = ServerProcess::start(&url, &[]).await;
    let now = support::server_now(&server.base).await;
    let body = json!({"flow": flow, "code": code(ICHIRO_TOKEN, now)});
    let (status, session) = post(&goes_on, &server.base, paths::LOGIN_CODE, body).await;
    assert_eq!(status, 200, "the flow goes on: {session}");
    // The other flow sits idle past its ten minutes.
    let (status, _) = post(
        &expires,
        &server.base,
        "/api/v1/test/clock",
        json!({"advance": 601}),
    )
    .await;
    assert_eq!(status, 200);
    let body = json!({"flow": stale, "code": code(ICHIRO_TOKEN, now + 601)});
    let (status, problem) = post(&expires, &server.base, paths::LOGIN_CODE, body).await;
    assert_eq!(
        (status, &problem["code"]),
        (410, &json!("flow_expired")),
        "{problem}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_in_the_middle_of_a_burst_leaves_no_corrupt_state() {
    let (mut server, url, _dir) = process().await;
    let client = support::socket_browser();
    let flow = ichiro_at_the_code(&client, &server.base).await;
    // Wrong passwords for 佐藤 一郎 in flight from many browsers when the process dies.
    let c = demo_data::CUSTOMERS[ICHIRO];
    let burst: Vec<_> = (0..30)
        .map(|_| {
            let (base, id) = (server.base.clone(), c.contract_id);
            tokio::spawn(async move {
                let body = json!({"contract_id": id, "password": "wrongpass1"});
                support::socket_browser()
                    .post(format!("{base}{}", paths::LOGIN))
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    server.kill9();
    let (counted, locked) = answered(burst).await;
    let server = ServerProcess::start(&url, &[]).await;
    let db = shinkin_otp_server::db::Db::connect(&url).await.unwrap();
    if support::pg_admin_url().is_none() {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    let failures = password_failures(&db.pool).await;
    assert!(
        (0..=5).contains(&failures),
        "a counter past the lock: {failures}"
    );
    // What was answered was committed: each 401 counted, a 423 only once the lock was reached.
    assert!(
        failures >= counted,
        "{counted} answered 401 but {failures} counted"
    );
    assert!(
        locked == 0 || failures == 5,
        "{locked} answered 423 at {failures}"
    );
    // Every row reads back: the flow opened before the crash goes on, unless the burst locked
    // login, which its step re-checks.
    let now = support::server_now(&server.base).await;
    let body = json!({"flow": flow, "code": code(ICHIRO_TOKEN, now)});
    let (status, answer) = post(&client, &server.base, paths::LOGIN_CODE, body).await;
    if failures < 5 {
        assert_eq!(status, 200, "{answer}");
    } else {
        assert_eq!(
            (status, &answer["code"]),
            (423, &json!("login_locked")),
            "{answer}"
        );
    }
}

/// Waits for the burst; how many requests were answered 401 and 423 before the process died.
async fn answered(burst: Vec<tokio::task::JoinHandle<Result<u16, reqwest::Error>>>) -> (i64, i64) {
    let (mut counted, mut locked) = (0, 0);
    for t in burst {
        match t.await.unwrap() {
            Ok(401) => counted += 1,
            Ok(423) => locked += 1,
            Ok(other) => panic!("{other}"),
            Err(_) => {} // cut by the kill
        }
    }
    (counted, locked)
}

//! Operating a bank for real, on SQLite and (with `SHINKIN_OTP_TEST_PG_URL`) PostgreSQL: the
//! operator's subcommands (`customers import`, `desk …`) on an empty bank database, a customer
//! logging in over HTTP with an imported token, the desk lifting a lock, the audit trail written
//! in the same transaction as each change, and the sweep.

use crate::support::{self, Answer, Browser, PROCESS_KEY};
use clap::Parser;
use serde_json::{json, Value};
use shinkin_otp_domain::audit::EventKind;
use shinkin_otp_domain::totp;
use shinkin_otp_domain::Clock;
use shinkin_otp_server::cli::{self, Failure};
use shinkin_otp_server::config::Args;
use shinkin_otp_server::crypto::{PasswordCost, Passwords};
use shinkin_otp_server::service::Retention;
use std::path::PathBuf;

const TARO: &str = "20000000001";
const TARO_PASSWORD: &str = "taro2026";
const TARO_CARD: [u8; 8] = [3, 1, 4, 1, 5, 9, 2, 6];
const HANA: &str = "20000000002";
/// The first token of the PSKC fixtures python-pskc wrote (scripts/pskc/make.py), with RFC 6238's
/// SHA-1 test seed.
const TOKEN: &str = "SKHT00000001";
const SEED: &[u8] = b"12345678901234567890";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/pskc/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A bank server (no demo data) on an empty database, and a key file for the subcommands.
struct Bank {
    t: support::TestApp,
    key_file: PathBuf,
}

impl Bank {
    async fn new() -> Bank {
        let t = support::app_with(|c| c.demo = false).await;
        let key_file = t._dir.path().join("key");
        std::fs::write(&key_file, PROCESS_KEY).unwrap();
        // A key file must be its owner's alone.
        #[cfg(unix)]
        std::fs::set_permissions(
            &key_file,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        Bank { t, key_file }
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.t._dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    /// Runs `shinkin-otp-server ARGS --database-url … --key-file …` at the server's time.
    async fn cli(&self, args: &[&str]) -> Result<String, Failure> {
        let key = self.key_file.display().to_string();
        let all = [
            &["shinkin-otp-server"][..],
            args,
            &["--database-url", &self.t.url, "--key-file", &key],
        ]
        .concat();
        let mut parsed = Args::try_parse_from(all).expect("the command line parses");
        let command = parsed.command.take().expect("a subcommand");
        cli::execute(command, &parsed, self.t.clock.clone()).await
    }

    async fn count(&self, sql: &str) -> i64 {
        use sqlx::Row;
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        sqlx::query(sql)
            .fetch_one(&self.t.app.service.db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap()
    }

    fn now(&self) -> u64 {
        self.t.clock.now()
    }
}

fn hash(password: &str) -> String {
    cli::hash_password(password, &Passwords::new(PasswordCost::Recommended)).unwrap()
}

fn customers_csv(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut text = String::from("contract_id,name,password_hash,card_row\n");
    for (id, name, hash, card) in rows {
        text.push_str(&format!("{id},{name},\"{hash}\",{card}\n"));
    }
    text
}

fn taro_csv() -> String {
    customers_csv(&[
        (TARO, "信金 太郎", &hash(TARO_PASSWORD), "3141-5926"),
        (HANA, "信金 花", &hash("hana2026"), "27182818"),
    ])
}

/// The sample vendor file of three hardware tokens (`scripts/serve-server.sh --bank` imports it
/// too), protected with a pre-shared key.
async fn import_token(bank: &Bank) {
    let samples = format!("{}/samples", env!("CARGO_MANIFEST_DIR"));
    let (file, key) = (
        format!("{samples}/tokens.pskc.xml"),
        format!("{samples}/tokens.psk"),
    );
    let out = bank
        .cli(&[
            "tokens",
            "import",
            "--pskc",
            &file,
            "--psk-file",
            &key,
            "--operator",
            "vendor",
        ])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.contains("imported 3 tokens"), "{out}");
}

fn code_at(now: u64) -> String {
    totp::code_at(SEED, now)
}

fn answers(challenge: &Value) -> [u8; 2] {
    let column = |k: &str| challenge[k].as_u64().expect("a column") as usize;
    [TARO_CARD[column("first")], TARO_CARD[column("second")]]
}

async fn login(b: &mut Browser, password: &str) -> Answer {
    b.post(
        "/api/v1/login",
        json!({"contract_id": TARO, "password": password}),
    )
    .await
}

/// 利用開始 with the imported token, as 信金 太郎.
async fn start(bank: &Bank, b: &mut Browser) {
    let a = b
        .post(
            "/api/v1/authenticate",
            json!({"procedure": "start", "contract_id": TARO, "password": TARO_PASSWORD}),
        )
        .await;
    let flow = a.json["flow"].as_str().expect("a flow").to_owned();
    let token = json!({"serial": TOKEN, "code": code_at(bank.now()), "login_otp": "required"});
    let ch = b
        .post("/api/v1/register", json!({"flow": flow, "token": token}))
        .await;
    assert_eq!(ch.status, 200, "{ch:?}");
    let r = b
        .post(
            "/api/v1/confirm",
            json!({"flow": flow, "answers": answers(&ch.json)}),
        )
        .await;
    assert_eq!(r.json["change"]["kind"], "started", "{r:?}");
}

/// Logs in with the token's code of the next step.
async fn login_with_code(bank: &Bank, b: &mut Browser) -> Answer {
    bank.t.clock.advance(30);
    let a = login(b, TARO_PASSWORD).await;
    assert_eq!(a.json["status"], "needs_code", "{a:?}");
    let flow = a.json["flow"].as_str().unwrap().to_owned();
    b.post(
        "/api/v1/login/code",
        json!({"flow": flow, "code": code_at(bank.now())}),
    )
    .await
}

fn kinds(history: &Value) -> Vec<String> {
    history
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["outcome"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn an_empty_bank_to_a_customer_logging_in_with_an_imported_token_and_the_desk_lifting_a_lock()
{
    let bank = Bank::new().await;
    let csv = bank.file("customers.csv", &taro_csv());
    let out = bank
        .cli(&["customers", "import", &csv, "--operator", "onboarding"])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.contains("imported 2 new customers"), "{out}");
    import_token(&bank).await;

    let mut b = Browser::new(&bank.t.app.router);
    start(&bank, &mut b).await;
    let s = login_with_code(&bank, &mut b).await;
    assert_eq!(s.json["name"], "信金 太郎", "{s:?}");

    // Five wrong passwords lock login; the desk lifts the lock; login works again.
    for _ in 0..5 {
        login(&mut b, "wrong0000").await;
    }
    let show: Value = serde_json::from_str(
        &bank
            .cli(&["desk", "show", TARO, "--operator", "suzuki", "--json"])
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap();
    assert_eq!(show["password_locked"], true, "{show}");
    assert_eq!(show["serial_masked"], "********0001");
    assert_eq!(
        login(&mut b, TARO_PASSWORD).await.code(),
        Some("login_locked")
    );
    let out = bank
        .cli(&["desk", "unlock", TARO, "--password", "--operator", "suzuki"])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.contains("password lock is lifted (5 failures cleared)"),
        "{out}"
    );
    let s = login_with_code(&bank, &mut b).await;
    assert_eq!(s.json["name"], "信金 太郎", "{s:?}");

    // The desk refuses to stop an active token; history shows every step, newest first.
    let refused = bank
        .cli(&["desk", "stop", TARO, "--operator", "suzuki"])
        .await;
    assert!(
        matches!(&refused, Err(Failure::Input(m)) if m.contains("active")),
        "{refused:?}"
    );
    let history: Value = serde_json::from_str(
        &bank
            .cli(&["desk", "history", TARO, "--operator", "suzuki", "--json"])
            .await
            .unwrap(),
    )
    .unwrap();
    let mut expected = vec![
        "customer_imported:ok",
        "authenticated:start",
        "started:ok",
        "login_succeeded:ok",
    ];
    expected.extend(["login_refused:invalid_credentials"; 4]);
    expected.extend([
        "login_locked:login_locked",
        "lock_set:password",
        "desk_viewed:show",
        "login_locked:login_locked",
        "desk_unlock:password",
        "login_succeeded:ok",
    ]);
    expected.reverse();
    assert_eq!(kinds(&history), expected);
    let events = history.as_array().unwrap();
    assert_eq!(events[0]["serial_masked"], "********0001");
    assert_eq!(events[0]["operator"], Value::Null);
    assert_eq!(events[1]["operator"], "suzuki");
    let text = serde_json::to_string(&history).unwrap();
    for secret in [TARO_PASSWORD, "wrong0000", TOKEN, "31415926"] {
        assert!(!text.contains(secret), "the history shows {secret}");
    }
    let human = bank
        .cli(&["desk", "history", TARO, "--operator", "suzuki"])
        .await
        .unwrap();
    assert!(
        human.contains("desk_unlock") && human.contains("operator suzuki"),
        "{human}"
    );
}

#[tokio::test]
async fn the_desk_stops_a_token_reported_lost_and_the_customer_starts_again() {
    let bank = Bank::new().await;
    let csv = bank.file("customers.csv", &taro_csv());
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    import_token(&bank).await;
    let mut b = Browser::new(&bank.t.app.router);
    start(&bank, &mut b).await;
    let a = b
        .post(
            "/api/v1/authenticate",
            json!({"procedure": "stop", "contract_id": TARO, "password": TARO_PASSWORD}),
        )
        .await;
    let flow = a.json["flow"].as_str().unwrap().to_owned();
    let ch = b.post("/api/v1/stop/lost", json!({"flow": flow})).await;
    let r = b
        .post(
            "/api/v1/confirm",
            json!({"flow": flow, "answers": answers(&ch.json)}),
        )
        .await;
    assert_eq!(r.json["change"]["kind"], "suspended", "{r:?}");
    let show = bank
        .cli(&["desk", "show", TARO, "--operator", "sato"])
        .await
        .unwrap();
    assert!(show.contains("reported lost"), "{show}");
    let out = bank
        .cli(&["desk", "stop", TARO, "--operator", "sato"])
        .await
        .unwrap();
    assert!(out.contains("********0001 stopped"), "{out}");
    bank.t.clock.advance(30);
    start(&bank, &mut b).await;
}

#[tokio::test]
async fn desk_commands_refuse_an_unknown_or_malformed_contract_id_and_a_missing_operator() {
    let bank = Bank::new().await;
    for args in [
        &["desk", "show", "29999999999", "--operator", "x"][..],
        &["desk", "history", "29999999999", "--operator", "x"],
        &["desk", "unlock", "29999999999", "--card", "--operator", "x"],
        &["desk", "stop", "29999999999", "--operator", "x"],
    ] {
        let e = bank.cli(args).await.unwrap_err();
        assert!(
            matches!(&e, Failure::Input(m) if m.contains("no customer has this contract ID")),
            "{args:?}: {e:?}"
        );
    }
    let e = bank
        .cli(&["desk", "show", "12345", "--operator", "x"])
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Failure::Input(m) if m.contains("not a contract ID")),
        "{e:?}"
    );
    let missing = bank.t._dir.path().join("typo.db").display().to_string();
    let mut parsed = Args::try_parse_from([
        "shinkin-otp-server",
        "desk",
        "show",
        TARO,
        "--operator",
        "x",
        "--database-url",
        &format!("sqlite://{missing}"),
        "--key-file",
        &bank.key_file.display().to_string(),
    ])
    .unwrap();
    let e = cli::execute(
        parsed.command.take().unwrap(),
        &parsed,
        bank.t.clock.clone(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&e, Failure::Input(m) if m.contains("no database at")),
        "{e:?}"
    );
    assert!(
        !std::path::Path::new(&missing).exists(),
        "a mistyped URL made a database"
    );
    for args in [
        &["shinkin-otp-server", "desk", "show", TARO][..],
        &[
            "shinkin-otp-server",
            "desk",
            "show",
            TARO,
            "--operator",
            "evil\u{1b}[2J",
        ],
        &[
            "shinkin-otp-server",
            "desk",
            "show",
            TARO,
            "--operator",
            "ad\u{202e}nim",
        ],
        &[
            "shinkin-otp-server",
            "desk",
            "unlock",
            TARO,
            "--operator",
            "x",
        ],
        &[
            "shinkin-otp-server",
            "desk",
            "unlock",
            TARO,
            "--card",
            "--password",
            "--operator",
            "x",
        ],
        &["shinkin-otp-server", "desk", "show", TARO, "--operator", ""],
    ] {
        assert!(Args::try_parse_from(args).is_err(), "{args:?}");
    }
    assert_eq!(bank.count("SELECT COUNT(*) FROM audit_events").await, 0);
}

#[tokio::test]
async fn every_bad_customers_file_is_refused_by_line_and_field_with_nothing_written() {
    let bank = Bank::new().await;
    let good = hash(TARO_PASSWORD);
    let weak = Passwords::new(PasswordCost::TestsOnly).hash(TARO_PASSWORD);
    let row = |id: &str, name: &str, hash: &str, card: &str| {
        customers_csv(&[(HANA, "信金 花", &good, "27182818"), (id, name, hash, card)])
    };
    let cases: Vec<(String, &str)> = vec![
        ("contract,name,hash,card\n".into(), "line 1"),
        (
            row("2000000000X", "太郎", &good, "31415926"),
            "line 3, field contract_id",
        ),
        (
            row(HANA, "太郎", &good, "31415926"),
            "line 3, field contract_id: the same contract ID as line 2",
        ),
        (row(TARO, "", &good, "31415926"), "line 3, field name"),
        (
            row(TARO, "太郎", &weak, "31415926"),
            "line 3, field password_hash",
        ),
        (
            row(TARO, "太郎", "$2b$12$notargon", "31415926"),
            "line 3, field password_hash",
        ),
        (
            row(TARO, "太郎", &good, "3141592"),
            "line 3, field card_row",
        ),
        (
            row(TARO, "太郎", &good, "3141592x"),
            "line 3, field card_row",
        ),
        (format!("{}{TARO},太郎\n", customers_csv(&[])), "line 2"),
        (customers_csv(&[]), "no customers"),
    ];
    for (text, expected) in cases {
        let csv = bank.file("bad.csv", &text);
        let e = bank.cli(&["customers", "import", &csv]).await.unwrap_err();
        let Failure::Input(message) = &e else {
            panic!("{e:?}")
        };
        assert!(
            message.contains(expected),
            "{message} should say {expected}"
        );
        assert!(message.contains("nothing was imported"), "{message}");
        for secret in [good.as_str(), weak.as_str(), "3141592", "27182818"] {
            assert!(!message.contains(secret), "{message} echoes a secret");
        }
    }
    assert_eq!(bank.count("SELECT COUNT(*) FROM customers").await, 0);
    assert_eq!(bank.count("SELECT COUNT(*) FROM audit_events").await, 0);

    // A contract already on file: refused (and nothing of the file written) unless --update.
    let csv = bank.file(
        "one.csv",
        &customers_csv(&[(TARO, "太郎", &good, "31415926")]),
    );
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    let csv = bank.file("two.csv", &taro_csv());
    let e = bank.cli(&["customers", "import", &csv]).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("line 2, field contract_id: this contract is already on file"),
        "{e}"
    );
    assert_eq!(bank.count("SELECT COUNT(*) FROM customers").await, 1);
    // 信金 太郎's session and flow end when the bank replaces his credentials.
    let mut b = Browser::new(&bank.t.app.router);
    let opened = login(&mut b, TARO_PASSWORD).await;
    assert_eq!(opened.json["status"], "done", "{opened:?}");
    assert_eq!(b.get("/api/v1/session").await.status, 200);
    let out = bank
        .cli(&["customers", "import", &csv, "--update", "--json"])
        .await
        .unwrap();
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report, json!({"added": 1, "updated": 1}));
    let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE contract_id = $1")
        .bind(TARO)
        .fetch_one(&bank.t.app.service.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "信金 太郎");
    assert_eq!(
        b.get("/api/v1/session").await.status,
        401,
        "the old session lives on"
    );
}

#[tokio::test]
async fn onboarding_clears_what_was_counted_against_the_id_before_it_was_issued() {
    let bank = Bank::new().await;
    let mut b = Browser::new(&bank.t.app.router);
    for _ in 0..5 {
        login(&mut b, "guess12345").await;
    }
    assert_eq!(
        login(&mut b, TARO_PASSWORD).await.code(),
        Some("login_locked")
    );
    let csv = bank.file("customers.csv", &taro_csv());
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    let a = login(&mut b, TARO_PASSWORD).await;
    assert_eq!(a.json["status"], "done", "{a:?}");
}

#[tokio::test]
async fn the_sweep_expires_counters_that_lock_nothing_for_every_id_alike_and_old_events() {
    let bank = Bank::new().await;
    let csv = bank.file("customers.csv", &taro_csv());
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    let mut b = Browser::new(&bank.t.app.router);
    let wrong = |id: &'static str, times: usize| {
        let mut b = b.clone();
        async move {
            for _ in 0..times {
                b.post(
                    "/api/v1/login",
                    json!({"contract_id": id, "password": "wrong0000"}),
                )
                .await;
            }
        }
    };
    wrong(TARO, 1).await; // a customer, one wrong password
    wrong(HANA, 5).await; // a customer, locked
    wrong("29999999999", 1).await; // nobody's ID, one wrong password
    wrong("29999999998", 5).await; // nobody's ID, "locked" like a real one
    let states = "SELECT COUNT(*) FROM customer_states";
    assert_eq!(bank.count(states).await, 4);
    let retention = Retention {
        audit_days: 400,
        counter_days: 30,
    };
    let service = &bank.t.app.service;
    bank.t.clock.advance(30 * 86_400 - 1);
    service.sweep(&retention).await.unwrap();
    assert_eq!(bank.count(states).await, 4, "not yet 30 days");
    let strangers = "SELECT COUNT(*) FROM audit_events WHERE contract_id LIKE '2999%'";
    assert!(bank.count(strangers).await >= 6);
    bank.t.clock.advance(1);
    service.sweep(&retention).await.unwrap();
    let left = format!(
        "SELECT COUNT(*) FROM customer_states WHERE contract_id IN ('{HANA}', '29999999998')"
    );
    assert_eq!(
        bank.count(states).await,
        2,
        "the counters that lock nothing expire"
    );
    assert_eq!(bank.count(&left).await, 2, "a lock stays, known ID or not");
    for id in [HANA, "29999999998"] {
        let a = b
            .post(
                "/api/v1/login",
                json!({"contract_id": id, "password": "wrong0000"}),
            )
            .await;
        assert_eq!(a.code(), Some("login_locked"), "{id}: {a:?}");
    }
    assert_eq!(
        bank.count(strangers).await,
        1,
        "only the stranger's event since is left"
    );

    let events = "SELECT COUNT(*) FROM audit_events";
    let before = bank.count(events).await;
    assert!(before >= 10, "{before}");
    bank.t.clock.advance(370 * 86_400);
    service.sweep(&retention).await.unwrap();
    assert!(bank.count(events).await >= before - 2, "not yet 400 days");
    bank.t.clock.advance(1);
    service.sweep(&retention).await.unwrap();
    // Left: 信金 花's refused login after the first sweep (the stranger's went after 30 days).
    assert_eq!(bank.count(events).await, 1);
}

/// Makes every INSERT into `table` fail, on either database.
async fn fail_inserts(bank: &Bank, table: &str) {
    let pool = &bank.t.app.service.db.pool;
    let sql = if support::pg_admin_url().is_some() {
        format!(
            "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$; \
             CREATE TRIGGER injected_fault BEFORE INSERT ON {table} \
             FOR EACH ROW EXECUTE FUNCTION injected_fault()"
        )
    } else {
        format!(
            "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} \
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
        )
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_event_is_written_with_its_change_or_not_at_all() {
    let bank = Bank::new().await;
    let csv = bank.file("customers.csv", &taro_csv());
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    import_token(&bank).await;
    let mut b = Browser::new(&bank.t.app.router);
    let events = "SELECT COUNT(*) FROM audit_events";
    let failures = format!(
        "SELECT COALESCE(MAX(password_failures), 0) FROM customer_states WHERE contract_id = '{TARO}'"
    );

    // No event without its change: the event's insert fails → the counted failure is gone too.
    fail_inserts(&bank, "audit_events").await;
    let before = bank.count(events).await;
    let a = login(&mut b, "wrong0000").await;
    assert!(a.status.is_server_error(), "{a:?}");
    assert_eq!(
        bank.count(&failures).await,
        0,
        "the failure was not counted"
    );
    assert_eq!(bank.count(events).await, before);
    let drop = if support::pg_admin_url().is_some() {
        "DROP TRIGGER injected_fault ON audit_events; DROP FUNCTION injected_fault()"
    } else {
        "DROP TRIGGER injected_fault"
    };
    let pool = &bank.t.app.service.db.pool;
    sqlx::raw_sql(drop).execute(pool).await.unwrap();
    login(&mut b, "wrong0000").await;
    assert_eq!(bank.count(&failures).await, 1);
    assert_eq!(bank.count(events).await, before + 1);

    // No change without its event… and a rolled-back change leaves no event: the enrolment's
    // insert fails at 確認用パスワード入力 → no `started`, no `authenticated` rolled into it.
    fail_inserts(&bank, "enrolments").await;
    let a = b
        .post(
            "/api/v1/authenticate",
            json!({"procedure": "start", "contract_id": TARO, "password": TARO_PASSWORD}),
        )
        .await;
    let flow = a.json["flow"].as_str().unwrap().to_owned();
    let token = json!({"serial": TOKEN, "code": code_at(bank.now()), "login_otp": "required"});
    let ch = b
        .post("/api/v1/register", json!({"flow": flow, "token": token}))
        .await;
    let counted = bank.count(events).await;
    let r = b
        .post(
            "/api/v1/confirm",
            json!({"flow": flow, "answers": answers(&ch.json)}),
        )
        .await;
    assert!(r.status.is_server_error(), "{r:?}");
    assert_eq!(
        bank.count(events).await,
        counted,
        "no event of the rolled-back confirmation"
    );
    let started = format!(
        "SELECT COUNT(*) FROM audit_events WHERE kind = '{}'",
        EventKind::Started.name()
    );
    assert_eq!(bank.count(&started).await, 0);

    // Append-only: an event cannot be edited.
    let edit = sqlx::query("UPDATE audit_events SET outcome = 'ok'")
        .execute(pool)
        .await;
    assert!(edit.is_err(), "an event was edited");
}

#[tokio::test]
async fn a_customers_client_address_is_recorded_with_their_steps() {
    let bank = Bank::new().await;
    let csv = bank.file("customers.csv", &taro_csv());
    bank.cli(&["customers", "import", &csv]).await.unwrap();
    let address = support::serve(bank.t.app.router.clone()).await;
    let client = support::socket_browser();
    let base = format!("http://{address}");
    let (status, _) = support::post(
        &client,
        &base,
        "/api/v1/login",
        json!({"contract_id": TARO, "password": "wrong0000"}),
    )
    .await;
    assert_eq!(status, 401);
    let history: Value = serde_json::from_str(
        &bank
            .cli(&["desk", "history", TARO, "--operator", "x", "--json"])
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(history[0]["kind"], "login_refused");
    assert_eq!(history[0]["client"], "127.0.0.1");
}

#[tokio::test]
async fn a_vendors_file_in_every_protection_mode_loads_and_every_bad_one_writes_nothing() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("manifest.json")).unwrap()).unwrap();
    let tokens = "SELECT COUNT(*) FROM tokens";
    for file in manifest["files"].as_array().unwrap() {
        let bank = Bank::new().await;
        let name = file["file"].as_str().unwrap();
        let path = fixture(name);
        let mut args = vec!["tokens", "import", "--pskc", path.as_str()];
        let key = file["key_file"].as_str().map(fixture);
        let password = file["password_file"].as_str().map(fixture);
        if let Some(k) = &key {
            args.extend(["--psk-file", k.as_str()]);
        }
        if let Some(p) = &password {
            args.extend(["--password-file", p.as_str()]);
        }
        let result = bank.cli(&args).await;
        if file["refused"].is_null() {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(bank.count(tokens).await, 3, "{name}");
            // The same file again: every serial is taken, nothing more is written.
            let again = bank.cli(&args).await.unwrap_err();
            assert!(
                again.to_string().contains("already in the registry"),
                "{again}"
            );
            assert_eq!(bank.count(tokens).await, 3);
            assert_eq!(bank.count("SELECT COUNT(*) FROM audit_events").await, 3);
        } else {
            let e = result.unwrap_err();
            assert!(matches!(e, Failure::Input(_)), "{name}: {e:?}");
            assert!(
                e.to_string().contains("nothing was imported"),
                "{name}: {e}"
            );
            assert_eq!(bank.count(tokens).await, 0, "{name}");
            assert_eq!(bank.count("SELECT COUNT(*) FROM audit_events").await, 0);
        }
    }
}

#[tokio::test]
async fn a_wrong_key_a_wrong_password_or_a_cut_file_is_refused_and_no_seed_is_shown() {
    let bank = Bank::new().await;
    let wrong_key = bank.file("wrong.key", &"00".repeat(16));
    let wrong_password = bank.file("wrong.txt", "not-the-password\n");
    let whole = std::fs::read_to_string(fixture("password.xml")).unwrap();
    let cut = bank.file("cut.xml", &whole[..whole.len() / 2]);
    let (psk, pw) = (fixture("psk-aes128.xml"), fixture("password.xml"));
    for args in [
        vec![
            "tokens",
            "import",
            "--pskc",
            psk.as_str(),
            "--psk-file",
            wrong_key.as_str(),
        ],
        vec![
            "tokens",
            "import",
            "--pskc",
            pw.as_str(),
            "--password-file",
            wrong_password.as_str(),
        ],
        vec!["tokens", "import", "--pskc", psk.as_str()],
        vec![
            "tokens",
            "import",
            "--pskc",
            cut.as_str(),
            "--password-file",
            wrong_password.as_str(),
        ],
    ] {
        let e = bank.cli(&args).await.unwrap_err().to_string();
        assert!(e.contains("nothing was imported"), "{args:?}: {e}");
        for secret in ["GEZDGNBV", "3132333435363738", "12345678901234567890"] {
            assert!(!e.contains(secret), "{e}");
        }
    }
    assert_eq!(bank.count("SELECT COUNT(*) FROM tokens").await, 0);
}

#[test]
fn help_never_prints_the_database_url_from_the_environment() {
    let secret = "s3cret-pa55word";
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shinkin-otp-server"))
        .arg("--help")
        .env(
            "DATABASE_URL",
            format!("postgres://bank:{secret}@db.internal/bank"),
        )
        .output()
        .expect("the binary runs");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{help}");
    assert!(
        help.contains("DATABASE_URL"),
        "the variable is still named: {help}"
    );
    assert!(!help.contains(secret), "{help}");
    assert!(!help.contains("db.internal"), "{help}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_key_file_others_may_read_is_refused_by_the_subcommands() {
    let bank = Bank::new().await;
    std::fs::set_permissions(
        &bank.key_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shinkin-otp-server"))
        .args(["--database-url", &bank.t.url, "--key-file"])
        .arg(&bank.key_file)
        .args(["desk", "history", "10000000001", "--operator", "tanaka"])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    let chmod = format!("chmod 600 {}", bank.key_file.display());
    assert!(stderr.contains(&chmod), "{stderr}");
}

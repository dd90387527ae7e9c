//! The ledger's rows round-trip: a token's clock offset (時刻補正) written and read back through
//! the server's rows, and a database made before the offset existed migrated with every token in
//! step.

use crate::support::{self, ICHIRO};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::input::Serial;
use shinkin_otp_domain::totp::ClockOffset;
use shinkin_otp_server::db::Db;
use shinkin_otp_server::rows::{self, Key};
use sqlx::migrate::{Migration, MigrationType, Migrator};

const ICHIRO_TOKEN: &str = "SKHT20000002";

#[tokio::test]
async fn a_tokens_clock_offset_is_stored_and_read_back() {
    let t = support::app().await;
    let (db, sealer) = (&t.app.service.db, &t.app.service.sealer);
    let serial = Serial::parse(ICHIRO_TOKEN).unwrap();
    let key = Key {
        contract_id: Some(demo_data::contract_id(
            demo_data::CUSTOMERS[ICHIRO].contract_id,
        )),
        ..Key::default()
    };
    let load = || async {
        let mut tx = db.begin().await.unwrap();
        let snapshot = rows::load(&mut tx, sealer, &key).await.unwrap();
        tx.commit().await.unwrap();
        snapshot
    };
    // A new counters row (INSERT), then a changed one (UPDATE), each read back as written.
    for (step, steps) in [(1_000, -7), (1_001, 20)] {
        let before = load().await;
        let mut ledger = before.ledger.clone();
        ledger
            .token_mut(&serial)
            .resync(step, ClockOffset::new(steps).unwrap());
        let mut tx = db.begin().await.unwrap();
        rows::store(&mut tx, &before, &ledger, &before.flows, None, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let back = load().await;
        assert_eq!(back.ledger.token(&serial), ledger.token(&serial));
        assert_eq!(back.ledger.token(&serial).unwrap().offset.steps(), steps);
    }
    // A value no 時刻補正 can set is refused on reading, not used.
    sqlx::query("UPDATE token_states SET clock_offset = 21")
        .execute(&db.pool)
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let read = rows::load(&mut tx, sealer, &key).await;
    assert!(
        matches!(read, Err(rows::StoreError::Corrupt("clock offset"))),
        "{read:?}"
    );
}

/// Migrations 0001–0004 of `url`'s database, as a server before 時刻補正 applied them.
fn migrations_before_clock_offsets(url: &str) -> Migrator {
    let sqlite = url.starts_with("sqlite:");
    let files: [(i64, &str, &str, &str); 4] = [
        (
            1,
            "init",
            include_str!("../../migrations/sqlite/0001_init.sql"),
            include_str!("../../migrations/postgres/0001_init.sql"),
        ),
        (
            2,
            "rate limits",
            include_str!("../../migrations/sqlite/0002_rate_limits.sql"),
            include_str!("../../migrations/postgres/0002_rate_limits.sql"),
        ),
        (
            3,
            "audit trail",
            include_str!("../../migrations/sqlite/0003_audit.sql"),
            include_str!("../../migrations/postgres/0003_audit.sql"),
        ),
        (
            4,
            "card challenge",
            include_str!("../../migrations/sqlite/0004_card_challenge.sql"),
            include_str!("../../migrations/postgres/0004_card_challenge.sql"),
        ),
    ];
    let list = files
        .into_iter()
        .map(|(version, description, lite, pg)| {
            Migration::new(
                version,
                description.into(),
                MigrationType::Simple,
                sqlx::SqlSafeStr::into_sql_str(if sqlite { lite } else { pg }),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(list)
}

#[tokio::test]
async fn a_database_from_before_clock_offsets_is_migrated_with_every_token_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(&dir).await;
    sqlx::any::install_default_drivers();
    let options = if url.starts_with("sqlite:") {
        format!("{url}?mode=rwc")
    } else {
        url.clone()
    };
    let old = sqlx::AnyPool::connect(&options).await.unwrap();
    migrations_before_clock_offsets(&url)
        .run(&old)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO tokens (serial, model, seed_sealed, issued_at) \
         VALUES ('SKHT20000002', 'hardware', $1, 0)",
    )
    .bind(vec![0_u8; 8])
    .execute(&old)
    .await
    .unwrap();
    sqlx::query("INSERT INTO token_states VALUES ('SKHT20000002', 100, '[]', 2, 1)")
        .execute(&old)
        .await
        .unwrap();
    old.close().await;

    // The server of today opens it: migration 0005 runs, and the token reads as in step.
    let db = Db::connect(&url).await.unwrap();
    let row = sqlx::query(
        "SELECT last_step, refused_steps, failures, clock_offset FROM token_states \
         WHERE serial = 'SKHT20000002'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let token = rows::token_state(&row, Serial::parse(ICHIRO_TOKEN).unwrap()).unwrap();
    assert_eq!(token.offset, ClockOffset::ZERO);
    assert_eq!(
        (token.last_accepted_step, token.failures),
        (Some(100), 2),
        "the rest of the row is as it was"
    );
}

//! Slow and half-open clients (slowloris) through real loopback sockets, against the server binary
//! with its open-file limit lowered to 256: sockets that send nothing, half a header or a body
//! shorter than its `Content-Length` are closed by the server after its timeouts, and never keep
//! another client from its answer — even when there are more of them than the server has
//! descriptors (it keeps its connection limit below the open-file limit; those over it wait to be
//! accepted and are closed in their turn).

use crate::support::{self, ServerProcess};
use shinkin_otp_domain::wire::paths;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the half-open sockets send, in turn: nothing, half a header, a short body.
const HALF_REQUESTS: [&str; 3] = [
    "",
    "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
     Content-Length: 100\r\n\r\n{\"contract_id\":",
];

/// Opens `n` sockets to `address`, each sending its half request.
async fn half_open(address: &str, n: usize) -> Vec<TcpStream> {
    let mut sockets = Vec::with_capacity(n);
    for i in 0..n {
        let mut socket = TcpStream::connect(address)
            .await
            .expect("a loopback socket");
        socket
            .write_all(HALF_REQUESTS[i % HALF_REQUESTS.len()].as_bytes())
            .await
            .expect("sent");
        sockets.push(socket);
    }
    sockets
}

/// `GET /api/v1/health` from a client of its own; its time, if answered `200` within `limit`.
async fn health_within(base: &str, limit: Duration) -> Result<Duration, String> {
    let client = reqwest::Client::builder()
        .timeout(limit)
        .build()
        .expect("a client");
    let started = Instant::now();
    match client.get(format!("{base}{}", paths::HEALTH)).send().await {
        Ok(response) if response.status() == 200 => Ok(started.elapsed()),
        Ok(response) => Err(format!("answered {}", response.status())),
        Err(e) => Err(format!("no answer within {limit:?}: {e}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_are_closed_and_never_starve_other_clients() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(&dir).await;
    let flags = [
        "--header-read-timeout",
        "1",
        "--body-timeout",
        "1",
        "--idle-timeout",
        "2",
    ];
    let server = ServerProcess::start_within(&url, &flags, Some(256)).await;
    let address = server.base.strip_prefix("http://").unwrap().to_owned();

    // 150 half requests: fewer than the server's connections; another client is answered at once.
    let mut sockets = half_open(&address, 150).await;
    let first = health_within(&server.base, Duration::from_secs(1)).await;
    assert!(first.is_ok(), "150 half requests open: {first:?}");

    // 150 more: more sockets than the server has descriptors. It still answers, once the
    // header-read timeout (1 s) has closed the first ones.
    sockets.extend(half_open(&address, 150).await);
    let opened = Instant::now();
    let second = health_within(&server.base, Duration::from_secs(4)).await;
    assert!(second.is_ok(), "300 half requests open: {second:?}");

    // Every half-open socket is closed by the server (end of stream, or a reset), the short
    // bodies after a `400` answer.
    let mut closing = tokio::task::JoinSet::new();
    for mut socket in sockets {
        closing.spawn(async move {
            let mut answer = Vec::new();
            let _ = socket.read_to_end(&mut answer).await;
            String::from_utf8_lossy(&answer).into_owned()
        });
    }
    let all_closed = tokio::time::timeout(Duration::from_secs(8), async {
        let mut answers = Vec::new();
        while let Some(answer) = closing.join_next().await {
            answers.push(answer.unwrap());
        }
        answers
    })
    .await;
    let answers = all_closed.unwrap_or_else(|_| {
        panic!(
            "{} of 300 half-open sockets still open {:?} after the last was opened",
            closing.len(),
            opened.elapsed()
        )
    });
    assert_eq!(answers.len(), 300);
    let refused_bodies = answers
        .iter()
        .filter(|a| a.starts_with("HTTP/1.1 400"))
        .count();
    assert_eq!(refused_bodies, 100, "each short body answered 400");
    assert!(answers
        .iter()
        .all(|a| a.is_empty() || a.starts_with("HTTP/1.1 400")));
    // And the server goes on answering.
    assert!(health_within(&server.base, Duration::from_secs(1))
        .await
        .is_ok());
}

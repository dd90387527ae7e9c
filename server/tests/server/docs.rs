//! `docs/api.md` is the contract a bank's back-end team implements: its endpoint table must be the
//! server's routes (`http::routes`), its error table the `wire::ERRORS` table, and its Japanese messages the
//! page's own.

use shinkin_otp_domain::wire::{ErrorCode, ERRORS};
use shinkin_otp_server::http::{routes, Access};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn document() -> String {
    std::fs::read_to_string(repo().join("docs/api.md")).expect("docs/api.md")
}

/// The rows of the first table after `heading`, as cells with backticks removed.
fn table_after(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("docs/api.md has no {heading:?}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_documents_endpoint_table_is_the_routers_route_list() {
    let documented: Vec<(String, String, String)> = table_after(&document(), "## Endpoints")
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone(), cells[2].clone()))
        .collect();
    let routed: Vec<(String, String, String)> = routes()
        .iter()
        .map(|r| {
            let access = match r.access {
                Access::Public => "always",
                Access::Demo => "--demo",
                Access::TestHooks => "--test-hooks",
            };
            (r.method.to_owned(), r.path.to_owned(), access.to_owned())
        })
        .collect();
    assert_eq!(documented, routed);
}

#[test]
fn every_endpoint_has_its_own_section() {
    let doc = document();
    for r in routes() {
        let heading = format!("### `{} {}`", r.method, r.path);
        assert!(doc.contains(&heading), "docs/api.md lacks {heading:?}");
    }
}

#[test]
fn the_documents_error_table_is_the_wire_error_table() {
    let documented: Vec<(String, String)> = table_after(&document(), "## Errors")
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone()))
        .collect();
    let table: Vec<(String, String)> = ERRORS
        .iter()
        .map(|e| (e.name.to_owned(), e.status.to_string()))
        .collect();
    assert_eq!(documented, table);
}

#[test]
fn the_documents_messages_are_the_pages_own() {
    // The page's copy lives in src/ui/messages/; the document quotes its Japanese (ja/errors.rs).
    let mut copy = String::new();
    let ui = repo().join("src/ui");
    for path in [
        ui.join("messages.rs"),
        ui.join("messages/errors.rs"),
        ui.join("messages/ja/errors.rs"),
    ] {
        copy.push_str(&std::fs::read_to_string(path).unwrap_or_default());
    }
    assert!(!copy.is_empty(), "the page's messages were not found");
    for row in table_after(&document(), "## Errors") {
        let code = ErrorCode::from_name(&row[0]).unwrap();
        if matches!(code, ErrorCode::Bank(_)) {
            assert!(
                copy.contains(&row[2]),
                "{}: the page has no message {:?}",
                row[0],
                row[2]
            );
        }
    }
}

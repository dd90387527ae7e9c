//! The XML: parsing (no DTDs), the root `KeyContainer`, and finding elements by local name, a
//! repeated one refused rather than one picked.

use super::errors::quote;
use super::{Problem, PskcError, PSKC_NS};
use base64::Engine;
use roxmltree::{Document, Node};
use zeroize::Zeroizing;

pub(super) fn parse(xml: &str) -> Result<Document<'_>, PskcError> {
    // roxmltree's defaults refuse a DTD, so no entity can expand into a huge text.
    Document::parse(xml).map_err(|e| {
        if matches!(e, roxmltree::Error::UnexpectedEndOfStream) {
            // roxmltree gives no position for this one.
            return PskcError::File(Problem::Xml(
                "the file ends before its XML does (truncated?)".into(),
            ));
        }
        // Most of roxmltree's messages end with the position; the rest get it added.
        let (message, pos) = (e.to_string(), e.pos());
        let at = format!("{}:{}", pos.row, pos.col);
        PskcError::File(Problem::Xml(if message.ends_with(&at) {
            message
        } else {
            format!("{message} at {at}")
        }))
    })
}

pub(super) fn container<'a, 'i>(doc: &'a Document<'i>) -> Result<Node<'a, 'i>, PskcError> {
    let root = doc.root_element();
    if root.tag_name().name() != "KeyContainer" || root.tag_name().namespace() != Some(PSKC_NS) {
        return Err(PskcError::File(Problem::NotPskc));
    }
    match root.attribute("Version") {
        None | Some("1.0") | Some("1") => Ok(root),
        Some(v) => Err(PskcError::File(Problem::Version(quote(v)))),
    }
}

/// Element children named `name` (local name: PSKC files mix prefixes and default namespaces).
pub(super) fn elements<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The one child element named `name`, if any; two are refused rather than one picked.
pub(super) fn child<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> Result<Option<Node<'a, 'i>>, Problem> {
    let mut found = elements(node, name);
    let first = found.next();
    if found.next().is_some() {
        return Err(Problem::Repeated(name));
    }
    Ok(first)
}

/// The element at `path` below `node` (each step at most once), if it is there.
pub(super) fn find<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    path: &[&'static str],
) -> Result<Option<Node<'a, 'i>>, Problem> {
    let mut at = node;
    for &name in path {
        match child(at, name)? {
            Some(next) => at = next,
            None => return Ok(None),
        }
    }
    Ok(Some(at))
}

/// An element's text, trimmed ("" when it has none).
pub(super) fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("").trim()
}

/// Base64 that may be wrapped over lines, as XML writers do.
pub(super) fn base64_value(node: Node, name: &'static str) -> Result<Zeroizing<Vec<u8>>, Problem> {
    let compact: Zeroizing<String> = Zeroizing::new(
        node.text()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect(),
    );
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| Problem::Base64(name))
}

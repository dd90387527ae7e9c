//! Taking over the login screen the page already shows.
//!
//! A release bundle's page carries the login screen's markup, rendered at build time by this same
//! app (`scripts/prerender.mjs`), inside `<div id="prerendered">`: it paints with the page's CSS
//! before the wasm has arrived, and a customer can start typing. When the app starts it
//! [takes](Typed::take) what was typed and where the focus was (a field, by its id, with its caret;
//! a button or link without an id, by its text and place among those of that text), removes that
//! markup, mounts the
//! live screen in its place within the same task — so no frame shows neither, and the identical
//! markup does not shift — and [puts back](Typed::restore) the typing.
//!
//! Taps too: the page's loader (`scripts/post-build.mjs`) catches every click on a button or link of
//! the build-time screen before the app is live (and keeps it from submitting the form or following
//! the link), marking each element tapped with [`TAP_ATTRIBUTE`] and its order. The take-over
//! finds each one's twin on the live screen as it finds the focused element's, and clicks it once,
//! in the order tapped, after the focus is back.
//!
//! Usage (what `ui::start` does):
//!
//! ```no_run
//! use shinkin_otp::ui::takeover::Typed;
//! let typed = Typed::take();
//! leptos::mount::mount_to_body(|| "the app");
//! typed.restore();
//! ```

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

/// The id of the element holding the build-time markup.
pub const PRERENDERED_ID: &str = "prerendered";

/// The id of the message the page's loader shows when the app is slow to start or cannot
/// (`src/ui/messages/start-failure.html`, inserted by `scripts/post-build.mjs`'s loader): the app
/// that starts after all removes it.
pub const START_FAILURE_ID: &str = "start-failure";

/// The attribute the page's loader puts on each button or link of the build-time screen tapped
/// before the app was live: its value is the tap's order (0, 1, …); an element tapped twice keeps
/// its first.
pub const TAP_ATTRIBUTE: &str = "data-tapped";

/// What the customer did on the build-time screen before the app took over.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Typed {
    /// `(input id, value)` for every input with an id and something typed in it.
    values: Vec<(String, String)>,
    /// Where the focus was.
    focus: Option<Focus>,
    /// The buttons and links tapped, in the order tapped.
    taps: Vec<Focus>,
}

/// The element that had the focus on the build-time screen, as the live screen's twin is found.
#[derive(Clone, PartialEq, Eq)]
enum Focus {
    /// An element with an id; an input's caret too (selection start and end).
    Id(String, Option<(u32, u32)>),
    /// A button, link or disclosure without an id (利用開始, 文字サイズ 拡大): its tag, its text,
    /// and which of the elements of that tag and text it was, in document order.
    Unnamed {
        tag: String,
        text: String,
        nth: usize,
    },
}

impl Focus {
    /// How to find `el` (inside `shown`) again; `None` for an element there is no telling apart.
    fn of(shown: &Element, el: &Element) -> Option<Focus> {
        if !el.id().is_empty() {
            let caret = el.dyn_ref::<HtmlInputElement>().and_then(|input| {
                let start = input.selection_start().ok().flatten()?;
                Some((start, input.selection_end().ok().flatten()?))
            });
            return Some(Focus::Id(el.id(), caret));
        }
        let tag = el.tag_name().to_ascii_lowercase();
        if !matches!(tag.as_str(), "button" | "a" | "summary") {
            return None;
        }
        let text = words(el);
        let nth = alike(shown, &tag, &text).iter().position(|e| e == el)?;
        Some(Focus::Unnamed { tag, text, nth })
    }

    /// The live screen's element matching this one, under `root`.
    fn find(&self, document: &web_sys::Document, root: &Element) -> Option<Element> {
        match self {
            Focus::Id(id, _) => document.get_element_by_id(id),
            Focus::Unnamed { tag, text, nth } => alike(root, tag, text).into_iter().nth(*nth),
        }
    }
}

/// An element's text as a sighted user reads it on a button: trimmed.
fn words(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_owned()
}

/// The `tag` elements under `root` whose text is `text`, in document order.
fn alike(root: &Element, tag: &str, text: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(tag) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter(|e| words(e) == text)
        .collect()
}

/// Never shows what was typed (a password among it): only which fields.
/// Names the element, never an input's caret (in a password field, the caret tells its length).
impl std::fmt::Debug for Focus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Focus::Id(id, _) => f.debug_tuple("Id").field(id).finish(),
            Focus::Unnamed { tag, text, nth } => f
                .debug_struct("Unnamed")
                .field("tag", tag)
                .field("text", text)
                .field("nth", nth)
                .finish(),
        }
    }
}

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.values.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Typed")
            .field("fields", &ids)
            .field("focus", &self.focus)
            .field("taps", &self.taps)
            .finish()
    }
}

impl Typed {
    /// Reads the typing in the build-time markup and removes the markup; nothing if there is none
    /// (a development build, a test page). Removes the loader's message that the start was slow
    /// too, wherever it is (inside the markup, or at the top of a page without it).
    pub fn take() -> Typed {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return Typed::default();
        };
        if let Some(message) = document.get_element_by_id(START_FAILURE_ID) {
            message.remove();
        }
        let Some(shown) = document.get_element_by_id(PRERENDERED_ID) else {
            return Typed::default();
        };
        let mut typed = Typed::read(&document, &shown);
        typed.taps = taps(&shown)
            .iter()
            .filter_map(|el| Focus::of(&shown, el))
            .collect();
        shown.remove();
        typed
    }

    /// Reads the typing and the focus on the live page, to be [restored](Typed::restore) once it
    /// is built again (in another language: `ui::in_language`).
    pub fn keep() -> Typed {
        let document = web_sys::window().and_then(|w| w.document());
        match document.as_ref().and_then(|d| Some((d, d.body()?))) {
            Some((document, body)) => Typed::read(document, &body),
            None => Typed::default(),
        }
    }

    /// The typing in the inputs under `shown`, and the focus if it is there.
    fn read(document: &web_sys::Document, shown: &Element) -> Typed {
        let mut typed = Typed::default();
        if let Ok(inputs) = shown.query_selector_all("input[id]") {
            for input in (0..inputs.length())
                .filter_map(|i| inputs.item(i))
                .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
            {
                let value = input.value();
                if !value.is_empty() {
                    typed.values.push((input.id(), value));
                }
            }
        }
        typed.focus = document
            .active_element()
            .filter(|el| shown.contains(Some(el)))
            .and_then(|el| Focus::of(shown, &el));
        typed
    }

    /// Puts the typing into the live screen's inputs of the same ids (each told by an `input`
    /// event, as if typed) now, and the focus and caret back where they were just before the next
    /// paint — after the screen's own first effects, so none of them can move the focus away.
    pub fn restore(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let input_by_id = |id: &str| {
            document
                .get_element_by_id(id)
                .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        };
        for (id, value) in &self.values {
            if let Some(input) = input_by_id(id) {
                input.set_value(value);
                // Bubbling, as typing's does: Leptos listens for `input` at the document.
                let init = EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = Event::new_with_event_init_dict("input", &init) {
                    let _ = input.dispatch_event(&event);
                }
            }
        }
        if self.focus.is_none() && self.taps.is_empty() {
            return;
        }
        let Typed { focus, taps, .. } = self;
        leptos::prelude::request_animation_frame(move || {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Some(root) = document.document_element() else {
                return;
            };
            if let Some(focus) = focus {
                if let Some(el) = focus.find(&document, &root) {
                    if let Some(el) = el.dyn_ref::<HtmlElement>() {
                        let _ = el.focus();
                    }
                    if let (Focus::Id(_, Some((start, end))), Some(input)) =
                        (&focus, el.dyn_ref::<HtmlInputElement>())
                    {
                        let _ = input.set_selection_range(*start, *end);
                    }
                }
            }
            // Every twin found before any is clicked: a tap that changes the screen (利用開始) must
            // not make a later one find another screen's element of the same text.
            let found: Vec<HtmlElement> = taps
                .iter()
                .filter_map(|tap| tap.find(&document, &root))
                .filter_map(|el| el.dyn_into::<HtmlElement>().ok())
                .collect();
            for el in found {
                if el.is_connected() {
                    el.click();
                }
            }
        });
    }
}

/// The elements under `shown` the loader marked as tapped, in the order tapped.
fn taps(shown: &Element) -> Vec<Element> {
    let Ok(list) = shown.query_selector_all(&format!("[{TAP_ATTRIBUTE}]")) else {
        return Vec::new();
    };
    let mut tapped: Vec<(u32, Element)> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|el| {
            let order = el.get_attribute(TAP_ATTRIBUTE)?.parse().ok()?;
            Some((order, el))
        })
        .collect();
    tapped.sort_by_key(|(order, _)| *order);
    tapped.into_iter().map(|(_, el)| el).collect()
}

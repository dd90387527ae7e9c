//! The history glue: marks entries with their position, listens for `popstate`, and carries out
//! [`Entries`]' decisions on the page (through [`AppContext`]) and in the browser's history.

use super::{position_of, Effect, Entries, Popped, Step, Target};
use crate::ui::AppContext;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The one key an entry's state has; its value is the entry's position and nothing else.
const KEY: &str = "shinkinOtpEntry";

fn history() -> Option<web_sys::History> {
    web_sys::window()?.history().ok()
}

/// The position in a state the page wrote; `None` for any other (`null` after a fragment link).
fn read(state: &JsValue) -> Option<i64> {
    if !state.is_object() {
        return None;
    }
    position_of(js_sys::Reflect::get(state, &KEY.into()).ok()?.as_f64())
}

fn state_at(position: i64) -> JsValue {
    let state = js_sys::Object::new();
    // Setting a plain property on a fresh object cannot fail.
    let _ = js_sys::Reflect::set(&state, &KEY.into(), &JsValue::from_f64(position as f64));
    state.into()
}

/// Carries out `effect` on the browser's history. The address is never changed.
pub fn write(effect: Effect) {
    let Some(history) = history() else { return };
    // A history the browser refuses to change (a sandboxed frame) leaves Back as it was.
    let _ = match effect {
        Effect::Nothing => Ok(()),
        Effect::Push(position) => history.push_state(&state_at(position), ""),
        Effect::Go(delta) => history.go_with_delta(delta.clamp(-1000, 1000) as i32),
    };
}

/// Marks the entry the page starts on (a reload's keeps its position) and answers Back and Forward
/// until the app is unmounted.
pub fn attach(ctx: &AppContext) {
    let Some(history) = history() else { return };
    let start = history.state().ok().as_ref().and_then(read);
    let entries = Entries::start(start);
    let _ = history.replace_state(&state_at(entries.at()), "");
    ctx.entries.set_value(entries);
    let ctx = ctx.clone();
    let listener = window_event_listener(ev::popstate, move |event| {
        if let Some(position) = read(&event.state()) {
            popped(&ctx, position);
        }
    });
    on_cleanup(move || listener.remove());
}

/// The browser moved to the page's entry at `position`.
fn popped(ctx: &AppContext, position: i64) {
    let current = ctx.step();
    let Some(popped) = ctx
        .entries
        .try_update_value(|entries| entries.popped(position, current))
    else {
        return;
    };
    match popped {
        Popped::Stay(effect) => write(effect),
        Popped::Show(target, effect) => {
            ctx.went_back(current, target);
            write(effect);
        }
        Popped::Ask(target, effect) => {
            ctx.leaving_asked.set(Some(target));
            write(effect);
        }
        Popped::Leave(effect) => {
            if current != Step::Login {
                ctx.went_back(current, Target::Login);
            }
            write(effect);
        }
    }
}

//! The guided tour for presenters (demo build only): ツアー in the header walks through 利用開始 →
//! login with the code → 交換 → 利用中止, one step at a time.
//!
//! - [`steps`]: the steps as data and the tour's decisions (pure, tested natively).
//! - [`panel`]: the tour's non-modal dialog with Next, Back, Exit and "do it for me".
//! - [`pointing`]: the pointed-at control's highlight, its reference to the tour's text, its scroll.
//! - [`fill`]: "do it for me": the step's fields typed in as a user would, only when asked.
//!
//! The tour never presses a button or submits for the presenter: they do each step (or ask for
//! its fields to be filled) and press Next. Its texts are the kit's (`messages::kit`), so the
//! customer build carries none of it.

pub mod fill;
pub mod panel;
pub mod pointing;
pub mod steps;

use crate::domain::flows::Procedure;
use crate::ui::{messages, Screen};
use leptos::prelude::*;
use steps::Place;

/// The element id of the header's ツアー button, where focus returns when the tour ends.
pub const BUTTON_ID: &str = "tour-button";

/// The tour's state: the step shown, or none while the tour is closed. Given to the app's views
/// by [`provide`], outside the language's rebuild, so switching language keeps the step.
#[derive(Clone, Copy)]
pub struct Tour {
    /// The step shown (an index into [`steps::STEPS`]).
    pub step: RwSignal<Option<usize>>,
}

impl Tour {
    /// Ends the tour: focus back on ツアー.
    pub fn exit(self) {
        self.step.set(None);
        if let Some(button) = document()
            .get_element_by_id(BUTTON_ID)
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
        {
            let _ = button.focus();
        }
    }
}

/// Gives the app's views the tour's state.
pub fn provide() {
    provide_context(Tour {
        step: RwSignal::new(None),
    });
}

/// The tour of the enclosing app.
pub fn use_tour() -> Tour {
    expect_context::<Tour>()
}

/// The tour's screen of an app's screen.
pub fn place_of(screen: &Screen) -> Place {
    match screen {
        Screen::Login => Place::Login,
        Screen::LoginCode(_) => Place::LoginCode,
        Screen::Top(_) => Place::Top,
        Screen::Auth(kind) => Place::Auth(*kind),
        Screen::Register(kind, _) => Place::Register(*kind),
        Screen::StopToken(_) => Place::StopToken,
        Screen::Confirm(kind, _, _) => Place::Confirm(*kind),
        Screen::Result(kind, _) => Place::Result(*kind),
        Screen::ResyncToken(_) => Place::ResyncToken,
        Screen::Resynced(_) => Place::Result(Procedure::Resync),
    }
}

/// A screen's name, as its heading or step indicator says it.
pub fn place_name(place: Place) -> String {
    let m = messages::current();
    let step_of = |kind: Procedure, n: usize| {
        let name = m.flow_steps(kind).get(n).copied().unwrap_or_default();
        format!("{} — {name}", m.flow_title(kind))
    };
    match place {
        Place::Login => m.button_login.to_owned(),
        Place::LoginCode => m.login_code_title.to_owned(),
        Place::Top => m.top_title.to_owned(),
        Place::Auth(kind) => step_of(kind, 0),
        Place::Register(kind) => step_of(kind, 1),
        Place::StopToken => step_of(Procedure::Stop, 1),
        Place::Confirm(kind) => step_of(kind, 2),
        Place::ResyncToken => step_of(Procedure::Resync, 1),
        // 処理結果 is the last step: the fourth, or 時刻補正's third.
        Place::Result(kind) => step_of(kind, m.flow_steps(kind).len().saturating_sub(1)),
    }
}

/// The header's ツアー button: starts the tour, or (while it runs) takes focus back to it.
#[component]
pub fn TourButton() -> impl IntoView {
    let tour = use_tour();
    let start = move |_| match tour.step.get_untracked() {
        Some(_) => panel::focus_heading(),
        None => tour.step.set(Some(0)),
    };
    view! {
        <button type="button" class="header-button" id=BUTTON_ID
            aria-expanded=move || tour.step.get().is_some().to_string()
            on:click=start>{messages::kit::current().tour}</button>
    }
}

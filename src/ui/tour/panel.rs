//! The tour's panel: a non-modal dialog (`role="dialog"`, `aria-modal="false"`: the page stays
//! usable, as the presenter works in it) headed by where they are ("ツアー 手順 3/18"), with the
//! step's words, what the kit shows, and 次の手順 / 前の手順 / ツアーを終了 (Escape too) and
//! お任せ入力. Each step is built afresh and its heading takes focus, so a screen reader says the
//! new position; ending the tour puts focus back on ツアー.

use super::steps::{self, Standing, STEPS};
use super::{fill, place_name, place_of, pointing, use_tour};
use crate::ui::kit::{self, clock::use_kit_clock};
use crate::ui::{messages, use_app};
use leptos::prelude::*;

/// The heading's element id (the dialog's name).
const HEADING_ID: &str = "tour-heading";

/// Moves focus to the panel's heading.
pub fn focus_heading() {
    if let Some(heading) = document()
        .get_element_by_id(HEADING_ID)
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
    {
        let _ = heading.focus();
    }
}

/// The tour's panel while the tour runs; nothing otherwise.
#[component]
pub fn TourPanel() -> impl IntoView {
    let tour = use_tour();
    Effect::new(move |_| pointing::shown(tour.step.get().is_some()));
    // Built anew for each step (the closure runs again only when the step changes), so each
    // step's panel takes focus as it comes.
    move || tour.step.get().map(|index| view! { <StepPanel index/> })
}

/// The panel of step `index`.
#[component]
fn StepPanel(index: usize) -> impl IntoView {
    let tour = use_tour();
    let ctx = use_app();
    let step = STEPS[index];
    let screen = ctx.screen;
    let standing = move || screen.with(|(_, s)| steps::standing(index, place_of(s)));
    let kit_m = messages::kit::current();
    let (what, why) = kit_m.tour_step(step.id);

    if !step.kit.items().is_empty() {
        kit::open_quietly();
    }
    // The control is pointed at while its screen shows (again, after a screen is built anew).
    Effect::new(move |_| {
        let here = standing() == Standing::Here;
        pointing::point(here.then_some(step.control));
    });
    Effect::new(move |_| focus_heading());

    let escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            tour.exit();
        }
    };
    let go = move |to: Option<usize>| {
        if let Some(to) = to {
            tour.step.set(Some(to));
        }
    };
    let said = move || match standing() {
        Standing::Here => String::new(),
        Standing::Done => messages::kit::current().tour_done.to_owned(),
        Standing::Elsewhere(place) => messages::kit::current().tour_elsewhere(&place_name(place)),
    };
    let can_fill = move || standing() == Standing::Here && !step.fill.is_empty();
    let do_it = {
        let (ctx, clock) = (ctx.clone(), use_kit_clock());
        move |_| fill::fill(&ctx, clock, step.fill)
    };
    let kit_line = kit_m.tour_kit(step.kit);
    let last = steps::next(index).is_none();

    view! {
        <section class="tour" role="dialog" aria-modal="false" aria-labelledby=HEADING_ID on:keydown=escape>
            <h2 id=HEADING_ID tabindex="-1">{kit_m.tour_position(index + 1, STEPS.len())}</h2>
            <div id=pointing::TEXT_ID>
                <p>{what}</p>
                <p class="hint">{why}</p>
            </div>
            {(!kit_line.is_empty()).then(|| view! { <p class="hint">{kit_line}</p> })}
            <p role="status" class="tour-status">{said}</p>
            // Next last: the step's screen comes next in the page, so from its heading Shift+Tab
            // comes back to it.
            <div class="tour-actions">
                <button type="button" class="button-secondary" on:click=move |_| tour.exit()>{kit_m.tour_exit}</button>
                {move || can_fill().then(|| view! {
                    <button type="button" class="button-secondary" on:click=do_it.clone()>{kit_m.tour_do_it}</button>
                })}
                <button type="button" class="button-secondary" disabled=index == 0
                    on:click=move |_| go(steps::back(index))>{kit_m.tour_back}</button>
                {(!last).then(|| view! {
                    <button type="button" class="button-primary" on:click=move |_| go(steps::next(index))>{kit_m.tour_next}</button>
                })}
            </div>
        </section>
    }
}

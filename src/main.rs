//! Entry point of the browser app.

fn main() {
    leptos::mount::mount_to_body(shinkin_otp::ui::App);
}

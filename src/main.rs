//! Entry point of the browser app: mounts the page the address names (the app or an emulator).

fn main() {
    shinkin_otp::ui::start_in_next_task();
}

//! Components shared by the screens.

pub mod card_grid;
pub mod error_summary;
pub mod field;
pub mod flow_frame;
pub mod focus;
pub mod header;
pub mod help;
pub mod history_list;
pub mod leave_dialog;
pub mod software_keyboard;
pub mod step_indicator;
pub mod title;

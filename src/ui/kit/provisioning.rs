//! A token's `otpauth://` URI and its QR code, so Google Authenticator, oathtool or any RFC 6238
//! app can stand in for the emulator. The QR code is SVG from the `qrcode` crate.

use crate::domain::token;
use crate::domain::token::Token;
use crate::ui::messages;
use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `text` as an SVG document, or `None` if it does not fit a QR code.
fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
    )
}

/// A disclosure with the token's QR code and URI.
#[component]
pub fn Provisioning(
    /// The token to export.
    token: Token,
) -> impl IntoView {
    let uri = token::otpauth_uri(&token);
    let svg = qr_svg(&uri).unwrap_or_default();
    let serial = token.serial.to_string();
    view! {
        <details class="provisioning">
            <summary>{messages::kit::current().qr_summary(&serial)}</summary>
            <p class="hint">{messages::kit::current().kit_qr_how}</p>
            <div class="qr" role="img" aria-label=messages::kit::current().qr_name(&serial) inner_html=svg></div>
            <label class="uri-label">
                "otpauth URI"
                <textarea class="uri" readonly rows="3" spellcheck="false">{uri}</textarea>
            </label>
        </details>
    }
}

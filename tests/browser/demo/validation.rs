//! Each field's bad input in the browser: its message beside the field and in the focused summary,
//! typed values kept, passwords and codes cleared; full-width input accepted.

use crate::support;

use support::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn empty_user_authentication_lists_both_fields_and_focuses_the_summary() {
    let _app = mount_app().await;
    click("利用開始").await;
    click("次へ").await;
    assert!(summary_has_focus(), "focus moves to the error summary");
    assert_eq!(
        summary_messages(),
        vec![
            "契約者ID（利用者番号）を入力してください。".to_owned(),
            "ログインパスワードを入力してください。".to_owned()
        ]
    );
    assert_eq!(
        inline_error("契約者ID（利用者番号）").as_deref(),
        Some("契約者ID（利用者番号）を入力してください。")
    );
    assert_eq!(
        field("ログインパスワード")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // The summary links to the field.
    let link = all(".error-summary a")[0].get_attribute("href").unwrap();
    assert_eq!(link, format!("#{}", field("契約者ID（利用者番号）").id()));
}

#[wasm_bindgen_test]
async fn contract_id_and_password_rules_keep_the_id_and_clear_the_password() {
    let _app = mount_app().await;
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "1234５");
    fill("ログインパスワード", "ａｂｃ１２３");
    click("次へ").await;
    assert!(summary_has_focus());
    assert_eq!(
        inline_error("契約者ID（利用者番号）").as_deref(),
        Some("契約者ID（利用者番号）は11桁の数字です。桁数が足りません。お客様カードでご確認ください。")
    );
    assert_eq!(
        inline_error("ログインパスワード").as_deref(),
        Some("ログインパスワードは半角の英字と数字で入力してください。記号・全角文字・空白は使えません。")
    );
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        "1234５",
        "typed value kept"
    );
    assert_eq!(field("ログインパスワード").value(), "", "password cleared");

    fill("契約者ID（利用者番号）", "10000000001x");
    fill("ログインパスワード", "abc");
    click("次へ").await;
    assert_eq!(
        inline_error("契約者ID（利用者番号）").as_deref(),
        Some("契約者ID（利用者番号）は数字で入力してください。")
    );
    assert_eq!(
        inline_error("ログインパスワード").as_deref(),
        Some("ログインパスワードは6文字以上で入力してください。")
    );
    assert!(
        summary_has_focus(),
        "focus returns to the summary on every failed submit"
    );

    // A wrong password and an unknown ID read the same.
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "wrong123");
    click("次へ").await;
    let wrong_password = summary_messages();
    fill("契約者ID（利用者番号）", "19999999999");
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
    assert_eq!(summary_messages(), wrong_password);

    // Full-width ID with hyphens is converted and accepted.
    fill("契約者ID（利用者番号）", "１０００－００００－００１");
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
    assert!(has_field("シリアル番号(半角英数字)"));
}

async fn to_register() {
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
}

#[wasm_bindgen_test]
async fn serial_and_code_rules_each_have_their_message() {
    let _app = mount_app().await;
    to_register().await;
    let cases = [
        ("", "", "シリアル番号を入力してください。", "ワンタイムパスワードを入力してください。"),
        (
            "SKTS1234",
            "12345",
            "シリアル番号は英字4文字と数字8桁の12文字です。文字数が足りません。",
            "ワンタイムパスワードは6桁の数字です。桁数が足りません。",
        ),
        (
            "SKTS123456789",
            "1234567",
            "シリアル番号は英字4文字と数字8桁の12文字です。文字数が多すぎます。",
            "ワンタイムパスワードは6桁の数字です。桁数が多すぎます。",
        ),
        (
            "SKTS1234567#",
            "12345a",
            "シリアル番号は英字と数字で入力してください。",
            "ワンタイムパスワードは数字で入力してください。",
        ),
        (
            "ABCD12345678",
            "",
            "当金庫のトークンのシリアル番号ではありません。先頭の英字4文字（SKTS または SKHT）をご確認ください。",
            "ワンタイムパスワードを入力してください。",
        ),
        (
            "123456789012",
            "",
            "シリアル番号は英字4文字のあとに数字8桁を続けて入力してください（例：SKTS12345678）。",
            "ワンタイムパスワードを入力してください。",
        ),
    ];
    for (serial, otp, serial_message, otp_message) in cases {
        fill("シリアル番号(半角英数字)", serial);
        fill("ワンタイムパスワード(半角数字)", otp);
        click("次へ").await;
        assert!(summary_has_focus(), "{serial:?}");
        assert_eq!(
            inline_error("シリアル番号(半角英数字)").as_deref(),
            Some(serial_message)
        );
        assert_eq!(
            inline_error("ワンタイムパスワード(半角数字)").as_deref(),
            Some(otp_message)
        );
        assert_eq!(
            field("シリアル番号(半角英数字)").value(),
            serial,
            "serial kept"
        );
        assert_eq!(
            field("ワンタイムパスワード(半角数字)").value(),
            "",
            "code cleared"
        );
    }

    // Well-formed, but no token has this serial: the same answer as a wrong code, so it does not
    // tell which serials exist.
    fill("シリアル番号(半角英数字)", "SKTS99999999");
    fill("ワンタイムパスワード(半角数字)", "123456");
    click("次へ").await;
    assert!(summary_has_focus());
    assert!(inline_error("シリアル番号(半角英数字)")
        .unwrap()
        .starts_with("シリアル番号またはワンタイムパスワードが正しくありません。"));
}

#[wasm_bindgen_test]
async fn card_digits_have_their_messages_and_are_cleared() {
    let _app = mount_app().await;
    to_register().await;
    fill("シリアル番号(半角英数字)", "ＳＫＴＳ１００００００２");
    fill(
        "ワンタイムパスワード(半角数字)",
        &full_width(&code("SKTS10000002", 0)),
    );
    click("次へ").await;
    let first = labels()
        .into_iter()
        .find(|l| l.starts_with("(1)("))
        .unwrap();
    let second = labels()
        .into_iter()
        .find(|l| l.starts_with("(2)("))
        .unwrap();
    fill(&first, "");
    fill(&second, "12");
    click("実行").await;
    assert!(summary_has_focus());
    assert_eq!(
        inline_error(&first),
        Some(format!("{first}の数字を入力してください。"))
    );
    assert_eq!(
        inline_error(&second),
        Some(format!("{second}には数字を1桁だけ入力してください。"))
    );
    fill(&first, "a");
    click("実行").await;
    assert_eq!(
        inline_error(&first),
        Some(format!("{first}は数字1桁で入力してください。"))
    );
    assert_eq!(field(&first).value(), "");

    // Full-width digits are accepted.
    fill_card_answers(0);
    let (a, b) = (field(&first).value(), field(&second).value());
    fill(&first, &full_width(&a));
    fill(&second, &full_width(&b));
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
}

#[wasm_bindgen_test]
async fn text_size_scales_the_page_and_is_remembered() {
    let app = mount_app().await;
    let html = doc().document_element().unwrap();
    click("拡大").await;
    assert!(html.class_list().contains("text-large"));
    assert_eq!(
        button("拡大").get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage
            .get_item("shinkin-otp.text-size")
            .unwrap()
            .as_deref(),
        Some("large")
    );
    drop(app);

    // A new page load keeps the choice.
    let _app = mount_app_with(|s| s.set_item("shinkin-otp.text-size", "large").unwrap()).await;
    assert!(html.class_list().contains("text-large"));
    click("標準").await;
    assert!(!html.class_list().contains("text-large"));
}

#[wasm_bindgen_test]
async fn corrupt_demo_storage_is_reset_with_a_notice() {
    let _app = mount_app_with(|s| s.set_item("shinkin-otp.demo-bank.v1", "{broken").unwrap()).await;
    assert!(notice().unwrap().contains("初期状態に戻しました"));
    assert_eq!(heading(), "ログイン");
}

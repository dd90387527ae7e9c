//! The rules of the copy: every text in both languages, none left empty, English never Japanese
//! copy left in by mistake, and each message telling its case apart.

use super::*;
use crate::domain::card::COLUMN_LABELS;

const BANK_ERRORS: [BankError; 21] = {
    use BankError::*;
    [
        BadCredentials,
        LoginLocked,
        AlreadyEnrolled,
        NotEnrolled,
        WrongCode,
        ClockDrift,
        CodeUsed,
        TokenLocked,
        TokenSuspended,
        NewTokenRefused,
        NewTokenClockDrift,
        NewTokenCodeUsed,
        SerialInUse,
        SameToken,
        NewTokenLocked,
        ResyncNotFound,
        ResyncAmbiguous,
        WrongCard,
        CardLocked,
        FlowExpired,
        FlowInvalid,
    ]
};
const FIELD_ERRORS: [FieldError; 6] = {
    use FieldError::*;
    [
        Empty,
        TooShort,
        TooLong,
        WrongCharacters,
        WrongFormat,
        UnknownPrefix,
    ]
};
const PROCEDURES: [Procedure; 4] = [
    Procedure::Start,
    Procedure::Exchange,
    Procedure::Stop,
    Procedure::Resync,
];
const MODELS: [TokenModel; 2] = [TokenModel::Software, TokenModel::Hardware];

fn failures() -> Vec<Unavailable> {
    use Unavailable::*;
    vec![
        Unreachable,
        Timeout,
        ServerError,
        RateLimited { retry_after: None },
        RateLimited {
            retry_after: Some(1),
        },
        RateLimited {
            retry_after: Some(90),
        },
        Unreadable,
        Rejected,
        Aborted,
    ]
}

/// Every text a language's messages give, fixed or made, each with a name for the failure message.
fn all_texts(m: &Messages) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = m
        .texts()
        .into_iter()
        .map(|(name, text)| (name.to_owned(), text.to_owned()))
        .collect();
    let mut add = |name: String, text: String| all.push((name, text));
    add("step_label".into(), m.step_label(2, 4));
    for ending in [Ending::Procedure, Ending::Session] {
        for left in [120, 61, 60, 59, 1] {
            add(
                format!("time_limit_text({ending:?}, {left})"),
                m.time_limit_text(ending, left),
            );
        }
    }
    add("prepare_token".into(), m.prepare_token(m.prepare_any_token));
    add("app_name_line".into(), m.app_name_line());
    add("app_download".into(), m.app_download("iPhone", "App Store"));
    add("start_notice_change".into(), m.start_notice_change());
    add("card_digit_label".into(), m.card_digit_label(1, "ウ"));
    add(
        "date_time".into(),
        m.date_time(JstDateTime {
            year: 2027,
            month: 3,
            day: 31,
            hour: 9,
            minute: 5,
        }),
    );
    for kind in PROCEDURES {
        add(format!("go_to_flow({kind:?})"), m.go_to_flow(kind));
        add(format!("flow_title({kind:?})"), m.flow_title(kind).into());
        add(format!("flow_intro({kind:?})"), m.flow_intro(kind).into());
        for step in m.flow_steps(kind) {
            add(format!("flow_steps({kind:?})"), (*step).into());
        }
    }
    for model in MODELS {
        add(
            format!("token_model({model:?})"),
            m.token_model(model).into(),
        );
        for login_otp in [LoginOtp::Required, LoginOtp::NotRequired] {
            add(
                "top_status".into(),
                m.top_status(model, "********5678", login_otp),
            );
        }
    }
    let fields = [
        Field::ContractId,
        Field::Password,
        Field::Serial,
        Field::Otp,
        Field::ResyncCode(1),
        Field::ResyncCode(2),
        Field::CardDigit(2, "カ"),
    ];
    for field in fields {
        for error in FIELD_ERRORS {
            add(
                format!("field_error({field:?}, {error:?})"),
                m.field_error(field, error),
            );
        }
    }
    for error in BANK_ERRORS {
        add(format!("bank_error({error:?})"), m.bank_error(error));
    }
    for steps in [-20, -3, -1, 0, 1, 10] {
        add(format!("resync_offset({steps})"), m.resync_offset(steps));
    }
    for failure in failures() {
        add(format!("call_failed({failure:?})"), m.call_failed(failure));
    }
    for topic in HelpTopic::ALL {
        add(format!("help_title({topic:?})"), m.help_title(topic).into());
        for paragraph in m.help(topic) {
            add(format!("help({topic:?})"), paragraph.into());
        }
    }
    #[cfg(feature = "demo")]
    all.extend(kit_texts(kit::of(m.language)));
    all
}

#[cfg(feature = "demo")]
use crate::ui::tour::steps::KitShows;

#[cfg(feature = "demo")]
fn kit_texts(k: &kit::KitMessages) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = k
        .texts()
        .into_iter()
        .map(|(name, text)| (format!("kit.{name}"), text.to_owned()))
        .collect();
    let serial = "SKTS10000001";
    for (name, text) in [
        ("card_owner", k.card_owner("山田 花子")),
        ("token_user", k.token_user("山田 花子")),
        ("software_token_name", k.software_token_name(serial)),
        ("hardware_token_name", k.hardware_token_name(serial)),
        ("hardware_button_name", k.hardware_button_name(serial)),
        ("seconds_to_refresh", k.seconds_to_refresh(12)),
        ("open_emulator_page", k.open_emulator_page("x")),
        ("token_issued", k.token_issued(TokenModel::Hardware, serial)),
        ("qr_summary", k.qr_summary(serial)),
        ("qr_name", k.qr_name(serial)),
        ("clock_name", k.clock_name(serial)),
        ("emulator_page_title", k.emulator_page_title("x")),
        ("token_code_name", k.token_code_name(serial)),
        ("skew_description(0)", k.skew_description(0)),
        ("skew_description(1)", k.skew_description(1)),
        ("skew_description(-1)", k.skew_description(-1)),
        (
            "kit_desk_status",
            k.kit_desk_status("山田 花子", k.kit_desk_locked),
        ),
        ("kit_desk_button", k.kit_desk_button("山田 花子")),
        ("kit_desk_done", k.kit_desk_done("山田 花子")),
        ("tour_position", k.tour_position(3, 18)),
        ("tour_elsewhere", k.tour_elsewhere("x")),
        ("tour_kit(Card)", k.tour_kit(KitShows::Card)),
        (
            "tour_kit(Tokens)",
            k.tour_kit(KitShows::Tokens(&["SKTS10000001"])),
        ),
        ("demo.lock_reset", k.demo.lock_reset.to_owned()),
        ("demo.lock_desk", k.demo.lock_desk.to_owned()),
        ("demo.lock_lifted", k.demo.lock_lifted.to_owned()),
        ("demo.title", k.demo.title.to_owned()),
    ] {
        all.push((format!("kit.{name}"), text));
    }
    for step in crate::ui::tour::steps::STEPS {
        let (what, why) = k.tour_step(step.id);
        all.push((format!("kit.tour_step({:?}).0", step.id), what.to_owned()));
        all.push((format!("kit.tour_step({:?}).1", step.id), why.to_owned()));
    }
    all
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff01}'..='\u{ff9f}')
}

/// What is left of an English text once the Japanese it may deliberately carry is taken out: a
/// bracketed Japanese name after its English (お客様カード), the app's own name, a card column's
/// katakana, and the demo customers' names.
fn outside_kept_japanese(text: &str) -> String {
    let mut rest = text.replace("しんきん（個人）ワンタイムパスワード", "");
    for name in ["山田 花子", "佐藤 一郎"] {
        rest = rest.replace(name, "");
    }
    rest = rest.replace("columns ア to ク", "columns");
    for column in COLUMN_LABELS {
        rest = rest.replace(&format!("column {column}"), "column");
    }
    let mut out = String::new();
    let mut depth = 0;
    for c in rest.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_text_is_in_both_languages_and_none_is_empty() {
    let (ja, en) = (all_texts(&ja::JA), all_texts(&en::EN));
    assert_eq!(ja.len(), en.len());
    for ((name, ja), (en_name, en)) in ja.iter().zip(&en) {
        assert_eq!(name, en_name);
        assert!(
            !ja.trim().is_empty() && !en.trim().is_empty(),
            "{name} is empty"
        );
        assert!(
            ja.chars().any(is_japanese),
            "{name}: the Japanese is not Japanese: {ja:?}"
        );
    }
}

#[test]
fn no_english_text_is_japanese_copy_left_in() {
    for ((name, ja), (_, en)) in all_texts(&ja::JA).iter().zip(&all_texts(&en::EN)) {
        assert_ne!(ja, en, "{name} is the same in both languages");
        assert!(
            en.chars().filter(char::is_ascii_alphabetic).count() >= 2,
            "{name} has no English: {en:?}"
        );
        let rest = outside_kept_japanese(en);
        assert!(
            !rest.chars().any(is_japanese),
            "{name} has Japanese outside a kept term: {en:?}"
        );
    }
}

#[test]
fn each_language_is_its_own_and_shows_its_tag() {
    assert_eq!(of(Language::Japanese).language, Language::Japanese);
    assert_eq!(of(Language::English).language, Language::English);
    assert_eq!(language_name(Language::Japanese), "日本語");
    assert_eq!(language_name(Language::English), "English");
}

#[test]
fn every_failed_call_has_its_own_message_and_a_rate_limit_names_the_wait() {
    for m in [&ja::JA, &en::EN] {
        let texts: Vec<String> = failures().into_iter().map(|f| m.call_failed(f)).collect();
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
    let limited = |m: &Messages, s| {
        m.call_failed(Unavailable::RateLimited {
            retry_after: Some(s),
        })
    };
    assert!(limited(&ja::JA, 7).contains("7秒ほど待って"));
    assert!(limited(&ja::JA, 60).contains("1分ほど待って"));
    assert!(limited(&ja::JA, 61).contains("2分ほど待って"));
    assert!(limited(&en::EN, 1).contains("about 1 second "));
    assert!(limited(&en::EN, 7).contains("about 7 seconds"));
    assert!(limited(&en::EN, 60).contains("about 1 minute "));
    assert!(limited(&en::EN, 61).contains("about 2 minutes"));
}

#[test]
fn demo_hints_only_in_the_demo_build() {
    for m in [&ja::JA, &en::EN] {
        let locked = m.bank_error(BankError::CardLocked);
        assert!(locked.starts_with(m.refusal(BankError::CardLocked)));
        assert_eq!(
            locked != m.refusal(BankError::CardLocked),
            cfg!(feature = "demo")
        );
        assert_eq!(
            m.bank_error(BankError::WrongCard),
            m.refusal(BankError::WrongCard)
        );
        let lifted = *m.help(HelpTopic::Locked).last().unwrap();
        assert_eq!(lifted == m.lock_lifted_by_bank, !cfg!(feature = "demo"));
    }
}

#[test]
fn every_field_error_has_its_own_message() {
    use FieldError::*;
    for m in [&ja::JA, &en::EN] {
        for (field, errors) in [
            (
                Field::ContractId,
                &[Empty, TooShort, TooLong, WrongCharacters][..],
            ),
            (
                Field::Password,
                &[Empty, TooShort, TooLong, WrongCharacters],
            ),
            (Field::Otp, &[Empty, TooShort, TooLong, WrongCharacters]),
            (
                Field::CardDigit(1, "ア"),
                &[Empty, TooLong, WrongCharacters],
            ),
            (Field::Serial, &FIELD_ERRORS),
        ] {
            let texts: Vec<String> = errors.iter().map(|&e| m.field_error(field, e)).collect();
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    assert_ne!(a, b, "{field:?}");
                }
            }
        }
    }
}

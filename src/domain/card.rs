//! The お客様カード's 確認用パスワード row and the confirmation challenge drawn from it.
//!
//! The card shows one digit under each of ア イ ウ エ オ カ キ ク. The bank asks for the digits under
//! two distinct columns it picks at random; the answers are compared, never echoed back.

use super::input::NotCanonical;
use super::RandomSource;
use serde::{Deserialize, Serialize};

/// Column headings on the card, in order.
pub const COLUMN_LABELS: [&str; 8] = ["ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク"];

/// The digits printed on a customer's card, one per column, each 0–9. Deserialises only when
/// every digit is 0–9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "[u8; 8]", into = "[u8; 8]")]
pub struct CardRow(pub [u8; 8]);

impl TryFrom<[u8; 8]> for CardRow {
    type Error = NotCanonical;
    fn try_from(digits: [u8; 8]) -> Result<CardRow, NotCanonical> {
        if digits.iter().all(|&d| d <= 9) {
            Ok(CardRow(digits))
        } else {
            Err(NotCanonical("card row"))
        }
    }
}

impl From<CardRow> for [u8; 8] {
    fn from(row: CardRow) -> [u8; 8] {
        row.0
    }
}

/// The two columns asked for, as indexes 0..8 into [`COLUMN_LABELS`]; always distinct.
///
/// Made by [`CardChallenge::draw`] or [`CardChallenge::new`]; deserialisation goes through `new`,
/// so a challenge read from outside (an edited value, a server's answer) cannot name a column the
/// card does not have, which would panic where the labels are looked up. Written with the two
/// columns' katakana too, `{"first":2,"second":5,"labels":["ウ","カ"]}` (the token steps' answer
/// in the API; `labels` is for reading convenience and ignored when read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Columns", into = "Shown")]
pub struct CardChallenge {
    /// Column whose digit goes in (1).
    pub first: usize,
    /// Column whose digit goes in (2).
    pub second: usize,
}

/// A challenge as it arrives, before its columns are checked.
#[derive(Deserialize)]
struct Columns {
    first: usize,
    second: usize,
}

/// A challenge as it is written: its columns and their katakana.
#[derive(Serialize)]
struct Shown {
    first: usize,
    second: usize,
    labels: [&'static str; 2],
}

impl From<CardChallenge> for Shown {
    fn from(c: CardChallenge) -> Shown {
        let (a, b) = c.labels();
        Shown {
            first: c.first,
            second: c.second,
            labels: [a, b],
        }
    }
}

impl TryFrom<Columns> for CardChallenge {
    type Error = NotCanonical;
    fn try_from(c: Columns) -> Result<CardChallenge, NotCanonical> {
        CardChallenge::new(c.first, c.second).ok_or(NotCanonical("card challenge"))
    }
}

impl CardChallenge {
    /// The challenge for two columns, if both are on the card (< 8) and they differ.
    pub fn new(first: usize, second: usize) -> Option<CardChallenge> {
        let on_card = |c: usize| c < COLUMN_LABELS.len();
        (on_card(first) && on_card(second) && first != second)
            .then_some(CardChallenge { first, second })
    }

    /// Draws two distinct columns, uniformly, from `rng`.
    pub fn draw(rng: &mut impl RandomSource) -> CardChallenge {
        let first = uniform_below(rng, 8);
        // Pick among the 7 other columns so the two are always distinct and still uniform.
        let offset = 1 + uniform_below(rng, 7);
        CardChallenge {
            first,
            second: (first + offset) % 8,
        }
    }

    /// The katakana of the first and second columns, e.g. ("ウ", "カ"); "?" for a column the card
    /// does not have (only a challenge built by hand, not through [`CardChallenge::new`], can
    /// name one: the fields are public), so showing or writing it never panics.
    pub fn labels(&self) -> (&'static str, &'static str) {
        let label = |c: usize| COLUMN_LABELS.get(c).copied().unwrap_or("?");
        (label(self.first), label(self.second))
    }
}

impl CardRow {
    /// Whether `answers` are the digits under the challenge's two columns.
    pub fn answers(&self, challenge: CardChallenge, answers: [u8; 2]) -> bool {
        // Both comparisons always run, so timing does not reveal which digit was wrong.
        // A column the card does not have (a hand-built challenge) matches nothing.
        let a = self.0.get(challenge.first) == Some(&answers[0]);
        let b = self.0.get(challenge.second) == Some(&answers[1]);
        a & b
    }
}

/// A uniform integer in `0..n` (n ≤ 256) by rejection sampling, so no column is favoured.
fn uniform_below(rng: &mut impl RandomSource, n: usize) -> usize {
    let limit = 256 - 256 % n;
    loop {
        let mut byte = [0u8; 1];
        rng.fill(&mut byte);
        if (byte[0] as usize) < limit {
            return byte[0] as usize % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    /// Replays fixed bytes, for deterministic draws.
    struct Fixed(Vec<u8>);
    impl RandomSource for Fixed {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                *b = self.0.remove(0);
            }
        }
    }

    #[test]
    fn challenge_columns_are_always_distinct() {
        let mut rng = OsRandom;
        for _ in 0..500 {
            let c = CardChallenge::draw(&mut rng);
            assert_ne!(c.first, c.second);
            assert!(c.first < 8 && c.second < 8);
        }
    }

    #[test]
    fn challenge_reaches_every_column() {
        let mut seen = [false; 8];
        let mut rng = OsRandom;
        for _ in 0..500 {
            let c = CardChallenge::draw(&mut rng);
            seen[c.first] = true;
            seen[c.second] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn challenge_from_fixed_bytes_is_deterministic() {
        // first = 2 (ウ); offset = 1 + 2 = 3 → second = 5 (カ), as in the seed's example.
        let c = CardChallenge::draw(&mut Fixed(vec![2, 2]));
        assert_eq!(c.labels(), ("ウ", "カ"));
    }

    #[test]
    fn challenge_rejects_biased_bytes() {
        // 255 is above the largest multiple of 8 below 256? No: 256 % 8 == 0, so 255 is fine for 8;
        // for 7 the limit is 252, so 253 is rejected and the next byte used.
        let c = CardChallenge::draw(&mut Fixed(vec![0, 253, 0]));
        assert_eq!((c.first, c.second), (0, 1));
    }

    #[test]
    fn card_answers_must_match_both_columns() {
        let row = CardRow([3, 8, 1, 5, 9, 0, 2, 7]);
        let c = CardChallenge {
            first: 2,
            second: 5,
        };
        assert!(row.answers(c, [1, 0]));
        assert!(!row.answers(c, [1, 1]));
        assert!(!row.answers(c, [0, 0]));
    }

    #[test]
    fn a_hand_built_challenge_off_the_card_serialises_and_is_judged_without_panicking() {
        let c = CardChallenge {
            first: 8,
            second: usize::MAX,
        };
        assert_eq!(c.labels(), ("?", "?"));
        let written = serde_json::to_string(&c).unwrap();
        assert!(written.contains(r#""labels":["?","?"]"#), "{written}");
        // And it reads back as nothing: deserialisation refuses it.
        assert!(serde_json::from_str::<CardChallenge>(&written).is_err());
        let row = CardRow([3, 8, 1, 5, 9, 0, 2, 7]);
        assert!(!row.answers(c, [3, 8]));
    }

    #[test]
    fn a_stored_challenge_with_equal_or_out_of_range_columns_is_refused_by_deserialisation() {
        for bad in [
            r#"{"first":2,"second":2}"#,
            r#"{"first":8,"second":1}"#,
            r#"{"first":1,"second":99}"#,
            r#"{"first":-1,"second":1}"#,
            r#"{"first":"1","second":2}"#,
            r#"{"first":1}"#,
        ] {
            assert!(
                serde_json::from_str::<CardChallenge>(bad).is_err(),
                "{bad} must not deserialise"
            );
        }
        let c: CardChallenge = serde_json::from_str(r#"{"first":2,"second":5}"#).unwrap();
        assert_eq!(c.labels(), ("ウ", "カ"));
    }

    #[test]
    fn a_stored_card_row_with_a_digit_above_nine_is_refused_by_deserialisation() {
        assert!(serde_json::from_str::<CardRow>("[3,8,1,5,9,0,2,10]").is_err());
        assert!(serde_json::from_str::<CardRow>("[3,8,1]").is_err());
        let row: CardRow = serde_json::from_str("[3,8,1,5,9,0,2,7]").unwrap();
        assert_eq!(row, CardRow([3, 8, 1, 5, 9, 0, 2, 7]));
    }

    #[test]
    fn a_draw_uses_every_byte_below_the_largest_multiple_of_the_range_and_no_other() {
        // 8 columns: every byte is below 256, so 255 is used (column 7); 7 offsets: 252 = 36 × 7,
        // so 251 is used (offset 1 + 6, column (7 + 7) % 8 = 6).
        let c = CardChallenge::draw(&mut Fixed(vec![255, 251]));
        assert_eq!((c.first, c.second), (7, 6));
        // 252 itself would favour offset 1: it is dropped and the next byte used (offset 1 + 3).
        let c = CardChallenge::draw(&mut Fixed(vec![0, 252, 3]));
        assert_eq!((c.first, c.second), (0, 4));
    }

    #[test]
    fn a_card_row_is_stored_as_its_eight_digits() {
        let row = CardRow([3, 8, 1, 5, 9, 0, 2, 7]);
        assert_eq!(serde_json::to_string(&row).unwrap(), "[3,8,1,5,9,0,2,7]");
    }
}

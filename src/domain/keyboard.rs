//! The software keyboard's keys and their shuffled order (ソフトウェアキーボード入力).
//!
//! The order changes each time the keyboard opens, so the positions clicked do not reveal the
//! password to someone watching the screen or recording clicks.

use super::RandomSource;

/// The keys, unshifted: lower-case letters and digits (passwords are half-width alphanumerics).
pub const KEYS: [char; 36] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// A uniformly random index below `bound` (rejection sampling, so no value is favoured).
fn below(bound: usize, rng: &mut impl RandomSource) -> usize {
    let bound = bound as u32;
    let zone = u32::MAX - u32::MAX % bound;
    loop {
        let mut bytes = [0u8; 4];
        rng.fill(&mut bytes);
        let v = u32::from_le_bytes(bytes);
        if v < zone {
            return (v % bound) as usize;
        }
    }
}

/// The keys in a fresh random order (Fisher–Yates).
pub fn shuffled_keys(rng: &mut impl RandomSource) -> Vec<char> {
    let mut keys = KEYS.to_vec();
    for i in (1..keys.len()).rev() {
        keys.swap(i, below(i + 1, rng));
    }
    keys
}

/// What a key types: with shift, letters are upper case; digits are unchanged.
pub fn key_char(key: char, shift: bool) -> char {
    if shift {
        key.to_ascii_uppercase()
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{input, OsRandom};

    #[test]
    fn shuffled_keys_are_a_permutation_of_all_keys() {
        let mut keys = shuffled_keys(&mut OsRandom);
        keys.sort_unstable();
        let mut all = KEYS.to_vec();
        all.sort_unstable();
        assert_eq!(keys, all);
    }

    #[test]
    fn two_openings_give_different_orders() {
        // 36! orders: equal twice in a row only if the shuffle is broken.
        assert_ne!(shuffled_keys(&mut OsRandom), shuffled_keys(&mut OsRandom));
    }

    #[test]
    fn there_is_a_key_for_every_half_width_letter_and_digit_and_no_other() {
        // What a password may contain (docs/design.md#input-rules), written out apart from KEYS.
        let mut alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut keys = KEYS.to_vec();
        alphabet.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, alphabet);
    }

    #[test]
    fn every_key_types_its_own_character_and_shift_types_the_capital() {
        for key in KEYS {
            assert_eq!(key_char(key, false), key);
            assert_eq!(key_char(key, true), key.to_ascii_uppercase(), "{key:?}");
        }
        assert_eq!(key_char('h', true), 'H');
        assert_eq!(key_char('7', true), '7');
    }

    #[test]
    fn every_key_types_a_character_the_password_rule_accepts() {
        // Each key on its own (a password of six of it), with and without shift: one bad key
        // cannot hide among good ones.
        for key in KEYS {
            for shift in [false, true] {
                let typed = key_char(key, shift).to_string().repeat(6);
                assert!(
                    input::password(&typed).is_ok(),
                    "{key:?} (shift {shift}): {typed}"
                );
            }
        }
    }
}

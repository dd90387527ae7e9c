//! How stored data written before the enumerations took their one spelling (`snake_case`, as on
//! the wire) is still read: a demo ledger in localStorage, a server's flow rows.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error, IntoDeserializer};

/// Reads a field of a plain enumeration spelled as now (`"not_required"`) or as it was stored
/// before (`"NotRequired"`). Only for stored data: the wire takes the one spelling alone.
pub(crate) fn stored<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    let mut snake = String::with_capacity(text.len() + 4);
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    T::deserialize(snake.as_str().into_deserializer())
        .map_err(|e: serde::de::value::Error| D::Error::custom(e))
}

#[cfg(test)]
mod tests {
    use crate::flows::{Change, Purpose};
    use crate::ledger::{Enrolment, EnrolmentStatus, LoginOtp};

    #[test]
    fn stored_data_reads_in_the_old_spelling_and_the_new() {
        for (otp, status) in [("Required", "Active"), ("required", "active")] {
            let json = format!(
                r#"{{"contract_id":"10000000001","serial":"SKTS10000001","login_otp":"{otp}","status":"{status}","enrolled_at":0}}"#
            );
            let e: Enrolment = serde_json::from_str(&json).unwrap();
            assert_eq!(
                (e.login_otp, e.status),
                (LoginOtp::Required, EnrolmentStatus::Active)
            );
        }
        let old: Purpose = serde_json::from_str(r#"{"Procedure":"Exchange"}"#).unwrap();
        let new: Purpose = serde_json::from_str(r#"{"Procedure":"exchange"}"#).unwrap();
        assert_eq!(old, new);
        let old: Change = serde_json::from_str(
            r#"{"Started":{"serial":"SKTS10000001","login_otp":"NotRequired"}}"#,
        )
        .unwrap();
        let new: Change = serde_json::from_str(
            r#"{"Started":{"serial":"SKTS10000001","login_otp":"not_required"}}"#,
        )
        .unwrap();
        assert_eq!(old, new);
        assert!(serde_json::from_str::<Purpose>(r#"{"Procedure":"Nope"}"#).is_err());
    }

    #[test]
    fn the_wire_takes_only_the_one_spelling() {
        assert!(serde_json::from_str::<LoginOtp>(r#""NotRequired""#).is_err());
        assert_eq!(
            serde_json::from_str::<LoginOtp>(r#""not_required""#).unwrap(),
            LoginOtp::NotRequired
        );
        assert_eq!(
            serde_json::to_string(&LoginOtp::NotRequired).unwrap(),
            r#""not_required""#
        );
    }
}

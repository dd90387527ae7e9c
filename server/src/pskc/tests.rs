//! The reader's tests: against files python-pskc wrote (server/tests/fixtures/pskc, made by
//! scripts/pskc/make.py) and variants of them altered here.

use super::xml::elements;
use super::*;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use roxmltree::{Document, Node};
use shinkin_otp_domain::input::FieldError;
use std::time::Instant;

const KEY_128: &str = "000102030405060708090a0b0c0d0e0f";
const PASSWORD: &str = "Shinkin-vendor 2024";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/pskc/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn manifest() -> serde_json::Value {
    serde_json::from_str(&fixture("manifest.json")).unwrap()
}

fn psk(hex: &str) -> Protection {
    Protection::PreSharedKey(read_key_file(hex).unwrap())
}

fn password(text: &str) -> Protection {
    Protection::Password(Zeroizing::new(text.to_owned()))
}

/// What the manifest says opens a file, read through the key and password file readers.
fn protection_for(entry: &serde_json::Value) -> Protection {
    match entry["mode"].as_str().unwrap() {
        "plain" => Protection::None,
        "psk" => Protection::PreSharedKey(
            read_key_file(&fixture(entry["key_file"].as_str().unwrap())).unwrap(),
        ),
        "password" => Protection::Password(
            read_password_file(&fixture(entry["password_file"].as_str().unwrap())).unwrap(),
        ),
        mode => panic!("unknown mode {mode}"),
    }
}

fn refused(name: &str, protection: &Protection) -> PskcError {
    match read(&fixture(name), protection) {
        Ok(tokens) => panic!("{name} was read: {tokens:?}"),
        Err(e) => e,
    }
}

/// The file with the `n`th (0-based) CipherValue's bytes changed by `edit`.
fn edit_cipher_value(xml: &str, n: usize, edit: impl Fn(&mut Vec<u8>)) -> String {
    let open = "<xenc:CipherValue>";
    let start = xml.match_indices(open).nth(n).unwrap().0 + open.len();
    let end = start + xml[start..].find('<').unwrap();
    let mut bytes = B64.decode(&xml[start..end]).unwrap();
    edit(&mut bytes);
    format!("{}{}{}", &xml[..start], B64.encode(&bytes), &xml[end..])
}

#[test]
fn every_good_file_reads_back_the_seeds_python_pskc_wrote() {
    let manifest = manifest();
    let mut read_files = 0;
    for entry in manifest["files"].as_array().unwrap() {
        if !entry["refused"].is_null() {
            continue;
        }
        let name = entry["file"].as_str().unwrap();
        let tokens =
            read(&fixture(name), &protection_for(entry)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<(String, String)> = tokens
            .iter()
            .map(|t| {
                let hex: String = t.seed.iter().map(|b| format!("{b:02x}")).collect();
                (t.serial.to_string(), hex)
            })
            .collect();
        let want: Vec<(String, String)> = entry["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let field = |k: &str| t[k].as_str().unwrap().to_owned();
                (field("serial"), field("seed_hex"))
            })
            .collect();
        assert_eq!(got, want, "{name}");
        read_files += 1;
    }
    // plain, two pre-shared keys, the older MAC form, two passwords
    assert_eq!(read_files, 6);
}

#[test]
fn every_file_the_manifest_calls_refused_is_refused() {
    let manifest = manifest();
    let mut refused_files = 0;
    for entry in manifest["files"].as_array().unwrap() {
        if entry["refused"].is_null() {
            continue;
        }
        let name = entry["file"].as_str().unwrap();
        assert!(
            read(&fixture(name), &protection_for(entry)).is_err(),
            "{name} should be refused: {}",
            entry["refused"]
        );
        refused_files += 1;
    }
    assert_eq!(refused_files, 15);
}

#[test]
fn only_totp_keys_are_accepted() {
    let e = refused("bad-hotp.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "key package 2 (serial SKHT00000002): only TOTP keys \
         (urn:ietf:params:xml:ns:keyprov:pskc:totp) are accepted, this one is \
         \"urn:ietf:params:xml:ns:keyprov:pskc:hotp\""
    );
}

#[test]
fn only_six_digit_codes_are_accepted() {
    let e = refused("bad-digits8.xml", &Protection::None);
    assert_eq!(
        e,
        PskcError::Package {
            number: 2,
            serial: Serial::parse("SKHT00000002"),
            problem: Problem::Digits("8".into()),
        }
    );
    assert_eq!(
        e.to_string(),
        "key package 2 (serial SKHT00000002): only 6-digit codes are accepted, this one has 8"
    );
    let no_format = fixture("plain.xml").replacen(
        "<pskc:ResponseFormat Encoding=\"DECIMAL\" Length=\"6\"/>",
        "",
        1,
    );
    let e = read(&no_format, &Protection::None).unwrap_err();
    assert_eq!(
        e.problem(),
        &Problem::Missing("AlgorithmParameters/ResponseFormat")
    );
}

#[test]
fn only_decimal_codes_are_accepted() {
    let e = refused("bad-hex-codes.xml", &Protection::None);
    assert_eq!(e.problem(), &Problem::Encoding("\"HEXADECIMAL\"".into()));
    let check_digit =
        fixture("plain.xml").replacen("Length=\"6\"/>", "Length=\"6\" CheckDigits=\"true\"/>", 1);
    let e = read(&check_digit, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::CheckDigits);
}

#[test]
fn only_the_hmac_sha1_suite_is_accepted() {
    let e = refused("bad-suite-sha256.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "key package 2 (serial SKHT00000002): only HMAC-SHA1 TOTP is accepted, this key's \
         suite is \"HMAC-SHA256\""
    );
}

#[test]
fn only_a_30_second_time_step_is_accepted() {
    let e = refused("bad-time-step-60.xml", &Protection::None);
    assert_eq!(e.problem(), &Problem::TimeStep("60".into()));
}

#[test]
fn only_t0_zero_is_accepted() {
    let e = refused("bad-t0.xml", &Protection::None);
    assert_eq!(e.problem(), &Problem::TimeOrigin("1000".into()));
    let encrypted_step = fixture("psk-aes128.xml").replacen(
        "<pskc:TimeInterval>\n     <pskc:PlainValue>30</pskc:PlainValue>",
        "<pskc:TimeInterval>\n     <pskc:EncryptedValue/>",
        1,
    );
    let e = read(&encrypted_step, &psk(KEY_128)).unwrap_err();
    assert_eq!(e.problem(), &Problem::EncryptedParameter("TimeInterval"));
}

#[test]
fn absent_step_suite_and_t0_mean_30_s_sha1_and_0() {
    // plain.xml's second token has no TimeInterval, Suite or Time; its third says Time 0.
    let xml = fixture("plain.xml");
    let doc = Document::parse(&xml).unwrap();
    let packages: Vec<Node> = elements(doc.root_element(), "KeyPackage").collect();
    let has = |p: Node, name: &str| p.descendants().any(|n| n.tag_name().name() == name);
    assert!(!has(packages[1], "TimeInterval") && !has(packages[1], "Suite"));
    assert!(!has(packages[1], "Time") && has(packages[2], "Time"));
    assert_eq!(read(&xml, &Protection::None).unwrap().len(), 3);
}

#[test]
fn serials_follow_the_domain_serial_rule() {
    let e = refused("bad-serial.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "key package 2: serial \"SKHT-123\" is not a token serial (SKHT and 8 digits): too short"
    );
    let e = refused("bad-serial-prefix.xml", &Protection::None);
    assert_eq!(
        e.problem(),
        &Problem::BadSerial("\"SKXX00000002\"".into(), FieldError::UnknownPrefix)
    );
    // The domain's normalisation applies: lower case and a hyphen give the canonical serial.
    let loose = fixture("plain.xml").replacen("SKHT00000001", "skht-0000-0001", 1);
    let tokens = read(&loose, &Protection::None).unwrap();
    assert_eq!(tokens[0].serial.as_str(), "SKHT00000001");
}

#[test]
fn a_missing_serial_is_refused() {
    let e = refused("bad-no-serial.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "key package 2: no serial number (DeviceInfo/SerialNo)"
    );
    let empty = fixture("plain.xml").replacen("SKHT00000003", " ", 1);
    let e = read(&empty, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::NoSerial);
}

#[test]
fn software_token_serials_are_refused() {
    let e = refused("bad-serial-software.xml", &Protection::None);
    assert!(matches!(e.problem(), Problem::NotHardware(_)), "{e}");
}

#[test]
fn duplicate_serials_are_refused() {
    let e = refused("bad-duplicate-serial.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "key package 2 (serial SKHT00000001): the same serial as key package 1"
    );
    // The same serial written differently is still the same token.
    let loose = fixture("plain.xml").replacen("SKHT00000003", "skht 0000 0001", 1);
    let e = read(&loose, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::DuplicateSerial(1));
}

#[test]
fn a_file_without_key_packages_is_refused() {
    let e = refused("bad-empty.xml", &Protection::None);
    assert_eq!(e, PskcError::File(Problem::NoKeyPackages));
    assert_eq!(e.to_string(), "the file holds no key packages");
}

#[test]
fn seeds_shorter_than_16_bytes_are_refused() {
    let e = refused("bad-short-seed.xml", &Protection::None);
    assert_eq!(e.problem(), &Problem::SeedTooShort(10));
    // exactly 16 bytes is enough
    let sixteen =
        fixture("plain.xml").replacen("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", &B64.encode([7u8; 16]), 1);
    assert_eq!(read(&sixteen, &Protection::None).unwrap()[0].seed.len(), 16);
    let huge =
        fixture("plain.xml").replacen("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", &B64.encode([7u8; 65]), 1);
    let e = read(&huge, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::SeedTooLong(65));
}

#[test]
fn a_secret_that_is_not_base64_is_refused() {
    let bad = fixture("plain.xml").replacen("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", "not*base64", 1);
    let e = read(&bad, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::Base64("the secret"));
}

#[test]
fn an_encrypted_secret_without_a_mac_is_refused() {
    let e = refused("bad-psk-no-mac.xml", &psk(KEY_128));
    assert_eq!(e.problem(), &Problem::NoMac);
    // A ValueMAC but no MACMethod algorithm to check it with: refused too.
    let no_method = fixture("psk-aes128.xml").replacen(
        "<pskc:MACMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\">",
        "<pskc:MACMethod>",
        1,
    );
    let e = read(&no_method, &psk(KEY_128)).unwrap_err();
    assert_eq!(e.problem(), &Problem::NoMac);
}

#[test]
fn a_plain_secret_slipped_into_a_protected_file_is_refused() {
    let file = fixture("psk-aes128.xml");
    let start = file.find("<pskc:EncryptedValue>").unwrap();
    let end = file.find("</pskc:ValueMAC>").unwrap() + "</pskc:ValueMAC>".len();
    // The first package's seed replaced by one the attacker knows, in the clear.
    let altered = format!(
        "{}<pskc:PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</pskc:PlainValue>{}",
        &file[..start],
        &file[end..]
    );
    let e = read(&altered, &psk(KEY_128)).unwrap_err();
    assert_eq!(e.problem(), &Problem::PlainSecretInProtectedFile);
}

#[test]
fn encryption_other_than_aes_cbc_is_refused() {
    let e = refused("bad-psk-kw-aes128.xml", &psk(KEY_128));
    assert_eq!(
        e.to_string(),
        "key package 1 (serial SKHT00000001): encryption \
         \"http://www.w3.org/2001/04/xmlenc#kw-aes128\" is not supported (only aes128-cbc, \
         aes192-cbc, aes256-cbc)"
    );
}

#[test]
fn a_wrong_pre_shared_key_is_a_mac_mismatch() {
    let wrong = psk("ff0102030405060708090a0b0c0d0e0f");
    let e = refused("psk-aes128.xml", &wrong);
    assert_eq!(e.problem(), &Problem::MacMismatch);
    assert_eq!(
        e.to_string(),
        "MAC mismatch: wrong key or password, or the file was altered"
    );
    // The older form (no MACKey) fails on the first secret's MAC.
    let e = refused("psk-aes128-no-mackey.xml", &wrong);
    assert_eq!(
        e.to_string(),
        "key package 1 (serial SKHT00000001): MAC mismatch: wrong key or password, or the \
         file was altered"
    );
}

#[test]
fn a_wrong_password_is_a_mac_mismatch() {
    let e = refused("password.xml", &password("Shinkin-vendor 2025"));
    assert_eq!(e.problem(), &Problem::MacMismatch);
    let e = refused("password-prf-sha256.xml", &password("shinkin-vendor 2024"));
    assert_eq!(e.problem(), &Problem::MacMismatch);
}

#[test]
fn the_mac_is_checked_before_decrypting() {
    // A changed last ciphertext byte would break the padding; the MAC must catch it first.
    // CipherValue 0 is the MAC key's, 1 is the first secret's.
    let altered = edit_cipher_value(&fixture("psk-aes128.xml"), 1, |b| {
        *b.last_mut().unwrap() ^= 1;
    });
    let e = read(&altered, &psk(KEY_128)).unwrap_err();
    assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
    // So is a changed IV (which decrypts to valid padding and a wrong seed).
    let altered = edit_cipher_value(&fixture("psk-aes256.xml"), 2, |b| b[0] ^= 0x80);
    let e = read(&altered, &psk(&fixture("psk-aes256.key"))).unwrap_err();
    assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
    // And a changed ValueMAC.
    let xml = fixture("psk-aes128.xml");
    let start = xml.find("<pskc:ValueMAC>").unwrap() + "<pskc:ValueMAC>".len();
    let mut mac = B64.decode(&xml[start..start + 28]).unwrap();
    mac[0] ^= 1;
    let altered = format!(
        "{}{}{}",
        &xml[..start],
        B64.encode(&mac),
        &xml[start + 28..]
    );
    let e = read(&altered, &psk(KEY_128)).unwrap_err();
    assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
}

#[test]
fn a_truncated_cipher_value_is_refused() {
    let cut = edit_cipher_value(&fixture("psk-aes128.xml"), 1, |b| b.truncate(20));
    let e = read(&cut, &psk(KEY_128)).unwrap_err();
    assert_eq!(
        e.problem(),
        &Problem::CipherValueLength("the secret's CipherValue")
    );
}

#[test]
fn an_encrypted_file_needs_a_key_or_password() {
    let e = refused("psk-aes128.xml", &Protection::None);
    assert_eq!(
        e.to_string(),
        "the secrets are encrypted under a pre-shared key, and none was given"
    );
    let e = refused("password.xml", &Protection::None);
    assert_eq!(e.problem(), &Problem::NeedsSecret(ProtectionKind::Password));
}

#[test]
fn the_wrong_kind_of_protection_is_refused() {
    let e = refused("psk-aes128.xml", &password(PASSWORD));
    assert_eq!(
        e.to_string(),
        "the file's secrets are encrypted under a pre-shared key, but a password was given"
    );
    let e = refused("password.xml", &psk(KEY_128));
    assert_eq!(
        e.problem(),
        &Problem::WrongKind {
            file: ProtectionKind::Password,
            given: ProtectionKind::PreSharedKey
        }
    );
    let e = refused("plain.xml", &psk(KEY_128));
    assert_eq!(
        e.to_string(),
        "the file's secrets are not encrypted, but a pre-shared key was given (is this the \
         right file?)"
    );
    let e = refused("plain.xml", &password(PASSWORD));
    assert!(matches!(e.problem(), Problem::WrongKind { .. }));
}

#[test]
fn the_key_must_fit_the_encryption() {
    let e = refused("psk-aes256.xml", &psk(KEY_128));
    assert_eq!(e.problem(), &Problem::KeyLength { have: 16, need: 32 });
}

#[test]
fn pbkdf2_iteration_counts_are_capped() {
    let xml = fixture("password.xml");
    for count in ["20000000", "0", "-1", "4294967296"] {
        let greedy = xml.replacen(
            "<IterationCount>10000</IterationCount>",
            &format!("<IterationCount>{count}</IterationCount>"),
            1,
        );
        let started = Instant::now();
        let e = read(&greedy, &password(PASSWORD)).unwrap_err();
        assert_eq!(e.problem(), &Problem::Iterations(format!("\"{count}\"")));
        assert!(started.elapsed().as_secs() < 1, "the cap is checked first");
    }
    let long = xml.replacen(
        "<KeyLength>16</KeyLength>",
        "<KeyLength>1000000</KeyLength>",
        1,
    );
    let e = read(&long, &password(PASSWORD)).unwrap_err();
    assert!(matches!(e.problem(), Problem::DerivedKeyLength(_)));
}

#[test]
fn key_derivations_other_than_pbkdf2_are_refused() {
    let other = fixture("password.xml").replacen(
        "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2",
        "http://www.w3.org/2009/xmlenc11#ConcatKDF",
        1,
    );
    let e = read(&other, &password(PASSWORD)).unwrap_err();
    assert!(matches!(e.problem(), Problem::KeyDerivation(_)), "{e}");
    let md5 = fixture("password-prf-sha256.xml").replacen(
        "xmldsig-more#hmac-sha256",
        "xmldsig-more#hmac-md5",
        1,
    );
    let e = read(&md5, &password(PASSWORD)).unwrap_err();
    assert!(matches!(e.problem(), Problem::Prf(_)), "{e}");
}

#[test]
fn the_pbkdf2_prf_may_be_an_attribute_as_rfc_6030_writes_it() {
    let xml = fixture("password-prf-sha256.xml").replacen(
        "<PRF>http://www.w3.org/2001/04/xmldsig-more#hmac-sha256</PRF>",
        "<PRF Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#hmac-sha256\"/>",
        1,
    );
    assert_eq!(read(&xml, &password(PASSWORD)).unwrap().len(), 3);
}

#[test]
fn malformed_or_truncated_xml_is_refused_with_its_position() {
    let xml = fixture("plain.xml");
    let e = read(&xml[..xml.len() / 2], &Protection::None).unwrap_err();
    let PskcError::File(Problem::Xml(message)) = &e else {
        panic!("{e}")
    };
    assert_eq!(message, "the file ends before its XML does (truncated?)");
    let e = read(
        &xml.replacen("</pskc:SerialNo>", "</pskc:Serial>", 1),
        &Protection::None,
    )
    .unwrap_err();
    assert!(e.to_string().contains(" at 6:"), "{e}");
    assert!(e.to_string().starts_with("not well-formed XML: "), "{e}");
    let e = read("", &Protection::None).unwrap_err();
    assert!(matches!(e.problem(), Problem::Xml(_)));
}

#[test]
fn a_dtd_is_refused_so_entities_cannot_expand() {
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">\
                <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
                <pskc:KeyContainer xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\" \
                Version=\"1.0\">&b;</pskc:KeyContainer>";
    let e = read(bomb, &Protection::None).unwrap_err();
    assert!(matches!(e.problem(), Problem::Xml(_)), "{e}");
}

#[test]
fn a_file_that_is_not_pskc_is_refused() {
    let e = read("<KeyContainer Version=\"1.0\"/>", &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::NotPskc);
    let v2 = fixture("plain.xml").replacen("Version=\"1.0\"", "Version=\"2.0\"", 1);
    let e = read(&v2, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::Version("\"2.0\"".into()));
}

#[test]
fn the_whole_file_is_refused_when_any_package_is_bad() {
    // Packages 1 and 2 are good; the last one has 8 digits.
    let xml = fixture("plain.xml");
    let last = xml.rfind("Length=\"6\"").unwrap();
    let bad = format!("{}Length=\"8\"{}", &xml[..last], &xml[last + 10..]);
    let e = read(&bad, &Protection::None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "key package 3 (serial SKHT00000003): only 6-digit codes are accepted, this one has 8"
    );
}

#[test]
fn a_package_with_two_keys_or_serials_is_refused() {
    let xml = fixture("plain.xml");
    let two = xml.replacen(
        "<pskc:SerialNo>SKHT00000001</pskc:SerialNo>",
        "<pskc:SerialNo>SKHT00000001</pskc:SerialNo><pskc:SerialNo>SKHT00000009</pskc:SerialNo>",
        1,
    );
    let e = read(&two, &Protection::None).unwrap_err();
    assert_eq!(e.problem(), &Problem::Repeated("SerialNo"));
}

#[test]
fn errors_never_show_a_seed_key_password_or_mac() {
    let manifest = manifest();
    let mut secrets: Vec<String> = vec![KEY_128.into(), PASSWORD.into()];
    secrets.push(fixture("psk-aes256.key").trim().into());
    for entry in manifest["files"].as_array().unwrap() {
        for t in entry["tokens"].as_array().unwrap() {
            let hex = t["seed_hex"].as_str().unwrap();
            secrets.push(hex.into());
            secrets.push(t["seed_base32"].as_str().unwrap().into());
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            secrets.push(B64.encode(bytes));
        }
    }
    for xml in ["psk-aes128.xml", "password.xml", "psk-aes256.xml"].map(fixture) {
        for cut in xml.split("<pskc:ValueMAC>").skip(1) {
            secrets.push(cut[..cut.find('<').unwrap()].into());
        }
    }
    let mut errors: Vec<PskcError> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["refused"].is_null())
        .map(|e| read(&fixture(e["file"].as_str().unwrap()), &protection_for(e)).unwrap_err())
        .collect();
    errors.push(refused(
        "psk-aes128.xml",
        &psk("ff0102030405060708090a0b0c0d0e0f"),
    ));
    errors.push(refused("password.xml", &password("wrong")));
    errors.push(refused("plain.xml", &psk(KEY_128)));
    errors.push(read_key_file(&format!("{KEY_128}0")).unwrap_err());
    errors.push(read_key_file(&format!("{KEY_128}00")).unwrap_err());
    errors.push(read_password_file(&format!("{PASSWORD}\nmore")).unwrap_err());
    for e in &errors {
        let shown = format!("{e} {e:?}");
        for secret in &secrets {
            assert!(!shown.contains(secret.as_str()), "{shown} shows a secret");
        }
    }
}

#[test]
fn debug_output_never_shows_a_seed_or_key() {
    let tokens = read(&fixture("plain.xml"), &Protection::None).unwrap();
    let shown = format!("{:?}", tokens[0]);
    assert_eq!(
        shown,
        "VendorToken { serial: Serial(\"SKHT00000001\"), seed: <20 bytes> }"
    );
    assert_eq!(
        format!("{:?}", psk(KEY_128)),
        "Protection::PreSharedKey(..)"
    );
    assert_eq!(
        format!("{:?}", password(PASSWORD)),
        "Protection::Password(..)"
    );
}

#[test]
fn key_files_hold_16_24_or_32_bytes_of_hex_with_whitespace_trimmed() {
    assert_eq!(read_key_file(&format!("  {KEY_128}\n")).unwrap().len(), 16);
    assert_eq!(read_key_file(&KEY_128.to_uppercase()).unwrap()[15], 0x0f);
    assert_eq!(read_key_file(&"ab".repeat(24)).unwrap().len(), 24);
    assert_eq!(read_key_file(&"ab".repeat(32)).unwrap().len(), 32);
    for bad in ["", "\n", "0g", "abc", "00 11", "0x0001020304050607"] {
        assert_eq!(
            read_key_file(bad).unwrap_err().problem(),
            &Problem::KeyFileNotHex,
            "{bad}"
        );
    }
    assert_eq!(
        read_key_file(&"ab".repeat(20)).unwrap_err().problem(),
        &Problem::KeyFileLength(20)
    );
}

#[test]
fn password_files_hold_one_line_with_only_its_line_end_trimmed() {
    assert_eq!(&*read_password_file("pass word \n").unwrap(), "pass word ");
    assert_eq!(&*read_password_file("pass\r\n").unwrap(), "pass");
    assert_eq!(&*read_password_file("pass").unwrap(), "pass");
    assert_eq!(
        read_password_file("\n").unwrap_err().problem(),
        &Problem::PasswordEmpty
    );
    assert_eq!(
        read_password_file("").unwrap_err().problem(),
        &Problem::PasswordEmpty
    );
    assert_eq!(
        read_password_file("a\nb\n").unwrap_err().problem(),
        &Problem::PasswordLines
    );
    assert_eq!(
        read_password_file("a\n\n").unwrap_err().problem(),
        &Problem::PasswordLines
    );
}

#[test]
fn required_protection_names_what_each_file_needs() {
    let kind = |name: &str| required_protection(&fixture(name)).unwrap();
    assert_eq!(kind("plain.xml"), ProtectionKind::None);
    assert_eq!(kind("psk-aes128.xml"), ProtectionKind::PreSharedKey);
    assert_eq!(
        kind("psk-aes128-no-mackey.xml"),
        ProtectionKind::PreSharedKey
    );
    assert_eq!(kind("password.xml"), ProtectionKind::Password);
}

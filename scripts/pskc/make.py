#!/usr/bin/env python3
"""Writes PSKC (RFC 6030) seed files for hardware tokens with python-pskc, an implementation
independent of server/src/pskc/, plus a manifest saying what each file holds.

Usage: scripts/pskc/make.py OUT_DIR
  (needs python-pskc: scripts/setup.sh pskc). OUT_DIR is created if missing; files in it with
  the names below are overwritten. IVs, MAC keys and salts are random, so two runs differ byte
  for byte but hold the same tokens. server/tests/fixtures/pskc/ is one run's output.

Files written:
  plain.xml, psk-aes128.xml, psk-aes256.xml, psk-aes128-no-mackey.xml, password.xml,
  password-prf-sha256.xml
      good files, one per protection mode and variant (the no-mackey one is the older form without
      MACMethod/MACKey, whose ValueMAC is keyed with the encryption key itself; python-pskc reads
      it but no longer writes it, so it is made from psk-aes128.xml by editing the XML)
  psk-aes128.key, psk-aes256.key, password.txt
      the pre-shared keys (hex, one line) and the password (one line), as --psk-file and
      --password-file take them
  bad-*.xml
      files a reader must refuse, each for one reason (the manifest's "refused")
  manifest.json
      {"generator": "python-pskc 1.4",
       "files": [{"file": "plain.xml",
                  "mode": "plain" | "psk" | "password",
                  "key_hex": "...",        (psk only)
                  "key_file": "...",       (psk only)
                  "password": "...",       (password only)
                  "password_file": "...",  (password only)
                  "encryption": "aes128-cbc", "mac": "hmac-sha1",   (encrypted only)
                  "prf": "hmac-sha256",    (password-prf-sha256.xml only)
                  "refused": null | "why, in a few words",
                  "tokens": [{"serial": "SKHT00000001", "seed_hex": "...",
                              "seed_base32": "..."}, ...]}, ...]}
      "tokens" lists what the file holds (for refused files too); a good file's tokens are
      what a reader must return, in file order. seed_base32 is for `oathtool --totp -b`.

Each good file (but the PRF one) is read back with python-pskc before the manifest is written;
the script exits non-zero if one reads back differently.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import xml.etree.ElementTree as ET

import pskc

TOTP = "urn:ietf:params:xml:ns:keyprov:pskc:totp"
HOTP = "urn:ietf:params:xml:ns:keyprov:pskc:hotp"
MANUFACTURER = "Shinkin Token Vendor (test)"

# The hardware tokens of the good files. The first seed is RFC 6238's SHA-1 test seed, so
# oathtool's answer can be checked against the RFC's table.
TOKENS = [
    ("SKHT00000001", "3132333435363738393031323334353637383930"),
    ("SKHT00000002", "8f1c2a6b3e7d90a4c5b6e7f8091a2b3c4d5e6f70"),
    ("SKHT00000003", "00ff10ee20dd30cc40bb50aa6099708880779066"),
]
PSK_AES128 = "000102030405060708090a0b0c0d0e0f"
PSK_AES256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
PASSWORD = "Shinkin-vendor 2024"
PBKDF2_ITERATIONS = 10000  # python-pskc's default is 100000; fewer keeps debug-build tests quick


def token_entry(serial, seed_hex):
    seed = bytes.fromhex(seed_hex)
    return {
        "serial": serial,
        "seed_hex": seed_hex,
        "seed_base32": base64.b32encode(seed).decode().rstrip("="),
    }


def add_totp(container, serial, seed_hex, **overrides):
    """One hardware TOTP token as the vendor would describe it; overrides change one field."""
    fields = dict(
        serial=serial,
        manufacturer=MANUFACTURER,
        model="SKHT-1",
        secret=bytes.fromhex(seed_hex),
        algorithm=TOTP,
        algorithm_suite="HMAC-SHA1",
        response_encoding="DECIMAL",
        response_length=6,
        time_interval=30,
    )
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    container.add_key(**fields)


def good_container(explicit_defaults=True):
    """The three tokens. With explicit_defaults False the second token leaves out TimeInterval
    and Suite, and the third says Time 0, so both defaults are exercised."""
    container = pskc.PSKC()
    for i, (serial, seed) in enumerate(TOKENS):
        if explicit_defaults or i == 0:
            add_totp(container, serial, seed)
        elif i == 1:
            add_totp(container, serial, seed, time_interval=None, algorithm_suite=None)
        else:
            add_totp(container, serial, seed, time_offset=0)
    return container


def drop_mac_key(src, dst, key_hex):
    """The older form: no MACKey, each ValueMAC an HMAC-SHA1 keyed with the encryption key."""
    ns = {
        "pskc": "urn:ietf:params:xml:ns:keyprov:pskc",
        "xenc": "http://www.w3.org/2001/04/xmlenc#",
    }
    for prefix, uri in pskc.xml.namespaces.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(src)
    root = tree.getroot()
    method = root.find("pskc:MACMethod", ns)
    method.remove(method.find("pskc:MACKey", ns))
    key = bytes.fromhex(key_hex)
    for secret in root.iter("{%s}Secret" % ns["pskc"]):
        cipher = base64.b64decode(secret.find("pskc:EncryptedValue/xenc:CipherData/xenc:CipherValue", ns).text)
        secret.find("pskc:ValueMAC", ns).text = base64.b64encode(
            hmac.new(key, cipher, hashlib.sha1).digest()).decode()
    tree.write(dst, xml_declaration=True, encoding="UTF-8")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    path = lambda name: os.path.join(out, name)  # noqa: E731
    files = []
    tokens = [token_entry(s, h) for s, h in TOKENS]

    def record(name, mode, refused=None, tokens=tokens, **extra):
        entry = {"file": name, "mode": mode}
        entry.update(extra)
        entry["refused"] = refused
        entry["tokens"] = tokens
        files.append(entry)

    def write_text(name, text):
        with open(path(name), "w") as f:
            f.write(text + "\n")

    # Good files, one per protection mode.
    good_container(explicit_defaults=False).write(path("plain.xml"))
    record("plain.xml", "plain")

    write_text("psk-aes128.key", PSK_AES128)
    container = good_container()
    container.encryption.setup_preshared_key(
        key=bytes.fromhex(PSK_AES128), key_name="Pre-shared-key", algorithm="aes128-cbc")
    container.write(path("psk-aes128.xml"))
    psk128 = dict(key_hex=PSK_AES128, key_file="psk-aes128.key", encryption="aes128-cbc")
    record("psk-aes128.xml", "psk", mac="hmac-sha1", **psk128)

    drop_mac_key(path("psk-aes128.xml"), path("psk-aes128-no-mackey.xml"), PSK_AES128)
    record("psk-aes128-no-mackey.xml", "psk", mac="hmac-sha1", **psk128)

    write_text("psk-aes256.key", PSK_AES256)
    container = good_container(explicit_defaults=False)
    container.mac.setup(algorithm="hmac-sha256")
    container.encryption.setup_preshared_key(
        key=bytes.fromhex(PSK_AES256), key_name="Pre-shared-key-256", algorithm="aes256-cbc")
    container.write(path("psk-aes256.xml"))
    record("psk-aes256.xml", "psk", key_hex=PSK_AES256, key_file="psk-aes256.key",
           encryption="aes256-cbc", mac="hmac-sha256")

    write_text("password.txt", PASSWORD)
    container = good_container()
    container.encryption.setup_pbkdf2(
        PASSWORD, key_name="Passphrase", algorithm="aes128-cbc", iterations=PBKDF2_ITERATIONS)
    container.write(path("password.xml"))
    record("password.xml", "password", password=PASSWORD, password_file="password.txt",
           encryption="aes128-cbc", mac="hmac-sha1")

    # PBKDF2 with HMAC-SHA256 as its function: python-pskc writes the PRF's URI as the element's
    # text (RFC 6030 puts it in an Algorithm attribute, which is what python-pskc reads back).
    container = good_container(explicit_defaults=False)
    container.encryption.setup_pbkdf2(
        PASSWORD, key_name="Passphrase", algorithm="aes256-cbc", iterations=PBKDF2_ITERATIONS,
        prf="hmac-sha256")
    container.write(path("password-prf-sha256.xml"))
    record("password-prf-sha256.xml", "password", password=PASSWORD,
           password_file="password.txt", encryption="aes256-cbc", mac="hmac-sha1",
           prf="hmac-sha256")

    # Refused files: one good token and one with a single thing wrong (second position, so a
    # reader that stops at the first token would wrongly accept the file).
    (s1, h1), (s2, h2) = TOKENS[0], TOKENS[1]

    def bad(name, why, serial2=s2, seed2=h2, **overrides):
        container = pskc.PSKC()
        add_totp(container, s1, h1)
        add_totp(container, serial2, seed2, **overrides)
        container.write(path(name))
        record(name, "plain", refused=why,
               tokens=[token_entry(s1, h1), token_entry(serial2, seed2)])

    bad("bad-hotp.xml", "HOTP, not TOTP", algorithm=HOTP, time_interval=None)
    bad("bad-digits8.xml", "8-digit codes", response_length=8)
    bad("bad-hex-codes.xml", "hexadecimal codes", response_encoding="HEXADECIMAL")
    bad("bad-suite-sha256.xml", "HMAC-SHA256 suite", algorithm_suite="HMAC-SHA256")
    bad("bad-time-step-60.xml", "60 s time step", time_interval=60)
    bad("bad-t0.xml", "T0 is not 0", time_offset=1000)
    bad("bad-serial.xml", "malformed serial", serial2="SKHT-123")
    bad("bad-serial-prefix.xml", "unknown serial prefix", serial2="SKXX00000002")
    bad("bad-serial-software.xml", "software-token serial", serial2="SKTS00000002")
    bad("bad-no-serial.xml", "no serial", serial2=None)
    bad("bad-duplicate-serial.xml", "duplicate serial", serial2=s1)
    bad("bad-short-seed.xml", "seed shorter than 16 bytes", seed2="0102030405060708090a")

    pskc.PSKC().write(path("bad-empty.xml"))
    record("bad-empty.xml", "plain", refused="no key packages", tokens=[])

    # Encrypted without a ValueMAC: python-pskc writes no MAC when the MAC algorithm is unset.
    container = good_container()
    container.encryption.setup_preshared_key(
        key=bytes.fromhex(PSK_AES128), key_name="Pre-shared-key", algorithm="aes128-cbc")
    container.mac.algorithm = None
    container.write(path("bad-psk-no-mac.xml"))
    record("bad-psk-no-mac.xml", "psk", refused="encrypted secret without a MAC", **psk128)

    # AES key wrap: a real algorithm, not one this reader takes.
    container = good_container()
    container.encryption.setup_preshared_key(
        key=bytes.fromhex(PSK_AES128), key_name="Pre-shared-key", algorithm="kw-aes128")
    container.write(path("bad-psk-kw-aes128.xml"))
    record("bad-psk-kw-aes128.xml", "psk", refused="unsupported encryption (kw-aes128)",
           key_hex=PSK_AES128, key_file="psk-aes128.key", encryption="kw-aes128")

    check_good_files(out, files)
    manifest = {"generator": "python-pskc " + pskc_version(), "files": files}
    with open(path("manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("wrote %d PSKC files and manifest.json to %s" % (len(files), out))


def check_good_files(out, files):
    """Reads each good file back with python-pskc (MACs checked) and compares the seeds."""
    for entry in files:
        if entry["refused"] or entry.get("prf"):  # python-pskc reads its PRF text as absent
            continue
        container = pskc.PSKC(os.path.join(out, entry["file"]))
        if entry["mode"] == "psk":
            container.encryption.key = bytes.fromhex(entry["key_hex"])
        elif entry["mode"] == "password":
            container.encryption.derive_key(entry["password"])
        got = [(k.serial, k.secret.hex()) for k in container.keys]
        want = [(t["serial"], t["seed_hex"]) for t in entry["tokens"]]
        if got != want:
            sys.exit("python-pskc reads %s back differently" % entry["file"])


def pskc_version():
    from importlib.metadata import version
    return version("python-pskc")


if __name__ == "__main__":
    main()

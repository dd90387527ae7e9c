#!/usr/bin/env python3
"""Onboarding against independent implementations, end to end: python-pskc writes a vendor's seed
files (scripts/pskc/make.py) in every protection mode, `shinkin-otp-server tokens import` loads
each into an empty bank database beside the sample customers (`customers import
server/samples/customers.csv`), and a customer then does 利用開始 and logs in over HTTP with codes
from oathtool for the imported seed. Every file python-pskc was told to make wrong, a wrong key, a
wrong password and a cut file are refused with exit status 2 and nothing written.

Usage: scripts/pskc/interop.py SERVER_BINARY [PORT]
  (needs python-pskc and oathtool: scripts/setup.sh pskc). The server runs on 127.0.0.1:PORT
  (default 17876) with --test-hooks, so the script moves its clock 30 s between two codes instead
  of waiting; each run is bounded (20 s to start, 10 s per request) and stopped at the end.
"""
import http.cookiejar
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "server", "samples", "customers.csv")
# server/samples/customers.csv: contract ID, password, card row (ア–ク).
CUSTOMERS = [
    ("30000000001", "sample01", "12345678"),
    ("30000000002", "sample02", "87654321"),
    ("30000000003", "sample03", "24681357"),
]


def fail(message):
    print(f"interop: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def oathtool(seed_base32, now):
    out = subprocess.run(
        ["oathtool", "--totp", "-b", seed_base32, "-N", f"@{now}"],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


class Browser:
    """A same-origin client of the server on 127.0.0.1 with a cookie jar."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data else "GET")
        request.add_header("Content-Type", "application/json")
        request.add_header("Origin", self.base)
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")


def cli(server, database, key_file, *args):
    return subprocess.run(
        [server, *args, "--database-url", database, "--key-file", key_file],
        capture_output=True, text=True, timeout=120,
    )


def tokens_in(db_path):
    if not os.path.exists(db_path):
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0]


def protection_args(work, entry):
    if entry.get("key_file"):
        return ["--psk-file", os.path.join(work, entry["key_file"])]
    if entry.get("password_file"):
        return ["--password-file", os.path.join(work, entry["password_file"])]
    return []


def loopback_port(preferred):
    """`preferred` if nothing holds it on 127.0.0.1 now, else one the system has free. The fixed port
    lies below Linux's ephemeral range (32768–60999), yet another program may still be listening on it."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    fail("no free loopback port")


def login_with_imported_token(server, port, database, key_file, customer, token):
    """Starts the server, does 利用開始 with `token` for `customer`, logs in with the next code."""
    contract_id, password, card = customer
    log = tempfile.TemporaryFile()  # the server's output, shown if it does not start
    port = loopback_port(port)
    process = subprocess.Popen(
        [server, "--listen", f"127.0.0.1:{port}", "--database-url", database,
         "--key-file", key_file, "--test-hooks", "--rate-limit-per-contract", "0"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        b = Browser(base)
        deadline = time.monotonic() + 20
        seen = "no answer"
        while True:
            try:
                status = b.call("/api/v1/health")[0]
                if status == 200:
                    break
                seen = f"health answered {status}"
            except OSError as e:
                seen = f"health: {e}"
            if time.monotonic() > deadline or process.poll() is not None:
                log.seek(0)
                output = log.read().decode("utf-8", "replace")[-3000:]
                fail(f"the server did not start ({seen}; exit {process.poll()}):\n{output}")
            time.sleep(0.2)
        now = b.call("/api/v1/test/clock", {"advance": 0})[1]["now"]
        status, opened = b.call("/api/v1/authenticate", {
            "procedure": "start", "contract_id": contract_id, "password": password})
        if status != 200:
            fail(f"利用者認証: {status} {opened}")
        flow = opened["flow"]
        status, challenge = b.call("/api/v1/register", {"flow": flow, "token": {
            "serial": token["serial"], "code": oathtool(token["seed_base32"], now),
            "login_otp": "required"}})
        if status != 200:
            fail(f"registering {token['serial']} with oathtool's code: {status} {challenge}")
        answers = [int(card[challenge["first"]]), int(card[challenge["second"]])]
        status, receipt = b.call("/api/v1/confirm", {"flow": flow, "answers": answers})
        if status != 200 or receipt["change"]["kind"] != "started":
            fail(f"確認用パスワード: {status} {receipt}")
        now = b.call("/api/v1/test/clock", {"advance": 30})[1]["now"]
        status, step = b.call("/api/v1/login", {"contract_id": contract_id, "password": password})
        if status != 200 or step.get("status") != "needs_code":
            fail(f"ログイン: {status} {step}")
        status, session = b.call("/api/v1/login/code", {
            "flow": step["flow"], "code": oathtool(token["seed_base32"], now)})
        if status != 200 or session.get("contract_id") != contract_id:
            fail(f"ログイン with oathtool's code: {status} {session}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    if len(sys.argv) < 2:
        fail(__doc__)
    server = os.path.abspath(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 17876
    with tempfile.TemporaryDirectory() as work:
        files = os.path.join(work, "files")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "pskc", "make.py"), files],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(files, "manifest.json")) as f:
            manifest = json.load(f)
        key_file = os.path.join(work, "bank.key")
        key = subprocess.run([server, "--generate-key"], check=True, capture_output=True, text=True)
        # The server refuses a key file its group or others may read: 0600 from the start.
        with open(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(key.stdout)
        good = [e for e in manifest["files"] if e["refused"] is None]
        modes = sorted({e["mode"] for e in good})
        if modes != ["password", "plain", "psk"]:
            fail(f"make.py wrote good files in modes {modes}")
        for n, entry in enumerate(good):
            db_path = os.path.join(work, f"good{n}.db")
            database = f"sqlite://{db_path}"
            done = cli(server, database, key_file, "customers", "import", SAMPLES,
                       "--operator", "interop")
            if done.returncode != 0:
                fail(f"customers import: {done.stderr}")
            done = cli(server, database, key_file, "tokens", "import", "--pskc",
                       os.path.join(files, entry["file"]), *protection_args(files, entry),
                       "--operator", "interop", "--json")
            if done.returncode != 0:
                fail(f"tokens import {entry['file']}: {done.stderr}")
            report = json.loads(done.stdout)
            serials = [t["serial"] for t in entry["tokens"]]
            if report["serials"] != serials:
                fail(f"{entry['file']}: imported {report['serials']}, python-pskc wrote {serials}")
            token = entry["tokens"][n % len(entry["tokens"])]
            login_with_imported_token(server, port, database, key_file,
                                      CUSTOMERS[n % len(CUSTOMERS)], token)
            print(f"interop: {entry['file']} ({entry['mode']}): imported {len(serials)}, "
                  f"{token['serial']} enrolled and logged in with oathtool's codes")
        # Refused: python-pskc's wrong files, a wrong key, a wrong password, a cut file.
        with open(os.path.join(files, "wrong.key"), "w") as f:
            f.write("00" * 16 + "\n")
        with open(os.path.join(files, "wrong.txt"), "w") as f:
            f.write("not-the-password\n")
        with open(os.path.join(files, "password.xml")) as f:
            whole = f.read()
        with open(os.path.join(files, "cut.xml"), "w") as f:
            f.write(whole[: len(whole) // 2])
        psk = next(e for e in good if e["mode"] == "psk")
        refused = [(e["file"], protection_args(files, e), e["refused"])
                   for e in manifest["files"] if e["refused"] is not None]
        refused += [
            (psk["file"], ["--psk-file", os.path.join(files, "wrong.key")], "a wrong key"),
            ("password.xml", ["--password-file", os.path.join(files, "wrong.txt")], "a wrong password"),
            ("cut.xml", ["--password-file", os.path.join(files, "password.txt")], "a cut file"),
        ]
        for n, (name, protection, why) in enumerate(refused):
            db_path = os.path.join(work, f"bad{n}.db")
            done = cli(server, f"sqlite://{db_path}", key_file, "tokens", "import", "--pskc",
                       os.path.join(files, name), *protection)
            if done.returncode != 2 or "nothing was imported" not in done.stderr:
                fail(f"{name} ({why}) was not refused: exit {done.returncode} {done.stderr}")
            if tokens_in(db_path) != 0:
                fail(f"{name} ({why}) wrote tokens")
            for entry in manifest["files"]:
                for t in entry["tokens"]:
                    if t["seed_base32"] in done.stderr or t["seed_hex"] in done.stderr:
                        fail(f"{name}: the error shows a seed")
        print(f"interop: {len(refused)} wrong files refused with nothing written")


if __name__ == "__main__":
    main()

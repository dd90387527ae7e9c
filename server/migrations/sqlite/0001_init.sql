-- shinkin-otp reference server, SQLite. Mirrors ../postgres/0001_init.sql; only the types differ.
-- Secrets: passwords only as argon2id PHC strings; card rows and token seeds only sealed with
-- XChaCha20-Poly1305 (nonce ‖ ciphertext ‖ tag), the key outside the database. Every row the bank
-- rules change carries a version, bumped by each write and checked by it (optimistic concurrency).

-- Server settings: 'mode' (demo | bank) and 'key_check' (proves the key opens this database).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Internet banking customers (fixed data for the rules: the back office writes these rows).
CREATE TABLE customers (
    contract_id   TEXT PRIMARY KEY,             -- 契約者ID, 11 digits
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,                -- argon2id PHC string
    card_sealed   BLOB NOT NULL                 -- the card's 8 digits, AD = card:<contract_id>
);

-- The token vendor's registry: every token made, bound or not.
CREATE TABLE tokens (
    serial      TEXT PRIMARY KEY,               -- SKTS/SKHT + 8 digits
    model       TEXT NOT NULL CHECK (model IN ('software', 'hardware')),
    seed_sealed BLOB NOT NULL,                  -- the RFC 6238 seed, AD = seed:<serial>
    issued_at   BIGINT NOT NULL
);

-- Per-token counters: last accepted step (single use), steps refused for drift, wrong codes.
CREATE TABLE token_states (
    serial        TEXT PRIMARY KEY REFERENCES tokens (serial),
    last_step     BIGINT,                       -- NULL until a code is accepted
    refused_steps TEXT NOT NULL,                -- JSON array of later steps refused for drift
    failures      BIGINT NOT NULL,
    version       BIGINT NOT NULL
);

-- Per-contract-ID counters, for any well-formed ID typed, known or not (so unknown IDs lock alike).
CREATE TABLE customer_states (
    contract_id        TEXT PRIMARY KEY,
    password_failures  BIGINT NOT NULL,
    card_failures      BIGINT NOT NULL,
    new_token_failures BIGINT NOT NULL,
    version            BIGINT NOT NULL
);

-- Tokens in use: one per customer, one customer per token.
CREATE TABLE enrolments (
    contract_id TEXT PRIMARY KEY REFERENCES customers (contract_id),
    serial      TEXT NOT NULL UNIQUE REFERENCES tokens (serial),
    login_otp   TEXT NOT NULL CHECK (login_otp IN ('required', 'not_required')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    enrolled_at BIGINT NOT NULL,
    version     BIGINT NOT NULL
);

-- Flows in progress (10 minutes idle expiry), bound to the browser that opened them.
CREATE TABLE flows (
    id            TEXT PRIMARY KEY,             -- 32 hex digits, sent to the page
    binding       TEXT NOT NULL,                -- SHA-256 (hex) of the browser's binding cookie
    contract_id   TEXT NOT NULL,
    purpose       TEXT NOT NULL,                -- JSON
    stage         TEXT NOT NULL,                -- JSON: the change awaiting the card and its challenge
    last_activity BIGINT NOT NULL,
    version       BIGINT NOT NULL
);
CREATE INDEX flows_by_last_activity ON flows (last_activity);

-- Logged-in sessions (10 minutes idle expiry).
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,             -- SHA-256 (hex) of the session cookie
    contract_id   TEXT NOT NULL REFERENCES customers (contract_id),
    last_activity BIGINT NOT NULL
);
CREATE INDEX sessions_by_last_activity ON sessions (last_activity);

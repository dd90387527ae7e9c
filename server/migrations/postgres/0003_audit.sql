-- The audit trail (server/src/audit.rs) and the age of contract-ID counters. Mirrors
-- ../sqlite/0003_audit.sql; only the types differ.

-- Append-only: each event is written in the transaction of the change it records, never updated;
-- rows older than --audit-retention-days are deleted by the sweep. Never a password, code, card
-- digit or seed: the serial is stored masked (all but its last 4 characters hidden).
CREATE TABLE audit_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            BIGINT NOT NULL,              -- Unix seconds
    kind          TEXT NOT NULL,                -- shinkin_otp_domain::audit::EventKind, snake_case
    contract_id   TEXT,                         -- as typed (a refused login's ID may not exist)
    serial_masked TEXT,                         -- ********0001
    client        TEXT,                         -- the client's address (customer steps)
    outcome       TEXT NOT NULL,                -- ok, an error code, a lock or a procedure
    operator      TEXT                          -- who acted (desk, imports)
);
CREATE INDEX audit_events_by_contract ON audit_events (contract_id, id);
CREATE INDEX audit_events_by_at ON audit_events (at);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- When a contract ID's counters last changed: counters that lock nothing expire in the sweep (for
-- every ID alike), so the table does not grow with every well-formed ID anyone types.
ALTER TABLE customer_states ADD COLUMN touched_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX customer_states_by_touched_at ON customer_states (touched_at);

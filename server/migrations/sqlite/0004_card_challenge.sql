-- A customer's card challenge shown and not yet answered (JSON {"first":i,"second":j}): every flow
-- asks it again until it is answered, right or wrong. Mirrors ../postgres/0004_card_challenge.sql.
ALTER TABLE customer_states ADD COLUMN challenge TEXT;

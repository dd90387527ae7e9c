-- Each token's clock offset in steps (its clock minus the bank's), set by 時刻補正 and read by every
-- later code check; 0 for every token until then, so an existing database keeps working unchanged.
-- The domain refuses to read a value beyond ±20 steps (ClockOffset). Mirrors
-- ../sqlite/0005_clock_offset.sql.
ALTER TABLE token_states ADD COLUMN clock_offset BIGINT NOT NULL DEFAULT 0;

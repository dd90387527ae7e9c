-- Rate limits (server/src/limits.rs): one counter per bucket ('a:' + client address, or 'c:' +
-- contract ID) for the current fixed window. Kept in the database, like everything else a request
-- needs, so any number of server processes share them; rows of past windows are swept.
CREATE TABLE rate_limits (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,               -- Unix seconds, a multiple of the window
    hits         BIGINT NOT NULL
);

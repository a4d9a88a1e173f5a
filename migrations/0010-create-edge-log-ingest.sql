-- Views counted from a cache's request log (issue 15). A checkpoint says how far one log was read and counted;
-- it is written in the same transaction as the counts its lines added, so a killed ingest, restarted, neither
-- loses nor counts again a line. identity names the log: a file's device, inode and a hash of its first line
-- (so a rotated file keeps its place and a new file starts at 0), or 'stdin:<name>' for a named stream.
CREATE TABLE edge_log_checkpoints (
  identity TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  lines INTEGER NOT NULL DEFAULT 0,
  bad_lines INTEGER NOT NULL DEFAULT 0,
  updated_ts INTEGER NOT NULL
);

-- What POST /_edge/log has counted already: 'batch:<Idempotency-Key>' for a batch, 'line:<request id>' for
-- a line of a batch without one. A push retried by the CDN is answered without counting it twice. Rows
-- older than a week are deleted (a CDN retries for hours, not days).
CREATE TABLE edge_log_seen (
  id TEXT PRIMARY KEY,
  seen_ts INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX edge_log_seen_by_time ON edge_log_seen (seen_ts);

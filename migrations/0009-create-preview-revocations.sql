-- Preview links are signed tokens checked without the database (issue 20); revoking them needs one fact per
-- piece: links to this slug issued at or before revoked_ts no longer work. Keyed by slug, so a check reads one
-- row of the primary key, and a piece deleted and written again under the same slug stays revoked.
CREATE TABLE preview_revocations (
  slug TEXT PRIMARY KEY,
  revoked_ts INTEGER NOT NULL
) WITHOUT ROWID;

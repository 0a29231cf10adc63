-- Oversight store schema, version 1 (see docs/internals/store.md).
-- Statements are appended, never overwritten: a change retires a row
-- (retired_in) and adds a new one. Entities are aggregated from the current
-- statements (retired_in IS NULL AND status <> 4).
CREATE TABLE IF NOT EXISTS change (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,              -- UTC, ISO 8601
  kind TEXT NOT NULL,            -- load, delta, retract ...
  origin TEXT,                   -- file or other description
  dataset TEXT,
  note TEXT,
  entities INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dataset (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS prop (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS schema_name (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS citation (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL DEFAULT '',  -- Document/Article entity id or URL
  locator TEXT NOT NULL DEFAULT '', -- footnote, page, quoted sentence
  UNIQUE (source, locator)
);
CREATE TABLE IF NOT EXISTS entity (
  eid INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  schema INTEGER NOT NULL REFERENCES schema_name(id),
  caption TEXT,
  first_seen TEXT, last_seen TEXT, last_change TEXT,
  target INTEGER,                -- envelope flag; NULL when absent
  datasets TEXT,                 -- envelope datasets, JSON array text
  referents TEXT,                -- envelope referents, JSON array text
  added_in INTEGER NOT NULL,
  changed_in INTEGER NOT NULL,
  retired_in INTEGER             -- set when the entity was deleted
);
CREATE TABLE IF NOT EXISTS statement (
  sid INTEGER PRIMARY KEY,
  eid INTEGER NOT NULL,
  schema INTEGER NOT NULL,
  prop INTEGER NOT NULL,
  value TEXT NOT NULL,
  lang TEXT,
  original TEXT,
  dataset INTEGER NOT NULL,
  citation INTEGER,
  status INTEGER NOT NULL DEFAULT 0, -- 0 asserted 1 verified 2 alleged 3 disputed 4 retracted 5 unverified
  first_seen TEXT, last_seen TEXT,   -- NULL: the entity's
  src_id TEXT,                       -- source entity id when not the entity's own
  origin TEXT,
  external INTEGER NOT NULL DEFAULT 0,
  added_in INTEGER NOT NULL,
  retired_in INTEGER
);
-- The store generation: meta('generation') counts the write transactions
-- Oversight committed (bumped just before each COMMIT); caches derived from the
-- record, such as the graph snapshot, compare it. Added to version 1 stores
-- made before it at their first read-write open (no version change: older
-- Oversight reads and writes the file as before, without counting).
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
  names, text, tokenize = "unicode61 remove_diacritics 2");

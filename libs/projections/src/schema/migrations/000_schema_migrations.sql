-- Which numbered migrations have been applied to this database (names are the file names).
CREATE TABLE IF NOT EXISTS schema_migrations
(
    name        String,
    applied_at  DateTime('UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY name;

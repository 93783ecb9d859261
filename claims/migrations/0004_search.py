"""
The claim search index (claims/search.py): an FTS5 trigram table on SQLite,
a pg_trgm-indexed table on PostgreSQL, filled from the existing claims and
kept in step by triggers.

The statements are a frozen copy of claims/search.py's as they stood at
commit 2b1fda0: a migration must do the same thing whenever it runs,
whatever the live module says later.
"""

from django.db import migrations

SEARCH_TABLE = "claims_claim_search"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE}
        USING fts5(text, speaker, source, tokenize = 'trigram')""",
]

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_insert AFTER INSERT ON claims_claim
    BEGIN
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
        SELECT NEW.id, NEW.text,
            (SELECT name FROM claims_speaker WHERE id = NEW.speaker_id),
            (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_update
    AFTER UPDATE OF text, speaker_id, source_id ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
        SELECT NEW.id, NEW.text,
            (SELECT name FROM claims_speaker WHERE id = NEW.speaker_id),
            (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_delete AFTER DELETE ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_speaker_search_update
    AFTER UPDATE OF name ON claims_speaker
    BEGIN
        UPDATE {SEARCH_TABLE} SET speaker = NEW.name
        WHERE rowid IN (SELECT id FROM claims_claim WHERE speaker_id = NEW.id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_source_search_update
    AFTER UPDATE OF title, publisher ON claims_source
    BEGIN
        UPDATE {SEARCH_TABLE} SET source = NEW.title || ' ' || NEW.publisher
        WHERE rowid IN (SELECT id FROM claims_claim WHERE source_id = NEW.id);
    END""",
]

SQLITE_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
    SELECT claim.id, claim.text, speaker.name, source.title || ' ' || source.publisher
    FROM claims_claim claim
    JOIN claims_speaker speaker ON speaker.id = claim.speaker_id
    JOIN claims_source source ON source.id = claim.source_id
"""

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert",
    "DROP TRIGGER IF EXISTS claims_claim_search_update",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update",
    "DROP TRIGGER IF EXISTS claims_source_search_update",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No foreign key: the triggers keep it in step, and a key would stop
    # Django's test flush from truncating claims_claim on its own.
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        claim_id bigint PRIMARY KEY,
        document text NOT NULL
    )""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_trgm_idx
        ON {SEARCH_TABLE} USING gin (document gin_trgm_ops)""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION claims_claim_search_document(
        claim_text text, speaker bigint, source bigint
    ) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT claim_text
            || ' ' || coalesce((SELECT name FROM claims_speaker WHERE id = speaker), '')
            || ' ' || coalesce(
                (SELECT title || ' ' || publisher FROM claims_source WHERE id = source), ''
            )
    $$""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH_TABLE} WHERE claim_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO {SEARCH_TABLE} (claim_id, document)
        VALUES (NEW.id, claims_claim_search_document(NEW.text, NEW.speaker_id, NEW.source_id))
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_sync
        AFTER DELETE OR UPDATE OF text, speaker_id, source_id ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_sync()""",
    # New claims are indexed once per statement, in one set-based INSERT:
    # the row trigger's per-row function calls made an import's 100,000
    # claims take 17 s to insert instead of 9 (a transition table cannot
    # serve the UPDATE OF trigger above: PostgreSQL refuses it with a column list).
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {SEARCH_TABLE} (claim_id, document)
        SELECT added.id, claims_claim_search_document(added.text, added.speaker_id, added.source_id)
        FROM added
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_insert
        AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_insert()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_resync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {SEARCH_TABLE} entry
        SET document = claims_claim_search_document(claim.text, claim.speaker_id, claim.source_id)
        FROM claims_claim claim
        WHERE entry.claim_id = claim.id
          AND (claim.speaker_id = NEW.id AND TG_TABLE_NAME = 'claims_speaker'
               OR claim.source_id = NEW.id AND TG_TABLE_NAME = 'claims_source');
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_speaker_search_update
        AFTER UPDATE OF name ON claims_speaker
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    """CREATE OR REPLACE TRIGGER claims_source_search_update
        AFTER UPDATE OF title, publisher ON claims_source
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {SEARCH_TABLE};
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_truncate
        AFTER TRUNCATE ON claims_claim
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_truncate()""",
]

POSTGRESQL_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (claim_id, document)
    SELECT id, claims_claim_search_document(text, speaker_id, source_id) FROM claims_claim
    ON CONFLICT (claim_id) DO NOTHING
"""

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_sync ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_truncate ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update ON claims_speaker",
    "DROP TRIGGER IF EXISTS claims_source_search_update ON claims_source",
    "DROP FUNCTION IF EXISTS claims_claim_search_sync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_insert()",
    "DROP FUNCTION IF EXISTS claims_claim_search_resync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_truncate()",
    "DROP FUNCTION IF EXISTS claims_claim_search_document(text, bigint, bigint)",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

# Vendor -> (create the table, create the triggers, fill it, drop it all).
# Another database has no search index: migrating onto one fails here.
STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_TRIGGERS, SQLITE_FILL, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_TRIGGERS, POSTGRESQL_FILL, POSTGRESQL_DROP),
}


def create(apps, schema_editor):
    """Create the table and its triggers, then fill it from the claims there are."""
    tables, triggers, fill, _ = STATEMENTS[schema_editor.connection.vendor]
    with schema_editor.connection.cursor() as cursor:
        for statement in [*tables, *triggers, fill]:
            cursor.execute(statement)


def drop(apps, schema_editor):
    *_, drops = STATEMENTS[schema_editor.connection.vendor]
    with schema_editor.connection.cursor() as cursor:
        for statement in drops:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_external_id"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]

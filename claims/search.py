"""
The claim search index: every claim's text with its speaker's name and its
source's title and publisher, kept in step with those rows by database
triggers, so no code path (admin, import, raw SQL) can leave it stale.

- SQLite: an FTS5 table with the trigram tokenizer. Trigrams match any
  substring of three characters or more, which is what Chinese needs: it has
  no spaces between words for a word tokenizer to split on.
- PostgreSQL: a plain table with a pg_trgm GIN index. PostgreSQL's text
  search parser does not segment Chinese either; pg_trgm, under this
  cluster's C.UTF-8 ctype, treats CJK characters as word characters and
  indexes their trigrams, so `ILIKE '%香港辦事處%'` uses the index.

Both hold the text folded to Simplified Chinese (claims/chinese.py: 國 and 国
are one character to the search, and a claim is still shown as written),
and beside it the CJK text's character grams, which the same index reads:
a CJK word of one or two characters, which has no trigram, is found by its
gram, exactly the claims that contain it. A short word mixing CJK with other
letters ("A股") is found by its CJK characters' grams and checked with LIKE;
a short word with no CJK at all ("HK") falls back to a scan of the index
table (still stopping at RESULTS matches), and longer words in the same
query narrow it through the index first.

Both answer the same question the same way: which claims of a queryset (the
published ones, filtered) contain every word of the query, case-insensitively.
The queryset's conditions run inside the index query, on each match, so the
answer never depends on drafts or on claims the filters leave out. It is the
newest RESULTS of them; the newest CANDIDATES are ranked with an exact phrase
first (Chinese words typed apart are one phrase: 香港 人權 is 香港人權), the
rest follow newest first.

On SQLite the triggers are dropped before a `migrate` that runs any claims
migration and recreated after it, with the index refilled (claims/apps.py):
SQLite rebuilds a table to alter a column, and the speaker and source
triggers name `claims_claim` in their bodies, so it would refuse to rename a
rebuilt `claims_claim` into place while they exist; and rows a migration
changes while the triggers are gone must reach the index. Every `migrate`
recreates them in any case (idempotent).
"""

import json

from django.db import connections
from django.db.models.expressions import RawSQL

from claims.chinese import (
    CJK,
    CJK_PATTERN,
    GRAM_MARK,
    SIMPLIFIED,
    TRADITIONAL,
    fold,
    gram,
    grams,
    is_cjk,
)

# How many matches a search ranks: the newest CANDIDATES of them are ordered
# by relevance (an exact phrase first, then how densely the words occur), the rest
# follow newest first. Ranking every match of a word found in half a million
# claims would cost a sort of half a million rows.
CANDIDATES = 200

# The most claims one search returns: the newest RESULTS matches. Counting
# every match of a common word would read every one of them, so past this a
# search says "more than RESULTS" instead of counting on.
RESULTS = 1000

SEARCH_TABLE = "claims_claim_search"

SQLITE_CREATE = [
    # Folded text (claims/chinese.py) in the first three columns, for words
    # of three characters or more; the CJK grams of all three in the fourth.
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE}
        USING fts5(text, speaker, source, grams, tokenize = 'trigram')""",
]

# An index row from the claim's folded text, speaker and source (the SQLite
# functions register_sqlite_functions adds).
_SQLITE_ROW = f"""
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source, grams)
        SELECT id, text, speaker, source,
            claims_search_grams(text || ' ' || coalesce(speaker, '') || ' ' || coalesce(source, ''))
        FROM (SELECT NEW.id AS id, claims_search_fold(NEW.text) AS text,
            claims_search_fold((SELECT name FROM claims_speaker WHERE id = NEW.speaker_id))
                AS speaker,
            claims_search_fold(
                (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id)
            ) AS source);"""

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_insert AFTER INSERT ON claims_claim
    BEGIN{_SQLITE_ROW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_update
    AFTER UPDATE OF text, speaker_id, source_id ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;{_SQLITE_ROW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_delete AFTER DELETE ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_speaker_search_update
    AFTER UPDATE OF name ON claims_speaker
    BEGIN
        UPDATE {SEARCH_TABLE} SET speaker = claims_search_fold(NEW.name),
            grams = claims_search_grams(text || ' ' || NEW.name || ' ' || coalesce(source, ''))
        WHERE rowid IN (SELECT id FROM claims_claim WHERE speaker_id = NEW.id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_source_search_update
    AFTER UPDATE OF title, publisher ON claims_source
    BEGIN
        UPDATE {SEARCH_TABLE} SET source = claims_search_fold(NEW.title || ' ' || NEW.publisher),
            grams = claims_search_grams(
                text || ' ' || coalesce(speaker, '') || ' ' || NEW.title || ' ' || NEW.publisher
            )
        WHERE rowid IN (SELECT id FROM claims_claim WHERE source_id = NEW.id);
    END""",
]

SQLITE_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source, grams)
    SELECT claim.id, claims_search_fold(claim.text), claims_search_fold(speaker.name),
        claims_search_fold(source.title || ' ' || source.publisher),
        claims_search_grams(
            claim.text || ' ' || speaker.name || ' ' || source.title || ' ' || source.publisher
        )
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
        document text NOT NULL,
        grams text NOT NULL DEFAULT ''
    )""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_trgm_idx
        ON {SEARCH_TABLE} USING gin (document gin_trgm_ops)""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_grams_idx
        ON {SEARCH_TABLE} USING gin (grams gin_trgm_ops)""",
]

# The folding table as a JSON object, which PostgreSQL looks each character
# up in by binary search: translate() compares each character with all five
# thousand, which took 2.6 ms a claim. The triggers call it themselves, never
# from inside another SQL function: there PostgreSQL plans it again, and
# reads the table again, on every call (2 ms a claim).
_FOLD_JSON = json.dumps(dict(zip(TRADITIONAL, SIMPLIFIED, strict=True)), ensure_ascii=False)

POSTGRESQL_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION claims_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN value !~ '{CJK_PATTERN}' THEN value ELSE (
            SELECT string_agg(coalesce('{_FOLD_JSON}'::jsonb ->> ch, ch), '' ORDER BY position)
            FROM regexp_split_to_table(value, '') WITH ORDINALITY AS characters(ch, position)
        ) END
    $$""",
    f"""CREATE OR REPLACE FUNCTION claims_search_grams(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN value !~ '{CJK_PATTERN}' THEN '' ELSE (
            SELECT coalesce(string_agg(
                chr({ord(GRAM_MARK)}) || chr({ord(GRAM_MARK)}) || ch || ' '
                || CASE WHEN next ~ '{CJK_PATTERN}'
                   THEN chr({ord(GRAM_MARK)}) || ch || next || ' ' ELSE '' END,
                '' ORDER BY position), '')
            FROM (
                SELECT ch, position, lead(ch) OVER (ORDER BY position) AS next
                FROM regexp_split_to_table(value, '') WITH ORDINALITY AS characters(ch, position)
            ) characters
            WHERE ch ~ '{CJK_PATTERN}'
        ) END
    $$""",
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
    DECLARE
        folded text;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH_TABLE} WHERE claim_id = OLD.id;
            RETURN OLD;
        END IF;
        folded := claims_search_fold(
            claims_claim_search_document(NEW.text, NEW.speaker_id, NEW.source_id)
        );
        INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
        VALUES (NEW.id, folded, claims_search_grams(folded))
        ON CONFLICT (claim_id) DO UPDATE
        SET document = EXCLUDED.document, grams = EXCLUDED.grams;
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
        INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
        SELECT id, folded, claims_search_grams(folded)
        FROM (
            SELECT added.id, claims_search_fold(
                claims_claim_search_document(added.text, added.speaker_id, added.source_id)
            ) AS folded
            FROM added
        ) documents
        ON CONFLICT (claim_id) DO UPDATE
        SET document = EXCLUDED.document, grams = EXCLUDED.grams;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_insert
        AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_insert()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_resync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {SEARCH_TABLE} entry
        SET document = documents.folded, grams = claims_search_grams(documents.folded)
        FROM (
            SELECT claim.id, claims_search_fold(
                claims_claim_search_document(claim.text, claim.speaker_id, claim.source_id)
            ) AS folded
            FROM claims_claim claim
            WHERE claim.speaker_id = NEW.id AND TG_TABLE_NAME = 'claims_speaker'
               OR claim.source_id = NEW.id AND TG_TABLE_NAME = 'claims_source'
        ) documents
        WHERE entry.claim_id = documents.id;
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
    INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
    SELECT id, folded, claims_search_grams(folded)
    FROM (
        SELECT id, claims_search_fold(claims_claim_search_document(text, speaker_id, source_id))
            AS folded
        FROM claims_claim
    ) documents
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
    "DROP FUNCTION IF EXISTS claims_search_grams(text)",
    "DROP FUNCTION IF EXISTS claims_search_fold(text)",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_TRIGGERS, SQLITE_FILL, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_TRIGGERS, POSTGRESQL_FILL, POSTGRESQL_DROP),
}


def register_sqlite_functions(connection):
    """
    The functions SQLite's triggers fold and gram the index with
    (claims/chinese.py), on a new connection: Python's, as SQLite has no
    functions of its own to write them with. A client that is not Django
    (the sqlite3 shell) has not got them, so it cannot write a claim.
    """
    connection.connection.create_function(
        "claims_search_fold", 1, lambda value: value and fold(value), deterministic=True
    )
    connection.connection.create_function(
        "claims_search_grams", 1, lambda value: grams(value or ""), deterministic=True
    )


def search_index_is_current(connection):
    """
    Whether the index has this code's shape (with its grams): a migrate back
    to before 0013 leaves the older one, which this code must not touch.
    """
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, SEARCH_TABLE)
    return any(column.name == "grams" for column in columns)


def create_search_index(connection):
    """Create and fill the index; the migration runs this once."""
    create, _, fill, _ = STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)
    ensure_search_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(fill)


def ensure_search_triggers(connection):
    """Idempotent: (re)creates the triggers that keep the index in step."""
    if connection.vendor not in STATEMENTS:
        return
    with connection.cursor() as cursor:
        for statement in STATEMENTS[connection.vendor][1]:
            cursor.execute(statement)


def drop_search_triggers(connection):
    """SQLite only: what a table rebuild needs out of the way (see the module's docstring)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            if statement.startswith("DROP TRIGGER"):
                cursor.execute(statement)


def refill_search_index(connection):
    """Rebuild the index from the claims, speakers and sources as they are now."""
    if connection.vendor not in STATEMENTS:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SEARCH_TABLE}")
        cursor.execute(STATEMENTS[connection.vendor][2])


def drop_search_index(connection):
    with connection.cursor() as cursor:
        for statement in STATEMENTS[connection.vendor][3]:
            cursor.execute(statement)


def matching_claim_ids(claims, q):
    """
    (ids, more): the ids of the newest RESULTS claims of the queryset `claims`
    that match every word of `q`, best first (see CANDIDATES), and whether
    more than RESULTS match. One query, driven by the index: it walks the
    matches newest first and keeps those that are also in `claims` (published,
    filtered), so no other claim can crowd them out, and it stops after
    RESULTS + 1 of them however common the words are.
    """
    words = query_words(q)
    if not words:
        return [], False
    sql, params = matching_sql(claims, words)
    with connections[claims.db].cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    # The extra match (the oldest, so never a ranked one) only says there are more.
    return ids[:RESULTS], len(ids) > RESULTS


def query_words(q):
    """The words of `q`, folded as the index is (claims/chinese.py)."""
    return fold(q.replace(GRAM_MARK, " ")).split()


def phrase(words):
    """
    The exact phrase a search ranks first: the words as typed, but that
    Chinese has no spaces between words, so 香港 人權 is the phrase 香港人權.
    """
    text = words[0]
    for word in words[1:]:
        joined = CJK.match(text[-1]) and CJK.match(word[0])
        text += word if joined else f" {word}"
    return text


def _index_grams(word):
    """
    The grams a word shorter than three characters is found by: itself if
    all CJK (exactly the claims that contain it), else each CJK character in
    it (candidates, which its LIKE then checks).
    """
    if len(word) >= 3:
        return []
    if is_cjk(word):
        return [gram(word)]
    return [gram(character) for character in word if CJK.match(character)]


def matching_sql(claims, words):
    """The SQL and parameters of matching_claim_ids' query."""
    vendor = connections[claims.db].vendor
    # The queryset as a condition on the index row at hand: its WHERE clause
    # (publication, filters) correlated to the candidate's claim id.
    among = claims.filter(pk=RawSQL(f"{SEARCH_TABLE}.{_ID_COLUMN[vendor]}", ()))
    among = among.order_by().values("pk").query.get_compiler(claims.db).as_sql()
    query = _postgresql_query if vendor == "postgresql" else _sqlite_query
    return query(words, phrase(words), among)


_ID_COLUMN = {"sqlite": "rowid", "postgresql": "claim_id"}


def in_order_of(ids, connection):
    """
    ORDER BY expressions that sort claims as matching_claim_ids lists them:
    the ranked ones (the newest CANDIDATES ids, so every id from the oldest of
    them up) in their listed order, then the rest newest first. The listed
    order is one string parameter (",12,7,31,"), looked up only for the
    ranked rows; a CASE with a WHEN per id takes Django milliseconds to compile.
    """
    ranked = ids[:CANDIDATES]
    positions = "," + ",".join(str(int(pk)) for pk in ranked) + ","
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    oldest_ranked = min(ranked, default=0)
    return [
        RawSQL("claims_claim.id < %s", (oldest_ranked,)).asc(),
        RawSQL(
            f"CASE WHEN claims_claim.id >= %s"
            f" THEN {position}(%s, ',' || claims_claim.id || ',') END",
            (oldest_ranked, positions),
        ).asc(),
        RawSQL("claims_claim.id", ()).desc(),
    ]


def _like_pattern(word):
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sqlite_query(words, phrase, among):
    # FTS5 phrases are double-quoted strings; a quote inside one is doubled.
    # Words of three characters or more are trigram phrases of the text
    # columns; a CJK word of one or two characters is its gram, one trigram
    # of the grams column (claims/chinese.py). Other short words, and short
    # words mixing CJK with other letters, are checked with LIKE: the first
    # by a scan, the second on the claims that have their CJK characters.
    phrases = ['{{text speaker source}} : "{}"'.format(word.replace('"', '""'))
               for word in words if len(word) >= 3]
    phrases += [f'grams : "{token.strip()}"' for word in words for token in _index_grams(word)]
    short_words = [word for word in words if len(word) < 3 and not is_cjk(word)]
    conditions, params = [], []
    if phrases:
        conditions.append(f"{SEARCH_TABLE} MATCH %s")
        params.append(" AND ".join(phrases))
    for word in short_words:
        conditions.append(
            "(text LIKE %s ESCAPE '\\' OR speaker LIKE %s ESCAPE '\\' "
            "OR source LIKE %s ESCAPE '\\')"
        )
        params += [_like_pattern(word)] * 3
    among_sql, among_params = among
    conditions.append(f"EXISTS ({among_sql})")
    params += among_params
    # FTS5 returns the matches in rowid order itself, so LIMIT stops the walk
    # early. Not bm25(): it counts every row that contains each word (its
    # IDF), which for a common word is a walk over all of them. The rank is
    # how densely the words occur, as PostgreSQL's ts_rank_cd has it.
    occurrences = " + ".join(
        ["(length(document) - length(replace(document, %s, ''))) * 1.0 / %s"] * len(words)
    )
    sql = f"""
        WITH candidates AS (
            SELECT rowid AS id, lower(text || ' ' || speaker || ' ' || source) AS document
            FROM {SEARCH_TABLE}
            WHERE {" AND ".join(conditions)}
            ORDER BY rowid DESC
            LIMIT %s
        ), numbered AS (
            SELECT *, row_number() OVER (ORDER BY id DESC) AS newness FROM candidates
        )
        SELECT id FROM numbered
        ORDER BY newness > %s,
                 CASE WHEN newness <= %s THEN instr(document, %s) > 0 END DESC,
                 CASE WHEN newness <= %s THEN ({occurrences}) / length(document) END DESC,
                 id DESC
    """
    density = [value for word in words for value in (word.lower(), len(word))]
    return sql, [
        *params,
        RESULTS + 1,
        CANDIDATES,
        CANDIDATES,
        phrase.lower(),
        CANDIDATES,
        *density,
    ]


def _postgresql_query(words, phrase, among):
    among_sql, among_params = among
    # Every word is a substring of the folded document; a word of one or two
    # characters with CJK in it also has its grams in the grams column, which
    # the grams index finds (the LIKE pattern's spaces and GRAM_MARKs are
    # word breaks to pg_trgm, so the gram's trigrams are its own).
    tokens = [token for word in words for token in _index_grams(word)]
    conditions = " AND ".join(
        ["document ILIKE %s"] * len(words) + ["grams LIKE %s"] * len(tokens)
    )
    # ORDER BY claim_id: without it LIMIT would keep whichever matches the
    # plan meets first. The planner walks the primary key backwards for a
    # common word and reads the trigram index for a rare one.
    sql = f"""
        WITH candidates AS MATERIALIZED (
            SELECT claim_id AS id, document FROM {SEARCH_TABLE}
            WHERE {conditions} AND EXISTS ({among_sql})
            ORDER BY claim_id DESC
            LIMIT %s
        ), numbered AS (
            SELECT *, row_number() OVER (ORDER BY id DESC) AS newness FROM candidates
        )
        SELECT id FROM numbered
        ORDER BY newness > %s,
                 CASE WHEN newness <= %s THEN document ILIKE %s END DESC,
                 CASE WHEN newness <= %s THEN ts_rank_cd(
                     to_tsvector('simple', document), plainto_tsquery('simple', %s)
                 ) END DESC,
                 id DESC
    """
    return sql, [
        *(_like_pattern(word) for word in words),
        *(_like_pattern(token) for token in tokens),
        *among_params,
        RESULTS + 1,
        CANDIDATES,
        CANDIDATES,
        _like_pattern(phrase),
        CANDIDATES,
        phrase,
    ]

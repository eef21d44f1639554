"""The store's schema: one SQL script per version (``PRAGMA user_version``), applied in
order by :class:`storytrace.store.Store`."""

from __future__ import annotations

from .tables import PLAIN_TABLES_SQL

SEARCH_OVER_ARTICLES_SQL = """
    ALTER TABLE articles ADD COLUMN seq INTEGER;
    UPDATE articles SET seq = rowid;
    CREATE UNIQUE INDEX articles_by_seq ON articles(seq);
    DROP TABLE article_search;
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, clean_text, content = 'articles', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (article_search) VALUES ('rebuild');
    CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search (rowid, title, clean_text)
            VALUES (new.seq, new.title, new.clean_text);
    END;
    CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, clean_text)
            VALUES ('delete', old.seq, old.title, old.clean_text);
    END;
    CREATE TRIGGER article_search_update AFTER UPDATE OF title, clean_text ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, clean_text)
            VALUES ('delete', old.seq, old.title, old.clean_text);
        INSERT INTO article_search (rowid, title, clean_text)
            VALUES (new.seq, new.title, new.clean_text);
    END;
"""
"""The search index over ``articles`` itself. ``seq`` rather than the implicit rowid,
which VACUUM may renumber; a new article takes the next ``seq``."""

CLEAN_TEXT_COMPRESSED_SQL = """
    DROP TRIGGER article_search_insert;
    DROP TRIGGER article_search_delete;
    DROP TRIGGER article_search_update;
    DROP TABLE article_search;
    ALTER TABLE articles ADD COLUMN clean_zip BLOB;
    ALTER TABLE articles ADD COLUMN clean_size INTEGER;
    UPDATE articles SET clean_zip = sqlar_compress(CAST(clean_text AS BLOB)),
        clean_size = length(CAST(clean_text AS BLOB));
    ALTER TABLE articles DROP COLUMN clean_text;
    UPDATE articles SET segments = json(segments);
    UPDATE documents SET metadata = json(metadata);
    CREATE VIEW article_texts AS
        SELECT seq, id, title, CAST(sqlar_uncompress(clean_zip, clean_size) AS TEXT)
            AS clean_text
        FROM articles;
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, clean_text, content = 'article_texts', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (article_search) VALUES ('rebuild');
    CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search (rowid, title, clean_text) VALUES
            (new.seq, new.title, CAST(sqlar_uncompress(new.clean_zip, new.clean_size) AS TEXT));
    END;
    CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, clean_text) VALUES
            ('delete', old.seq, old.title,
             CAST(sqlar_uncompress(old.clean_zip, old.clean_size) AS TEXT));
    END;
    CREATE TRIGGER article_search_update AFTER UPDATE OF title, clean_zip ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, clean_text) VALUES
            ('delete', old.seq, old.title,
             CAST(sqlar_uncompress(old.clean_zip, old.clean_size) AS TEXT));
        INSERT INTO article_search (rowid, title, clean_text) VALUES
            (new.seq, new.title, CAST(sqlar_uncompress(new.clean_zip, new.clean_size) AS TEXT));
    END;
"""
"""The clean text stored compressed as the ``sqlite3`` shell's ``sqlar_compress`` does
(zlib when that is smaller; :func:`storytrace.store_codec.register_functions` gives
storytrace's connections the same two functions) and read, by SQL and by the search
index, as text through the view ``article_texts``: 3.4 of a store's 19.3 KB per article
was clean text, 1.1 compressed. JSON columns are minified (``segments``, ``metadata``)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: documents, articles, removals, full-text search
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        metadata TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        title TEXT,
        outlet TEXT,
        url TEXT,
        published TEXT,
        published_from TEXT,
        author TEXT,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        clean_text TEXT NOT NULL,
        segments TEXT NOT NULL
    );
    CREATE INDEX articles_by_document ON articles(document_id);
    CREATE TABLE removals (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX removals_by_article ON removals(article_id);
    CREATE VIRTUAL TABLE article_search USING fts5(
        article_id UNINDEXED, title, clean_text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: the reading stage's fact sheet of each article (zlib-compressed JSON,
    # schema storytrace.facts/1)
    """
    CREATE TABLE facts (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        schema TEXT NOT NULL,
        data BLOB NOT NULL
    );
    """,
    # 3: stories: grouping features (in the order articles arrived), each article's story,
    # and each story's analysis (zlib-compressed JSON, schema storytrace.trace/3)
    """
    CREATE TABLE story_features (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        data TEXT NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_members_by_story ON story_members(story_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        article_count INTEGER NOT NULL,
        discrepancy_count INTEGER NOT NULL,
        schema TEXT NOT NULL,
        data BLOB NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    """,
    # 4: the fingerprint of the HTML page a document was extracted from, so a resumed
    # ingest skips finished pages before extracting them again
    """
    ALTER TABLE documents ADD COLUMN input_hash TEXT;
    CREATE INDEX documents_by_input_hash ON documents(input_hash);
    """,
    # 5: search that forgives: the porter stemmer over unicode61 without diacritics, so
    # "passport" finds "passports" and "Iran" finds "Irán"
    """
    CREATE VIRTUAL TABLE article_search_new USING fts5(
        article_id UNINDEXED, title, clean_text,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search_new (article_id, title, clean_text)
        SELECT article_id, title, clean_text FROM article_search;
    DROP TABLE article_search;
    ALTER TABLE article_search_new RENAME TO article_search;
    """,
    # 6: plain, queryable copies of what each story analysis says (the columns of the
    # Spark backend's tables), filled when a story is saved; see storytrace.tables
    PLAIN_TABLES_SQL,
    # 7: where an article's outlet came from: NULL when given, "inferred: told"... when
    # read from its text (older stores: NULL)
    "ALTER TABLE articles ADD COLUMN outlet_from TEXT;",
    # 8: the clean text stored once: the search index reads titles and texts from
    # `articles` (an external-content FTS5 table keyed by a stable `seq`, kept in step by
    # triggers) instead of holding its own copy, and is rebuilt from them here
    SEARCH_OVER_ARTICLES_SQL,
    # 9: no SQL: raw texts of one-article documents stored as what cleaning left out
    # (`store_codec.pack_raw`), `story_facts.data` as `{statements: [[article, start,
    # end]], slots}` and a story's facts only there (not in `stories.data`);
    # Store._compact_records rewrites an older store's rows and VACUUMs
    "",
    # 10: clean texts compressed (`articles.clean_zip`, read as text through the view
    # `article_texts`, which the search index reads); `story_facts` names articles by
    # `articles.seq` (rewritten by Store._compact_records)
    CLEAN_TEXT_COMPRESSED_SQL,
    # 11: no SQL: fact sheets, analyses and grouping features packed in columns with new
    # preset dictionaries, the MinHash signature in byte planes, key labels at their span
    # as AT_SPAN (`store_codec.in_columns`, `pack_features`), `articles.segments` deflated
    # (`pack_segments`); rewritten by Store._compact_records
    "",
)

"""The one schema of DESIGN.md, as numbered migrations.

Each migration is a list of statements in the SQL subset DuckDB and PostgreSQL share, so the
same list can serve both backends. Lists and mappings are stored as JSON text for the same reason.
A database records the migrations applied in `schema_version`; opening it applies the rest.
"""

from __future__ import annotations

# The event columns both trend tables carry (migration 3); written once so the two cannot drift apart.
_TREND_EVENT_COLUMNS = """event_id VARCHAR NOT NULL,
            date_start DATE NOT NULL,
            date_end DATE NOT NULL,
            event_type VARCHAR NOT NULL,
            country VARCHAR,
            admin1 VARCHAR,
            latitude DOUBLE,
            longitude DOUBLE,
            fatalities INTEGER NOT NULL,
            confidence DOUBLE NOT NULL,
            origin VARCHAR NOT NULL,
            sources INTEGER NOT NULL,
            perpetrator VARCHAR,
            report_ids VARCHAR NOT NULL
        )"""

MIGRATIONS: list[list[str]] = [
    # 1: the first schema
    [
        """CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            applied_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE reports (
            id VARCHAR PRIMARY KEY,
            url VARCHAR,
            outlet VARCHAR,
            title VARCHAR,
            published DATE,
            language VARCHAR,
            text VARCHAR NOT NULL,
            source VARCHAR,
            ingested_at TIMESTAMP NOT NULL,
            mention_count INTEGER NOT NULL DEFAULT 0,
            no_event_reason VARCHAR
        )""",
        """CREATE TABLE mentions (
            id VARCHAR PRIMARY KEY,
            report_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            event_type VARCHAR NOT NULL,
            sub_event_type VARCHAR NOT NULL,
            date_start DATE,
            date_end DATE,
            date_precision VARCHAR,
            place_id VARCHAR,
            country VARCHAR,
            admin1 VARCHAR,
            admin2 VARCHAR,
            admin3 VARCHAR,
            location VARCHAR,
            latitude DOUBLE,
            longitude DOUBLE,
            geo_precision INTEGER,
            geo_explanation VARCHAR,
            fatalities_low INTEGER,
            fatalities_best INTEGER,
            fatalities_high INTEGER,
            wounded INTEGER,
            claimed_by VARCHAR NOT NULL,
            stated BOOLEAN NOT NULL,
            confidence DOUBLE NOT NULL,
            extractor VARCHAR NOT NULL
        )""",
        "CREATE INDEX mentions_report ON mentions (report_id)",
        """CREATE TABLE mention_actors (
            mention_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            role VARCHAR NOT NULL,
            actor_id VARCHAR,
            name VARCHAR NOT NULL,
            phrase VARCHAR NOT NULL
        )""",
        "CREATE INDEX mention_actors_mention ON mention_actors (mention_id)",
        # per-field provenance: which stretch of which report each mention field was read from
        """CREATE TABLE spans (
            mention_id VARCHAR NOT NULL,
            field VARCHAR NOT NULL,
            report_id VARCHAR NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            sentence VARCHAR NOT NULL
        )""",
        "CREATE INDEX spans_mention ON spans (mention_id)",
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            event_type VARCHAR NOT NULL,
            sub_event_type VARCHAR NOT NULL,
            date_start DATE,
            date_end DATE,
            date_precision VARCHAR,
            place_id VARCHAR,
            country VARCHAR,
            admin1 VARCHAR,
            admin2 VARCHAR,
            admin3 VARCHAR,
            location VARCHAR,
            latitude DOUBLE,
            longitude DOUBLE,
            geo_precision INTEGER,
            geo_explanation VARCHAR,
            fatalities_low INTEGER,
            fatalities_best INTEGER,
            fatalities_high INTEGER,
            wounded INTEGER,
            claimed_by VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL,
            rules VARCHAR NOT NULL,
            linker VARCHAR NOT NULL
        )""",
        "CREATE INDEX events_date ON events (date_start)",
        """CREATE TABLE event_mentions (
            event_id VARCHAR NOT NULL,
            mention_id VARCHAR NOT NULL,
            report_id VARCHAR NOT NULL
        )""",
        "CREATE INDEX event_mentions_event ON event_mentions (event_id)",
        """CREATE TABLE event_actors (
            event_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            role VARCHAR NOT NULL,
            actor_id VARCHAR,
            name VARCHAR NOT NULL,
            phrase VARCHAR NOT NULL
        )""",
        "CREATE INDEX event_actors_event ON event_actors (event_id)",
        """CREATE TABLE actors (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            country VARCHAR,
            aliases VARCHAR NOT NULL,
            acled_name VARCHAR
        )""",
        """CREATE TABLE actor_links (
            actor_id VARCHAR NOT NULL,
            relation VARCHAR NOT NULL,
            other_id VARCHAR NOT NULL,
            valid_from DATE,
            valid_to DATE,
            source VARCHAR NOT NULL
        )""",
        """CREATE TABLE places (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            country_code VARCHAR NOT NULL,
            country VARCHAR NOT NULL,
            admin1 VARCHAR,
            admin2 VARCHAR,
            admin3 VARCHAR,
            latitude DOUBLE,
            longitude DOUBLE,
            feature_kind VARCHAR,
            population BIGINT
        )""",
        # analysts' corrections: stored apart from machine output, never touched by re-extraction
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            event_id VARCHAR NOT NULL,
            field VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            author VARCHAR NOT NULL,
            created TIMESTAMP NOT NULL
        )""",
    ],
    # 2: analysts' linking decisions (link two events, take a mention out of its event), kept like corrections
    [
        """CREATE TABLE link_decisions (
            id INTEGER PRIMARY KEY,
            kind VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            other VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            author VARCHAR NOT NULL,
            created TIMESTAMP NOT NULL
        )""",
    ],
    # 3: what a trend reads, pre-joined and narrow (derived from events; written with them by put_events):
    # trend_events, one row per dated event; trend_actors, the same row once per named actor or claimant of the
    # event, so that a trend on a few actors reads only their rows (DuckDB skips the rest: see
    # DuckDBStore.rebuild_trend_tables), with the event's number of rows (`actors`) and of perpetrator and
    # claimant rows (`perpetrators`): where that is 1, the row needs no deduplication. The keys are numbers
    # made from the ids (rows.key: the first 15 hex digits of their md5), so that trends join and group on
    # integers.
    [
        """CREATE TABLE trend_events (
            event_key BIGINT NOT NULL,
            """ + _TREND_EVENT_COLUMNS,
        """CREATE TABLE trend_actors (
            actor_key BIGINT NOT NULL,
            role VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            actor_id VARCHAR NOT NULL,
            perpetrators INTEGER NOT NULL,
            actors INTEGER NOT NULL,
            event_key BIGINT NOT NULL,
            """ + _TREND_EVENT_COLUMNS,
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)

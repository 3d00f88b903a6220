import PostgresNIO
import SolusiKit

/// The schema, one named migration per change, applied in order and recorded in
/// `solusi_migration`; never edit a migration that has shipped. The tables mirror SQLite's, so
/// `solusi migrate` copies one into the other column for column.
enum PostgresSchema {
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-schema",
            [
                """
                CREATE TABLE ticket (
                    id BIGSERIAL PRIMARY KEY,
                    source TEXT NOT NULL,
                    external_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    subject TEXT NOT NULL,
                    description TEXT NOT NULL,
                    requester_role TEXT,
                    province TEXT,
                    channel TEXT,
                    status TEXT,
                    tags TEXT NOT NULL,
                    extra TEXT,
                    content_hash BIGINT NOT NULL,
                    text_hash BIGINT NOT NULL,
                    needs_classification BOOLEAN NOT NULL DEFAULT TRUE,
                    ingested_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    origin_file BIGINT,
                    origin_position BIGINT,
                    labeled BOOLEAN NOT NULL DEFAULT FALSE,
                    -- The agent holding the ticket and until when: on the row itself, so that
                    -- FOR UPDATE SKIP LOCKED rechecks it when two agents reach for the same one.
                    claim_agent TEXT,
                    claim_expires BIGINT,
                    -- The words of subject and description as search sees them (Solusi splits them,
                    -- as SQLite's FTS5 does): PostgreSQL's text search has no Indonesian.
                    words TEXT[] NOT NULL,
                    UNIQUE (external_id, source)
                )
                """,
                // A larger pending list (16 MB, 4 times the default) lets a bulk load merge its new
                // words into the index in fewer, larger steps.
                "CREATE INDEX ticket_words ON ticket USING GIN (words) WITH (gin_pending_list_limit = 16384)",
                "CREATE INDEX ticket_created ON ticket (created_at, id)",
                "CREATE INDEX ticket_queue ON ticket (created_at, id) WHERE NOT labeled",
                """
                CREATE TABLE reject (
                    id BIGSERIAL PRIMARY KEY, file TEXT NOT NULL, line BIGINT NOT NULL, record BIGINT,
                    reason TEXT NOT NULL, raw TEXT NOT NULL, rejected_at BIGINT NOT NULL)
                """,
                "CREATE INDEX reject_file ON reject (file)",
                "CREATE TABLE reject_overflow (file TEXT PRIMARY KEY, count BIGINT NOT NULL)",
                """
                CREATE TABLE known_issue (
                    id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, area TEXT NOT NULL,
                    summary TEXT NOT NULL, file TEXT NOT NULL)
                """,
                "CREATE TABLE article (id TEXT PRIMARY KEY, title TEXT NOT NULL, url TEXT NOT NULL, file TEXT NOT NULL)",
                """
                CREATE TABLE issue_article (
                    issue_id TEXT NOT NULL REFERENCES known_issue (id) ON DELETE CASCADE,
                    article_id TEXT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL, PRIMARY KEY (issue_id, article_id))
                """,
                """
                CREATE TABLE status_change (
                    issue_id TEXT NOT NULL REFERENCES known_issue (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL,
                    PRIMARY KEY (issue_id, position))
                """,
                """
                CREATE TABLE knowledge_base_sync (
                    id INTEGER PRIMARY KEY CHECK (id = 1), content_hash BIGINT NOT NULL, synced_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE model (
                    version BIGSERIAL PRIMARY KEY, training_hash BIGINT NOT NULL, labels TEXT NOT NULL,
                    weights BYTEA NOT NULL, bias TEXT NOT NULL, temperature DOUBLE PRECISION NOT NULL,
                    threshold DOUBLE PRECISION NOT NULL, held_out_macro_f1 DOUBLE PRECISION NOT NULL,
                    held_out_accuracy DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX model_training_hash ON model (training_hash)",
                """
                CREATE TABLE classification (
                    ticket_id BIGINT PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE, issue TEXT,
                    confidence DOUBLE PRECISION NOT NULL, model_version BIGINT NOT NULL,
                    classified_at BIGINT NOT NULL)
                """,
                "CREATE INDEX classification_issue ON classification (issue)",
                """
                CREATE TABLE classification_log (
                    id BIGSERIAL PRIMARY KEY,
                    ticket_id BIGINT NOT NULL REFERENCES ticket (id) ON DELETE CASCADE, issue TEXT,
                    confidence DOUBLE PRECISION NOT NULL, model_version BIGINT NOT NULL,
                    classified_at BIGINT NOT NULL)
                """,
                "CREATE INDEX classification_log_ticket ON classification_log (ticket_id)",
                """
                CREATE TABLE label (
                    id BIGSERIAL PRIMARY KEY,
                    ticket_id BIGINT NOT NULL REFERENCES ticket (id) ON DELETE CASCADE, issue TEXT,
                    action TEXT NOT NULL, agent TEXT NOT NULL, note TEXT, labeled_at BIGINT NOT NULL)
                """,
                "CREATE INDEX label_ticket ON label (ticket_id, id)",
                """
                CREATE TABLE notification (
                    ticket_id BIGINT NOT NULL REFERENCES ticket (id) ON DELETE CASCADE, issue TEXT NOT NULL,
                    file TEXT NOT NULL, notified_at BIGINT NOT NULL, PRIMARY KEY (ticket_id, issue))
                """,
                "CREATE INDEX ticket_claim ON ticket (claim_agent) WHERE claim_agent IS NOT NULL",
                // Every word search has seen, and its stems once search has asked for them.
                "CREATE TABLE vocabulary (term TEXT PRIMARY KEY, stemmed BOOLEAN NOT NULL DEFAULT FALSE)",
                "CREATE INDEX vocabulary_unstemmed ON vocabulary (term) WHERE NOT stemmed",
                "CREATE TABLE search_term (term TEXT NOT NULL, stem TEXT NOT NULL, PRIMARY KEY (term, stem))",
                "CREATE INDEX search_term_stem ON search_term (stem)",
            ]
        ),
        (
            "v2-lean-ingest",
            [
                // The queue walks `ticket_created` and skips labelled tickets: one index fewer to
                // keep up on every ingest.
                "DROP INDEX ticket_queue",
                // Words as one space-separated text, indexed as an array: a smaller row than a
                // text[] (which pads every element), the same GIN index.
                "DROP INDEX ticket_words",
                "ALTER TABLE ticket ALTER COLUMN words TYPE TEXT USING array_to_string(words, ' ')",
                """
                CREATE INDEX ticket_words ON ticket USING GIN (string_to_array(words, ' '))
                WITH (gin_pending_list_limit = 16384)
                """,
                // Numbers stand for themselves in search: they need no stems.
                "DELETE FROM search_term WHERE term ~ '^[0-9]+$'",
                "DELETE FROM vocabulary WHERE term ~ '^[0-9]+$'",
                // Running counts, so `status` and the queue's length do not count a million rows.
                // Triggers keep them, so every way a row comes or goes (ingest, migrate, erase,
                // a cascade) counts. Classifications are counted per issue ('' = unknown).
                "CREATE TABLE ticket_count (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)",
                "INSERT INTO ticket_count SELECT 1, count(*) FROM ticket",
                "CREATE TABLE classification_count (issue TEXT PRIMARY KEY, n BIGINT NOT NULL)",
                """
                INSERT INTO classification_count SELECT coalesce(issue, ''), count(*) FROM classification
                GROUP BY coalesce(issue, '')
                """,
                // Inserted and deleted rows arrive as `changed`, counted with the trigger's sign.
                """
                CREATE FUNCTION count_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        UPDATE ticket_count SET n = 0;
                    ELSE
                        UPDATE ticket_count SET n = n + TG_ARGV[0]::bigint * (SELECT count(*) FROM changed);
                    END IF;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER ticket_inserted AFTER INSERT ON ticket REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION count_tickets('1')
                """,
                """
                CREATE TRIGGER ticket_deleted AFTER DELETE ON ticket REFERENCING OLD TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION count_tickets('-1')
                """,
                "CREATE TRIGGER ticket_truncated AFTER TRUNCATE ON ticket FOR EACH STATEMENT EXECUTE FUNCTION count_tickets()",
                // Changes per issue, written in issue order so that two writers lock the rows alike.
                """
                CREATE FUNCTION count_classifications() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        DELETE FROM classification_count;
                    ELSIF TG_OP <> 'UPDATE' THEN
                        INSERT INTO classification_count
                        SELECT coalesce(issue, ''), TG_ARGV[0]::bigint * count(*) FROM changed GROUP BY 1 ORDER BY 1
                        ON CONFLICT (issue) DO UPDATE SET n = classification_count.n + excluded.n;
                    ELSE
                        -- One statement for what left and what came, so the rows lock in one order.
                        INSERT INTO classification_count
                        SELECT issue, sum(n) FROM (
                            SELECT coalesce(issue, '') AS issue, 1 AS n FROM new_rows
                            UNION ALL SELECT coalesce(issue, ''), -1 FROM old_rows) AS change
                        GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1
                        ON CONFLICT (issue) DO UPDATE SET n = classification_count.n + excluded.n;
                    END IF;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER classification_inserted AFTER INSERT ON classification
                REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_classifications('1')
                """,
                """
                CREATE TRIGGER classification_updated AFTER UPDATE ON classification
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION count_classifications()
                """,
                """
                CREATE TRIGGER classification_deleted AFTER DELETE ON classification
                REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_classifications('-1')
                """,
                """
                CREATE TRIGGER classification_truncated AFTER TRUNCATE ON classification
                FOR EACH STATEMENT EXECUTE FUNCTION count_classifications()
                """,
            ]
        ),
        (
            // Rejects are kept under the identity of their file (0: unknown, a pipe or an older
            // ingest), not under the path it was typed as.
            "v3-reject-origin",
            [
                "ALTER TABLE reject ADD COLUMN origin BIGINT NOT NULL DEFAULT 0",
                "CREATE INDEX reject_origin ON reject (origin)",
                "ALTER TABLE reject_overflow ADD COLUMN origin BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE reject_overflow DROP CONSTRAINT reject_overflow_pkey",
                "ALTER TABLE reject_overflow ADD PRIMARY KEY (origin, file)",
            ]
        ),
        (
            // The web console's accounts, sessions (under a digest of the cookie's token) and
            // failed logins (per name and per address, for throttling).
            "v4-accounts",
            [
                """
                CREATE TABLE agent (
                    name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE console_session (
                    key TEXT PRIMARY KEY, agent TEXT NOT NULL REFERENCES agent (name) ON DELETE CASCADE,
                    csrf TEXT NOT NULL, expires_at BIGINT NOT NULL)
                """,
                "CREATE INDEX console_session_agent ON console_session (agent)",
                "CREATE TABLE failed_login (key TEXT NOT NULL, at BIGINT NOT NULL)",
                "CREATE INDEX failed_login_key ON failed_login (key, at)",
                // The queue again has an index of its own: walking `ticket_created` past the labelled
                // tickets (the oldest, labelled first) cost 10 ms a claim or a queue page once
                // 10,000 were labelled, and grows with every label. Its upkeep at ingest is one
                // B-tree entry per new ticket, as `ticket_created`'s.
                "CREATE INDEX ticket_unlabeled ON ticket (created_at, id) WHERE NOT labeled",
            ]
        ),
        (
            // Who asked (a key, not the address), a sketch of the request's telling words, and the
            // first ticket a repeat of the same request points at (see `Duplicates`). The index
            // finds a requester's tickets around a new one at ingest.
            "v5-duplicates",
            [
                "ALTER TABLE ticket ADD COLUMN requester_key BIGINT, ADD COLUMN sketch BYTEA, ADD COLUMN duplicate_of BIGINT",
                "CREATE INDEX ticket_requester ON ticket (requester_key, created_at) WHERE requester_key IS NOT NULL",
                "CREATE INDEX ticket_duplicate ON ticket (duplicate_of) WHERE duplicate_of IS NOT NULL",
            ]
        ),
        (
            // The default queue leaves out what the help desk already solved or closed; walking
            // `ticket_unlabeled` would step over every closed ticket older than the first open
            // one. Built on `HelpDeskStatus.closedWords`: a change to that list needs a migration.
            "v6-open-queue",
            [
                "CREATE INDEX ticket_open_unlabeled ON ticket (created_at, id) WHERE NOT labeled AND \(HelpDeskStatus.openCondition)"
            ]
        ),
        (
            // The last valid knowledge base, file by file (see SQLite's v11).
            "v7-knowledge-base-files",
            [
                "CREATE TABLE knowledge_base_file (position INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, text TEXT NOT NULL)"
            ]
        ),
        (
            // A count of the transactions that wrote tickets. Each takes the row's lock first, so
            // two processes' batches take turns, and a writer that finds the count moved since
            // its last batch knows someone else wrote (see `RequesterMemory`).
            "v8-ticket-writes",
            [
                "CREATE TABLE ticket_writes (only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row), count BIGINT NOT NULL)",
                "INSERT INTO ticket_writes (count) VALUES (0)",
            ]
        ),
    ]

    /// Brings the database's schema up to date. An advisory lock makes a second process wait
    /// rather than apply the same migration twice.
    static func migrate(_ session: PostgresSession) throws {
        try session.transaction {
            try session.run("SELECT pg_advisory_xact_lock(4711)")
            try session.run(
                "CREATE TABLE IF NOT EXISTS solusi_migration (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let applied = Set(
                try session.rows("SELECT name FROM solusi_migration").map { try $0.decode(String.self) })
            let known = Set(migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first { throw PostgresStoreError.newerSchema(unknown) }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try session.run(PostgresQuery(unsafeSQL: statement)) }
                try session.run(
                    "INSERT INTO solusi_migration (name, applied_at) VALUES (\(migration.name), extract(epoch FROM now())::bigint)"
                )
            }
        }
    }
}

import PostgresNIO

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
        )
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

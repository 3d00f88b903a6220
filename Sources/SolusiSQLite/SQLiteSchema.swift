import GRDB
import SolusiKit

/// The schema, one named migration per change; never edit a migration that has shipped.
extension SQLiteStore {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ticket (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        subject TEXT NOT NULL,
                        description TEXT NOT NULL,
                        requester_role TEXT,
                        province TEXT,
                        channel TEXT,
                        status TEXT,
                        tags TEXT NOT NULL,
                        extra TEXT,
                        content_hash INTEGER NOT NULL,
                        text_hash INTEGER NOT NULL,
                        needs_classification INTEGER NOT NULL DEFAULT 1,
                        ingested_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (source, external_id)
                    );
                    CREATE VIRTUAL TABLE ticket_fts USING fts5(
                        subject, description,
                        content = 'ticket', content_rowid = 'id',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    -- Fewer, larger index segments: less merging during big loads, for 32 MB of memory.
                    INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('hashsize', 33554432);
                    CREATE TABLE reject (
                        id INTEGER PRIMARY KEY,
                        file TEXT NOT NULL,
                        line INTEGER NOT NULL,
                        record INTEGER,
                        reason TEXT NOT NULL,
                        raw TEXT NOT NULL,
                        rejected_at INTEGER NOT NULL
                    );
                    CREATE INDEX reject_file ON reject (file);
                    """)
        }
        migrator.registerMigration("v2-knowledge-base") { db in
            try db.execute(
                sql: """
                    CREATE TABLE known_issue (
                        id TEXT PRIMARY KEY,
                        title TEXT NOT NULL,
                        status TEXT NOT NULL,
                        area TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        file TEXT NOT NULL
                    );
                    CREATE TABLE article (
                        id TEXT PRIMARY KEY,
                        title TEXT NOT NULL,
                        url TEXT NOT NULL,
                        file TEXT NOT NULL
                    );
                    CREATE TABLE issue_article (
                        issue_id TEXT NOT NULL REFERENCES known_issue (id) ON DELETE CASCADE,
                        article_id TEXT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (issue_id, article_id)
                    );
                    CREATE TABLE status_change (
                        issue_id TEXT NOT NULL REFERENCES known_issue (id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        date TEXT NOT NULL,
                        status TEXT NOT NULL,
                        note TEXT NOT NULL,
                        PRIMARY KEY (issue_id, position)
                    );
                    CREATE TABLE knowledge_base_sync (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        content_hash INTEGER NOT NULL,
                        synced_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-classifier") { db in
            try db.execute(
                sql: """
                    CREATE TABLE model (
                        version INTEGER PRIMARY KEY AUTOINCREMENT,
                        training_hash INTEGER NOT NULL,
                        labels TEXT NOT NULL,
                        weights BLOB NOT NULL,
                        bias TEXT NOT NULL,
                        temperature REAL NOT NULL,
                        threshold REAL NOT NULL,
                        held_out_macro_f1 REAL NOT NULL,
                        held_out_accuracy REAL NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX model_training_hash ON model (training_hash);
                    CREATE TABLE classification (
                        ticket_id INTEGER PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE,
                        issue TEXT,
                        confidence REAL NOT NULL,
                        model_version INTEGER NOT NULL REFERENCES model (version),
                        classified_at INTEGER NOT NULL
                    );
                    CREATE INDEX classification_issue ON classification (issue);
                    """)
        }
        migrator.registerMigration("v4-triage") { db in
            try db.execute(
                sql: """
                    CREATE TABLE label (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
                        issue TEXT,
                        action TEXT NOT NULL,
                        agent TEXT NOT NULL,
                        note TEXT,
                        labeled_at INTEGER NOT NULL
                    );
                    CREATE INDEX label_ticket ON label (ticket_id, id);
                    CREATE TABLE classification_log (
                        ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
                        issue TEXT,
                        confidence REAL NOT NULL,
                        model_version INTEGER NOT NULL,
                        classified_at INTEGER NOT NULL
                    );
                    CREATE INDEX classification_log_ticket ON classification_log (ticket_id);
                    CREATE TABLE notification (
                        ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
                        issue TEXT NOT NULL,
                        file TEXT NOT NULL,
                        notified_at INTEGER NOT NULL,
                        PRIMARY KEY (ticket_id, issue)
                    );
                    CREATE VIRTUAL TABLE ticket_fts_vocabulary USING fts5vocab (ticket_fts, 'row');
                    CREATE TABLE search_term (
                        term TEXT NOT NULL,
                        stem TEXT NOT NULL,
                        PRIMARY KEY (term, stem)
                    ) WITHOUT ROWID;
                    CREATE INDEX search_term_stem ON search_term (stem);
                    -- What the tickets were (count, last change) when search_term was last brought up to date.
                    CREATE TABLE search_term_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        tickets INTEGER NOT NULL,
                        last_change INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v5-ticket-origin") { db in
            // Which file (and where in it) last wrote a ticket, so that ingesting the same file
            // again does not let an earlier copy of a repeated id overwrite its later copy.
            try db.execute(
                sql: """
                    ALTER TABLE ticket ADD COLUMN origin_file INTEGER;
                    ALTER TABLE ticket ADD COLUMN origin_position INTEGER;
                    """)
        }
        migrator.registerMigration("v6-reject-overflow") { db in
            // Rejects of a file beyond the ones kept in full: only counted.
            try db.execute(
                sql: """
                    CREATE TABLE reject_overflow (
                        file TEXT PRIMARY KEY,
                        count INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v7-claims") { db in
            // The agents' queue: a flag (and the partial indexes `queueIndexes`, made when the queue is
            // first read) finds the oldest unlabelled ticket at once however many are labelled; a
            // claim holds a ticket for one agent until it expires.
            try db.execute(
                sql: """
                    ALTER TABLE ticket ADD COLUMN labeled INTEGER NOT NULL DEFAULT 0;
                    UPDATE ticket SET labeled = 1 WHERE id IN (SELECT ticket_id FROM label);
                    CREATE TABLE claim (
                        ticket_id INTEGER PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE,
                        agent TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    CREATE INDEX claim_agent ON claim (agent);
                    """)
        }
        migrator.registerMigration("v8-reject-origin") { db in
            // Rejects are kept under the identity of their file (0: unknown, a pipe or an older
            // ingest), not under the path it was typed as.
            try db.execute(
                sql: """
                    ALTER TABLE reject ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX reject_origin ON reject (origin);
                    CREATE TABLE reject_overflow_by_origin (
                        origin INTEGER NOT NULL,
                        file TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (origin, file)
                    );
                    INSERT INTO reject_overflow_by_origin SELECT 0, file, count FROM reject_overflow;
                    DROP TABLE reject_overflow;
                    ALTER TABLE reject_overflow_by_origin RENAME TO reject_overflow;
                    """)
        }
        migrator.registerMigration("v9-accounts") { db in
            // The web console's accounts, sessions (under a digest of the cookie's token) and
            // failed logins (per name and per address, for throttling).
            try db.execute(
                sql: """
                    CREATE TABLE agent (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE console_session (
                        key TEXT PRIMARY KEY,
                        agent TEXT NOT NULL REFERENCES agent (name) ON DELETE CASCADE,
                        csrf TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    CREATE INDEX console_session_agent ON console_session (agent);
                    CREATE TABLE failed_login (
                        key TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX failed_login_key ON failed_login (key, at);
                    """)
        }
        migrator.registerMigration("v10-duplicates") { db in
            // Who asked (a key, not the address), a sketch of the request's telling words, and the
            // first ticket a repeat of the same request points at (see `Duplicates`). The index
            // finds a requester's tickets around a new one at ingest.
            try db.execute(
                sql: """
                    ALTER TABLE ticket ADD COLUMN requester_key INTEGER;
                    ALTER TABLE ticket ADD COLUMN sketch BLOB;
                    ALTER TABLE ticket ADD COLUMN duplicate_of INTEGER;
                    CREATE INDEX ticket_requester ON ticket (requester_key, created_at) WHERE requester_key IS NOT NULL;
                    CREATE INDEX ticket_duplicate ON ticket (duplicate_of) WHERE duplicate_of IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v11-knowledge-base-files") { db in
            // The last valid knowledge base, file by file: the commands that only read go on
            // with it when an edit breaks the folder.
            try db.execute(sql: "CREATE TABLE knowledge_base_file (path TEXT PRIMARY KEY, text TEXT NOT NULL)")
        }
        migrator.registerMigration("v12-requester-index") { db in
            // Ingest reads a requester's tickets whole, once, and orders them itself
            // (`RequesterMemory`): the time in the index served no query and made each of the
            // index's random inserts dearer (1M tickets: about 0.2 s of ingest).
            try db.execute(sql: "DROP INDEX ticket_requester")
            try db.execute(
                sql: "CREATE INDEX ticket_requester ON ticket (requester_key) WHERE requester_key IS NOT NULL")
        }
        return migrator
    }
}

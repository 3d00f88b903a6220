import Foundation
import GRDB
import IndonesianText

/// The embedded store: one SQLite file in WAL mode, with an FTS5 index over subject and description.
///
/// Writers wait for each other (busy timeout) instead of failing, and each batch is one short
/// transaction, so two ingests into the same file both finish, and a killed one leaves every
/// committed batch intact.
public final class SQLiteStore: TicketStore {
    let pool: DatabasePool
    private let searchPipeline = TextPipeline()

    /// Opens (creating if needed) the database and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(120)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32000")
        }
        pool = try Self.open(path: path, configuration: configuration)
    }

    /// Opens the pool and migrates, retrying while another process is doing the same.
    ///
    /// Switching a new file to WAL takes a lock that SQLite's busy timeout does not wait for, and
    /// two processes may both find a migration unapplied: the second one's `CREATE` then fails
    /// because the first committed it. Both are races with a process that succeeds, so retry.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError where Self.lostRace(error) && Date() < deadline {
                usleep(UInt32.random(in: 20_000...80_000))
            } catch {
                throw StoreError.cannotOpen(path: path, reason: String(describing: error))
            }
        }
    }

    private static func lostRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY
            || (error.resultCode == .SQLITE_ERROR && error.message?.contains("already exists") == true)
    }

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
        return migrator
    }

    public func store(_ batch: IngestBatch) throws -> IngestCounts {
        let now = Int64(Date().timeIntervalSince1970)
        return try pool.write { db in
            var counts = IngestCounts()
            let insert = try RawStatement(
                db,
                sql: """
                    INSERT INTO ticket (source, external_id, created_at, subject, description, requester_role,
                        province, channel, status, tags, extra, content_hash, text_hash, ingested_at, updated_at,
                        origin_file, origin_position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, external_id) DO NOTHING
                    """)
            let indexNew = try RawStatement(
                db, sql: "INSERT INTO ticket_fts (rowid, subject, description) VALUES (?, ?, ?)")
            for (number, (ticket, form)) in zip(batch.tickets, batch.storedForms).enumerated() {
                let position = batch.positions[number]
                counts.read += 1
                insert.bind(1, ticket.source)
                insert.bind(2, ticket.externalID)
                insert.bind(3, ticket.createdAt)
                insert.bind(4, ticket.subject)
                insert.bind(5, ticket.description)
                insert.bind(6, ticket.requesterRole)
                insert.bind(7, ticket.province)
                insert.bind(8, ticket.channel)
                insert.bind(9, ticket.status)
                insert.bind(10, form.tagsJSON)
                insert.bind(11, form.extraJSON)
                insert.bind(12, form.contentHash)
                insert.bind(13, form.textHash)
                insert.bind(14, now)
                insert.bind(15, now)
                insert.bind(16, batch.origin)
                insert.bind(17, position)
                if try insert.run() == 1 {
                    indexNew.bind(1, insert.lastInsertedRowID)
                    indexNew.bind(2, ticket.subject)
                    indexNew.bind(3, ticket.description)
                    try indexNew.run()
                    counts.inserted += 1
                    continue
                }
                if try update(ticket, form, origin: batch.origin, position: position, now: now, db) {
                    counts.updated += 1
                } else {
                    counts.unchanged += 1
                }
            }
            let keep = try db.cachedStatement(
                sql: "INSERT INTO reject (file, line, record, reason, raw, rejected_at) VALUES (?, ?, ?, ?, ?, ?)")
            if batch.rejectsNotKept > 0, let file = batch.rejectsNotKeptFile {
                counts.read += batch.rejectsNotKept
                counts.rejected += batch.rejectsNotKept
                try db.execute(
                    sql: """
                        INSERT INTO reject_overflow (file, count) VALUES (?, ?)
                        ON CONFLICT (file) DO UPDATE SET count = count + excluded.count
                        """, arguments: [file, batch.rejectsNotKept])
            }
            for reject in batch.rejects {
                counts.read += 1
                counts.rejected += 1
                try keep.execute(arguments: [
                    reject.location.file, reject.location.line, reject.location.record, reject.reason, reject.raw, now,
                ])
            }
            return counts
        }
    }

    /// Updates a stored ticket whose content changed; false when nothing changed, or when the
    /// stored version came from a later place in the same file (the later copy wins).
    private func update(
        _ ticket: TicketRecord, _ form: StoredForm, origin: Int64?, position: Int64, now: Int64, _ db: Database
    ) throws -> Bool {
        let find = try db.cachedStatement(
            sql: """
                SELECT id, content_hash, text_hash, subject, description, origin_file, origin_position
                FROM ticket WHERE source = ? AND external_id = ?
                """
        )
        guard let row = try Row.fetchOne(find, arguments: [ticket.source, ticket.externalID]) else {
            throw StoreError.inconsistent("ticket \(ticket.source)/\(ticket.externalID) conflicted but cannot be found")
        }
        let rowID: Int64 = row[0]
        guard row[1] as Int64 != form.contentHash else { return false }
        if let origin, row[5] as Int64? == origin, let stored = row[6] as Int64?, stored > position { return false }
        let textChanged = row[2] as Int64 != form.textHash
        try db.execute(
            sql: """
                UPDATE ticket SET created_at = ?, subject = ?, description = ?, requester_role = ?, province = ?,
                    channel = ?, status = ?, tags = ?, extra = ?, content_hash = ?, text_hash = ?,
                    needs_classification = needs_classification OR ?, updated_at = ?, origin_file = ?,
                    origin_position = ?
                WHERE id = ?
                """,
            arguments: [
                ticket.createdAt, ticket.subject, ticket.description, ticket.requesterRole, ticket.province,
                ticket.channel, ticket.status, form.tagsJSON, form.extraJSON, form.contentHash, form.textHash,
                textChanged, now, origin, position, rowID,
            ])
        if textChanged {
            try db.execute(
                sql: "INSERT INTO ticket_fts (ticket_fts, rowid, subject, description) VALUES ('delete', ?, ?, ?)",
                arguments: [rowID, row[3] as String, row[4] as String])
            try db.execute(
                sql: "INSERT INTO ticket_fts (rowid, subject, description) VALUES (?, ?, ?)",
                arguments: [rowID, ticket.subject, ticket.description])
        }
        return true
    }

    public func model(trainingHash: Int64) throws -> StoredModel? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM model WHERE training_hash = ? ORDER BY version DESC LIMIT 1",
                    arguments: [trainingHash])
            else { return nil }
            let decoder = JSONDecoder()
            guard let labels = try? decoder.decode([String].self, from: Data((row["labels"] as String).utf8)),
                let bias = try? decoder.decode([Float].self, from: Data((row["bias"] as String).utf8)),
                let model = IssueModel(
                    labels: labels, serializedWeights: row["weights"], bias: bias, temperature: row["temperature"],
                    threshold: row["threshold"], trainingHash: row["training_hash"])
            else { return nil }
            return StoredModel(
                version: row["version"], model: model, heldOutMacroF1: row["held_out_macro_f1"],
                heldOutAccuracy: row["held_out_accuracy"], createdAt: row["created_at"])
        }
    }

    public func saveModel(_ model: IssueModel, heldOut: Evaluation) throws -> Int {
        let labels = "[" + model.labels.map(jsonString).joined(separator: ",") + "]"
        let bias = "[" + model.bias.map { String($0) }.joined(separator: ",") + "]"
        let weights = model.serializedWeights
        return try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO model (training_hash, labels, weights, bias, temperature, threshold, held_out_macro_f1,
                        held_out_accuracy, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    model.trainingHash, labels, weights, bias, model.temperature, model.threshold, heldOut.macroF1,
                    heldOut.accuracy, Int64(Date().timeIntervalSince1970),
                ])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Walks the table in row order from `rowID`; no index on the queue flag, which would slow
    /// every insert of a bulk load, while this walk reads each row once per run anyway.
    public func ticketsToClassify(after rowID: Int64, limit: Int, all: Bool) throws -> [TicketText] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, subject, description FROM ticket
                    WHERE id > ? \(all ? "" : "AND needs_classification") ORDER BY id LIMIT ?
                    """,
                arguments: [rowID, limit]
            ).map { TicketText(rowID: $0[0], text: ($0[1] as String) + "\n" + ($0[2] as String)) }
        }
    }

    public func saveClassifications(_ results: [StoredClassification], modelVersion: Int) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try pool.write { db in
            let save = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO classification (ticket_id, issue, confidence, model_version, classified_at)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            let dequeue = try db.cachedStatement(sql: "UPDATE ticket SET needs_classification = 0 WHERE id = ?")
            // The classification being replaced goes to the log, so a ticket's history stays.
            let keep = try db.cachedStatement(
                sql: """
                    INSERT INTO classification_log (ticket_id, issue, confidence, model_version, classified_at)
                    SELECT ticket_id, issue, confidence, model_version, classified_at FROM classification
                    WHERE ticket_id = ?
                    """)
            for result in results {
                try keep.execute(arguments: [result.rowID])
                try save.execute(arguments: [result.rowID, result.issue, result.confidence, modelVersion, now])
                try dequeue.execute(arguments: [result.rowID])
            }
        }
    }

    public func forgetRejects(ofFile file: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM reject WHERE file = ?", arguments: [file])
            try db.execute(sql: "DELETE FROM reject_overflow WHERE file = ?", arguments: [file])
        }
    }

    public func counts() throws -> StoreCounts {
        try pool.read { db in
            StoreCounts(
                tickets: try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket") ?? 0,
                rejected: try Int.fetchOne(
                    db,
                    sql: "SELECT (SELECT count(*) FROM reject) + (SELECT coalesce(sum(count), 0) FROM reject_overflow)"
                ) ?? 0,
                classified: try Int.fetchOne(db, sql: "SELECT count(*) FROM classification") ?? 0,
                unknown: try Int.fetchOne(db, sql: "SELECT count(*) FROM classification WHERE issue IS NULL") ?? 0,
                labeled: try Int.fetchOne(db, sql: "SELECT count(DISTINCT ticket_id) FROM label") ?? 0,
                issues: try Int.fetchOne(db, sql: "SELECT count(*) FROM known_issue") ?? 0)
        }
    }

    @discardableResult
    public func sync(_ knowledgeBase: KnowledgeBase) throws -> Bool {
        try pool.write { db in
            let stored = try Int64.fetchOne(db, sql: "SELECT content_hash FROM knowledge_base_sync WHERE id = 1")
            if stored == knowledgeBase.contentHash { return false }
            try db.execute(
                sql:
                    "DELETE FROM issue_article; DELETE FROM status_change; DELETE FROM known_issue; DELETE FROM article"
            )
            for article in knowledgeBase.articles {
                try db.execute(
                    sql: "INSERT INTO article (id, title, url, file) VALUES (?, ?, ?, ?)",
                    arguments: [article.id, article.title, article.url, article.file])
            }
            for issue in knowledgeBase.issues {
                try db.execute(
                    sql: "INSERT INTO known_issue (id, title, status, area, summary, file) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [issue.id, issue.title, issue.status.rawValue, issue.area, issue.summary, issue.file])
                for (position, articleID) in issue.articleIDs.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO issue_article (issue_id, article_id, position) VALUES (?, ?, ?)",
                        arguments: [issue.id, articleID, position])
                }
                for (position, change) in issue.history.enumerated() {
                    try db.execute(
                        sql:
                            "INSERT INTO status_change (issue_id, position, date, status, note) VALUES (?, ?, ?, ?, ?)",
                        arguments: [issue.id, position, change.date, change.status.rawValue, change.note])
                }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO knowledge_base_sync (id, content_hash, synced_at) VALUES (1, ?, ?)",
                arguments: [knowledgeBase.contentHash, Int64(Date().timeIntervalSince1970)])
            return true
        }
    }

    /// Every word of the query must occur in some form: each word stands for every indexed word
    /// with the same stem ("mengirimkan" finds "kirim", "dikirim", "kiriman"; "tdk" finds "tidak").
    public func search(_ query: String, limit: Int) throws -> [SearchHit] {
        let terms = words(in: query)
        guard !terms.isEmpty else { throw QueryError.noSearchableWords(query) }
        try updateSearchTerms()
        return try pool.read { db in
            var groups: [String] = []
            for term in terms {
                var forms = Set([term])
                for stem in Set(searchStems(of: term)) {
                    forms.formUnion(
                        try String.fetchAll(db, sql: "SELECT term FROM search_term WHERE stem = ?", arguments: [stem]))
                }
                groups.append("(" + forms.sorted().map { "\"\($0)\"" }.joined(separator: " OR ") + ")")
            }
            guard let pattern = try? FTS5Pattern(rawPattern: groups.joined(separator: " AND ")) else {
                throw QueryError.noSearchableWords(query)
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ticket.*, snippet(ticket_fts, -1, '[', ']', '…', 16) AS snippet
                    FROM ticket_fts JOIN ticket ON ticket.id = ticket_fts.rowid
                    WHERE ticket_fts MATCH ? ORDER BY rank LIMIT ?
                    """,
                arguments: [pattern, limit])
            return rows.map { SearchHit(ticket: Self.ticket(from: $0), snippet: $0["snippet"]) }
        }
    }

    /// The stems a word stands for in search: its normalised, stemmed words (chat spellings
    /// expand, "guru2" is "guru"). Numbers stand for themselves, never for a placeholder: a
    /// search for one NIK must not find every NIK.
    private func searchStems(of word: String) -> [String] {
        let stems = searchPipeline.analyze(word).filter { $0.kind == .word || $0.kind == .term }.map(\.text)
        return stems.isEmpty ? [word] : stems
    }

    /// Stems the words the full-text index has that `search_term` does not know yet (after an
    /// ingest: only the new ones). Reading the index's vocabulary takes a while on a big store,
    /// so it is skipped when no ticket was added or changed since the last time.
    private func updateSearchTerms() throws {
        try pool.write { db in
            let now = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(updated_at), 0) FROM ticket")!
            let state = try Row.fetchOne(db, sql: "SELECT tickets, last_change FROM search_term_state WHERE id = 1")
            if let state, state[0] as Int64 == now[0] as Int64, state[1] as Int64 == now[1] as Int64 { return }
            let fresh = try String.fetchAll(
                db,
                sql: """
                    SELECT term FROM ticket_fts_vocabulary
                    WHERE term NOT IN (SELECT term FROM search_term)
                    """)
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_term (term, stem) VALUES (?, ?)")
            for term in fresh {
                for stem in Set(searchStems(of: term)) { try insert.execute(arguments: [term, stem]) }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO search_term_state (id, tickets, last_change) VALUES (1, ?, ?)",
                arguments: [now[0] as Int64, now[1] as Int64])
        }
    }

    public func tickets(limit: Int, offset: Int) throws -> [Ticket] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ticket ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: [limit, offset]
            ).map(Self.ticket(from:))
        }
    }

    public func tickets(externalID: String) throws -> [Ticket] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ticket WHERE external_id = ? ORDER BY source", arguments: [externalID]
            )
            .map(Self.ticket(from:))
        }
    }

    public func rejectsNotKept() throws -> [(file: String, count: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT file, count FROM reject_overflow ORDER BY file").map {
                ($0["file"], $0["count"])
            }
        }
    }

    public func rejects(limit: Int) throws -> [RejectedRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reject ORDER BY file, line, id LIMIT ?", arguments: [limit]).map {
                row in
                RejectedRecord(
                    location: RecordLocation(file: row["file"], line: row["line"], record: row["record"]),
                    reason: row["reason"], raw: row["raw"])
            }
        }
    }

    public func tally(by dimension: TicketDimension) throws -> [Tally] {
        let sql: String
        switch dimension {
        case .day:
            // Calendar days in WIB.
            sql = """
                SELECT date(created_at + \(TicketDate.defaultOffsetSeconds), 'unixepoch') AS value, count(*)
                FROM ticket GROUP BY value ORDER BY value
                """
        case .issue:
            sql =
                "SELECT coalesce(issue, '') AS value, count(*) AS n FROM classification GROUP BY value ORDER BY n DESC, value"
        default:
            let column = dimension.rawValue
            sql =
                "SELECT coalesce(\(column), '') AS value, count(*) AS n FROM ticket GROUP BY value ORDER BY n DESC, value"
        }
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql).map { Tally(value: $0[0], count: $0[1]) }
        }
    }

    static func ticket(from row: Row) -> Ticket {
        var extra: [String: String] = [:]
        if let json: String = row["extra"], let data = json.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: String].self, from: data)
        {
            extra = object
        }
        let tagsJSON: String = row["tags"]
        let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsJSON.utf8))) ?? []
        let record = TicketRecord(
            source: row["source"], externalID: row["external_id"], createdAt: row["created_at"],
            subject: row["subject"], description: row["description"], requesterRole: row["requester_role"],
            province: row["province"], channel: row["channel"], status: row["status"],
            tags: tags, extra: extra)
        return Ticket(rowID: row["id"], record: record, ingestedAt: row["ingested_at"], updatedAt: row["updated_at"])
    }
}

/// A failure of the database itself.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case inconsistent(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): basis data tidak dapat dibuka (\(reason)). Periksa --db atau SOLUSI_DB."
        case .inconsistent(let detail):
            return "Basis data tidak konsisten: \(detail). Jalankan PRAGMA integrity_check."
        }
    }
}

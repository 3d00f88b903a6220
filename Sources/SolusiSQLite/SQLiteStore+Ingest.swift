import GRDB
import SolusiKit

/// Storing batches of tickets and keeping their rejects.
extension SQLiteStore {
    func store(_ batch: IngestBatch) throws -> IngestCounts {
        let now = clock.now
        do {
            return try pool.write { db in try store(batch, now: now, db) }
        } catch {
            // What the writer remembered may hold what was just rolled back.
            requesterMemory.withLock { $0 = nil }
            throw error
        }
    }

    private func store(_ batch: IngestBatch, now: Int64, _ db: Database) throws -> IngestCounts {
        var counts = IngestCounts()
        // New and changed tickets with a requester.
        var deciding: [RequesterMemory.Deciding] = []
        // Requester keys a changed ticket no longer holds.
        var moved = Set<Int64>()
        let insert = try RawStatement(
            db,
            sql: """
                INSERT INTO ticket (source, external_id, created_at, subject, description, requester_role,
                    province, channel, status, tags, extra, content_hash, text_hash, ingested_at, updated_at,
                    origin_file, origin_position, requester_key, sketch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            insert.bind(18, form.requesterKey)
            insert.bind(19, form.sketch?.data)
            // Which of the new and changed tickets repeat an earlier request is decided below.
            func decideLater(_ rowID: Int64, storedAs first: Int64?, storedBefore: Bool) {
                guard let key = form.requesterKey else { return }
                let entry = Duplicates.Entry(
                    rowID: rowID, requester: key, createdAt: ticket.createdAt, sketch: form.sketch,
                    duplicateOf: first)
                deciding.append((entry, storedBefore))
            }
            if try insert.run() == 1 {
                let rowID = insert.lastInsertedRowID
                indexNew.bind(1, rowID)
                indexNew.bind(2, ticket.subject)
                indexNew.bind(3, ticket.description)
                try indexNew.run()
                counts.inserted += 1
                decideLater(rowID, storedAs: nil, storedBefore: false)
                continue
            }
            switch try update(ticket, form, origin: batch.origin, position: position, now: now, db) {
            case .updated(let rowID, let first, let formerRequester):
                counts.updated += 1
                decideLater(rowID, storedAs: first, storedBefore: true)
                if let formerRequester, formerRequester != form.requesterKey { moved.insert(formerRequester) }
            case .keyAdded(let rowID, let first):
                counts.unchanged += 1
                decideLater(rowID, storedAs: first, storedBefore: true)
            case .unchanged:
                counts.unchanged += 1
            }
        }
        try markDuplicates(deciding, moved: moved, db)
        let keep = try db.cachedStatement(
            sql: """
                INSERT INTO reject (file, line, record, reason, raw, rejected_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        if batch.rejectsNotKept > 0, let file = batch.rejectsNotKeptFile {
            counts.read += batch.rejectsNotKept
            counts.rejected += batch.rejectsNotKept
            try db.execute(
                sql: """
                    INSERT INTO reject_overflow (origin, file, count) VALUES (?, ?, ?)
                    ON CONFLICT (origin, file) DO UPDATE SET count = count + excluded.count
                    """, arguments: [StoredOrigin.column(batch.origin), file, batch.rejectsNotKept])
        }
        for reject in batch.rejects {
            counts.read += 1
            counts.rejected += 1
            try keep.execute(arguments: [
                reject.location.file, reject.location.line, reject.location.record, reject.reason, reject.raw, now,
                StoredOrigin.column(batch.origin),
            ])
        }
        return counts
    }

    /// Decides which of these tickets repeat an earlier request of their requester and marks
    /// them (`RequesterMemory.decide`); `moved`: requester keys some stored ticket no longer
    /// holds. The requesters' tickets are read through `ticket_requester` and held in
    /// `requesterMemory` for the next batches, unless another connection writes meanwhile.
    private func markDuplicates(_ deciding: [RequesterMemory.Deciding], moved: Set<Int64>, _ db: Database) throws {
        guard !deciding.isEmpty || !moved.isEmpty else { return }
        let newInBatch = RequesterMemory.newInBatch(deciding)
        // Taken out, not copied: a held requester's arrays are then changed in place.
        let remembered = requesterMemory.withLock { memory in
            defer { memory = nil }
            return memory
        }
        var memory = try RequesterMemory.current(
            remembered, version: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0, newInBatch: newInBatch
        ) {
            var keys: [(key: Int64, tickets: Int)] = []
            try RawStatement(
                db, sql: "SELECT requester_key, count(*) FROM ticket WHERE requester_key IS NOT NULL GROUP BY 1"
            ).forEachRow { keys.append((key: $0.int64(0), tickets: Int($0.int64(1)))) }
            return keys
        }
        let all = try RawStatement(
            db, sql: "SELECT id, created_at, sketch, duplicate_of FROM ticket WHERE requester_key = ?")
        let repeats = try RawStatement(
            db, sql: "SELECT id, created_at, sketch, duplicate_of FROM ticket WHERE duplicate_of = ?")
        func rows(_ statement: RawStatement, _ values: [Int64], requester: (Int64) -> Int64) throws
            -> [Duplicates.Entry]
        {
            var found: [Duplicates.Entry] = []
            for value in values {
                statement.bind(1, value)
                try statement.forEachRow { row in
                    found.append(
                        Duplicates.Entry(
                            rowID: row.int64(0), requester: requester(value), createdAt: row.int64(1),
                            sketch: row.data(2).flatMap(Duplicates.Sketch.init(data:)),
                            duplicateOf: row.optionalInt64(3)))
                }
            }
            return found
        }
        let changes = try memory.decide(
            deciding, moved: moved, newInBatch: newInBatch,
            readRequesters: { try rows(all, $0) { $0 } },
            readRepeats: { try rows(repeats, $0) { _ in 0 } })
        requesterMemory.withLock { $0 = memory }
        let mark = try RawStatement(db, sql: "UPDATE ticket SET duplicate_of = ? WHERE id = ?")
        for change in changes {
            mark.bind(1, change.duplicateOf)
            mark.bind(2, change.rowID)
            try mark.run()
        }
    }

    /// What became of a ticket stored before.
    private enum Update {
        /// Nothing changed, or the stored version came from a later place in the same file (the
        /// later copy wins).
        case unchanged
        /// Its content changed and was stored; with the first ticket it was stored as repeating
        /// and the requester key it had.
        case updated(rowID: Int64, duplicateOf: Int64?, formerRequester: Int64?)
        /// Its content is the same, but it was stored before requesters were recognised
        /// (schema v10): its requester key and sketch are added, so it is decided like a new one.
        case keyAdded(rowID: Int64, duplicateOf: Int64?)
    }

    /// Updates a stored ticket whose content changed, or adds the requester key it lacks.
    private func update(
        _ ticket: TicketRecord, _ form: StoredForm, origin: Int64?, position: Int64, now: Int64, _ db: Database
    ) throws -> Update {
        let find = try db.cachedStatement(
            sql: """
                SELECT id, content_hash, text_hash, subject, description, origin_file, origin_position, duplicate_of,
                    requester_key
                FROM ticket WHERE source = ? AND external_id = ?
                """
        )
        guard let row = try Row.fetchOne(find, arguments: [ticket.source, ticket.externalID]) else {
            throw StoreError.inconsistent("ticket \(ticket.source)/\(ticket.externalID) conflicted but cannot be found")
        }
        let rowID: Int64 = row[0]
        guard row[1] as Int64 != form.contentHash else {
            guard row[8] as Int64? == nil, let key = form.requesterKey else { return .unchanged }
            try db.execute(
                sql: "UPDATE ticket SET requester_key = ?, sketch = ? WHERE id = ?",
                arguments: [key, form.sketch?.data, rowID])
            return .keyAdded(rowID: rowID, duplicateOf: row[7])
        }
        if let origin, row[5] as Int64? == origin, let stored = row[6] as Int64?, stored > position {
            return .unchanged
        }
        let textChanged = row[2] as Int64 != form.textHash
        try db.execute(
            sql: """
                UPDATE ticket SET created_at = ?, subject = ?, description = ?, requester_role = ?, province = ?,
                    channel = ?, status = ?, tags = ?, extra = ?, content_hash = ?, text_hash = ?,
                    needs_classification = needs_classification OR ?, updated_at = ?, origin_file = ?,
                    origin_position = ?, requester_key = ?, sketch = ?
                WHERE id = ?
                """,
            arguments: [
                ticket.createdAt, ticket.subject, ticket.description, ticket.requesterRole, ticket.province,
                ticket.channel, ticket.status, form.tagsJSON, form.extraJSON, form.contentHash, form.textHash,
                textChanged, now, origin, position, form.requesterKey, form.sketch?.data, rowID,
            ])
        if textChanged {
            try db.execute(
                sql: "INSERT INTO ticket_fts (ticket_fts, rowid, subject, description) VALUES ('delete', ?, ?, ?)",
                arguments: [rowID, row[3] as String, row[4] as String])
            try db.execute(
                sql: "INSERT INTO ticket_fts (rowid, subject, description) VALUES (?, ?, ?)",
                arguments: [rowID, ticket.subject, ticket.description])
        }
        return .updated(rowID: rowID, duplicateOf: row[7], formerRequester: row[8])
    }

    func forgetRejects(ofOrigin origin: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM reject WHERE origin = ?", arguments: [origin])
            try db.execute(sql: "DELETE FROM reject_overflow WHERE origin = ?", arguments: [origin])
        }
    }

    func rejectsNotKept() throws -> [(file: String, count: Int)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT file, sum(count) AS count FROM reject_overflow GROUP BY file ORDER BY file"
            )
            .map {
                ($0["file"], $0["count"])
            }
        }
    }

    func rejectCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: Self.rejectCount) ?? 0 }
    }

    /// Rejects kept and rejects only counted.
    static let rejectCount =
        "SELECT (SELECT count(*) FROM reject) + (SELECT coalesce(sum(count), 0) FROM reject_overflow)"

    func rejects(limit: Int) throws -> [RejectedRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reject ORDER BY file, line, id LIMIT ?", arguments: [limit]).map {
                row in
                RejectedRecord(
                    location: RecordLocation(file: row["file"], line: row["line"], record: row["record"]),
                    reason: row["reason"], raw: row["raw"])
            }
        }
    }
}

import Foundation
import GRDB
import SolusiKit

/// The whole store as records, to move it to another store.
extension SQLiteStore {
    func forEachRecord(_ body: (StoreRecord) throws -> Void) throws {
        try pool.read { db in
            for version in try Int.fetchAll(db, sql: "SELECT version FROM model ORDER BY version") {
                if let model = try Self.model(version: version, db) { try body(.model(model)) }
            }
            let tickets = try Row.fetchCursor(db, sql: "SELECT * FROM ticket ORDER BY id")
            while let row = try tickets.next() {
                try body(
                    .ticket(
                        StoredTicket(
                            ticket: Self.ticket(from: row), needsClassification: row["needs_classification"],
                            originFile: row["origin_file"], originPosition: row["origin_position"])))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM reject ORDER BY id") {
                try body(
                    .reject(
                        RejectedRecord(
                            location: RecordLocation(file: row["file"], line: row["line"], record: row["record"]),
                            reason: row["reason"], raw: row["raw"]), rejectedAt: row["rejected_at"],
                        origin: StoredOrigin.origin(row["origin"])))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM reject_overflow ORDER BY origin, file") {
                try body(
                    .rejectsNotKept(file: row["file"], origin: StoredOrigin.origin(row["origin"]), count: row["count"]))
            }
            for (table, current) in [("classification_log", false), ("classification", true)] {
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                while let row = try rows.next() {
                    try body(
                        .classification(
                            ticketRowID: row["ticket_id"],
                            ClassificationRecord(
                                verdict: Verdict(classifiedAs: row["issue"]), confidence: row["confidence"],
                                modelVersion: row["model_version"], classifiedAt: row["classified_at"]),
                            current: current))
                }
            }
            let labels = try Row.fetchCursor(db, sql: "SELECT * FROM label ORDER BY id")
            while let row = try labels.next() { try body(.label(Self.label(from: row))) }
            let marks = try Row.fetchCursor(db, sql: "SELECT * FROM notification ORDER BY ticket_id, issue")
            while let row = try marks.next() {
                try body(
                    .notification(
                        ticketRowID: row["ticket_id"], issue: row["issue"], file: row["file"],
                        notifiedAt: row["notified_at"]))
            }
        }
    }

    func load(_ records: [StoreRecord]) throws {
        // Written through the writer's own connection: `PRAGMA data_version` does not tell.
        requesterMemory.withLock { $0 = nil }
        try pool.write { db in
            for record in records {
                switch record {
                case .model(let model):
                    try Self.insert(model, db)
                case .ticket(let stored):
                    let r = stored.ticket.record
                    let form = StoredForm(r)
                    try db.execute(
                        sql: """
                            INSERT INTO ticket (id, source, external_id, created_at, subject, description, requester_role,
                                province, channel, status, tags, extra, content_hash, text_hash, needs_classification,
                                ingested_at, updated_at, origin_file, origin_position, requester_key, sketch, duplicate_of)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            stored.ticket.rowID, r.source, r.externalID, r.createdAt, r.subject, r.description,
                            r.requesterRole, r.province, r.channel, r.status, form.tagsJSON, form.extraJSON,
                            form.contentHash, form.textHash, stored.needsClassification, stored.ticket.ingestedAt,
                            stored.ticket.updatedAt, stored.originFile, stored.originPosition, form.requesterKey,
                            form.sketch?.data, stored.ticket.duplicateOf,
                        ])
                    try db.execute(
                        sql: "INSERT INTO ticket_fts (rowid, subject, description) VALUES (?, ?, ?)",
                        arguments: [stored.ticket.rowID, r.subject, r.description])
                case .reject(let reject, let at, let origin):
                    try db.execute(
                        sql: """
                            INSERT INTO reject (file, line, record, reason, raw, rejected_at, origin)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            reject.location.file, reject.location.line, reject.location.record, reject.reason,
                            reject.raw, at, StoredOrigin.column(origin),
                        ])
                case .rejectsNotKept(let file, let origin, let count):
                    try db.execute(
                        sql: "INSERT INTO reject_overflow (origin, file, count) VALUES (?, ?, ?)",
                        arguments: [StoredOrigin.column(origin), file, count])
                case .classification(let rowID, let c, let current):
                    try db.execute(
                        sql: """
                            INSERT INTO \(current ? "classification" : "classification_log")
                                (ticket_id, issue, confidence, model_version, classified_at) VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [rowID, c.verdict.issueID, c.confidence, c.modelVersion, c.classifiedAt])
                case .label(let label):
                    try Self.insert(label, db)
                case .notification(let rowID, let issue, let file, let at):
                    try db.execute(
                        sql: "INSERT INTO notification (ticket_id, issue, file, notified_at) VALUES (?, ?, ?, ?)",
                        arguments: [rowID, issue, file, at])
                }
            }
        }
    }

    func erase() throws {
        try pool.write { db in
            for table in [
                "claim", "notification", "label", "classification_log", "classification", "model", "reject",
                "reject_overflow", "search_term", "search_term_state", "ticket",
            ] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try db.execute(sql: "INSERT INTO ticket_fts (ticket_fts) VALUES ('delete-all')")
        }
        requesterMemory.withLock { $0 = nil }
    }
}

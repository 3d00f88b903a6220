import Foundation
import GRDB

/// Labels, the agent's queue, classification history and notifications.
extension SQLiteStore {
    /// The filter's condition on the `classification` row joined as `c`.
    private static func condition(_ filter: TriageFilter) -> (sql: String, arguments: StatementArguments) {
        switch filter {
        case .all: return ("", [])
        case .issue(let issue): return ("AND c.issue = ?", [issue])
        case .unknown: return ("AND c.ticket_id IS NOT NULL AND c.issue IS NULL", [])
        }
    }

    public func triageQueue(_ filter: TriageFilter, after cursor: Ticket?, limit: Int) throws -> [QueuedTicket] {
        let (condition, arguments) = Self.condition(filter)
        var sql = """
            SELECT ticket.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model,
                c.classified_at AS c_at
            FROM ticket LEFT JOIN classification c ON c.ticket_id = ticket.id
            WHERE NOT EXISTS (SELECT 1 FROM label WHERE label.ticket_id = ticket.id) \(condition)
            """
        var all = arguments
        if let cursor {
            sql += " AND (ticket.created_at, ticket.id) > (?, ?)"
            all += [cursor.record.createdAt, cursor.rowID]
        }
        sql += " ORDER BY ticket.created_at, ticket.id LIMIT ?"
        all += [limit]
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: all).map { row in
                QueuedTicket(ticket: Self.ticket(from: row), classification: Self.classification(from: row))
            }
        }
    }

    public func triageRemaining(_ filter: TriageFilter) throws -> Int {
        let (condition, arguments) = Self.condition(filter)
        return try pool.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM ticket LEFT JOIN classification c ON c.ticket_id = ticket.id
                    WHERE NOT EXISTS (SELECT 1 FROM label WHERE label.ticket_id = ticket.id) \(condition)
                    """, arguments: arguments) ?? 0
        }
    }

    public func addLabel(_ label: Label) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO label (ticket_id, issue, action, agent, note, labeled_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    label.ticketRowID, label.issue, label.action.rawValue, label.agent, label.note, label.labeledAt,
                ])
        }
    }

    public func labels(ofTicket rowID: Int64) throws -> [Label] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM label WHERE ticket_id = ? ORDER BY id", arguments: [rowID]).map {
                Label(
                    ticketRowID: $0["ticket_id"], issue: $0["issue"],
                    action: Label.Action(rawValue: $0["action"]) ?? .relabel, agent: $0["agent"], note: $0["note"],
                    labeledAt: $0["labeled_at"])
            }
        }
    }

    /// Each labelled ticket's text with its latest label (`other` when none of the known issues).
    public func labeledExamples() throws -> [TrainingExample] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ticket.subject, ticket.description, label.issue FROM label
                    JOIN ticket ON ticket.id = label.ticket_id
                    WHERE label.id = (SELECT max(id) FROM label AS newer WHERE newer.ticket_id = label.ticket_id)
                    ORDER BY label.id
                    """
            ).map {
                TrainingExample(
                    text: ($0[0] as String) + "\n" + ($0[1] as String),
                    issue: ($0[2] as String?) ?? TrainingExample.outOfScope)
            }
        }
    }

    /// Every classification the ticket had, oldest first (the current one last).
    public func classificationHistory(ofTicket rowID: Int64) throws -> [ClassificationRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT issue, confidence, model_version, classified_at FROM (
                        SELECT rowid AS n, 0 AS current, * FROM classification_log WHERE ticket_id = ?
                        UNION ALL
                        SELECT 0 AS n, 1 AS current, ticket_id, issue, confidence, model_version, classified_at
                        FROM classification WHERE ticket_id = ?)
                    ORDER BY current, n
                    """, arguments: [rowID, rowID]
            ).map {
                ClassificationRecord(
                    issue: $0["issue"], confidence: $0["confidence"], modelVersion: $0["model_version"],
                    classifiedAt: $0["classified_at"])
            }
        }
    }

    /// Claims the open tickets (the help desk has not closed them) whose issue is this one — the
    /// latest label when an agent gave one, else the classification — and, without `again`, not
    /// notified about it yet; oldest first. All in one write transaction: each ticket goes to
    /// `each`, then `complete` runs (the file is put in place), then they are marked notified.
    /// When anything throws nothing is marked; a run at the same time waits, then finds them marked.
    public func notify(
        issue: String, again: Bool, file: String, each: (Ticket) throws -> Void, complete: () throws -> Void
    ) throws -> Int {
        let closed = Self.closedStatuses.map { "'\($0)'" }.joined(separator: ",")
        let notYet = "AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.ticket_id = t.id AND n.issue = ?)"
        let now = Int64(Date().timeIntervalSince1970)
        return try pool.writeWithoutTransaction { db in
            var claimed: [Int64] = []
            try db.inTransaction(.immediate) {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        WITH \(Self.latestLabels)
                        SELECT t.* FROM ticket t
                        LEFT JOIN classification c ON c.ticket_id = t.id
                        LEFT JOIN latest_label l ON l.ticket_id = t.id
                        WHERE (CASE WHEN l.ticket_id IS NOT NULL THEN l.issue ELSE c.issue END) = ?
                            AND lower(trim(coalesce(t.status, ''))) NOT IN (\(closed)) \(again ? "" : notYet)
                        ORDER BY t.created_at, t.id
                        """, arguments: again ? [issue] : [issue, issue])
                while let row = try rows.next() {
                    let ticket = Self.ticket(from: row)
                    try each(ticket)
                    claimed.append(ticket.rowID)
                }
                try complete()
                let mark = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO notification (ticket_id, issue, file, notified_at) VALUES (?, ?, ?, ?)"
                )
                for rowID in claimed { try mark.execute(arguments: [rowID, issue, file, now]) }
                return .commit
            }
            return claimed.count
        }
    }

    /// Help-desk statuses of tickets that need no reply any more (Zendesk, Freshdesk, Indonesian).
    static let closedStatuses = ["closed", "solved", "resolved", "selesai", "ditutup", "tutup", "terselesaikan"]

}

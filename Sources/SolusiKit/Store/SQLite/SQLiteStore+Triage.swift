import GRDB

/// Labels, the agent's queue and notification claims.
extension SQLiteStore {
    /// The filter's condition on the `classification` row joined as `c`.
    private static func condition(_ filter: TriageFilter) -> (sql: String, arguments: StatementArguments) {
        switch filter {
        case .all: return ("", [])
        case .issue(let issue): return ("AND c.issue = ?", [issue])
        case .unknown: return ("AND c.ticket_id IS NOT NULL AND c.issue IS NULL", [])
        }
    }

    func triageQueue(_ filter: TriageFilter, after cursor: Ticket?, limit: Int) throws -> [QueuedTicket] {
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

    func triageRemaining(_ filter: TriageFilter) throws -> Int {
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

    func addLabel(_ label: Label) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO label (ticket_id, issue, action, agent, note, labeled_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    label.ticketRowID, label.verdict.issueID, label.action.rawValue, label.agent, label.note,
                    label.labeledAt,
                ])
        }
    }

    func labels(ofTicket rowID: Int64) throws -> [Label] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM label WHERE ticket_id = ? ORDER BY id", arguments: [rowID]).map {
                Label(
                    ticketRowID: $0["ticket_id"], verdict: Verdict(labelledAs: $0["issue"]),
                    action: Label.Action(rawValue: $0["action"]) ?? .relabel, agent: $0["agent"], note: $0["note"],
                    labeledAt: $0["labeled_at"])
            }
        }
    }

    /// Each labelled ticket's text with its latest label (`other` when none of the known issues).
    func labeledExamples() throws -> [TrainingExample] {
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
                    text: TicketRecord.text(subject: $0[0], description: $0[1]),
                    issue: Verdict(labelledAs: $0[2]).labelText)
            }
        }
    }

    /// The candidates are read and claimed in one IMMEDIATE transaction: a run at the same time
    /// waits, then finds them marked.
    func claimForNotification(
        issue: String, again: Bool, file: String, isWanted: (TicketFacts) -> Bool,
        each: (Ticket) throws -> Void, complete: () throws -> Void
    ) throws -> Int {
        let notYet = "AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.ticket_id = t.id AND n.issue = ?)"
        let now = clock.now
        return try pool.writeWithoutTransaction { db in
            var claimed: [Int64] = []
            try db.inTransaction(.immediate) {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        WITH \(Self.latestLabels)
                        SELECT t.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model,
                            c.classified_at AS c_at, l.ticket_id AS l_ticket, l.issue AS l_issue
                        FROM ticket t
                        LEFT JOIN classification c ON c.ticket_id = t.id
                        LEFT JOIN latest_label l ON l.ticket_id = t.id
                        WHERE (c.issue = ? OR l.issue = ?) \(again ? "" : notYet)
                        ORDER BY t.created_at, t.id
                        """, arguments: again ? [issue, issue] : [issue, issue, issue])
                while let row = try rows.next() {
                    let facts = TicketFacts(
                        ticket: Self.ticket(from: row), classification: Self.classification(from: row),
                        label: Self.labelVerdict(from: row))
                    guard isWanted(facts) else { continue }
                    try each(facts.ticket)
                    claimed.append(facts.ticket.rowID)
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
}

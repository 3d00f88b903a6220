import GRDB
import SolusiKit

/// Labels, the agent's queue and notification claims.
extension SQLiteStore {
    /// The filter's condition on the ticket `t` and the `classification` row joined as `c`.
    private static func condition(_ filter: TriageFilter) -> (sql: String, arguments: StatementArguments) {
        let open = filter.includeClosed ? "" : "AND \(HelpDeskStatus.openConditionOfT) "
        switch filter.scope {
        case .all: return (open, [])
        case .issue(let issue): return (open + "AND c.issue = ?", [issue])
        case .unknown: return (open + "AND c.ticket_id IS NOT NULL AND c.issue IS NULL", [])
        }
    }

    /// The index that walks the filter's queue in date order.
    private static func queueIndex(_ filter: TriageFilter) -> String {
        filter.includeClosed ? "ticket_queue" : "ticket_open_queue"
    }

    /// In one IMMEDIATE transaction: the agent's own live claim first, else the oldest ticket
    /// nobody labelled and no other agent holds, which is then claimed.
    func claimNext(_ filter: TriageFilter, agent: String, after cursor: Ticket?, until expires: Int64) async throws
        -> QueuedTicket?
    {
        let now = clock.now
        let columns = """
            t.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model, c.classified_at AS c_at
            """
        try await makeQueueIndex()
        return try await pool.writeWithoutTransaction { db in
            let (condition, arguments) = Self.condition(filter)
            let (after, afterArguments) = Self.after(cursor)
            var found: QueuedTicket?
            try db.inTransaction(.immediate) {
                let mine = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(columns) FROM claim k JOIN ticket t ON t.id = k.ticket_id
                        LEFT JOIN classification c ON c.ticket_id = t.id
                        WHERE k.agent = ? AND k.expires_at > ? AND t.labeled = 0 \(condition) \(after)
                        ORDER BY t.created_at, t.id LIMIT 1
                        """, arguments: [agent, now] + arguments + afterArguments)
                let row =
                    try mine
                    ?? Row.fetchOne(
                        db,
                        sql: """
                            SELECT \(columns) FROM ticket t INDEXED BY \(Self.queueIndex(filter))
                            LEFT JOIN classification c ON c.ticket_id = t.id
                            WHERE t.labeled = 0 \(condition) \(after)
                                AND NOT EXISTS (SELECT 1 FROM claim k WHERE k.ticket_id = t.id AND k.expires_at > ?)
                            ORDER BY t.created_at, t.id LIMIT 1
                            """, arguments: arguments + afterArguments + [now])
                if let row {
                    let queued = QueuedTicket(
                        ticket: Self.ticket(from: row), classification: Self.classification(from: row))
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO claim (ticket_id, agent, expires_at) VALUES (?, ?, ?)",
                        arguments: [queued.ticket.rowID, agent, expires])
                    found = queued
                }
                return .commit
            }
            return found
        }
    }

    /// The condition "after this ticket" in queue order (none without a cursor).
    private static func after(_ cursor: Ticket?) -> (String, StatementArguments) {
        guard let cursor else { return ("", []) }
        return ("AND (t.created_at, t.id) > (?, ?)", [cursor.record.createdAt, cursor.rowID])
    }

    /// The queue's indexes, made the first time an agent asks for the queue rather than by a
    /// migration: a first bulk load of a help desk's history then goes in without them (a
    /// million tickets load about a third faster), and building them afterwards takes about a
    /// second. The open tickets' index serves the default queue, which would otherwise step
    /// over every closed ticket older than the first open one.
    static let queueIndexes = [
        "CREATE INDEX IF NOT EXISTS ticket_queue ON ticket (created_at, id) WHERE labeled = 0",
        "CREATE INDEX IF NOT EXISTS ticket_open_queue ON ticket (created_at, id) WHERE labeled = 0 AND \(HelpDeskStatus.openCondition)",
    ]

    /// Makes sure of `queueIndexes`, once per process: after that, reading the queue needs no
    /// turn on the writer.
    private func makeQueueIndex() async throws {
        guard !queueIndexMade.withLock({ $0 }) else { return }
        try await pool.writeWithoutTransaction { db in
            for index in Self.queueIndexes { try db.execute(sql: index) }
        }
        queueIndexMade.withLock { $0 = true }
    }

    func queue(_ filter: TriageFilter, heldBy agent: String?, after cursor: Ticket?, limit: Int) async throws
        -> [QueuedTicket]
    {
        let now = clock.now
        try await makeQueueIndex()
        return try await pool.read { db in
            let (condition, arguments) = Self.condition(filter)
            let (after, afterArguments) = Self.after(cursor)
            let sql =
                agent == nil
                ? """
                SELECT \(Self.queueColumns) FROM ticket t INDEXED BY \(Self.queueIndex(filter))
                LEFT JOIN classification c ON c.ticket_id = t.id
                LEFT JOIN claim k ON k.ticket_id = t.id AND k.expires_at > ?
                WHERE t.labeled = 0 \(condition) \(after) ORDER BY t.created_at, t.id LIMIT ?
                """
                : """
                SELECT \(Self.queueColumns) FROM claim k JOIN ticket t ON t.id = k.ticket_id
                LEFT JOIN classification c ON c.ticket_id = t.id
                WHERE k.expires_at > ? AND k.agent = ? AND t.labeled = 0 \(condition) \(after)
                ORDER BY t.created_at, t.id LIMIT ?
                """
            let heldBy: StatementArguments = agent.map { [$0] } ?? []
            return try Row.fetchAll(
                db, sql: sql, arguments: [now] + heldBy + arguments + afterArguments + [limit]
            ).map(Self.queued(from:))
        }
    }

    func queuedTicket(rowID: Int64) async throws -> QueuedTicket? {
        let now = clock.now
        return try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Self.queueColumns) FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id
                    LEFT JOIN claim k ON k.ticket_id = t.id AND k.expires_at > ? WHERE t.id = ?
                    """, arguments: [now, rowID]
            ).map(Self.queued(from:))
        }
    }

    private static let queueColumns = """
        t.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model, c.classified_at AS c_at,
        k.agent AS k_agent, k.expires_at AS k_until
        """

    private static func queued(from row: Row) -> QueuedTicket {
        let holder: String? = row["k_agent"]
        return QueuedTicket(
            ticket: ticket(from: row), classification: classification(from: row),
            claim: holder.map { Claim(agent: $0, until: row["k_until"]) })
    }

    func release(ticketRowID: Int64, agent: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM claim WHERE ticket_id = ? AND agent = ?", arguments: [ticketRowID, agent])
            return db.changesCount > 0
        }
    }

    func triageRemaining(_ filter: TriageFilter) async throws -> Int {
        try await makeQueueIndex()
        return try await pool.read { db in
            let (condition, arguments) = Self.condition(filter)
            return try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM ticket t LEFT JOIN classification c ON c.ticket_id = t.id
                    WHERE t.labeled = 0 \(condition)
                    """, arguments: arguments) ?? 0
        }
    }

    func addLabel(_ label: Label, onlyIfUnanswered: Bool) async throws {
        try await pool.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE id = ?", arguments: [label.ticketRowID]) == true
            else { throw NoSuchTicket(rowID: label.ticketRowID) }
            let holder = try Row.fetchOne(
                db, sql: "SELECT agent, expires_at FROM claim WHERE ticket_id = ? AND agent <> ? AND expires_at > ?",
                arguments: [label.ticketRowID, label.agent, label.labeledAt])
            if let holder { throw HeldByAnotherAgent(agent: holder["agent"], until: holder["expires_at"]) }
            if onlyIfUnanswered,
                let other = try String.fetchOne(
                    db, sql: Self.answeredByAnother, arguments: [label.ticketRowID, label.agent, label.ticketRowID])
            {
                throw LabelledByAnotherAgent(agent: other)
            }
            try Self.insert(label, db)
        }
    }

    /// Another agent who labelled the ticket since its last undo, if any.
    static let answeredByAnother = """
        SELECT agent FROM label WHERE ticket_id = ? AND agent <> ? AND action <> 'undo'
            AND id > coalesce((SELECT max(id) FROM label WHERE ticket_id = ? AND action = 'undo'), 0)
        ORDER BY id DESC LIMIT 1
        """

    /// Records a label: off the queue (an undo: back in it), and whoever held the ticket holds
    /// it no longer.
    static func insert(_ label: Label, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO label (ticket_id, issue, action, agent, note, labeled_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                label.ticketRowID, label.verdict.issueID, label.action.rawValue, label.agent, label.note,
                label.labeledAt,
            ])
        try db.execute(
            sql: "UPDATE ticket SET labeled = ? WHERE id = ?", arguments: [label.action != .undo, label.ticketRowID])
        try db.execute(sql: "DELETE FROM claim WHERE ticket_id = ?", arguments: [label.ticketRowID])
    }

    func labels(ofTicket rowID: Int64) async throws -> [Label] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM label WHERE ticket_id = ? ORDER BY id", arguments: [rowID]).map(
                Self.label(from:))
        }
    }

    static func label(from row: Row) -> Label {
        Label(
            ticketRowID: row["ticket_id"], verdict: Verdict(labelledAs: row["issue"]),
            action: Label.Action(rawValue: row["action"]) ?? .relabel, agent: row["agent"], note: row["note"],
            labeledAt: row["labeled_at"])
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
                        AND label.action <> 'undo'
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
        issue: String, again: Bool, file: String, choose: (TicketFacts) -> NotificationChoice,
        each: (Ticket, NotificationChoice) throws -> Void, complete: () throws -> Void
    ) throws -> Int {
        let notYet = "AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.ticket_id = t.id AND n.issue = ?)"
        let now = clock.now
        return try pool.writeWithoutTransaction { db in
            var claimed: [Int64] = []
            try db.inTransaction(.immediate) {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        \(Self.facts)
                        WHERE (c.issue = ? OR l.issue = ?) \(again ? "" : notYet)
                        ORDER BY t.created_at, t.id
                        """, arguments: again ? [issue, issue] : [issue, issue, issue])
                while let row = try rows.next() {
                    let facts = Self.facts(from: row)
                    let choice = choose(facts)
                    guard choice != .skip else { continue }
                    try each(facts.ticket, choice)
                    if choice == .send { claimed.append(facts.ticket.rowID) }
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

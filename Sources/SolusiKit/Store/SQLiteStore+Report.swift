import GRDB

/// The rows the report and the exports stream through.
extension SQLiteStore {
    /// The latest label of each labelled ticket, as a table to join.
    static let latestLabels = """
        latest_label AS (
            SELECT ticket_id, issue FROM label WHERE id IN (SELECT max(id) FROM label GROUP BY ticket_id))
        """

    /// The condition on `t.created_at` for [`start`, `end`), either bound open when nil.
    static func created(from start: Int64?, before end: Int64?) -> (conditions: [String], arguments: StatementArguments)
    {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let start {
            conditions.append("t.created_at >= ?")
            arguments += [start]
        }
        if let end {
            conditions.append("t.created_at < ?")
            arguments += [end]
        }
        return (conditions, arguments)
    }

    /// The classification joined as `c_issue`, `c_confidence`, `c_model`, `c_at`; nil when none.
    static func classification(from row: Row) -> ClassificationRecord? {
        guard row["c_model"] != nil else { return nil }
        return ClassificationRecord(
            issue: row["c_issue"], confidence: row["c_confidence"], modelVersion: row["c_model"],
            classifiedAt: row["c_at"])
    }

    public func forEachReportRow(from start: Int64?, before end: Int64?, _ body: (ReportRow) throws -> Void) throws {
        let (conditions, arguments) = Self.created(from: start, before: end)
        let sql = """
            WITH \(Self.latestLabels)
            SELECT t.id, t.created_at, t.requester_role, t.province, t.channel,
                (l.ticket_id IS NOT NULL OR c.ticket_id IS NOT NULL) AS classified,
                CASE WHEN l.ticket_id IS NOT NULL THEN l.issue ELSE c.issue END AS issue
            FROM ticket t
            LEFT JOIN classification c ON c.ticket_id = t.id
            LEFT JOIN latest_label l ON l.ticket_id = t.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            """
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(
                    ReportRow(
                        rowID: row[0], createdAt: row[1], issue: row[6], classified: row[5], role: row[2],
                        province: row[3], channel: row[4]))
            }
        }
    }

    public func tickets(rowIDs: [Int64]) throws -> [Ticket] {
        guard !rowIDs.isEmpty else { return [] }
        return try pool.read { db in
            let found = try Row.fetchAll(
                db, sql: "SELECT * FROM ticket WHERE id IN (\(rowIDs.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(rowIDs)
            ).map(Self.ticket(from:))
            let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.rowID, $0) })
            return rowIDs.compactMap { byID[$0] }
        }
    }
}

/// A stored ticket with what is known about it, for exports.
public struct ExportRow: Sendable {
    public var ticket: Ticket
    /// The classification, if the ticket was classified.
    public var classification: ClassificationRecord?
    /// The agent's latest label: nil when none; `.some(nil)` for "other".
    public var label: String??
}

extension SQLiteStore {
    public func forEachExportRow(from start: Int64?, before end: Int64?, _ body: (ExportRow) throws -> Void) throws {
        let (conditions, arguments) = Self.created(from: start, before: end)
        let sql = """
            WITH \(Self.latestLabels)
            SELECT t.*, c.issue AS c_issue, c.confidence AS c_confidence, c.model_version AS c_model,
                c.classified_at AS c_at, l.ticket_id AS l_ticket, l.issue AS l_issue
            FROM ticket t
            LEFT JOIN classification c ON c.ticket_id = t.id
            LEFT JOIN latest_label l ON l.ticket_id = t.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY t.created_at, t.id
            """
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let label: String?? = row["l_ticket"] == nil ? nil : .some(row["l_issue"])
                try body(
                    ExportRow(
                        ticket: Self.ticket(from: row), classification: Self.classification(from: row), label: label))
            }
        }
    }
}

extension SQLiteStore {
    public func forEachUnknownTicket(from start: Int64?, before end: Int64?, _ body: (UnknownTicket) throws -> Void)
        throws
    {
        var (conditions, arguments) = Self.created(from: start, before: end)
        conditions.insert("(CASE WHEN l.ticket_id IS NOT NULL THEN l.issue IS NULL ELSE c.issue IS NULL END)", at: 0)
        let sql = """
            WITH \(Self.latestLabels)
            SELECT t.id, t.created_at, t.subject, t.description, t.requester_role
            FROM ticket t
            LEFT JOIN classification c ON c.ticket_id = t.id
            LEFT JOIN latest_label l ON l.ticket_id = t.id
            WHERE (c.ticket_id IS NOT NULL OR l.ticket_id IS NOT NULL) AND \(conditions.joined(separator: " AND "))
            ORDER BY t.created_at, t.id
            """
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(
                    UnknownTicket(
                        rowID: row[0], createdAt: row[1], text: (row[2] as String) + "\n" + (row[3] as String),
                        role: row[4]))
            }
        }
    }
}

import GRDB
import SolusiKit

/// The streams the report, trends, exports and clusters read: every ticket of a period with its
/// classification and latest label, one row at a time.
extension SQLiteStore {
    func forEachOutline(from start: Int64?, before end: Int64?, _ body: (TicketOutline) throws -> Void) throws {
        let (conditions, arguments) = Self.created(from: start, before: end)
        let sql = """
            WITH \(Self.latestLabels)
            SELECT t.id, t.created_at, t.requester_role, t.province, t.channel, c.ticket_id, c.issue,
                l.ticket_id, l.issue, t.requester_key
            FROM ticket t
            LEFT JOIN classification c ON c.ticket_id = t.id
            LEFT JOIN latest_label l ON l.ticket_id = t.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            """
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(
                    TicketOutline(
                        rowID: row[0], createdAt: row[1], role: row[2], province: row[3], channel: row[4],
                        classification: row[5] == nil ? nil : Verdict(classifiedAs: row[6]),
                        label: row[7] == nil ? nil : Verdict(labelledAs: row[8]), requester: row[9]))
            }
        }
    }

    func forEachTicket(from start: Int64?, before end: Int64?, _ body: (TicketFacts) throws -> Void) throws {
        let (conditions, arguments) = Self.created(from: start, before: end)
        let sql = """
            \(Self.facts)
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY t.created_at, t.id
            """
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(Self.facts(from: row))
            }
        }
    }
}

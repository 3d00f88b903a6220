import GRDB
import SolusiKit

/// Counts and reading tickets.
extension SQLiteStore {
    func counts() async throws -> StoreCounts {
        try await pool.read { db in
            StoreCounts(
                tickets: try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket") ?? 0,
                rejected: try Int.fetchOne(db, sql: Self.rejectCount) ?? 0,
                classified: try Int.fetchOne(db, sql: "SELECT count(*) FROM classification") ?? 0,
                unknown: try Int.fetchOne(db, sql: "SELECT count(*) FROM classification WHERE issue IS NULL") ?? 0,
                labeled: try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Label.standingSQL))") ?? 0,
                duplicates: try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket WHERE duplicate_of IS NOT NULL") ?? 0
            )
        }
    }

    func tickets(limit: Int, offset: Int) async throws -> [Ticket] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ticket ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: [limit, offset]
            ).map(Self.ticket(from:))
        }
    }

    func tickets(externalID: String) async throws -> [Ticket] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ticket WHERE external_id = ? ORDER BY source", arguments: [externalID]
            )
            .map(Self.ticket(from:))
        }
    }

    func tally(by dimension: TicketDimension) throws -> [Tally] {
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

    func tickets(rowIDs: [Int64]) throws -> [Ticket] {
        guard !rowIDs.isEmpty else { return [] }
        return try pool.read { db in
            // A statement's size never grows with the data: ids go in a page at a time, well
            // under SQLite's limit on variables (32,766 in its default build).
            var byID: [Int64: Ticket] = [:]
            for start in stride(from: 0, to: rowIDs.count, by: Self.idsPerStatement) {
                let page = rowIDs[start..<min(start + Self.idsPerStatement, rowIDs.count)]
                for row in try Row.fetchAll(
                    db, sql: "SELECT * FROM ticket WHERE id IN (\(page.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(Array(page)))
                {
                    let ticket = Self.ticket(from: row)
                    byID[ticket.rowID] = ticket
                }
            }
            return rowIDs.compactMap { byID[$0] }
        }
    }

    /// Ids bound in one statement.
    static let idsPerStatement = 500
}

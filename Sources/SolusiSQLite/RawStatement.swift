import Foundation
import GRDB
import GRDBSQLite
import SolusiKit

/// A cached statement bound and stepped through SQLite's C API.
///
/// For ingest's work per ticket only (the bulk insert, and the probe for a requester's earlier
/// tickets): building GRDB's argument arrays and rows cost more than SQLite's own work when a
/// million tickets go through. Everything else uses GRDB as usual.
struct RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    /// SQLite copies the bytes before the call returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection!
    }

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
                }
            } else {
                sqlite3_bind_text(handle, index, "", 0, nil)
            }
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ data: Data?) {
        guard let data else {
            sqlite3_bind_null(handle, index)
            return
        }
        data.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement; returns how many rows it changed.
    @discardableResult
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
        return Int(sqlite3_changes(connection))
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Runs the statement and hands each row to `body`; the row is valid only during the call.
    func forEachRow(_ body: (Row) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            try body(Row(handle: handle))
        }
    }

    /// What a step that failed with `code` says, as GRDB reports it.
    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }

    /// The current row of a statement being stepped.
    struct Row {
        fileprivate let handle: OpaquePointer

        /// A column's integer; 0 for NULL.
        func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

        /// A column's integer, nil for NULL.
        func optionalInt64(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }

        /// A column's bytes, nil for NULL.
        func data(_ column: Int32) -> Data? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return Data() }
            return Data(bytes: bytes, count: count)
        }
    }
}

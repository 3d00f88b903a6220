import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the server, used synchronously: `TicketStore` is a synchronous protocol,
/// so every query waits for its answer on the calling thread while SwiftNIO's event loop does
/// the work. One caller at a time (a recursive lock: a transaction's body runs queries too).
final class PostgresSession: @unchecked Sendable {
    private let connection: PostgresConnection
    private let lock = NSRecursiveLock()
    private let logger: Logger
    /// The database, as messages show it.
    let name: String

    init(_ location: PostgresLocation) throws {
        name = location.description
        var logger = Logger(label: "solusi.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        switch location.tls {
        case .disable:
            tls = .disable
        case .prefer, .require, .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            if location.tls != .verifyFull { configuration.certificateVerification = .none }
            let context = try NIOSSLContext(configuration: configuration)
            tls = location.tls == .prefer ? .prefer(context) : .require(context)
        }
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError.cannotConnect(location.description, reason: Self.reason(error))
        }
    }

    deinit { try? connection.close().wait() }

    /// The server's own words for a failure (never the query's parameters).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return error.code.description
        }
        return String(describing: error)
    }

    /// Runs a query; all its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try result(query).rows
    }

    /// Runs a statement; how many rows it changed.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> Int {
        try result(query).metadata.rows ?? 0
    }

    private func result(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try lock.withLock {
            do {
                return try connection.query(query, logger: logger).wait()
            } catch {
                throw PostgresStoreError.queryFailed(Self.reason(error))
            }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock {
            try run("BEGIN")
            do {
                let value = try body()
                try run("COMMIT")
                return value
            } catch {
                _ = try? run("ROLLBACK")
                throw error
            }
        }
    }

    /// Streams the rows of a query a page at a time through a cursor, in one transaction, so
    /// memory does not grow with their number.
    func forEachRow(_ query: PostgresQuery, pageSize: Int = 2_000, _ body: (PostgresRow) throws -> Void) throws {
        try transaction {
            var declare = query
            declare.sql = "DECLARE solusi_rows NO SCROLL CURSOR FOR " + query.sql
            try run(declare)
            while true {
                let page = try rows(PostgresQuery(unsafeSQL: "FETCH \(pageSize) FROM solusi_rows"))
                for row in page { try body(row) }
                if page.count < pageSize { break }
            }
            try run("CLOSE solusi_rows")
        }
    }

    /// `COPY table (columns) FROM STDIN` with rows already in COPY's text format.
    func copy(into table: String, columns: [String], text: String) throws {
        let connection = connection
        let logger = logger
        let data = ByteBuffer(string: text)
        try lock.withLock {
            // The driver's COPY is async. It runs on a queue of its own, never on Swift's shared
            // pool: the caller may be a pool thread waiting here, and the pool may have no other.
            let done = DispatchSemaphore(value: 0)
            let outcome = Outcome()
            Task(executorPreference: Self.copyExecutor) {
                do {
                    try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                        try await writer.write(data)
                    }
                } catch {
                    outcome.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw PostgresStoreError.queryFailed(Self.reason(error)) }
        }
    }
}

/// How an async operation ended, read after waiting for it.
private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}

/// Runs tasks on a dispatch queue of its own instead of Swift's shared pool.
final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "solusi.postgres.copy", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension PostgresSession {
    static let copyExecutor = QueueExecutor()
}

extension PostgresRandomAccessRow {
    /// A column by name.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to the server, used synchronously: `TicketStore` is a synchronous protocol,
/// so every query waits for its answer on the calling thread while SwiftNIO's event loop does
/// the work. One caller at a time (a recursive lock: a transaction's body runs queries too).
///
/// A server that dies mid-query closes the connection, but the driver does not always fail the
/// query waiting on it; so the session watches the connection itself, and when it closes, fails
/// whatever is waiting and every query after it.
final class PostgresSession: @unchecked Sendable {
    private let connection: PostgresConnection
    private let lock = NSRecursiveLock()
    /// Whether the connection has closed, and how to fail the operation waiting now (if any).
    private let watch = Mutex<(closed: Bool, waiting: (@Sendable (any Error) -> Void)?)>((false, nil))
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
        case .prefer, .require, .verifyCA, .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            // libpq's meanings: verify-full checks the authority and the host name, verify-ca the
            // authority only; require checks nothing unless a root certificate is named.
            let root = location.rootCertificate.flatMap { $0 == "system" ? nil : $0 }
            switch location.tls {
            case .verifyFull: configuration.certificateVerification = .fullVerification
            case .verifyCA: configuration.certificateVerification = .noHostnameVerification
            case .require where root != nil: configuration.certificateVerification = .noHostnameVerification
            default: configuration.certificateVerification = .none
            }
            if let root, configuration.certificateVerification != .none {
                guard FileManager.default.isReadableFile(atPath: root) else {
                    throw PostgresStoreError.cannotConnect(
                        location.description, reason: "berkas sertifikat akar \(root) tidak ada atau tidak dapat dibaca"
                    )
                }
                configuration.trustRoots = .file(root)
            }
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                throw PostgresStoreError.cannotConnect(location.description, reason: Self.reason(error))
            }
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
        let name = name
        connection.closeFuture.whenComplete { [weak self] _ in
            let waiting = self?.watch.withLock { state in
                state.closed = true
                defer { state.waiting = nil }
                return state.waiting
            }
            waiting??(PostgresStoreError.connectionLost(name))
        }
    }

    /// Waits for an operation that `fail` can end early, failing it at once when the connection
    /// is (or becomes) closed.
    private func waitWatched<T>(fail: @escaping @Sendable (any Error) -> Void, _ wait: () throws -> T) throws -> T {
        let closed = watch.withLock { state in
            state.waiting = fail
            return state.closed
        }
        defer { watch.withLock { $0.waiting = nil } }
        if closed {
            let error = PostgresStoreError.connectionLost(name)
            fail(error)
            throw error
        }
        return try wait()
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

    /// What a failed operation tells the user: a lost connection as such, else the server's words.
    private func failure(_ error: any Error) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PSQLError, error.serverInfo?[.message] == nil,
            [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
        {
            return .connectionLost(name)
        }
        return .queryFailed(Self.reason(error))
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
            let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
            return try waitWatched(fail: { promise.fail($0) }) {
                connection.query(query, logger: logger).cascade(to: promise)
                do {
                    return try promise.futureResult.wait()
                } catch {
                    throw failure(error)
                }
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
            try waitWatched(fail: { outcome.end($0, done) }) {
                Task(executorPreference: Self.copyExecutor) {
                    do {
                        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                            try await writer.write(data)
                        }
                        outcome.end(nil, done)
                    } catch {
                        outcome.end(error, done)
                    }
                }
                done.wait()
            }
            if let error = outcome.error { throw failure(error) }
        }
    }
}

/// How an async operation ended, read after waiting for it: the first ending counts.
private final class Outcome: Sendable {
    private let state = Mutex<(ended: Bool, error: (any Error)?)>((false, nil))

    var error: (any Error)? { state.withLock { $0.error } }

    /// Ends the operation (nil: it succeeded) and wakes the waiter, unless it has ended already.
    func end(_ error: (any Error)?, _ done: DispatchSemaphore) {
        let first = state.withLock { state in
            defer { state = (true, state.error ?? error) }
            return !state.ended
        }
        if first { done.signal() }
    }
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

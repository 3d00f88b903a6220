import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The store's connections to the server.
///
/// Batch work (ingest, reports, training) is synchronous: it runs on `link`, opened at once,
/// one caller at a time (a recursive lock: a transaction's body runs queries too), each query
/// waiting for its answer on the calling thread while SwiftNIO's event loop does the work.
/// The roles a web request plays are `async`: they run on a small pool of other connections
/// (`asyncConnections`), each opened the first time it is needed and used by one caller at a
/// time, callers let in in the order they came (`AsyncSlots`); no thread waits. A long batch
/// never holds up an agent's request, and a console's agents do not queue behind one connection.
final class PostgresSession: @unchecked Sendable {
    private let location: PostgresLocation
    private let tls: PostgresConnection.Configuration.TLS
    private let logger: Logger
    /// The connection of the synchronous calls.
    private let link: PostgresLink
    private let lock = NSRecursiveLock()
    /// The connections of the async calls, each once opened.
    private let asyncLinks = Mutex<[PostgresLink?]>(Array(repeating: nil, count: PostgresSession.asyncConnections))
    private let asyncSlots = AsyncSlots(PostgresSession.asyncConnections)
    /// How many connections the async calls share: enough for a console's requests to overlap
    /// their round trips, few enough for a small server (PostgreSQL's default allows 100).
    static let asyncConnections = 4
    /// The database, as messages show it.
    let name: String

    init(_ location: PostgresLocation) throws {
        name = location.description
        var logger = Logger(label: "solusi.postgres")
        logger.logLevel = .critical
        self.logger = logger
        self.location = location
        tls = try Self.tls(location)
        do {
            link = PostgresLink(
                try Self.connect(location, tls: tls, id: 1, logger: logger).wait(), name: name, logger: logger)
        } catch {
            throw PostgresStoreError.cannotConnect(location.description, reason: Self.reason(error))
        }
    }

    /// How long a connection may stay silent before the system starts probing it, how long
    /// between probes, and how many unanswered probes end it; and how long data sent (or a
    /// probe) may stay unacknowledged, which on Linux also decides when unanswered probes end
    /// the connection. A server that vanishes without closing (a cable pulled, a network
    /// partition) then fails the query waiting on it in about a minute, instead of the system's
    /// two hours (or fifteen minutes with data in flight). A minute, not less: a busy server may
    /// stop reading a long COPY for a while, and Linux counts that against the same limit.
    static let keepAlive = (idle: 10, interval: 5, probes: 3, unacknowledgedMilliseconds: 60_000)

    /// A connection over a TCP socket with keep-alive probes on, made here because the driver's
    /// own does not set them; TLS and the login are then the driver's.
    static func connect(
        _ location: PostgresLocation, tls: PostgresConnection.Configuration.TLS, id: Int, logger: Logger
    ) -> EventLoopFuture<PostgresConnection> {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        func tcp(_ name: CInt) -> ChannelOptions.Types.SocketOption {
            .init(level: .tcp, name: NIOBSDSocket.Option(rawValue: name))
        }
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        #if os(Linux)
            bootstrap =
                bootstrap
                .channelOption(tcp(CInt(TCP_KEEPIDLE)), value: keepAlive.idle)
                .channelOption(tcp(CInt(TCP_KEEPINTVL)), value: keepAlive.interval)
                .channelOption(tcp(CInt(TCP_KEEPCNT)), value: keepAlive.probes)
                .channelOption(tcp(CInt(TCP_USER_TIMEOUT)), value: keepAlive.unacknowledgedMilliseconds)
        #elseif canImport(Darwin)
            bootstrap =
                bootstrap
                .channelOption(tcp(CInt(TCP_KEEPALIVE)), value: keepAlive.idle)
                .channelOption(tcp(CInt(TCP_KEEPINTVL)), value: keepAlive.interval)
                .channelOption(tcp(CInt(TCP_KEEPCNT)), value: keepAlive.probes)
        #endif
        return bootstrap.connect(host: location.host, port: location.port)
            .flatMap { channel in
                var configuration = PostgresConnection.Configuration(
                    establishedChannel: channel, tls: tls, username: location.user, password: location.password,
                    database: location.database)
                // Over a channel made here the driver knows no host name: give it, for SNI and
                // verify-full's check (an address is checked as such, without SNI).
                configuration.options.tlsServerName = location.hostIsAddress ? nil : location.host
                return PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger)
            }
    }

    /// The TLS settings for libpq's `sslmode` and `sslrootcert`.
    private static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        switch location.tls {
        case .disable:
            return .disable
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
            return location.tls == .prefer ? .prefer(context) : .require(context)
        }
    }

    deinit {
        try? link.connection.close().wait()
        for other in asyncLinks.withLock({ $0 }) { try? other?.connection.close().wait() }
    }

    /// The server's own words for a failure (never the query's parameters).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return error.code.description
        }
        return String(describing: error)
    }

    // MARK: Async

    /// Runs `body` on one of the connections of the async calls, alone: a transaction in it is
    /// not interleaved with another caller's queries.
    @discardableResult
    func withConnection<T>(_ body: (PostgresLink) async throws -> T) async throws -> T {
        let slot = await asyncSlots.acquire()
        defer { asyncSlots.release(slot) }
        let link: PostgresLink
        // A connection the server closed (it restarted, or an administrator ended it) is opened
        // anew: a console outlives a database restart.
        if let open = asyncLinks.withLock({ $0[slot] }), !open.connection.isClosed {
            link = open
        } else {
            do {
                link = PostgresLink(
                    try await Self.connect(location, tls: tls, id: 2 + slot, logger: logger).get(), name: name,
                    logger: logger)
            } catch {
                throw PostgresStoreError.cannotConnect(name, reason: Self.reason(error))
            }
            asyncLinks.withLock { $0[slot] = link }
        }
        return try await body(link)
    }

    // MARK: Synchronous

    /// Runs a query; all its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try lock.withLock { try link.result(query).rows }
    }

    /// Runs a statement; how many rows it changed.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> Int {
        try lock.withLock { try link.result(query).metadata.rows ?? 0 }
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
        try lock.withLock { try link.copy(into: table, columns: columns, text: text) }
    }
}

/// One connection, watched: a server that dies mid-query closes the connection, but the driver
/// does not always fail the query waiting on it; so the link watches the connection itself, and
/// when it closes, fails whatever is waiting and every query after it. One operation at a time
/// (its session sees to that).
final class PostgresLink: Sendable {
    let connection: PostgresConnection
    private let logger: Logger
    private let name: String
    /// Whether the connection has closed, and how to fail the operation waiting now (if any).
    private let watch = Mutex<(closed: Bool, waiting: (@Sendable (any Error) -> Void)?)>((false, nil))

    init(_ connection: PostgresConnection, name: String, logger: Logger) {
        self.connection = connection
        self.name = name
        self.logger = logger
        connection.closeFuture.whenComplete { [weak self] _ in
            let waiting = self?.watch.withLock { state in
                state.closed = true
                defer { state.waiting = nil }
                return state.waiting
            }
            waiting??(PostgresStoreError.connectionLost(name))
        }
    }

    /// Starts watching for an operation that `fail` can end early; throws (after failing it) when
    /// the connection is closed already. `unwatch` ends the watch.
    private func watching(_ fail: @escaping @Sendable (any Error) -> Void) throws {
        let closed = watch.withLock { state in
            state.waiting = fail
            return state.closed
        }
        if closed {
            unwatch()
            let error = PostgresStoreError.connectionLost(name)
            fail(error)
            throw error
        }
    }

    private func unwatch() { watch.withLock { $0.waiting = nil } }

    /// What a failed operation tells the user: a lost connection as such, else the server's words.
    private func failure(_ error: any Error) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PSQLError, error.serverInfo?[.message] == nil,
            [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
        {
            return .connectionLost(name)
        }
        return .queryFailed(PostgresSession.reason(error))
    }

    /// A query's answer, as a future the watch can fail.
    private func started(_ query: PostgresQuery) throws -> EventLoopFuture<PostgresQueryResult> {
        let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        try watching { promise.fail($0) }
        connection.query(query, logger: logger).cascade(to: promise)
        return promise.futureResult
    }

    /// Runs a query, waiting on this thread.
    func result(_ query: PostgresQuery) throws -> PostgresQueryResult {
        let answer = try started(query)
        defer { unwatch() }
        do {
            return try answer.wait()
        } catch {
            throw failure(error)
        }
    }

    /// Runs a query; all its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await result(query).rows
    }

    /// Runs a statement; how many rows it changed.
    @discardableResult
    func run(_ query: PostgresQuery) async throws -> Int {
        try await result(query).metadata.rows ?? 0
    }

    private func result(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        let answer = try started(query)
        defer { unwatch() }
        do {
            return try await answer.get()
        } catch {
            throw failure(error)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try await run("BEGIN")
        do {
            let value = try await body()
            try await run("COMMIT")
            return value
        } catch {
            _ = try? await run("ROLLBACK")
            throw error
        }
    }

    /// `COPY table (columns) FROM STDIN` with rows already in COPY's text format, waiting on this thread.
    func copy(into table: String, columns: [String], text: String) throws {
        let connection = connection
        let logger = logger
        let data = ByteBuffer(string: text)
        // The driver's COPY is async. It runs on a queue of its own, never on Swift's shared
        // pool: the caller may be a pool thread waiting here, and the pool may have no other.
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        try watching { outcome.end($0, done) }
        defer { unwatch() }
        Task(executorPreference: PostgresSession.copyExecutor) {
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
        if let error = outcome.error { throw failure(error) }
    }
}

/// A fixed number of slots (connections) handed to async callers, one caller per slot; a caller
/// who finds none free waits, and the waiting are served in the order they came.
final class AsyncSlots: Sendable {
    private let state: Mutex<(free: [Int], waiting: [CheckedContinuation<Int, Never>])>

    /// `count` slots, numbered from 0.
    init(_ count: Int) { state = Mutex((Array((0..<count).reversed()), [])) }

    /// Waits until a slot is free, and takes it.
    func acquire() async -> Int {
        await withCheckedContinuation { (next: CheckedContinuation<Int, Never>) in
            let slot = state.withLock { state -> Int? in
                guard let slot = state.free.popLast() else {
                    state.waiting.append(next)
                    return nil
                }
                return slot
            }
            if let slot { next.resume(returning: slot) }
        }
    }

    /// Gives the slot to the first caller waiting, else frees it.
    func release(_ slot: Int) {
        let next = state.withLock { state -> CheckedContinuation<Int, Never>? in
            guard !state.waiting.isEmpty else {
                state.free.append(slot)
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: slot)
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

import Foundation
import Testing

@testable import SolusiKit
@testable import SolusiPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The PostgreSQL server the tests use: `$SOLUSI_TEST_POSTGRES` when set (`.ci/run` starts one),
/// else a throwaway cluster started here with `Scripts/postgres-dev` when PostgreSQL's programs
/// are installed, stopped when the tests end. Without either, the PostgreSQL tests are skipped,
/// and say so.
enum TestPostgres {
    static let url: String? = {
        if let given = ProcessInfo.processInfo.environment["SOLUSI_TEST_POSTGRES"], !given.isEmpty { return given }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Scripts/postgres-dev").standardized.path
        guard let (status, text) = bash(script, "start"), status == 0 else { return skipped() }
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { found[String(pair[0])] = String(pair[1]) }
        }
        guard let url = found["SOLUSI_TEST_POSTGRES"], let folder = found["PGDEV_DIR"] else { return skipped() }
        cluster = (script, folder)
        startedAuthority = found["SOLUSI_TEST_POSTGRES_CA"]
        atexit {
            guard let (script, folder) = TestPostgres.cluster else { return }
            setenv("PGDEV_DIR", folder, 1)
            _ = TestPostgres.bash(script, "stop")
        }
        return url
    }()

    /// Runs a bash script; its exit status and what it printed. With `posix_spawn` and
    /// `waitpid`: Foundation's `Process` on Linux can miss the child's exit when it is waited
    /// for from a thread of Swift's concurrency pool, and the tests then hang.
    static func bash(_ arguments: String...) -> (status: Int32, output: String)? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Only the copy on 1 stays open in the child: a server it starts must not hold the pipe.
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let argv = (["/bin/bash"] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, "/bin/bash", &actions, nil, argv, environ)
        close(ends[1])
        defer { close(ends[0]) }
        guard spawned == 0 else { return nil }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Platform.read(ends[0], &buffer, buffer.count)
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }

    nonisolated(unsafe) static var cluster: (script: String, folder: String)?
    nonisolated(unsafe) private static var startedAuthority: String?

    /// The authority that signed the test server's certificate for "localhost", when the server
    /// speaks TLS (`$SOLUSI_TEST_POSTGRES_CA`, or the cluster started here).
    static let authority: String? = {
        guard url != nil else { return nil }
        if let given = ProcessInfo.processInfo.environment["SOLUSI_TEST_POSTGRES_CA"], !given.isEmpty { return given }
        return startedAuthority
    }()

    private static func skipped() -> String? {
        FileHandle.standardError.write(
            Data(
                """
                ******************************************************************************
                SKIPPED: the PostgreSQL store tests. No SOLUSI_TEST_POSTGRES, and no PostgreSQL
                server programs to start a throwaway cluster (apt-get install postgresql).
                ******************************************************************************

                """.utf8))
        return nil
    }

    /// A new, empty database on the server; its URL.
    static func freshDatabase() throws -> String {
        guard let url else { throw TestPostgresUnavailable() }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let session = try PostgresSession(try PostgresLocation(url: url))
        try session.run("CREATE DATABASE \(unescaped: name)")
        var parts = URLComponents(string: url)!
        parts.path = "/" + name
        return parts.string!
    }

    struct TestPostgresUnavailable: Error {}
}

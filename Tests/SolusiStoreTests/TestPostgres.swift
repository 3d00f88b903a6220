import Foundation
import Testing

@testable import SolusiKit
@testable import SolusiPostgres

/// The PostgreSQL server the tests use: `$SOLUSI_TEST_POSTGRES` when set (`.ci/run` starts one),
/// else a throwaway cluster started here with `Scripts/postgres-dev` when PostgreSQL's programs
/// are installed, stopped when the tests end. Without either, the PostgreSQL tests are skipped,
/// and say so.
enum TestPostgres {
    static let url: String? = {
        if let given = ProcessInfo.processInfo.environment["SOLUSI_TEST_POSTGRES"], !given.isEmpty { return given }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Scripts/postgres-dev").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "start"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return skipped() }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { found[String(pair[0])] = String(pair[1]) }
        }
        guard process.terminationStatus == 0, let url = found["SOLUSI_TEST_POSTGRES"], let folder = found["PGDEV_DIR"]
        else { return skipped() }
        cluster = (script, folder)
        atexit {
            guard let (script, folder) = TestPostgres.cluster else { return }
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "/bin/bash")
            stop.arguments = [script, "stop"]
            stop.environment = ["PGDEV_DIR": folder, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
            try? stop.run()
            stop.waitUntilExit()
        }
        return url
    }()

    nonisolated(unsafe) static var cluster: (script: String, folder: String)?

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

import Foundation
import Testing

@testable import SolusiKit
@testable import SolusiSQLite
@testable import solusi

/// Commands parsed and run inside the test process, as argument-parser's `AssertExecuteCommand`
/// does: what they store is checked through the library, not through a binary's output.
@Suite struct InProcessCommandTests {
    let folder: URL
    init() throws { folder = try temporaryFolder() }

    func execute(_ arguments: [String]) async throws {
        try await CommandLineText.run(try Solusi.parseAsRoot(arguments))
    }

    @Test func ingestThenClassifyStoreWhatTheServicesSay() async throws {
        let csv = folder.appendingPathComponent("t.csv")
        try Data(
            (TicketWriterHeader.plain + "\n1,2024-07-11,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,,\n").utf8
        ).write(to: csv)
        let db = folder.appendingPathComponent("db.sqlite").path
        let articles = ClassifyCommandTests.articles
        try await execute(["ingest", csv.path, "--db", db, "--articles", articles])
        try await execute(["classify", "--db", db, "--articles", articles])
        let store = try SQLiteStore(path: db)
        let counts = try await store.counts()
        #expect(counts.tickets == 1 && counts.classified == 1)
        var verdicts: [Verdict?] = []
        try store.forEachTicket(from: nil, before: nil) { verdicts.append($0.verdict) }
        #expect(verdicts == [.known("tombol-sinkron-pmm-tidak-ada")])
    }

    @Test func errorsBecomeOneMessageAndAnExitStatus() async throws {
        let db = folder.appendingPathComponent("none.sqlite").path
        await #expect(throws: (any Error).self) { try await execute(["status", "--db", db]) }
        #expect(!FileManager.default.fileExists(atPath: db), "a read command never creates a database")
        #expect(Failure.status(for: ServiceError.unknownIssue("x")) == 64)
        #expect(Failure.status(for: QueryError.noSearchableWords("*")) == 64)
        #expect(Failure.status(for: ServiceError.noDatabase(db)) == 1)
        #expect(Failure.message(for: ServiceError.noDatabase(db)).hasPrefix("solusi: basis data "))
    }
}

private enum TicketWriterHeader {
    static let plain = "id,created_at,subject,description,requester_role,province,channel,status,tags"
}

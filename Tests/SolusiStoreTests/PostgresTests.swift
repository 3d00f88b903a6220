import Foundation
import Synchronization
import Testing

@testable import SolusiKit
@testable import SolusiPostgres
@testable import SolusiSQLite

/// What only the PostgreSQL store has: URLs and passwords, COPY's text format, and agents on
/// connections of their own at the same moment.
@Suite struct PostgresTests {
    @Test func urlsAreReadAndThePasswordIsNeverShown() throws {
        let location = try PostgresLocation(
            url: "postgresql://agen:rahasia%40123@db.contoh.id:6543/pusat?sslmode=require", environment: [:])
        #expect(location.user == "agen" && location.password == "rahasia@123" && location.host == "db.contoh.id")
        #expect(location.port == 6543 && location.database == "pusat" && location.tls == .require)
        #expect(!location.description.contains("rahasia"))
        let fromEnvironment = try PostgresLocation(
            url: "postgres://db/pusat", environment: ["PGPASSWORD": "x", "PGUSER": "u"])
        #expect(fromEnvironment.password == "x" && fromEnvironment.user == "u" && fromEnvironment.port == 5432)
        #expect(Workspace.redacted("postgresql://agen:rahasia@db/pusat") == "postgresql://agen:***@db/pusat")
        #expect(throws: PostgresStoreError.self) {
            try PostgresLocation(url: "postgresql://db/x?sslmode=kadang", environment: [:])
        }
        // A server that is not there: the message names it without the password.
        let error = #expect(throws: PostgresStoreError.self) {
            try PostgresStore(
                location: try PostgresLocation(url: "postgresql://agen:rahasia@127.0.0.1:1/x", environment: [:]))
        }
        #expect(error.map { !"\($0)".contains("rahasia") && "\($0)".contains("127.0.0.1:1") } == true)
    }

    @Test(.enabled(if: TestPostgres.authority != nil, "needs a PostgreSQL server with TLS and its authority"))
    func eachSSLModeTrustsWhatLibpqTrusts() throws {
        let authority = try #require(TestPostgres.authority)
        var parts = URLComponents(string: try #require(TestPostgres.url))!
        func connects(host: String, _ query: String, environment: [String: String] = [:]) -> Bool {
            parts.host = host
            parts.query = query
            return (try? PostgresSession(try PostgresLocation(url: parts.string!, environment: environment))) != nil
        }
        // The certificate is for "localhost", signed by the test authority nobody else trusts.
        #expect(connects(host: "localhost", "sslmode=verify-full&sslrootcert=\(authority)"))
        #expect(
            !connects(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(authority)"), "the host name is checked")
        #expect(connects(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(authority)"), "verify-ca: not the name")
        #expect(connects(host: "127.0.0.1", "sslmode=verify-ca", environment: ["PGSSLROOTCERT": authority]))
        #expect(!connects(host: "127.0.0.1", "sslmode=verify-ca", environment: ["HOME": "/nonexistent"]))
        #expect(!connects(host: "localhost", "sslmode=verify-full", environment: ["HOME": "/nonexistent"]))
        #expect(connects(host: "127.0.0.1", "sslmode=require", environment: ["HOME": "/nonexistent"]))
        #expect(!connects(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=/nonexistent/ca.crt"))
        let location = try PostgresLocation(
            url: "postgresql://db/x?sslmode=verify-ca&sslrootcert=/x/ca.crt", environment: [:])
        #expect(location.tls == .verifyCA && location.rootCertificate == "/x/ca.crt")
    }

    @Test func aPasswordInTheQueryIsUsedAndNeverShownAndAPortMustExist() throws {
        let url = "postgresql://db:6543/pusat?user=agen&password=rah%40sia&sslmode=disable"
        let location = try PostgresLocation(url: url, environment: ["PGPASSWORD": "lain"])
        #expect(location.user == "agen" && location.password == "rah@sia")
        for shown in [
            Workspace.redacted(url), Workspace.redacted("postgresql://a:b@c@db/x?sslpassword=kunci"),
            Workspace.redacted("postgres://db/x?sslmode=require&PASSWORD=rahasia#akhir"),
        ] {
            #expect(!shown.contains("rah") && !shown.contains("b@c") && !shown.contains("kunci"), "\(shown)")
            #expect(shown.contains("***"))
        }
        for port in ["99999", "0"] {
            let error = #expect(throws: PostgresStoreError.self) {
                try PostgresLocation(url: "postgresql://db:\(port)/x", environment: [:])
            }
            #expect(error?.description.contains("1–65535") == true)
        }
        #expect(throws: PostgresStoreError.self) {
            try PostgresLocation(url: "postgresql://db/x", environment: ["PGPORT": "70000"])
        }
    }

    @Test func copyFieldsEscapeWhatCopysTextFormatReads() {
        #expect(PostgresStore.copyField(nil) == "\\N")
        #expect(PostgresStore.copyField("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re")
        #expect(PostgresStore.copyField("nul\u{0}") == "nul\u{FFFD}")
        #expect(PostgresStore.copyField("biasa saja") == "biasa saja")
    }

    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server"))
    func textWithTabsBackslashesAndLineBreaksRoundTrips() async throws {
        let store = try PostgresStore(location: try PostgresLocation(url: try TestPostgres.freshDatabase()))
        let record = TicketRecord(
            source: "t", externalID: "1\t\\", createdAt: 1_720_000_000, subject: "a\tb\\N \\ c",
            description: "baris satu\r\nbaris dua\u{0}", requesterRole: nil, tags: ["x\ty"], extra: ["K\\": "v\n"])
        #expect(try store.store(IngestBatch(tickets: [record])).inserted == 1)
        let stored = try #require(try await store.tickets(externalID: "1\t\\").first).record
        #expect(stored.subject == record.subject && stored.tags == record.tags && stored.extra == record.extra)
        #expect(stored.description == "baris satu\r\nbaris dua\u{FFFD}" && stored.requesterRole == nil)
    }

    /// Without statistics every word of a lookup is counted through the index (slow at scale):
    /// the first lookup on a table never analysed has it analysed.
    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server"))
    func theFirstLookupOnATableNeverAnalysedAnalysesIt() async throws {
        let url = try TestPostgres.freshDatabase()
        let store = try PostgresStore(location: try PostgresLocation(url: url))
        let tickets = (1...40).map { number in
            TicketRecord(
                source: "t", externalID: "\(number)", createdAt: 1_720_000_000 + Int64(number), subject: "Sinkron PMM",
                description: "Tombol sinkron PMM di e-Kinerja tidak ada, guru ke-\(number)", requesterRole: nil,
                tags: [],
                extra: [:])
        }
        _ = try store.store(IngestBatch(tickets: tickets))
        func statistics() throws -> Int64 {
            try store.session.rows("SELECT count(*) FROM pg_stats WHERE tablename = 'ticket_words'")[0].decode(
                Int64.self)
        }
        #expect(try statistics() == 0)
        let found = try await SimilarTickets(store: store).similar(toText: "tombol sinkron PMM tidak ada", limit: 3)
        #expect(found.count == 3)
        #expect(try statistics() > 0)
    }

    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server"))
    func tenAgentsOnTheirOwnConnectionsNeverClaimTheSameTicket() async throws {
        let url = try TestPostgres.freshDatabase()
        let setup = try PostgresStore(location: try PostgresLocation(url: url))
        let tickets = (1...200).map {
            TicketRecord(
                source: "t", externalID: "\($0)", createdAt: 1_720_000_000 + Int64($0), subject: "s", description: "d")
        }
        _ = try setup.store(IngestBatch(tickets: tickets))
        let stores = try (0..<10).map { _ in try PostgresStore(location: try PostgresLocation(url: url)) }
        let all = await withTaskGroup(of: [Int64].self) { group in
            for (agent, store) in stores.enumerated() {
                group.addTask {
                    let name = "agen\(agent)"
                    var taken: [Int64] = []
                    for _ in 0..<20 {
                        guard let queued = try? await store.claimNext(.all, agent: name, after: nil, until: Int64.max)
                        else { break }
                        try? await store.addLabel(
                            Label(
                                ticketRowID: queued.ticket.rowID, verdict: .outOfScope, action: .relabel, agent: name,
                                labeledAt: 1))
                        taken.append(queued.ticket.rowID)
                    }
                    return taken
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(all.count == 200 && Set(all).count == 200)
        #expect(try await setup.counts().labeled == 200)
        #expect(try await setup.triageRemaining(.all) == 0)
    }
}

/// `solusi migrate`'s work: an embedded store moved to a server, everything in it.
@Suite struct MigrationTests {
    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server"))
    func everythingMovesAndTheTargetAnswersTheSame() async throws {
        let folder = try TemporaryFolder()
        let clock = Clock.fixed(1_720_660_500)
        let source = try SQLiteStore(path: folder.path("s.sqlite"), clock: clock)
        let tickets = (1...30).map {
            TicketRecord(
                source: "t", externalID: "\($0)", createdAt: 1_720_000_000 + Int64($0) * 3_600,
                subject: "Tombol sinkron \($0)", description: "tidak ada di e-Kinerja",
                status: $0 % 3 == 0 ? "closed" : "open",
                tags: ["a"], extra: ["Pelapor": "guru\($0)@contoh.id"])
        }
        var batch = IngestBatch(
            tickets: tickets,
            rejects: [RejectedRecord(location: .init(file: "x.csv", line: 4), reason: "rusak", raw: "a,b")])
        batch.origin = 99
        _ = try source.store(batch)
        let version = try source.saveModel(
            ModelRecord(
                trainingHash: 3, labels: ["a", "other"], weights: Data([9, 8]), bias: [1, 2], temperature: 1,
                threshold: 0.5, heldOutMacroF1: 0.9, heldOutAccuracy: 0.9, createdAt: 5))
        let rows = try source.ticketsToClassify(after: 0, limit: 100, all: true)
        for verdict in [Verdict.unknown, .known("a")] {
            try source.saveClassifications(
                rows.map { StoredClassification(rowID: $0.rowID, verdict: verdict, confidence: 0.7) },
                modelVersion: version)
        }
        try await source.addLabel(
            Label(ticketRowID: rows[4].rowID, verdict: .outOfScope, action: .relabel, agent: "ani", labeledAt: 7))
        _ = try source.claimForNotification(
            issue: "a", again: false, file: "n.csv", choose: { _ in .send }, each: { _, _ in }, complete: {})

        let target = try PostgresStore(
            location: try PostgresLocation(url: try TestPostgres.freshDatabase()), clock: clock)
        let counts = try await MigrationService(from: source, to: target).migrate(replacing: false, targetName: "pg")
        #expect(counts == (try await source.counts()) && counts.tickets == 30 && counts.rejected == 1)
        var before: [String] = []
        var after: [String] = []
        try source.forEachTicket(from: nil, before: nil) {
            before.append("\($0.ticket) \($0.classification!) \(String(describing: $0.label))")
        }
        try target.forEachTicket(from: nil, before: nil) {
            after.append("\($0.ticket) \($0.classification!) \(String(describing: $0.label))")
        }
        #expect(before == after)
        #expect(
            try await target.classificationHistory(ofTicket: rows[0].rowID).map(\.verdict) == [.unknown, .known("a")])
        #expect(try target.model(trainingHash: 3)?.weights == Data([9, 8]))
        #expect(
            try target.claimForNotification(
                issue: "a", again: false, file: "n.csv", choose: { _ in .send }, each: { _, _ in }, complete: {}) == 0,
            "the notification marks came along")
        // New tickets get new row ids after the moved ones.
        _ = try target.store(
            IngestBatch(tickets: [
                TicketRecord(source: "t", externalID: "new", createdAt: 1_720_000_000, subject: "s", description: "d")
            ]))
        #expect(try await target.tickets(externalID: "new").first!.rowID == 31)
        await #expect(throws: ServiceError.targetNotEmpty("pg")) {
            try await MigrationService(from: source, to: target).migrate(replacing: false, targetName: "pg")
        }
        #expect(
            try await MigrationService(from: source, to: target).migrate(replacing: true, targetName: "pg").tickets
                == 30)
    }
}

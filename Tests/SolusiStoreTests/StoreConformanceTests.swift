import Foundation
import Synchronization
import Testing

@testable import SolusiKit
@testable import SolusiPostgres
@testable import SolusiSQLite

/// A store implementation under test: how to make an empty one.
struct StoreBackend: CustomTestStringConvertible, Sendable {
    var name: String
    /// An empty store whose stamps come from `clock`; the folder is the test's own.
    var make: @Sendable (_ folder: TemporaryFolder, _ clock: Clock) throws -> any TicketStore

    var testDescription: String { name }

    /// Two stores on one new database, as two processes open it.
    var makeTwo: @Sendable (_ folder: TemporaryFolder, _ clock: Clock) throws -> (any TicketStore, any TicketStore)

    static let sqlite = StoreBackend(
        name: "SQLite",
        make: { folder, clock in try SQLiteStore(path: folder.path("conformance.sqlite"), clock: clock) },
        makeTwo: { folder, clock in
            let path = folder.path("shared.sqlite")
            return (try SQLiteStore(path: path, clock: clock), try SQLiteStore(path: path, clock: clock))
        })

    static let postgres = StoreBackend(
        name: "PostgreSQL",
        make: { _, clock in
            try PostgresStore(location: try PostgresLocation(url: try TestPostgres.freshDatabase()), clock: clock)
        },
        makeTwo: { _, clock in
            let location = try PostgresLocation(url: try TestPostgres.freshDatabase())
            return (
                try PostgresStore(location: location, clock: clock), try PostgresStore(location: location, clock: clock)
            )
        })

    /// Every backend the suite runs on: PostgreSQL too when a server is there (see `TestPostgres`).
    static let all: [StoreBackend] = TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgres]
}

/// What every `TicketStore` must do, whatever database is behind it: the same tests run on each
/// backend in `StoreBackend.all`.
@Suite struct StoreConformanceTests {
    static let clock = Clock.fixed(1_720_660_500)
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static func ticket(
        _ id: String, day: Int = 1, subject: String = "Tombol sinkron PMM tidak ada",
        description: String = "di e-Kinerja BKN", status: String? = "open", source: String = "pusat-bantuan"
    ) -> TicketRecord {
        TicketRecord(
            source: source, externalID: id, createdAt: 1_719_766_800 + Int64(day) * 86_400, subject: subject,
            description: description, requesterRole: "Guru", province: "Aceh", channel: "web", status: status,
            tags: ["pmm"], extra: ["Pelapor": "guru\(id)@contoh.id"])
    }

    func store(_ backend: StoreBackend, _ tickets: [TicketRecord] = []) throws -> any TicketStore {
        let store = try backend.make(folder, Self.clock)
        if !tickets.isEmpty { _ = try store.store(IngestBatch(tickets: tickets)) }
        return store
    }

    func rowID(_ store: any TicketStore, _ id: String) async throws -> Int64 {
        try #require(try await store.tickets(externalID: id).first).rowID
    }

    func model(_ store: any TicketStore, hash: Int64 = 1) throws -> Int {
        try store.saveModel(
            ModelRecord(
                trainingHash: hash, labels: ["a", "other"], weights: Data([1, 2, 3]), bias: [0.5, -0.5],
                temperature: 1.5, threshold: 0.4, heldOutMacroF1: 0.9, heldOutAccuracy: 0.95, createdAt: 7))
    }

    func classify(_ store: any TicketStore, _ verdicts: [String: Verdict]) async throws {
        let version = try model(store)
        var results: [StoredClassification] = []
        for (id, verdict) in verdicts {
            results.append(StoredClassification(rowID: try await rowID(store, id), verdict: verdict, confidence: 0.8))
        }
        try store.saveClassifications(results, modelVersion: version)
    }

    func label(_ store: any TicketStore, _ id: String, _ verdict: Verdict) async throws {
        try await store.addLabel(
            Label(
                ticketRowID: try await rowID(store, id), verdict: verdict, action: .relabel, agent: "ani", labeledAt: 9)
        )
    }

    @Test(arguments: StoreBackend.all)
    func ingestIsIdempotentAndAChangedTicketIsUpdatedAndQueuedAgain(_ backend: StoreBackend) async throws {
        let store = try store(backend)
        let first = try store.store(IngestBatch(tickets: [Self.ticket("1"), Self.ticket("2")]))
        #expect(first.inserted == 2 && first.read == 2)
        #expect(try store.store(IngestBatch(tickets: [Self.ticket("1"), Self.ticket("2")])).unchanged == 2)
        try await classify(store, ["1": .known("a"), "2": .unknown])
        #expect(try store.ticketsToClassify(after: 0, limit: 10, all: false).isEmpty)
        let changed = try store.store(IngestBatch(tickets: [Self.ticket("2", description: "lain sekarang")]))
        #expect(changed.updated == 1)
        let queued = try store.ticketsToClassify(after: 0, limit: 10, all: false)
        #expect(queued.map(\.rowID) == [try await rowID(store, "2")])
        #expect(queued.first?.text == "Tombol sinkron PMM tidak ada\nlain sekarang")
        let stored = try #require(try await store.tickets(externalID: "1").first)
        #expect(stored.record == Self.ticket("1") && stored.ingestedAt == Self.clock.now)
        #expect(try await store.counts() == StoreCounts(tickets: 2, rejected: 0, classified: 2, unknown: 1))
    }

    @Test(arguments: StoreBackend.all)
    func rejectsAreKeptPerFileIdentityAndForgottenBeforeThatFileIsReadAgain(_ backend: StoreBackend) async throws {
        let store = try store(backend)
        func batch(origin: Int64?, path: String, reason: String) -> IngestBatch {
            var batch = IngestBatch(
                rejects: [RejectedRecord(location: RecordLocation(file: path, line: 3), reason: reason, raw: "x,y")],
                origin: origin)
            batch.rejectsNotKept = 4
            batch.rejectsNotKeptFile = path
            return batch
        }
        // Two different files typed as the same path, and a pipe.
        #expect(try store.store(batch(origin: 11, path: "export.csv", reason: "kemarin")).rejected == 5)
        #expect(try store.store(batch(origin: 22, path: "export.csv", reason: "hari ini")).rejected == 5)
        #expect(try store.store(batch(origin: nil, path: "-", reason: "pipa")).rejected == 5)
        #expect(try store.rejectsNotKept().map(\.count) == [4, 8])
        #expect(try await store.counts().rejected == 15)
        // The first file again, under another path: only its own rejects are replaced.
        try store.forgetRejects(ofOrigin: 11)
        #expect(try store.store(batch(origin: 11, path: "../hari/export.csv", reason: "kemarin")).rejected == 5)
        #expect(try await store.counts().rejected == 15)
        #expect(try store.rejects(limit: 10).map(\.reason).sorted() == ["hari ini", "kemarin", "pipa"])
        try store.forgetRejects(ofOrigin: 22)
        #expect(try store.rejects(limit: 10).map(\.location.file).sorted() == ["-", "../hari/export.csv"])
        #expect(try await store.counts().rejected == 10)
    }

    @Test(arguments: StoreBackend.all)
    func searchFindsEveryFormOfAWordThroughTheStemsItIsGiven(_ backend: StoreBackend) async throws {
        let store = try store(
            backend,
            [
                Self.ticket("1", subject: "Nilai gagal dikirim", description: "kepala sekolah"),
                Self.ticket("2", subject: "Jadwal observasi", description: "tidak bisa disimpan"),
            ])
        let stems: @Sendable (String) -> [String] = { ["dikirim": ["kirim"], "mengirimkan": ["kirim"]][$0] ?? [$0] }
        #expect(
            try await store.search(["mengirimkan"], stems: stems, limit: 5).map(\.ticket.record.externalID) == ["1"])
        #expect(
            try await store.search(["jadwal", "disimpan"], stems: stems, limit: 5).map(\.ticket.record.externalID) == [
                "2"
            ])
        #expect(try await store.search(["jadwal", "dikirim"], stems: stems, limit: 5).isEmpty)
        let hit = try #require(try await store.search(["observasi"], stems: stems, limit: 5).first)
        #expect(hit.snippet.contains("[observasi]"))
    }

    @Test(arguments: StoreBackend.all)
    func everyStreamGivesTheClassificationAndTheLatestLabel(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1", day: 1), Self.ticket("2", day: 2), Self.ticket("3", day: 3)])
        try await classify(store, ["1": .known("a"), "2": .unknown])
        try await label(store, "2", .known("a"))
        try await label(store, "1", .known("b"))
        try await label(store, "1", .outOfScope)
        var facts: [String: TicketFacts] = [:]
        try store.forEachTicket(from: nil, before: nil) { facts[$0.ticket.record.externalID] = $0 }
        #expect(facts["1"]?.label == .outOfScope && facts["1"]?.classification?.verdict == .known("a"))
        #expect(facts["1"]?.verdict == .outOfScope && facts["2"]?.verdict == .known("a"))
        #expect(facts["3"]?.verdict == nil && facts["3"]?.classification == nil)
        var outlines: [Int64: TicketOutline] = [:]
        try store.forEachOutline(from: nil, before: nil) { outlines[$0.rowID] = $0 }
        #expect(outlines.count == 3)
        #expect(outlines[try await rowID(store, "1")]?.verdict == .outOfScope)
        #expect(outlines[try await rowID(store, "2")]?.classification == .unknown)
        // The period is [start, end): day 2 only.
        var days: [String] = []
        let day2 = Self.ticket("2", day: 2).createdAt
        try store.forEachTicket(from: day2, before: day2 + 1) { days.append($0.ticket.record.externalID) }
        #expect(days == ["2"])
        #expect(
            try await store.labels(ofTicket: try await rowID(store, "1")).map(\.verdict) == [.known("b"), .outOfScope])
        #expect(Set(try store.labeledExamples().map(\.issue)) == ["other", "a"])
    }

    @Test(arguments: StoreBackend.all)
    func aNotificationClaimsEachWantedTicketOnceAndNothingWhenItFails(_ backend: StoreBackend) async throws {
        let store = try store(
            backend,
            [Self.ticket("1", day: 1), Self.ticket("2", day: 2), Self.ticket("3", day: 3), Self.ticket("4", day: 4)])
        try await classify(store, ["1": .known("a"), "2": .known("a"), "3": .known("b"), "4": .known("a")])
        try await label(store, "3", .known("a"))
        struct Broken: Error {}
        #expect(throws: Broken.self) {
            try store.claimForNotification(
                issue: "a", again: false, file: "n.csv", choose: { _ in .send }, each: { _, _ in },
                complete: { throw Broken() })
        }
        var seen: [String] = []
        let choose = { (facts: TicketFacts) -> NotificationChoice in
            switch facts.ticket.record.externalID {
            case "2": .skip
            case "4": .review
            default: .send
            }
        }
        let claimed = try store.claimForNotification(
            issue: "a", again: false, file: "n.csv", choose: choose,
            each: { seen.append("\($0.record.externalID) \($1)") }, complete: {})
        #expect(claimed == 2 && seen == ["1 send", "3 send", "4 review"], "oldest first, the skipped one left out")
        // The ticket to review was not marked: it comes again; the sent ones do not.
        var again: [String] = []
        #expect(
            try store.claimForNotification(
                issue: "a", again: false, file: "n.csv", choose: choose,
                each: { ticket, _ in again.append(ticket.record.externalID) },
                complete: {}) == 0 && again == ["4"])
        #expect(
            try store.claimForNotification(
                issue: "a", again: true, file: "n.csv", choose: choose, each: { _, _ in }, complete: {}) == 2)
    }

    @Test(arguments: StoreBackend.all)
    func modelsRoundTripAndTheNewestOfATrainingHashWins(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let first = try model(store, hash: 5)
        let second = try model(store, hash: 5)
        let stored = try #require(try store.model(trainingHash: 5))
        #expect(second > first && stored.version == second)
        #expect(stored.labels == ["a", "other"] && stored.weights == Data([1, 2, 3]) && stored.bias == [0.5, -0.5])
        #expect(stored.temperature == 1.5 && stored.threshold == 0.4 && stored.createdAt == 7)
        #expect(try store.model(trainingHash: 6) == nil)
    }

    @Test(arguments: StoreBackend.all)
    func aNewClassificationKeepsTheOldOneInTheHistory(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1")])
        try await classify(store, ["1": .unknown])
        try await classify(store, ["1": .known("a")])
        let history = try await store.classificationHistory(ofTicket: try await rowID(store, "1"))
        #expect(history.map(\.verdict) == [.unknown, .known("a")])
        #expect(history.allSatisfy { $0.classifiedAt == Self.clock.now })
    }

    /// A new model version classifies again what an older one classified; an unchanged answer
    /// updates the current classification without a history row.
    @Test(arguments: StoreBackend.all)
    func anotherModelVersionRequeuesAndTheSameAnswerAddsNoHistory(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1"), Self.ticket("2")])
        let first = try model(store)
        let rows = [try await rowID(store, "1"), try await rowID(store, "2")]
        try store.saveClassifications(
            [
                StoredClassification(rowID: rows[0], verdict: .unknown, confidence: 0.5),
                StoredClassification(rowID: rows[1], verdict: .known("a"), confidence: 0.9),
            ], modelVersion: first)
        #expect(try store.ticketsToClassify(after: 0, limit: 10, all: false, model: first).isEmpty)
        let second = try model(store)
        #expect(try store.ticketsToClassify(after: 0, limit: 10, all: false, model: second).map(\.rowID) == rows)
        try store.saveClassifications(
            [
                StoredClassification(rowID: rows[0], verdict: .unknown, confidence: 0.6),
                StoredClassification(rowID: rows[1], verdict: .known("b"), confidence: 0.8),
            ], modelVersion: second)
        #expect(try store.ticketsToClassify(after: 0, limit: 10, all: false, model: second).isEmpty)
        let same = try await store.classificationHistory(ofTicket: rows[0])
        #expect(same.map(\.modelVersion) == [second] && same.map(\.confidence) == [0.6])
        #expect(try await store.classificationHistory(ofTicket: rows[1]).map(\.verdict) == [.known("a"), .known("b")])
    }

    @Test(arguments: StoreBackend.all)
    func theQueueIsOldestFirstWithoutLabelledTicketsAndFiltersByClassification(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("3", day: 3), Self.ticket("1", day: 1), Self.ticket("2", day: 2)])
        try await classify(store, ["1": .known("a"), "2": .unknown])
        try await label(store, "1", .known("a"))
        let until = Self.clock.now + 900
        func next(_ filter: TriageFilter, _ agent: String, after: Ticket? = nil) async throws -> String? {
            try await store.claimNext(filter, agent: agent, after: after, until: until)?.ticket.record.externalID
        }
        #expect(try await next(.issue("a"), "ani") == nil)
        #expect(try await next(.unknown, "ani") == "2")
        #expect(try await store.release(ticketRowID: try await rowID(store, "2"), agent: "ani"))
        #expect(
            try await !store.release(ticketRowID: try await rowID(store, "2"), agent: "ani"), "nothing held any more")
        let first = try #require(try await store.claimNext(.all, agent: "ani", after: nil, until: until))
        #expect(first.ticket.record.externalID == "2" && first.classification?.verdict == .unknown)
        #expect(try await next(.all, "ani", after: first.ticket) == "3", "after the cursor")
        #expect(try await store.triageRemaining(.all) == 2)
    }

    /// Tickets the help desk already solved or closed stay out of the queue, its pages and its
    /// length unless asked for; a ticket reopened in a later export comes back.
    @Test(arguments: StoreBackend.all)
    func closedTicketsStayOutOfTheQueueUnlessAskedFor(_ backend: StoreBackend) async throws {
        let store = try store(
            backend,
            [
                Self.ticket("1", day: 1, status: "Solved"), Self.ticket("2", day: 2, status: "ditutup"),
                Self.ticket("3", day: 3, status: nil), Self.ticket("4", day: 4, status: "pending"),
                Self.ticket("5", day: 5, status: "closed"),
            ])
        try await classify(store, ["1": .known("a"), "3": .known("a"), "4": .unknown, "5": .unknown])
        let until = Self.clock.now + 900
        let withClosed = TriageFilter(.all, includeClosed: true)
        #expect(
            try await store.queue(.all, heldBy: nil, after: nil, limit: 10).map(\.ticket.record.externalID) == [
                "3", "4",
            ])
        #expect(
            try await store.queue(withClosed, heldBy: nil, after: nil, limit: 10).map(\.ticket.record.externalID) == [
                "1", "2", "3", "4", "5",
            ])
        #expect(try await store.triageRemaining(.all) == 2)
        #expect(try await store.triageRemaining(withClosed) == 5)
        #expect(try await store.triageRemaining(.issue("a")) == 1)
        #expect(try await store.triageRemaining(TriageFilter(.issue("a"), includeClosed: true)) == 2)
        #expect(try await store.triageRemaining(.unknown) == 1)
        #expect(
            try await store.claimNext(.all, agent: "ani", after: nil, until: until)?.ticket.record.externalID == "3")
        #expect(
            try await store.claimNext(withClosed, agent: "budi", after: nil, until: until)?.ticket.record.externalID
                == "1")

        _ = try store.store(IngestBatch(tickets: [Self.ticket("1", day: 1, status: "open")]))
        #expect(
            try await store.queue(.all, heldBy: nil, after: nil, limit: 10).map(\.ticket.record.externalID) == [
                "1", "3", "4",
            ])
        #expect(try await store.triageRemaining(.all) == 3)
    }

    /// The counts `status` and the queue show follow every change: new tickets, tickets
    /// classified again as something else, labels, a reload, and erasing.
    @Test(arguments: StoreBackend.all)
    func countsAndTheQueuesLengthFollowEveryChange(_ backend: StoreBackend) async throws {
        let store = try store(backend, (1...5).map { Self.ticket("\($0)", day: $0) })
        _ = try store.store(IngestBatch(tickets: [Self.ticket("5", day: 5), Self.ticket("6", day: 6)]))
        try await classify(store, ["1": .known("a"), "2": .known("a"), "3": .unknown, "4": .unknown])
        try await classify(store, ["2": .known("b"), "3": .known("a"), "5": .unknown])
        try await label(store, "1", .known("a"))
        try await label(store, "1", .known("b"))
        try await label(store, "5", .unknown)
        func remaining() async throws -> [Int] {
            var remaining: [Int] = []
            for filter in [TriageFilter.all, .unknown, .issue("a"), .issue("b"), .issue("c")] {
                remaining.append(try await store.triageRemaining(filter))
            }
            return remaining
        }
        func counts() async throws -> [Int] {
            let counts = try await store.counts()
            return [counts.tickets, counts.classified, counts.unknown, counts.labeled]
        }
        #expect(try await counts() == [6, 5, 2, 2])
        #expect(try await remaining() == [4, 1, 1, 1, 0])

        let records = try { () throws -> [StoreRecord] in
            var records: [StoreRecord] = []
            try store.forEachRecord { records.append($0) }
            return records
        }()
        try store.erase()
        #expect(try await counts() == [0, 0, 0, 0])
        #expect(try await remaining() == [0, 0, 0, 0, 0])
        try store.load(records)
        #expect(try await counts() == [6, 5, 2, 2])
        #expect(try await remaining() == [4, 1, 1, 1, 0])
    }

    @Test(arguments: StoreBackend.all)
    func aClaimedTicketGoesToNoOtherAgentUntilLabelledReleasedOrExpired(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1", day: 1), Self.ticket("2", day: 2)])
        let until = Self.clock.now + 900
        func next(_ agent: String, until: Int64 = until) async throws -> String? {
            try await store.claimNext(.all, agent: agent, after: nil, until: until)?.ticket.record.externalID
        }
        #expect(try await next("ani") == "1")
        #expect(try await next("budi") == "2", "ani holds 1")
        #expect(try await next("ani") == "1", "an agent is shown the ticket they hold")
        #expect(try await next("citra") == nil, "both are held")
        try await label(store, "1", .known("a"))
        #expect(try await next("ani") == nil, "labelled, and 2 is budi's")
        #expect(try await store.release(ticketRowID: try await rowID(store, "2"), agent: "budi"))
        #expect(try await next("citra", until: Self.clock.now - 1) == "2", "released: free again")
        #expect(try await next("dewi") == "2", "citra's claim had expired")
    }

    /// What a web console does: many agents' requests at once on one store (one SQLite pool,
    /// one PostgreSQL connection for requests), none waiting on a thread.
    @Test(arguments: StoreBackend.all)
    func concurrentRequestsOnOneStoreNeverGiveTwoAgentsTheSameTicket(_ backend: StoreBackend) async throws {
        let store = try store(backend, (1...60).map { Self.ticket("\($0)", day: $0) })
        let now = Self.clock.now
        let all = try await withThrowingTaskGroup(of: [String].self) { group in
            for agent in 0..<6 {
                group.addTask {
                    var mine: [String] = []
                    while let queued = try await store.claimNext(
                        .all, agent: "agen\(agent)", after: nil, until: now + 900)
                    {
                        async let found = store.search(["sinkron"], stems: { [$0] }, limit: 1)
                        try await store.addLabel(
                            Label(
                                ticketRowID: queued.ticket.rowID, verdict: .known("a"), action: .accept,
                                agent: "agen\(agent)", labeledAt: now))
                        #expect(try await found.count == 1)
                        mine.append(queued.ticket.record.externalID)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(all.count == 60 && Set(all).count == 60)
        #expect(try await store.triageRemaining(.all) == 0)
        #expect(try await store.counts().labeled == 60)
    }

    @Test(arguments: StoreBackend.all)
    func aLateAgentCannotLabelATicketAnotherAgentNowHolds(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1")])
        let now = Self.clock.now
        let ticket = try await rowID(store, "1")
        // Ani's lease ran out; Budi now holds the ticket until now + 900.
        _ = try await store.claimNext(.all, agent: "ani", after: nil, until: now - 1)
        _ = try await store.claimNext(.all, agent: "budi", after: nil, until: now + 900)
        func label(_ agent: String, at time: Int64) async throws {
            try await store.addLabel(
                Label(ticketRowID: ticket, verdict: .known("a"), action: .accept, agent: agent, labeledAt: time))
        }
        let refused = await #expect(throws: HeldByAnotherAgent.self) { try await label("ani", at: now) }
        #expect(refused?.agent == "budi" && refused?.until == now + 900)
        #expect(try await store.labels(ofTicket: ticket).isEmpty, "nothing recorded")
        try await label("budi", at: now)
        // Once Budi's label ended the claim, a later relabel by anyone is history, not refused.
        try await label("ani", at: now + 10)
        #expect(try await store.labels(ofTicket: ticket).map(\.agent) == ["budi", "ani"])
    }

    @Test(arguments: StoreBackend.all)
    func aConsoleLabelIsRefusedOnceAnotherAgentAnsweredTheTicket(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1")])
        let ticket = try await rowID(store, "1")
        func label(_ agent: String, _ verdict: Verdict, onlyIfUnanswered: Bool) async throws {
            try await store.addLabel(
                Label(ticketRowID: ticket, verdict: verdict, action: .relabel, agent: agent, labeledAt: Self.clock.now),
                onlyIfUnanswered: onlyIfUnanswered)
        }
        try await label("ani", .known("a"), onlyIfUnanswered: true)
        // Ani may correct her own answer; Budi may not overwrite it from the console…
        try await label("ani", .outOfScope, onlyIfUnanswered: true)
        let refused = await #expect(throws: LabelledByAnotherAgent.self) {
            try await label("budi", .known("b"), onlyIfUnanswered: true)
        }
        #expect(refused?.agent == "ani")
        await #expect(throws: NoSuchTicket(rowID: 999)) {
            try await store.addLabel(
                Label(ticketRowID: 999, verdict: .outOfScope, action: .accept, agent: "ani", labeledAt: 1))
        }
        // …but `triage relabel` (a correction on purpose) still can.
        try await label("budi", .known("b"), onlyIfUnanswered: false)
        #expect(try await store.labels(ofTicket: ticket).map(\.agent) == ["ani", "ani", "budi"])
    }

    /// An undo is a label of its own: the history keeps both, the ticket is unlabelled again
    /// everywhere a label counts (the queue, the counts, the facts, training), and another
    /// agent may answer it.
    @Test(arguments: StoreBackend.all)
    func anUndoneLabelNoLongerCountsAndTheHistoryKeepsIt(_ backend: StoreBackend) async throws {
        let store = try store(backend, [Self.ticket("1", day: 1), Self.ticket("2", day: 2)])
        let ticket = try await rowID(store, "1")
        try await label(store, "1", .known("a"))
        try await label(store, "2", .outOfScope)
        #expect(try await store.counts().labeled == 2)
        #expect(try await store.triageRemaining(.all) == 0)
        try await store.addLabel(
            Label(ticketRowID: ticket, verdict: .known("a"), action: .undo, agent: "ani", labeledAt: 10))
        #expect(try await store.labels(ofTicket: ticket).map(\.action) == [.relabel, .undo])
        #expect(try await store.labels(ofTicket: ticket).standing == nil)
        #expect(try await store.counts().labeled == 1)
        #expect(try await store.triageRemaining(.all) == 1)
        #expect(try await store.triageRemaining(TriageFilter(.all, includeClosed: true)) == 1)
        #expect(try await store.queue(.all, heldBy: nil, after: nil, limit: 5).map(\.ticket.rowID) == [ticket])
        var facts: [String: TicketFacts] = [:]
        try store.forEachTicket(from: nil, before: nil) { facts[$0.ticket.record.externalID] = $0 }
        #expect(facts["1"]?.label == nil && facts["2"]?.label == .outOfScope)
        #expect(try store.labeledExamples().map(\.issue) == ["other"])
        // Budi may answer it now, even from the console.
        try await store.addLabel(
            Label(ticketRowID: ticket, verdict: .known("b"), action: .relabel, agent: "budi", labeledAt: 11),
            onlyIfUnanswered: true)
        #expect(try await store.labels(ofTicket: ticket).standing?.verdict == .known("b"))
        #expect(try await store.counts().labeled == 2)
        #expect(try await store.triageRemaining(.all) == 0)
    }

    @Test(arguments: StoreBackend.all)
    func theQueueIsReadInPagesWithEachTicketsClaimWithoutClaimingAnything(_ backend: StoreBackend) async throws {
        let store = try store(backend, (1...5).map { Self.ticket("\($0)", day: $0) })
        try await classify(store, ["1": .known("a"), "2": .unknown, "3": .known("a")])
        let now = Self.clock.now
        let first = try #require(try await store.claimNext(.all, agent: "ani", after: nil, until: now + 600))
        _ = try await store.claimNext(.all, agent: "budi", after: nil, until: now - 1)  // already ended
        try await label(store, "4", .known("a"))
        let page = try await store.queue(.all, heldBy: nil, after: nil, limit: 2)
        #expect(page.map(\.ticket.record.externalID) == ["1", "2"])
        #expect(page[0].claim == Claim(agent: "ani", until: now + 600) && page[1].claim == nil)
        #expect(page[0].classification?.verdict == .known("a"))
        let rest = try await store.queue(.all, heldBy: nil, after: page[1].ticket, limit: 10)
        #expect(rest.map(\.ticket.record.externalID) == ["3", "5"], "labelled ticket 4 is off the queue")
        #expect(try await store.queue(.issue("a"), heldBy: nil, after: nil, limit: 10).count == 2)
        #expect(
            try await store.queue(.unknown, heldBy: nil, after: nil, limit: 10).map(\.ticket.record.externalID) == ["2"]
        )
        #expect(
            try await store.queue(.all, heldBy: "ani", after: nil, limit: 10).map(\.ticket.rowID) == [
                first.ticket.rowID
            ])
        #expect(try await store.queue(.all, heldBy: "budi", after: nil, limit: 10).isEmpty)
        // Reading changed no claim: Budi's next is ticket 2, Ani still holds 1.
        #expect(
            try await store.claimNext(.all, agent: "budi", after: nil, until: now + 600)?.ticket.record.externalID
                == "2")
        let one = try #require(try await store.queuedTicket(rowID: first.ticket.rowID))
        #expect(one.claim?.agent == "ani" && one.ticket.record.externalID == "1")
        #expect(try await store.queuedTicket(rowID: try await rowID(store, "4"))?.claim == nil)
        #expect(try await store.queuedTicket(rowID: 999) == nil)
    }

    @Test(arguments: StoreBackend.all)
    func accountsSessionsAndFailedLoginsAreKept(_ backend: StoreBackend) async throws {
        let store = try store(backend)
        try await store.addAgent(Agent(name: "ani", role: .agent, passwordHash: "$2b$04$x", createdAt: 5))
        try await store.addAgent(Agent(name: "lia", role: .lead, passwordHash: "$2b$04$y", createdAt: 6))
        await #expect(throws: AgentExists(name: "ani")) {
            try await store.addAgent(Agent(name: "ani", role: .lead, passwordHash: "z", createdAt: 7))
        }
        #expect(try await store.agents().map(\.name) == ["ani", "lia"])
        #expect(try await store.agent(named: "lia")?.role == .lead)
        try await store.addSession(ConsoleSession(key: "k0", agent: "ani", csrf: "c0", expiresAt: 10), now: 0)
        try await store.addSession(ConsoleSession(key: "k1", agent: "ani", csrf: "c1", expiresAt: 100), now: 0)
        // Adding a session forgets the ones ended by then.
        try await store.addSession(ConsoleSession(key: "k2", agent: "lia", csrf: "c2", expiresAt: 100), now: 20)
        #expect(try await store.session(key: "k0", now: 0) == nil)
        let live = try #require(try await store.session(key: "k1", now: 50))
        #expect(live.0 == ConsoleSession(key: "k1", agent: "ani", csrf: "c1", expiresAt: 100) && live.1.name == "ani")
        try await store.extendSession(key: "k1", until: 150)
        #expect(try await store.session(key: "k1", now: 149)?.0.expiresAt == 150, "moved on")
        #expect(try await store.session(key: "k2", now: 100) == nil, "ended")
        #expect(try await store.session(key: "nope", now: 0) == nil)
        // A new password ends the account's sessions; so does removing it.
        #expect(try await store.setPasswordHash("$2b$04$new", ofAgent: "ani"))
        #expect(try await store.session(key: "k1", now: 140) == nil)
        #expect(try await store.agent(named: "ani")?.passwordHash == "$2b$04$new")
        #expect(try await !store.setPasswordHash("h", ofAgent: "nobody"))
        try await store.addSession(ConsoleSession(key: "k3", agent: "lia", csrf: "c3", expiresAt: 500), now: 140)
        #expect(try await store.removeAgent(named: "lia"))
        #expect(try await !store.removeAgent(named: "lia"))
        #expect(try await store.session(key: "k3", now: 140) == nil)
        // Failures count per key in a window; old ones are forgotten.
        for time in [10, 20, 30] as [Int64] {
            _ = try await store.recordFailedLogin(keys: ["name:ani", "address:1"], at: time, since: 0, forgetBefore: 0)
        }
        #expect(try await store.recordFailedLogin(keys: ["address:1"], at: 40, since: 15, forgetBefore: 0) == 3)
        #expect(try await store.failedLogins(keys: ["name:ani"], since: 15) == 2)
        #expect(try await store.failedLogins(keys: ["name:budi"], since: 0) == 0)
        _ = try await store.recordFailedLogin(keys: ["name:x"], at: 50, since: 0, forgetBefore: 25)
        #expect(try await store.failedLogins(keys: ["name:ani", "address:1"], since: 0) == 2)
    }

    @Test(arguments: StoreBackend.all)
    func theCatalogIsCopiedOnlyWhenItChanged(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let catalog = IssueCatalog(issues: [], articles: [], contentHash: 42)
        #expect(try store.sync(catalog))
        #expect(try !store.sync(catalog))
        #expect(try store.sync(IssueCatalog(issues: [], articles: [], contentHash: 43)))
        #expect(try store.storedKnowledgeBase() == nil)
        // The files come along, in order; a database synced before it kept them gets them.
        let files = [
            KnowledgeBaseFile(path: "out-of-scope.md", text: "---\nreply: x\n---\n"),
            KnowledgeBaseFile(path: "issues/a.md", text: "isi ’kutip’ \u{1F64F}"),
        ]
        #expect(try store.sync(IssueCatalog(issues: [], articles: [], contentHash: 43, files: files)))
        #expect(try store.storedKnowledgeBase()?.files == files)
        #expect(try store.storedKnowledgeBase()?.syncedAt == Self.clock.now)
        #expect(try !store.sync(IssueCatalog(issues: [], articles: [], contentHash: 43, files: files)))
        #expect(try store.sync(IssueCatalog(issues: [], articles: [], contentHash: 44, files: [files[1]])))
        #expect(try store.storedKnowledgeBase()?.files == [files[1]])
    }

    @Test(arguments: StoreBackend.all)
    func ticketsAreFoundByRowIDInTheOrderGivenAndListedNewestFirst(_ backend: StoreBackend) async throws {
        let store = try store(
            backend, [Self.ticket("1", day: 1), Self.ticket("2", day: 2), Self.ticket("1", day: 3, source: "zendesk")])
        let ids = [try await rowID(store, "2"), 999, try await rowID(store, "1")]
        #expect(try store.tickets(rowIDs: ids).map(\.record.externalID) == ["2", "1"])
        // More ids than SQLite binds in one statement (an emerging cluster of 300,000 tickets).
        let many = ids + (1_000...300_000).map(Int64.init)
        #expect(try store.tickets(rowIDs: many).map(\.record.externalID) == ["2", "1"])
        #expect(try await store.tickets(limit: 2, offset: 0).map(\.record.source) == ["zendesk", "pusat-bantuan"])
        #expect(try await store.tickets(externalID: "1").count == 2)
        #expect(try store.tally(by: .source).map(\.value) == ["pusat-bantuan", "zendesk"])
    }
}

/// Duplicates and similar tickets, on every backend.
@Suite struct SimilarTicketConformanceTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let request =
        "Selamat pagi. Di menu e-Kinerja BKN tombol sinkron PMM tidak muncul, sehingga SKP saya tidak bisa ditarik dari PMM. Mohon bantuannya."
    /// The same request as a teacher sends it again: another greeting, chat spellings, a typo,
    /// the sentences the other way round, a phone's footer.
    static let again =
        "Assalamualaikum. SKP sy tdk bisa ditarik dr PMM krn tombol sinkorn PMM di menu e-Kinerja BKN tdk muncul. Terima kasih.\nDikirim dari iPhone saya"
    static let otherProblem =
        "Akun belajar.id saya terkunci setelah salah memasukkan kata sandi beberapa kali. Mohon dibuka kembali."

    static func ticket(_ id: String, day: Int, _ text: String, requester: String?, subject: String = "Kendala PMM")
        -> TicketRecord
    {
        TicketRecord(
            source: "pusat-bantuan", externalID: id, createdAt: 1_719_766_800 + Int64(day) * 86_400, subject: subject,
            description: text, extra: requester.map { ["Pelapor": $0] } ?? [:])
    }

    func rows(_ store: any TicketStore) async throws -> [String: Ticket] {
        Dictionary(
            uniqueKeysWithValues: try await store.tickets(limit: 100, offset: 0).map { ($0.record.externalID, $0) })
    }

    func firstOf(_ tickets: [String: Ticket]) -> [String: String] {
        let byRow = Dictionary(uniqueKeysWithValues: tickets.values.map { ($0.rowID, $0.record.externalID) })
        return tickets.compactMapValues { $0.duplicateOf.flatMap { byRow[$0] } }
    }

    @Test(arguments: StoreBackend.all)
    func aRepeatOfTheSameRequesterWithinTwoWeeksIsADuplicateOfTheFirstAndNothingElseIs(_ backend: StoreBackend)
        async throws
    {
        let store = try backend.make(folder, StoreConformanceTests.clock)
        let siti = "Siti@Guru.SD.belajar.id"
        _ = try store.store(
            IngestBatch(tickets: [
                Self.ticket("1", day: 1, Self.request, requester: siti),
                Self.ticket("2", day: 3, Self.again, requester: siti.lowercased()),
                // Another teacher with the same words: a request of their own.
                Self.ticket("3", day: 2, Self.request, requester: "budi@guru.sd.belajar.id"),
                // The same teacher a month later: a new request.
                Self.ticket("4", day: 30, Self.again, requester: siti),
                // The same teacher, another problem.
                Self.ticket("5", day: 4, Self.otherProblem, requester: siti),
                // No requester column: the phone number written in the text, however grouped.
                Self.ticket("6", day: 5, Self.request + " HP 0812-3456-7890", requester: nil),
                Self.ticket("7", day: 6, Self.again + " wa +62 812 3456 7890", requester: nil),
                // No requester at all: never a duplicate.
                Self.ticket("8", day: 5, Self.request, requester: nil),
                Self.ticket("9", day: 6, Self.request, requester: nil),
            ]))
        // A later file brings another copy, written between the first two.
        _ = try store.store(IngestBatch(tickets: [Self.ticket("10", day: 2, Self.again, requester: siti)]))
        let expected = ["2": "1", "7": "6", "10": "1"]
        #expect(firstOf(try await rows(store)) == expected)
        #expect(try await store.counts().duplicates == 3)
        // Reading both files again changes nothing.
        #expect(
            try store.store(IngestBatch(tickets: [Self.ticket("10", day: 2, Self.again, requester: siti)])).unchanged
                == 1)
        #expect(firstOf(try await rows(store)) == expected)
    }

    @Test(arguments: StoreBackend.all)
    func aRepeatChangedSoThatNothingIsLeftInItsWindowIsAFirstTicketAgain(_ backend: StoreBackend) async throws {
        let store = try backend.make(folder, StoreConformanceTests.clock)
        let siti = "siti@guru.sd.belajar.id"
        _ = try store.store(
            IngestBatch(tickets: [
                Self.ticket("1", day: 1, Self.request, requester: siti),
                Self.ticket("2", day: 3, Self.again, requester: siti),
            ]))
        #expect(firstOf(try await rows(store)) == ["2": "1"])
        // The help desk corrects the second ticket's date: a month later it is a request of its own.
        #expect(
            try store.store(IngestBatch(tickets: [Self.ticket("2", day: 33, Self.again, requester: siti)])).updated == 1
        )
        #expect(firstOf(try await rows(store)).isEmpty)
        #expect(try await store.counts().duplicates == 0)
    }

    /// Takes the requester keys and sketches away, as a database written before schema v10
    /// (SQLite; v5 on PostgreSQL) holds its tickets.
    func forgetRequesters(_ store: any TicketStore) throws {
        if let store = store as? SQLiteStore {
            try store.pool.write {
                try $0.execute(sql: "UPDATE ticket SET requester_key = NULL, sketch = NULL, duplicate_of = NULL")
            }
        } else if let store = store as? PostgresStore {
            _ = try store.session.run("UPDATE ticket SET requester_key = NULL, sketch = NULL, duplicate_of = NULL")
        } else {
            Issue.record("no way to forget the requesters of \(type(of: store))")
        }
    }

    @Test(arguments: StoreBackend.all)
    func ticketsStoredBeforeRequestersWereRecognisedAreDecidedWhenTheirFileIsReadAgain(_ backend: StoreBackend)
        async throws
    {
        // A minute passes between batches: a ticket's key added on reading it again is not
        // told by an "updated now" it does not have.
        let store = try backend.make(folder, TickingClock(from: StoreConformanceTests.clock.now).clock)
        let siti = "siti@guru.sd.belajar.id"
        // Other tickets first, so row ids and places in a batch differ.
        _ = try store.store(
            IngestBatch(tickets: (10..<15).map { Self.ticket("\($0)", day: 1, Self.otherProblem, requester: nil) }))
        let tickets = [
            Self.ticket("1", day: 1, Self.request, requester: siti),
            Self.ticket("2", day: 3, Self.again, requester: siti),
            Self.ticket("3", day: 2, Self.request, requester: "budi@guru.sd.belajar.id"),
            Self.ticket("4", day: 4, Self.request, requester: nil),
        ]
        _ = try store.store(IngestBatch(tickets: tickets))
        try forgetRequesters(store)
        #expect(firstOf(try await rows(store)).isEmpty)
        // The same export read again: nothing changed in the tickets, so nothing is counted as
        // updated, but the older ticket now knows who asked and the repeat is found.
        let again = try store.store(IngestBatch(tickets: tickets))
        #expect(again.unchanged == 4 && again.updated == 0 && again.inserted == 0)
        #expect(firstOf(try await rows(store)) == ["2": "1"])
        #expect(try await store.counts().duplicates == 1)
        // A third reading finds the keys there and changes nothing.
        #expect(try store.store(IngestBatch(tickets: tickets)).unchanged == 4)
        #expect(firstOf(try await rows(store)) == ["2": "1"])
    }

    /// A shared address (an operator writing for a whole school) with more tickets in a
    /// fortnight than are compared (`Duplicates.neighbours`): a repeat is found among the latest
    /// ones only, across batches and after a ticket's date changes, the same on every backend
    /// (the SQLite writer holds such a requester's tickets in memory; PostgreSQL asks each time).
    @Test(arguments: StoreBackend.all)
    func aSharedAddressWithManyTicketsIsComparedWithItsLatestOnes(_ backend: StoreBackend) async throws {
        let store = try backend.make(folder, StoreConformanceTests.clock)
        let operatorAddress = "operator@sdn1.sch.id"
        func problem(_ n: Int) -> String {
            "Kendala \((0..<8).map { "hal\(n)x\($0)" }.joined(separator: " ")) mohon dibantu"
        }
        func ticket(_ id: Int, hour: Int, _ text: String) -> TicketRecord {
            TicketRecord(
                source: "pusat-bantuan", externalID: "\(id)", createdAt: 1_719_766_800 + Int64(hour) * 3600,
                subject: "Kendala PMM", description: text, extra: ["Pelapor": operatorAddress])
        }
        // 25 different problems, an hour apart, in two batches.
        let first = (1...25).map { ticket($0, hour: $0, problem($0)) }
        _ = try store.store(IngestBatch(tickets: Array(first[..<12])))
        _ = try store.store(IngestBatch(tickets: Array(first[12...])))
        // Again: problem 3 (23rd latest, not compared) and problem 20 (compared).
        _ = try store.store(
            IngestBatch(tickets: [
                ticket(26, hour: 30, "Halo admin. " + problem(3)),
                ticket(27, hour: 31, "Halo admin. " + problem(20)),
            ]))
        #expect(firstOf(try await rows(store)) == ["27": "20"])
        // The help desk moves problem 4's ticket to the latest hour: now a repeat of it is
        // compared with it.
        _ = try store.store(IngestBatch(tickets: [ticket(4, hour: 32, problem(4))]))
        _ = try store.store(IngestBatch(tickets: [ticket(28, hour: 33, "Selamat pagi. " + problem(4))]))
        #expect(firstOf(try await rows(store)) == ["27": "20", "28": "4"])
        #expect(try await store.counts().duplicates == 2)

        // The same tickets in one batch: the same answer, whatever the batches were.
        let otherFolder = try TemporaryFolder()
        let together = try backend.make(otherFolder, StoreConformanceTests.clock)
        _ = try together.store(
            IngestBatch(
                tickets: first + [
                    ticket(26, hour: 30, "Halo admin. " + problem(3)),
                    ticket(27, hour: 31, "Halo admin. " + problem(20)),
                ]))
        #expect(firstOf(try await rows(together)) == ["27": "20"])
    }

    /// A store's writer remembers which requesters wrote before, to skip looking up the rest;
    /// another process writing to the same database must not make it miss a repeat.
    @Test(arguments: StoreBackend.all)
    func aRepeatIsFoundWhenAnotherProcessStoredTheFirstTicket(_ backend: StoreBackend) async throws {
        let (mine, theirs) = try backend.makeTwo(folder, StoreConformanceTests.clock)
        let siti = "siti@guru.sd.belajar.id"
        // This process has read the requesters once already.
        _ = try mine.store(IngestBatch(tickets: [Self.ticket("0", day: 1, Self.otherProblem, requester: "budi@x.id")]))
        _ = try theirs.store(IngestBatch(tickets: [Self.ticket("1", day: 1, Self.request, requester: siti)]))
        _ = try mine.store(IngestBatch(tickets: [Self.ticket("2", day: 3, Self.again, requester: siti)]))
        #expect(firstOf(try await rows(mine)) == ["2": "1"])
        // And within one batch, a repeat written before its first in the file is still found.
        _ = try mine.store(
            IngestBatch(tickets: [
                Self.ticket("4", day: 9, Self.again, requester: "ani@x.id"),
                Self.ticket("3", day: 8, Self.request, requester: "ani@x.id"),
            ]))
        #expect(firstOf(try await rows(mine)) == ["2": "1", "4": "3"])
    }

    @Test(arguments: StoreBackend.all)
    func similarTicketsAreTheNearCopiesFirstWithWhatWasDecidedAndTheSameOnEveryBackend(_ backend: StoreBackend)
        async throws
    {
        let store = try backend.make(folder, StoreConformanceTests.clock)
        var tickets = [
            Self.ticket(
                "a1", day: 1, Self.request, requester: "siti@contoh.id", subject: "Tombol sinkron PMM tidak ada"),
            Self.ticket("a2", day: 2, Self.again, requester: "siti@contoh.id", subject: "tombol sinkron gk ada"),
        ]
        for number in 1...6 {
            tickets.append(
                Self.ticket(
                    "s\(number)", day: 2 + number,
                    "Tombol sinkron PMM di e-Kinerja BKN belum ada, SKP tidak bisa ditarik. Guru ke-\(number).",
                    requester: "guru\(number)@contoh.id", subject: "Sinkron PMM"))
            tickets.append(
                Self.ticket(
                    "k\(number)", day: 2 + number, Self.otherProblem + " Guru ke-\(number).",
                    requester: "guru\(number)@contoh.id", subject: "Akun terkunci"))
        }
        _ = try store.store(IngestBatch(tickets: tickets))
        let row = { (id: String) in try #require(try await store.tickets(externalID: id).first) }
        try await store.addLabel(
            Label(
                ticketRowID: try await row("s1").rowID, verdict: .known("tombol-sinkron"), action: .relabel,
                agent: "ani", labeledAt: 9))
        let finder = SimilarTickets(store: store)
        let found = try await finder.similar(to: try await row("a1"), limit: 10)
        #expect(found.first?.ticket.record.externalID == "a2")
        #expect(found.first?.duplicate == true)
        #expect(found.allSatisfy { $0.ticket.record.externalID.first != "k" })
        // The near copy and the six others about the same problem; none about a locked account.
        #expect(found.count == 7)
        let s1 = try #require(found.first { $0.ticket.record.externalID == "s1" })
        #expect(s1.verdict == .known("tombol-sinkron") && s1.labeled && !s1.duplicate)
        #expect(found.map(\.score) == found.map(\.score).sorted(by: >))
        let byText = try await finder.similar(
            toText: "Akun terkunci\nakun belajar.id terkunci, salah kata sandi", limit: 3)
        #expect(byText.map { $0.ticket.record.externalID.first } == ["k", "k", "k"])
        await #expect(throws: QueryError.self) { try await finder.similar(toText: "?!", limit: 3) }
    }
}

/// A clock a minute later at every reading.
final class TickingClock: Sendable {
    private let seconds: Mutex<Int64>
    init(from start: Int64) { seconds = Mutex(start) }
    var clock: Clock {
        Clock { [self] in
            seconds.withLock {
                $0 += 60
                return $0
            }
        }
    }
}

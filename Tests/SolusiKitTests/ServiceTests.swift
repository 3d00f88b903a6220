import Foundation
import Testing

@testable import SolusiKit
@testable import SolusiSQLite

/// The workflows as a program calls them, without the command line.
@Suite struct ServiceTests {
    static let clock = Clock.fixed(1_720_660_500)
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.path("s.sqlite"), clock: Self.clock)
        try store.sync(Trained.knowledgeBase.catalog)
    }

    func ingest(_ rows: [String]) throws -> IngestService.Summary {
        let path = try folder.write("t-\(UUID().uuidString).csv", plainHeader + rows.joined(separator: "\n") + "\n")
        return try IngestService(store: store, clock: Self.clock).ingest(files: [path])
    }

    func desk() -> TriageDesk {
        TriageDesk(store: store, classifier: Trained.classifier, modelVersion: nil, clock: Self.clock)
    }

    @Test func ingestReportsEveryFileAndGoesOnAfterOneThatCannotBeRead() throws {
        let good = try folder.write("a.csv", plainHeader + "1,2024-07-01,a,b,,,,,\n2,kemarin,a,b,,,,,\n")
        var told: [String] = []
        let summary = try IngestService(store: store, clock: Self.clock).ingest(
            files: [folder.path("missing.csv"), good], onFile: { told.append($0.file) })
        #expect(told == [folder.path("missing.csv"), good])
        #expect(summary.failed && summary.rejected)
        #expect(summary.totals.inserted == 1 && summary.totals.rejected == 1)
        #expect(summary.files[0].error != nil && summary.files[1].result?.counts.read == 2)
    }

    @Test func aLabelIsStampedByTheClockAndTheAgentsOtherIsOutOfScope() async throws {
        _ = try ingest(["1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,,"])
        let desk = desk()
        let suggestion = try #require(try await desk.next(.all, agent: "ani"))
        #expect(suggestion.issue?.id == "tombol-sinkron-pmm-tidak-ada")
        #expect(suggestion.reply.contains("Bapak/Ibu") && !suggestion.articleURLs.isEmpty)
        let label = try await desk.relabel(try await desk.ticket("1"), as: Verdict(agentInput: "lainnya"), agent: "ani")
        #expect(label.verdict == .outOfScope && label.labeledAt == Self.clock.now)
        await #expect(throws: ServiceError.unknownIssue("tidak-ada")) {
            try await desk.relabel(try await desk.ticket("1"), as: Verdict(agentInput: "tidak-ada"), agent: "ani")
        }
        await #expect(throws: ServiceError.ticketNotFound(id: "9", source: nil)) { try await desk.ticket("9") }
        #expect(try await desk.next(.all, agent: "ani") == nil, "a labelled ticket leaves the queue")
    }

    @Test func theReplyNeverEchoesTheTicketAndFillsEveryPlaceholder() throws {
        let drafter = ReplyDrafter(knowledgeBase: Trained.knowledgeBase)
        for issue in Trained.knowledgeBase.issues {
            let reply = drafter.reply(for: issue)
            #expect(!reply.contains("{{") && reply.contains(ReplyDrafter.salutation), "\(issue.id)")
            for step in issue.solution.prefix(1) { #expect(reply.contains(step), "\(issue.id): steps") }
        }
        #expect(!drafter.reply(for: nil).contains("{{"))
    }

    @Test func notificationLeavesOutClosedTicketsAndFollowsTheAgentsLabel() async throws {
        _ = try ingest([
            "1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,open,",
            "2,2024-07-02,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,Selesai ,",
            "3,2024-07-03,Lupa kata sandi,akun belajar.id,,,,open,",
        ])
        let service = ClassificationService(knowledgeBase: Trained.knowledgeBase, store: store, clock: Self.clock)
        _ = try service.classifyStoredTickets(with: try service.currentModel(), all: false)
        let issue = "tombol-sinkron-pmm-tidak-ada"
        try await desk().relabel(try await desk().ticket("3"), as: .known(issue), agent: "ani")
        final class Rows: NotificationOutput {
            var ids: [String] = []
            var finished = false
            func write(_ ticket: TicketRecord, reply: String, articleURLs: [String], issue: String) throws {
                ids.append(ticket.externalID)
            }
            func finish() throws { finished = true }
        }
        let rows = Rows()
        let notifier = NotificationService(knowledgeBase: Trained.knowledgeBase, store: store)
        let result = try notifier.notify(issue: issue, again: false, file: "n.csv", output: rows)
        #expect(rows.ids == ["1", "3"] && rows.finished && result.written == 2)
        #expect(try notifier.notify(issue: issue, again: false, file: "n.csv", output: Rows()).written == 0)
        #expect(throws: ServiceError.unknownIssue("x")) {
            try notifier.notify(issue: "x", again: false, file: "n.csv", output: Rows())
        }
    }

    @Test func aRepeatOfAnAnsweredRequestIsLabelledLikeItsFirstAndOneNotYetAnsweredSaysWhichItRepeats()
        async throws
    {
        _ = try ingest([
            "1,2024-07-01,Tombol sinkron PMM tidak ada,Tombol sinkron PMM tidak muncul di e-Kinerja BKN. HP 0812-3456-7890,,,,open,",
            "2,2024-07-03,tombol sinkron gk ada,Assalamualaikum. tombol sinkron PMM tdk muncul di e-Kinerja BKN. HP 081234567890,,,,open,",
            "3,2024-07-04,Lupa kata sandi,akun belajar.id saya terkunci,,,,open,",
        ])
        let desk = desk()
        let first = try #require(try await desk.next(.all, agent: "budi"))
        #expect(first.ticket.record.externalID == "1" && first.duplicateOf == nil)
        let again = try #require(try await desk.next(.all, agent: "ani"))
        #expect(again.ticket.record.externalID == "2" && again.duplicateOf?.record.externalID == "1")
        #expect(again.similar.first?.ticket.record.externalID == "1" && again.similar.first?.duplicate == true)
        #expect(try await store.release(ticketRowID: again.ticket.rowID, agent: "ani"))
        let answered = try await desk.accept(first, agent: "budi")
        // Ani's next ticket is the third: the repeat got budi's answer on the way.
        #expect(try await desk.next(.all, agent: "ani")?.ticket.record.externalID == "3")
        let label = try #require(try await store.labels(ofTicket: again.ticket.rowID).last)
        #expect(label.verdict == answered.verdict && label.note == "duplikat dari 1" && label.agent == "ani")
    }

    @Test func notificationWritesEachRequesterOnceAndMarksTheirOtherTickets() async throws {
        _ = try ingest([
            "1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN. HP 0812-3456-7890,,,,open,",
            "2,2024-07-09,tombol sinkron belum muncul,masih belum ada juga. wa +62 812 3456 7890,,,,open,",
            "3,2024-07-03,Tombol sinkron PMM tidak ada,di e-Kinerja BKN. HP 0813-1111-2222,,,,open,",
        ])
        let issue = "tombol-sinkron-pmm-tidak-ada"
        for id in ["1", "2", "3"] {
            try await desk().relabel(try await desk().ticket(id), as: .known(issue), agent: "ani")
        }
        final class Rows: NotificationOutput {
            var ids: [String] = []
            func write(_ ticket: TicketRecord, reply: String, articleURLs: [String], issue: String) throws {
                ids.append(ticket.externalID)
            }
            func finish() throws {}
        }
        let rows = Rows()
        let notifier = NotificationService(knowledgeBase: Trained.knowledgeBase, store: store)
        let result = try notifier.notify(issue: issue, again: false, file: "n.csv", output: rows)
        #expect(rows.ids == ["1", "3"] && result.written == 2 && result.sameRequester == 1)
        // The teacher's second ticket was marked with the first: no second message later.
        let again = Rows()
        #expect(try notifier.notify(issue: issue, again: false, file: "n.csv", output: again).written == 0)
        #expect(again.ids.isEmpty)
    }

    /// Only what an agent confirmed or the classifier is sure of is sent in bulk; the rest is
    /// listed for review and never marked notified.
    @Test func notifySendsOnlyConfirmedOrSureTicketsAndListsTheRestForReview() throws {
        let issue = "tombol-sinkron-pmm-tidak-ada"
        func facts(_ id: String, status: String? = "open", confidence: Double?, label: Verdict? = nil) -> TicketFacts {
            let record = TicketRecord(
                source: "pusat-bantuan", externalID: id, createdAt: 1_719_766_800, subject: "s", description: "d",
                requesterRole: nil, province: nil, channel: nil, status: status, tags: [], extra: [:])
            return TicketFacts(
                ticket: Ticket(rowID: 1, record: record, ingestedAt: 0, updatedAt: 0),
                classification: confidence.map {
                    ClassificationRecord(verdict: .known(issue), confidence: $0, modelVersion: 1, classifiedAt: 0)
                }, label: label)
        }
        let sure = NotificationService.sureConfidence
        #expect(NotificationService.choice(for: facts("1", confidence: sure), issue: issue) == .send)
        #expect(NotificationService.choice(for: facts("2", confidence: sure - 0.01), issue: issue) == .review)
        #expect(
            NotificationService.choice(for: facts("3", confidence: 0.6, label: .known(issue)), issue: issue) == .send)
        #expect(
            NotificationService.choice(for: facts("4", confidence: 0.99, label: .outOfScope), issue: issue) == .skip)
        #expect(NotificationService.choice(for: facts("5", status: "closed", confidence: 0.99), issue: issue) == .skip)
        #expect(
            NotificationService.choice(for: facts("6", confidence: nil, label: .known(issue)), issue: issue) == .send)
    }

    @Test func unknownTicketsAreTheClassifiedUnknownAndTheOnesLabelledOther() async throws {
        _ = try ingest([
            "1,2024-07-01,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,,",
            "2,2024-07-02,Lupa kata sandi,akun belajar.id,,,,,",
            "3,2024-07-03,Tombol sinkron PMM tidak ada,di e-Kinerja BKN,,,,,",
        ])
        let service = ClassificationService(knowledgeBase: Trained.knowledgeBase, store: store, clock: Self.clock)
        _ = try service.classifyStoredTickets(with: try service.currentModel(), all: false)
        try await desk().relabel(try await desk().ticket("3"), as: .outOfScope, agent: "ani")
        var unknown: [Int64] = []
        try InsightsService(store: store, knowledgeBase: Trained.knowledgeBase).forEachUnknownTicket(
            from: nil, before: nil
        ) { unknown.append($0.rowID) }
        let ids = try store.tickets(rowIDs: unknown).map(\.record.externalID)
        #expect(ids.contains("2") && ids.contains("3") && !ids.contains("1"))
    }

    @Test func searchStemsTheQueryAndRefusesOneWithoutWords() async throws {
        _ = try ingest(["1,2024-07-01,Nilai tidak terkirim,kepala sekolah,,,,,"])
        let browser = TicketBrowser(store: store)
        #expect(try await browser.search("mengirimkan", limit: 5).map(\.ticket.record.externalID) == ["1"])
        #expect(try await browser.search("tdk", limit: 5).count == 1, "chat spellings stand for the word")
        await #expect(throws: QueryError.self) { try await browser.search("\"*\" - ()", limit: 5) }
    }

    @Test func verdictsParseWhatAgentsTypeAndTheLabelWins() {
        #expect(Verdict(agentInput: " Lainnya ") == .outOfScope && Verdict(agentInput: "0") == .outOfScope)
        #expect(Verdict(agentInput: "predikat-kinerja-gagal-kirim") == .known("predikat-kinerja-gagal-kirim"))
        #expect(Verdict.decided(label: .outOfScope, classification: .known("a")) == .outOfScope)
        #expect(Verdict.decided(label: nil, classification: .unknown) == .unknown)
        #expect(Verdict.decided(label: nil, classification: nil) == nil)
        #expect(Verdict.outOfScope.labelText == "other" && Verdict.known("a").labelText == "a")
        #expect(
            Label(ticketRowID: 1, verdict: .unknown, action: .relabel, agent: "a", labeledAt: 0).verdict == .outOfScope)
    }

    @Test func closedHelpDeskStatusesAreRecognisedWhateverTheCase() {
        func record(_ status: String?) -> TicketRecord {
            TicketRecord(source: "s", externalID: "1", createdAt: 0, subject: "", description: "", status: status)
        }
        #expect(record(" Solved").isClosed && record("DITUTUP").isClosed && record("selesai").isClosed)
        #expect(!record("open").isClosed && !record(nil).isClosed && !record("pending").isClosed)
    }
}

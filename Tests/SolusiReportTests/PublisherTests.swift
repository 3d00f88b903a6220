import Foundation
import TestSupport
import Testing

@testable import SolusiKit
@testable import SolusiReport
@testable import SolusiSQLite

/// The export: the output that carries ticket text out of Solusi, so it masks personal data.
@Suite struct PublisherTests {
    let folder: URL
    let store: SQLiteStore
    let publisher = Publisher(knowledgeBase: ReportSiteTests.knowledgeBase, clock: .fixed(1_720_660_500))

    init() async throws {
        folder = try scratchFolder("solusi-export")
        store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        try store.sync(ReportSiteTests.knowledgeBase.catalog)
        let tickets = [
            ReportSiteTests.hostile,
            TicketRecord(
                source: "t", externalID: "2", createdAt: 1_720_746_900, subject: "=1+1 sinkron",
                description: "tidak ada", tags: ["a", "b"]),
        ]
        _ = try store.store(IngestBatch(tickets: tickets))
        let version = try store.saveModel(
            ModelRecord(
                trainingHash: 0, labels: ["other"], weights: Data(), bias: [0], temperature: 1, threshold: 0.5,
                heldOutMacroF1: 0, heldOutAccuracy: 0, createdAt: 0))
        let rows = try store.ticketsToClassify(after: 0, limit: 10, all: true)
        try store.saveClassifications(
            [
                StoredClassification(
                    rowID: rows[0].rowID, verdict: .known("predikat-kinerja-gagal-kirim"), confidence: 0.91),
                StoredClassification(rowID: rows[1].rowID, verdict: .unknown, confidence: 0.7),
            ], modelVersion: version)
        try await store.addLabel(
            Label(ticketRowID: rows[1].rowID, verdict: .outOfScope, action: .relabel, agent: "ani", labeledAt: 1))
    }

    func export(_ format: TicketWriter.Format, showPersonalData: Bool = false) throws -> String {
        let path = folder.appendingPathComponent("e-\(UUID().uuidString).\(format.rawValue)").path
        let count = try publisher.export(
            from: store, format: format, showPersonalData: showPersonalData, to: ByteSink(path: path))
        #expect(count == 2)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func jsonLinesCarryIssueLabelAndStatusWithPersonalDataMasked() throws {
        let lines = try export(.jsonl).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(lines.count == 2)
        #expect(lines[0]["issue"] as? String == "predikat-kinerja-gagal-kirim")
        #expect(lines[0]["confidence"] as? Double == 0.91 && lines[0]["label"] is NSNull)
        #expect(lines[0]["issue_status"] as? String == "solved")
        #expect(lines[1]["issue"] is NSNull && lines[1]["label"] as? String == "other")
        #expect(lines[1]["issue_status"] is NSNull, "the agent's other wins over any classification")
        #expect(lines[1]["tags"] as? [String] == ["a", "b"])
        let text = "\(lines[0])"
        for value in ReportSiteTests.personal { #expect(!text.contains(value), "\(value) leaked") }
    }

    @Test func csvHasTheHeaderDefusesFormulasAndShowsPersonalDataOnlyWhenAsked() throws {
        let csv = try export(.csv)
        #expect(csv.hasPrefix(ExportWriter.fields.joined(separator: ",") + "\n"))
        #expect(csv.contains(",'=1+1 sinkron,"))
        for value in ReportSiteTests.personal { #expect(!csv.contains(value), "\(value) leaked") }
        let shown = try export(.csv, showPersonalData: true)
        #expect(shown.contains("3201234567890123"))
    }

    @Test func theAnnouncementIsDatedByTheClockOrTheDayGiven() throws {
        #expect(publisher.announcement().options.date == "2024-07-11T08:15:00+07:00")
        #expect(publisher.announcement(on: Day("2024-08-01")).options.date == "2024-08-01T08:00:00+07:00")
    }
}

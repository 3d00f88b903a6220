import Foundation
import SolusiKit

/// Publishing what Solusi knows: the report site, the announcement and the export. The
/// publishing workflows live here, beside the formats they write; the rest of the workflows are
/// services of SolusiKit.
public struct Publisher {
    /// The knowledge base the outputs tell about.
    public let knowledgeBase: KnowledgeBase
    /// Where "now" comes from (the report's and the announcement's date).
    public let clock: Clock

    /// A publisher of a knowledge base.
    public init(knowledgeBase: KnowledgeBase, clock: Clock = .system) {
        self.knowledgeBase = knowledgeBase
        self.clock = clock
    }

    /// What `report` wrote.
    public struct ReportOutcome: Sendable {
        /// The files written.
        public var files: [String]
        /// Tickets in the period.
        public var tickets: Int
        /// The summary page.
        public var index: String
    }

    /// Writes the static report of the tickets created on `since` … `until` into `folder`.
    @discardableResult
    /// `progress` is told how many tickets have been read, every 10,000.
    public func report(
        from store: any TicketScan & IngestStore, since: Day? = nil, until: Day? = nil, into folder: String,
        showPersonalData: Bool = false, force: Bool = false, progress: (Int) -> Void = { _ in }
    ) throws -> ReportOutcome {
        let insights = InsightsService(store: store, knowledgeBase: knowledgeBase)
        let data = try insights.reportData(since: since, until: until, progress: progress)
        var options = ReportSite.Options(generatedAt: clock.now)
        options.showPersonalData = showPersonalData
        try options.addInsights(insights, data: data)
        let model = try ReportModel.load(from: store, knowledgeBase: knowledgeBase, data: data, options: options)
        let files = try ReportSite(model).write(to: folder, force: force)
        return ReportOutcome(
            files: files, tickets: data.total,
            index: URL(fileURLWithPath: folder).appendingPathComponent("index.html").path)
    }

    /// The Hugo status update dated `day` at 08:00 WIB (default: now), with the solutions that
    /// became available on or after `since`.
    public func announcement(
        since: Day? = nil, on day: Day? = nil, author: String? = nil, title: String? = nil, draft: Bool = false
    ) -> Announcement {
        let stamp = day.map { $0.text + "T08:00:00+07:00" } ?? TicketDate.isoString(clock.now)
        var options = Announcement.Options(since: since?.text, date: stamp)
        if let author { options.author = author }
        options.title = title
        options.draft = draft
        return Announcement(knowledgeBase: knowledgeBase, options: options)
    }

    /// Writes an announcement to `sink` and puts it in place.
    public func write(_ announcement: Announcement, to sink: ByteSink) throws {
        try sink.write(announcement.markdown())
        try sink.close()
    }

    /// The cState status page of the knowledge base's issues, with how many tickets the
    /// classifier has recognised as each one when a store is given.
    public func statusPage(counting store: (any TicketScan)?, options: StatusPage.Options = .init()) throws
        -> StatusPage
    {
        var reports: [String: Int] = [:]
        if let store {
            for tally in try store.tally(by: .issue) where !tally.value.isEmpty { reports[tally.value] = tally.count }
        }
        return StatusPage(knowledgeBase: knowledgeBase, reports: reports, options: options)
    }

    /// Writes the tickets created on `since` … `until`, oldest first, with their issue and status
    /// (masked unless `showPersonalData`); returns how many.
    public func export(
        from store: any TicketScan, format: TicketWriter.Format, since: Day? = nil, until: Day? = nil,
        showPersonalData: Bool = false, to sink: ByteSink
    ) throws -> Int {
        let writer = try ExportWriter(
            format: format, knowledgeBase: knowledgeBase, showPersonalData: showPersonalData, sink: sink)
        var count = 0
        try store.forEachTicket(from: since?.startSeconds, before: until?.adding(1).startSeconds) { row in
            try writer.write(row)
            count += 1
        }
        try writer.finish()
        return count
    }
}

/// The main job in one run, as a pipeline of named steps: sample tickets → store → classify →
/// report → announcement → status page, into one folder with a database of its own, made anew each run.
public struct DemoPipeline {
    /// One step: what it does, and the work, which answers with a line about what it did.
    public struct Step {
        /// What the step does, shown before it runs.
        public var title: String
        /// The work; its answer (if any) is shown after.
        public var run: () throws -> String?
    }

    /// The steps, in order.
    public private(set) var steps: [Step] = []
    /// The report's summary page.
    public let index: String
    /// The demo's database (for `solusi serve --db`).
    public let database: String
    /// The demo's status page, a Hugo site.
    public let statusSite: String
    /// The demo's folder.
    public let folder: String

    /// The pipeline for `count` sample tickets (from `seed`) into `folder`, with the workspace's
    /// knowledge-base folder, clock and backends; its database is the demo's own, in `folder`.
    public init(knowledgeBase: KnowledgeBase, workspace: Workspace, folder: String, count: Int, seed: UInt64) throws {
        let articles = workspace.articles
        let clock = workspace.clock
        let output = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let samplePath = output.appendingPathComponent("sample-tickets.csv").path
        let databasePath = output.appendingPathComponent("solusi-demo.sqlite").path
        database = databasePath
        let announcementPath = output.appendingPathComponent("pengumuman.md").path
        let statusPath = output.appendingPathComponent("status").path
        statusSite = statusPath
        self.folder = output.path
        index = output.appendingPathComponent("index.html").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        var demo = workspace
        demo.database = databasePath
        let store = try demo.openStore(creating: true, knowledgeBase: knowledgeBase)
        let publisher = Publisher(knowledgeBase: knowledgeBase, clock: clock)

        steps = [
            Step(title: "\(count) tiket contoh → \(samplePath)") {
                // With who wrote, as a help desk's export has it: notify lists them, replies greet them.
                let writer = try TicketWriter(
                    format: .csv, sink: ByteSink(path: samplePath, replacing: true),
                    extraColumns: SampleGenerator.requesterColumns)
                for ticket in SampleGenerator(count: count, seed: seed) { try writer.write(ticket) }
                try writer.finish()
                return nil
            },
            Step(title: "simpan ke \(databasePath)") {
                let counts = try IngestService(store: store, clock: clock).ingest(files: [samplePath]).totals
                return "\(counts.inserted) tiket tersimpan, \(counts.rejected) ditolak"
            },
            Step(title: "klasifikasi dengan basis pengetahuan \(articles)") {
                let service = ClassificationService(knowledgeBase: knowledgeBase, store: store, clock: clock)
                let run = try service.classifyStoredTickets(with: try service.currentModel(), all: false)
                return "\(run.classified - run.unknown) tiket tentang isu yang dikenal, \(run.unknown) tidak dikenal"
            },
            Step(title: "laporan → \(output.path)/index.html") {
                // The demo's folder is its own: a report an older version left there is replaced.
                try publisher.report(from: store, into: output.path, force: true)
                return nil
            },
            Step(title: "pengumuman → \(announcementPath)") {
                try publisher.write(publisher.announcement(), to: ByteSink(path: announcementPath, replacing: true))
                return nil
            },
            Step(title: "halaman status (Hugo, tema cState) → \(statusPath)") {
                let page = try publisher.statusPage(counting: store)
                try page.write(to: statusPath)
                return "\(page.issues.count) isu (membangunnya dengan Hugo: lihat di bawah)"
            },
        ]
    }
}

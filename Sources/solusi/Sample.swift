import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

extension TicketWriter.Format: ExpressibleByArgument {}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic tickets for demos and benchmarks; the same seed gives the same file.")

    @Option(help: "How many tickets.") var count: Int
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "csv or jsonl.") var format: TicketWriter.Format = .csv
    @Option(help: "Write to this file instead of stdout.") var out: String?
    @Flag(help: "Overwrite --out if it exists.") var force = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more.") }
    }

    func run() throws {
        try Self.write(
            count: count, seed: seed, format: format,
            to: out.map { try ByteSink(path: $0, replacing: force) } ?? ByteSink())
    }

    static func write(count: Int, seed: UInt64, format: TicketWriter.Format, to sink: ByteSink) throws {
        let writer = try TicketWriter(format: format, sink: sink)
        for ticket in SampleGenerator(count: count, seed: seed) { try writer.write(ticket) }
        try writer.finish()
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The main job in one command: sample tickets → store → classify → the report in DIR/index.html and the announcement beside it.",
        discussion:
            "Uses its own database, DIR/solusi-demo.sqlite, made anew each run, so a real database is never touched.")

    @Option(help: "Folder to write the report (and the demo's data) into.") var out: String
    @Option(help: "How many sample tickets.") var count = 5000
    @Option(help: "Seed of the sample.") var seed: UInt64 = 1
    @Option(help: "The knowledge-base folder (default: $SOLUSI_ARTICLES, else Articles).") var articles: String?

    func run() throws {
        let folder = GlobalOptions.articlesPath(articles)
        let knowledgeBase: KnowledgeBase
        do {
            knowledgeBase = try KnowledgeBase.load(from: folder)
        } catch {
            Terminal.message(error.description)
            Terminal.message(
                "solusi: demo membutuhkan basis pengetahuan yang sah di \(folder) (lihat `solusi kb check`).")
            throw ExitCode(1)
        }
        let output = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let samplePath = output.appendingPathComponent("sample-tickets.csv").path
        let databasePath = output.appendingPathComponent("solusi-demo.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }

        Terminal.message("[1/5] \(count) tiket contoh → \(samplePath)")
        try Sample.write(count: count, seed: seed, format: .csv, to: ByteSink(path: samplePath, replacing: true))

        Terminal.message("[2/5] simpan ke \(databasePath)")
        let store = try SQLiteStore(path: databasePath)
        let result = try Ingester(store: store).ingest(file: samplePath)
        Terminal.message("      \(result.counts.inserted) tiket tersimpan, \(result.counts.rejected) ditolak")

        Terminal.message("[3/5] klasifikasi dengan basis pengetahuan \(folder)")
        try store.sync(knowledgeBase)
        let choice = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store)
        if let version = choice.version {
            let (classified, unknown) = try StoredTicketClassification(
                store: store, classifier: choice.classifier, modelVersion: version
            ).run(all: false)
            Terminal.message("      \(classified - unknown) tiket tentang isu yang dikenal, \(unknown) tidak dikenal")
        }

        let now = Int64(Date().timeIntervalSince1970)
        Terminal.message("[4/5] laporan → \(output.path)/index.html")
        let data = try ReportData(store: store, since: nil, until: nil)
        var options = ReportSite.Options(generatedAt: now)
        try options.addInsights(store: store, issues: knowledgeBase.issues.map(\.id), data: data)
        try ReportSite(store: store, knowledgeBase: knowledgeBase, data: data, options: options).write(to: output.path)

        let announcementPath = output.appendingPathComponent("pengumuman.md").path
        Terminal.message("[5/5] pengumuman → \(announcementPath)")
        let announcement = Announcement(
            knowledgeBase: knowledgeBase, options: .init(date: TicketDate.isoString(now)))
        let sink = try ByteSink(path: announcementPath, replacing: true)
        try sink.write(announcement.markdown())
        try sink.close()
        print(output.appendingPathComponent("index.html").path)
    }
}

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

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more.") }
    }

    func run() throws {
        try Self.write(count: count, seed: seed, format: format, to: out.map(ByteSink.init(path:)) ?? ByteSink())
    }

    static func write(count: Int, seed: UInt64, format: TicketWriter.Format, to sink: ByteSink) throws {
        let writer = try TicketWriter(format: format, sink: sink)
        for ticket in SampleGenerator(count: count, seed: seed) { try writer.write(ticket) }
        try writer.finish()
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The main job in one command: sample tickets → store → classify → summary page in DIR/index.html.",
        discussion:
            "Uses its own database, DIR/solusi-demo.sqlite, made anew each run, so a real database is never touched.")

    @Option(help: "Folder to write the page (and the demo's data) into.") var out: String
    @Option(help: "How many sample tickets.") var count = 5000
    @Option(help: "Seed of the sample.") var seed: UInt64 = 1
    @Option(help: "The knowledge-base folder (default: $SOLUSI_ARTICLES, else Articles).") var articles: String?

    func run() throws {
        let output = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let samplePath = output.appendingPathComponent("sample-tickets.csv").path
        let databasePath = output.appendingPathComponent("solusi-demo.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }

        Terminal.message("[1/4] \(count) tiket contoh → \(samplePath)")
        try Sample.write(count: count, seed: seed, format: .csv, to: ByteSink(path: samplePath))

        Terminal.message("[2/4] simpan ke \(databasePath)")
        let store = try SQLiteStore(path: databasePath)
        let result = try Ingester(store: store).ingest(file: samplePath)
        Terminal.message("      \(result.counts.inserted) tiket tersimpan, \(result.counts.rejected) ditolak")

        var titles: [String: String] = [:]
        let folder = GlobalOptions.articlesPath(articles)
        if let knowledgeBase = try? KnowledgeBase.load(from: folder) {
            Terminal.message("[3/4] klasifikasi dengan basis pengetahuan \(folder)")
            try store.sync(knowledgeBase)
            let choice = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store)
            if let version = choice.version {
                let (classified, unknown) = try StoredTicketClassification(
                    store: store, classifier: choice.classifier, modelVersion: version
                ).run(all: false)
                Terminal.message(
                    "      \(classified - unknown) tiket tentang isu yang dikenal, \(unknown) tidak dikenal")
            }
            titles = Dictionary(uniqueKeysWithValues: knowledgeBase.issues.map { ($0.id, $0.title) })
        } else {
            Terminal.warning(
                "[3/4] basis pengetahuan \(folder) tidak ada atau tidak sah (`solusi kb check`): tiket tidak diklasifikasi"
            )
        }

        let pagePath = output.appendingPathComponent("index.html").path
        Terminal.message("[4/4] halaman ringkasan → \(pagePath)")
        let page = try SummaryPage(store: store, generatedAt: Int64(Date().timeIntervalSince1970), issueTitles: titles)
        let sink = try ByteSink(path: pagePath)
        try sink.write(page.html())
        try sink.flush()
        print(pagePath)
    }
}

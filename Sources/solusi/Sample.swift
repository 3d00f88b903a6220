import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

extension TicketWriter.Format: ExpressibleByArgument {}

struct Sample: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tulis tiket sintetis untuk demo dan tolok ukur; seed yang sama memberi berkas yang sama.")

    @Option(help: "Berapa tiket.") var count: Int
    @Option(help: "Seed pembangkit.") var seed: UInt64 = 1
    @Option(help: "csv atau jsonl.") var format: TicketWriter.Format = .csv
    @Option(help: "Tulis ke berkas ini, bukan ke stdout.") var out: String?
    @Flag(help: "Timpa --out bila sudah ada.") var force = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count tidak boleh negatif.") }
    }

    func execute() async throws {
        let writer = try TicketWriter(
            format: format, sink: out.map { try ByteSink(path: $0, replacing: force) } ?? ByteSink())
        for ticket in SampleGenerator(count: count, seed: seed) { try writer.write(ticket) }
        try writer.finish()
    }
}

struct Demo: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Pekerjaan utama dalam satu perintah: tiket contoh → simpan → klasifikasi → laporan di DIR/index.html, pengumuman dan halaman status di sampingnya.",
        discussion:
            "Memakai basis datanya sendiri, DIR/solusi-demo.sqlite, yang dibuat baru setiap kali, jadi basis data sungguhan tidak pernah tersentuh."
    )

    @Option(help: "Folder tujuan laporan (dan data demo).") var out: String
    @Option(help: "Berapa tiket contoh.") var count = 5000
    @Option(help: "Seed contoh.") var seed: UInt64 = 1
    @Option(help: "Folder basis pengetahuan (bawaan: $SOLUSI_ARTICLES, selain itu Articles).") var articles: String?

    func execute() async throws {
        let workspace = Workspace.resolve(database: nil, articles: articles)
        let knowledgeBase: KnowledgeBase
        do {
            knowledgeBase = try workspace.loadKnowledgeBase()
        } catch {
            Terminal.message(Failure.message(for: error))
            Terminal.message(
                "solusi: demo membutuhkan basis pengetahuan yang sah di \(workspace.articles) (lihat `solusi kb check`)."
            )
            throw ExitCode(1)
        }
        let pipeline = try DemoPipeline(
            knowledgeBase: knowledgeBase, articles: workspace.articles, folder: out, count: count, seed: seed,
            clock: workspace.clock)
        for (number, step) in pipeline.steps.enumerated() {
            Terminal.message("[\(number + 1)/\(pipeline.steps.count)] \(step.title)")
            if let done = try step.run() { Terminal.message("      \(done)") }
        }
        // The next thing to try: the same tickets in the agents' web console.
        let articles = workspace.articles
        Terminal.message(
            """
            Konsol agen untuk tiket demo ini:
                solusi agents add NAMA --role lead --db \(pipeline.database)
                solusi serve --db \(pipeline.database) --articles \(articles)
            """)
        print(pipeline.index)
    }
}

import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

extension TicketWriter.Format: ExpressibleByArgument {}

struct Sample: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic tickets for demos and benchmarks; the same seed gives the same file.")

    @Option(help: "How many tickets.") var count: Int
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "csv or jsonl.") var format: TicketWriter.Format = .csv
    @Option(help: "Write to this file instead of stdout.") var out: String?
    @Flag(help: "Overwrite --out if it exists.") var force = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count tidak boleh negatif.") }
    }

    func execute() throws {
        let writer = try TicketWriter(
            format: format, sink: out.map { try ByteSink(path: $0, replacing: force) } ?? ByteSink())
        for ticket in SampleGenerator(count: count, seed: seed) { try writer.write(ticket) }
        try writer.finish()
    }
}

struct Demo: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The main job in one command: sample tickets → store → classify → the report in DIR/index.html and the announcement beside it.",
        discussion:
            "Uses its own database, DIR/solusi-demo.sqlite, made anew each run, so a real database is never touched.")

    @Option(help: "Folder to write the report (and the demo's data) into.") var out: String
    @Option(help: "How many sample tickets.") var count = 5000
    @Option(help: "Seed of the sample.") var seed: UInt64 = 1
    @Option(help: "The knowledge-base folder (default: $SOLUSI_ARTICLES, else Articles).") var articles: String?

    func execute() throws {
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
        print(pipeline.index)
    }
}

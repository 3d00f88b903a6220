import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

extension TicketWriter.Format: ExpressibleByArgument {}

struct Sample: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
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
        commandName: "demo",
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
        let workspace = Workspace.linked(database: nil, articles: articles)
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
            knowledgeBase: knowledgeBase, workspace: workspace, folder: out, count: count, seed: seed)
        for (number, step) in pipeline.steps.enumerated() {
            Terminal.message("[\(number + 1)/\(pipeline.steps.count)] \(step.title)")
            if let done = try step.run() { Terminal.message("      \(done)") }
        }
        Terminal.message(Self.nextSteps(pipeline, articles: workspace.articles, knowledgeBase: knowledgeBase))
        print(pipeline.index)
    }

    /// What to try next, every command with the demo's database (every command defaults to
    /// `solusi.sqlite`, the demo wrote its own).
    static func nextSteps(_ pipeline: DemoPipeline, articles: String, knowledgeBase: KnowledgeBase) -> String {
        let db = "--db \(shellQuoted(pipeline.database))"
        let kb = articles == "Articles" ? "" : " --articles \(shellQuoted(articles))"
        let solved = knowledgeBase.issues.first { $0.status.hasSolution && $0.reviewed }?.id ?? "ISU"
        let themes = shellQuoted(pipeline.folder + "/themes")
        let solusi = invokedAs()
        return """

            Laporan: buka \(pipeline.index) di browser.
            Berikutnya, dengan basis data demo ini:
                \(solusi) status \(db)\(kb)
                \(solusi) triage \(db)\(kb) --agent NAMA        # antrean agen di terminal
                \(solusi) tickets list \(db)\(kb)
                \(solusi) search "tombol sinkron" \(db)
                \(solusi) notify \(solved) --out kirim.csv --review tinjau.csv \(db)\(kb)
                \(solusi) agents add NAMA --role lead \(db)     # lalu konsol agen di browser:
                \(solusi) serve \(db)\(kb)
            Atau sekali saja (lalu --db tidak perlu ditulis): export SOLUSI_DB=\(shellQuoted(pipeline.database))
            Halaman status (tema cState tidak disertakan; ambil sekali, lalu bangun dengan Hugo):
                git clone --depth 1 https://github.com/cstate/cstate \(themes)/cstate
                hugo -s \(shellQuoted(pipeline.statusSite)) --themesDir \(themes) --theme cstate
            """
    }
}

/// How to run this program again from here: `solusi` when the shell found it on the PATH, else
/// its path — relative when under the current folder, through SwiftPM's `.build/debug` link
/// when there is one (`swift run solusi demo` runs `.build/<triple>/debug/solusi`).
func invokedAs() -> String {
    let given = CommandLine.arguments.first ?? "solusi"
    guard given.contains("/") else { return given }
    let path = URL(fileURLWithPath: given).standardizedFileURL.path
    let here = FileManager.default.currentDirectoryPath + "/"
    guard path.hasPrefix(here) else { return shellQuoted(path) }
    var relative = String(path.dropFirst(here.count))
    if let match = relative.wholeMatch(of: /\.build\/[^\/]+\/(debug|release)\/(.+)/),
        FileManager.default.fileExists(atPath: ".build/\(match.1)/\(match.2)")
    {
        relative = ".build/\(match.1)/\(match.2)"
    }
    return shellQuoted(relative.contains("/") ? relative : "./" + relative)
}

/// A path as a shell reads it back: as it is when it is plain, else in single quotes.
func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            || "/._-+:@%=,".unicodeScalars.contains($0)
    }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

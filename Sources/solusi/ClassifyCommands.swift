import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Classify: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract:
            "Isu dikenal mana yang dibahas sebuah tiket (atau tidak dikenal), dengan keyakinan, bukti dan tautan artikel.",
        discussion: """
            classify TEXT mencetak jawabannya (--json untuk mesin).

            classify --input FILE membaca format apa pun yang diterima ingest dan mencetak satu objek JSON per rekaman, berurutan: {"id","issue","confidence","articles"}; issue bernilai null bila tidak dikenal. Tidak perlu basis data.

            classify (tanpa TEXT dan --input) mengklasifikasikan tiket tersimpan yang baru, berubah, atau diklasifikasikan versi model lain (--all: semua tiket tersimpan) dan menyimpan tautan tiket → isu → artikel.

            Modelnya adalah model tersimpan yang dilatih dengan basis pengetahuan saat ini, bila tidak ada, dilatih sekarang.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Teks tiket.") var text: String?
    @Option(help: "Klasifikasikan setiap rekaman berkas ini saja.") var input: String?
    @Option(help: "Format --input: auto, csv, jsonl, zendesk atau freshdesk.") var format: ExportFormat = .auto
    @Flag(help: "Cetak JSON (dengan TEXT: jawabannya; untuk tiket tersimpan: jumlahnya).") var json = false
    @Flag(help: "Untuk tiket tersimpan: klasifikasikan ulang semuanya, bukan hanya yang mengantre.") var all = false

    func validate() throws {
        guard text == nil || input == nil else {
            throw ValidationError("berikan TEXT atau --input FILE, bukan keduanya.")
        }
    }

    func execute() async throws {
        if let text, text.allSatisfy(\.isWhitespace) { throw ServiceError.emptyText }
        let workspace = global.workspace
        let knowledgeBase = try workspace.readingKnowledgeBase(warn: Terminal.warning)
        if text == nil && input == nil { return try await classifyStoredTickets(knowledgeBase) }
        // A database that exists may hold a trained model; none is created just for this.
        let service = try ClassificationService(workspace, knowledgeBase: knowledgeBase, database: .ifPresent)
        let classifier = try service.currentModel().classifier
        if let input {
            let writer = ClassificationLineWriter(classifier: classifier, sink: ByteSink())
            defer { try? writer.flush() }
            try service.classifyFile(input, format: format, with: classifier) { batch in
                for (record, answer) in batch { try writer.write(record, answer) }
            }
            return
        }
        let answer = try service.answer(text ?? "", with: classifier)
        if json { return try Terminal.json(answer) }
        let percent = Int((answer.confidence * 100).rounded())
        if let issue = answer.issue {
            print("Isu:        \(issue.title) (\(issue.id))")
            print("Status:     \(issue.status.label)\(issue.reviewed ? "" : " · draf belum ditinjau")")
            print("Keyakinan:  \(percent)%")
            print("Bukti:      \(answer.evidence.joined(separator: ", "))")
            for url in answer.articles { print("Artikel:    \(url)") }
        } else {
            print("Isu:        tidak dikenal (bukan salah satu isu yang diketahui)")
            print("Keyakinan:  \(percent)% bahwa tidak ada isu yang diketahui yang cocok")
            for near in answer.closest {
                print("Terdekat:   \(near.title) (\(near.issue), \(Int((near.probability * 100).rounded()))%)")
            }
        }
    }

    private func classifyStoredTickets(_ knowledgeBase: KnowledgeBase) async throws {
        let service = try ClassificationService(global.workspace, knowledgeBase: knowledgeBase, database: .required)
        let model = try service.currentModel(progress: Terminal.training())
        // With --all the total is known: a bar. Otherwise what is queued is found page by page.
        let total = all ? try await StatusService(global.workspace).counts().tickets : nil
        let started = ContinuousClock.now
        let run = try service.classifyStoredTickets(with: model, all: all) { done in
            let rate = Int(Double(done) / max(started.duration(to: .now) / .seconds(1), 0.001))
            if let total {
                Terminal.progress(
                    "Klasifikasi", done: Double(done), of: Double(total), since: started, detail: "\(rate) tiket/dtk")
            } else {
                Terminal.progress("\(done) tiket diklasifikasi · \(rate)/dtk")
            }
        }
        Terminal.clearProgress()
        Terminal.message(
            "\(run.classified) tiket diklasifikasi dengan model versi \(run.model), \(run.unknown) tidak dikenal.")
        if json { try Terminal.json(run) }
    }
}

struct Eval: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract:
            "Nilai pengklasifikasi dengan JSON Lines berlabel: akurasi, macro-F1, per kelas, matriks kekeliruan, kalibrasi.",
        discussion: """
            Setiap baris: {"text": …, "label": id isu atau "other"} (atau "subject"/"description" sebagai ganti "text").
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Tiket berlabel, JSON Lines.") var file: String
    @Flag(help: "Cetak JSON.") var json = false

    func execute() async throws {
        let knowledgeBase = try global.workspace.loadKnowledgeBase()
        let service = try ClassificationService(global.workspace, knowledgeBase: knowledgeBase, database: .ifPresent)
        let evaluation = try service.evaluate(file: file) { Terminal.warning($0) }
        if json { return try Terminal.json(evaluation) }
        print(EvaluationReport.text(evaluation))
    }
}

struct Train: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Latih pengklasifikasi dengan contoh basis pengetahuan dan simpan sebagai versi model baru.")

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let knowledgeBase = try global.workspace.loadKnowledgeBase()
        let service = try ClassificationService(global.workspace, knowledgeBase: knowledgeBase, database: .created)
        let report = try service.train(progress: Terminal.training())
        Terminal.clearProgress()
        print(
            "Model versi \(report.version) dilatih dari \(report.examples) contoh dalam \(decimal(report.seconds, places: 2)) dtk."
        )
        print(
            "Uji silang 5 lipatan: macro-F1 \(decimal(report.macroF1, places: 3)), akurasi \(EvaluationReport.percent(report.accuracy))."
        )
        print(
            "Ambang isu: \(decimal(report.threshold, places: 2)), suhu kalibrasi: \(decimal(report.temperature, places: 1))."
        )
    }
}

import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which known issue a ticket is about (or unknown), with confidence, evidence and article links.",
        discussion: """
            classify TEXT prints the answer in Bahasa Indonesia (--json for machines).

            classify --input FILE reads any ingest format and prints one JSON object per record, in order: {"id","issue","confidence","articles"}; issue is null for unknown. No database is needed.

            classify (no TEXT, no --input) classifies the stored tickets that have no current classification (--all: every stored ticket) and stores ticket → issue → article links.

            The model is the stored one trained on the current knowledge base, else one trained now.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A ticket's text.") var text: String?
    @Option(help: "Classify every record of this file instead.") var input: String?
    @Option(help: "Format of --input: auto, csv, jsonl, zendesk or freshdesk.") var format: ExportFormat = .auto
    @Flag(help: "Print JSON (with TEXT: the answer; for stored tickets: the counts).") var json = false
    @Flag(help: "For stored tickets: classify all of them again, not only the queued ones.") var all = false

    func validate() throws {
        guard text == nil || input == nil else { throw ValidationError("Give a TEXT or --input FILE, not both.") }
    }

    func run() throws {
        if let text, text.allSatisfy(\.isWhitespace) {
            Terminal.message("solusi: teks tiket kosong; berikan isi tiket yang akan diklasifikasi.")
            throw ExitCode(1)
        }
        let knowledgeBase = try global.loadKnowledgeBase()
        if text == nil && input == nil {
            try classifyStoredTickets(knowledgeBase)
            return
        }
        // A database that exists may hold a trained model; none is created just for this.
        let store = FileManager.default.fileExists(atPath: global.databasePath) ? try global.openStore() : nil
        let classifier = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store).classifier
        if let input {
            try classifyFile(input, with: classifier)
            return
        }
        let result = classifier.classify(text ?? "", explain: true)
        let articles = classifier.articleURLs(for: result.issue)
        if json {
            print(
                jsonObject([
                    ("issue", result.issue.map(jsonString) ?? "null"),
                    ("confidence", threeDecimals(result.confidence)),
                    ("articles", "[" + articles.map(jsonString).joined(separator: ",") + "]"),
                    ("evidence", "[" + result.evidence.map(jsonString).joined(separator: ",") + "]"),
                    ("closest", closestJSON(result.closest)),
                ]))
            return
        }
        let percent = Int((result.confidence * 100).rounded())
        if let id = result.issue, let issue = classifier.knowledgeBase.issue(id) {
            print("Isu:        \(issue.title) (\(id))")
            print("Status:     \(issue.status.label)")
            print("Keyakinan:  \(percent)%")
            print("Bukti:      \(result.evidence.joined(separator: ", "))")
            for url in articles { print("Artikel:    \(url)") }
        } else {
            print("Isu:        tidak dikenal (bukan salah satu isu yang diketahui)")
            print("Keyakinan:  \(percent)% bahwa tidak ada isu yang diketahui yang cocok")
            for (id, probability) in result.closest {
                let title = classifier.knowledgeBase.issue(id)?.title ?? id
                print("Terdekat:   \(title) (\(id), \(Int((probability * 100).rounded()))%)")
            }
        }
    }

    private func classifyStoredTickets(_ knowledgeBase: KnowledgeBase) throws {
        let store = try global.openStore()
        try store.sync(knowledgeBase)
        let choice = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store)
        guard let version = choice.version else { throw ExitCode(1) }
        let started = Date()
        let run = StoredTicketClassification(store: store, classifier: choice.classifier, modelVersion: version)
        let (classified, unknown) = try run.run(all: all) { done in
            let rate = Int(Double(done) / max(Date().timeIntervalSince(started), 0.001))
            Terminal.progress("\(done) tiket diklasifikasi · \(rate)/dtk")
        }
        Terminal.clearProgress()
        Terminal.message("\(classified) tiket diklasifikasi dengan model versi \(version), \(unknown) tidak dikenal.")
        if json {
            print(
                jsonObject([
                    ("classified", String(classified)), ("unknown", String(unknown)), ("model", String(version)),
                ]))
        }
    }

    private func classifyFile(_ path: String, with classifier: TicketClassifier) throws {
        let sink = ByteSink()
        // What follows the id for each answer, up to the confidence, and after it: written once.
        var answers: [String?: (head: String, tail: String)] = [:]
        func answer(_ issue: String?) -> (head: String, tail: String) {
            if let known = answers[issue] { return known }
            let articles = classifier.articleURLs(for: issue).map(jsonString).joined(separator: ",")
            let made = (
                ",\"issue\":\(issue.map(jsonString) ?? "null"),\"confidence\":", ",\"articles\":[\(articles)]}\n"
            )
            answers[issue] = made
            return made
        }
        let parallel = ParallelClassifier(classifier)
        do {
            try TextRecords.readBatches(file: path, format: format) { batch in
                let results = parallel.classify(batch.map(\.text))
                for (record, result) in zip(batch, results) {
                    guard let result else {
                        let error = jsonString(record.error ?? "rekaman tanpa teks")
                        try sink.write(
                            "{\"id\":\(jsonString(record.id)),\"issue\":null,\"confidence\":null,\"articles\":[],\"error\":\(error)}\n"
                        )
                        continue
                    }
                    let parts = answer(result.issue)
                    try sink.write("{\"id\":" + jsonString(record.id) + parts.head)
                    try sink.write(threeDecimals(result.confidence) + parts.tail)
                }
            }
        } catch let error as IngestError {
            try sink.flush()
            Terminal.message("solusi: \(error.description)")
            throw ExitCode(1)
        }
        try sink.flush()
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the classifier on labelled JSON Lines: accuracy, macro-F1, per class, confusion, calibration.",
        discussion: """
            Each line: {"text": …, "label": issue id or "other"} (or "subject"/"description" instead of "text").
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Labelled tickets, JSON Lines.") var file: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = FileManager.default.fileExists(atPath: global.databasePath) ? try global.openStore() : nil
        let classifier = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store).classifier
        var examples: [TrainingExample] = []
        try TextRecords.read(file: file, format: .jsonl) { record in
            guard let text = record.text, let label = record.label else {
                Terminal.warning("\(file):\(record.id): \(record.error ?? "tanpa teks atau label"); dilewati")
                return
            }
            examples.append(TrainingExample(text: text, issue: label))
        }
        let evaluation = classifier.evaluate(examples)
        if json {
            print(EvaluationReport.json(evaluation))
        } else {
            print(EvaluationReport.text(evaluation))
        }
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the classifier on the knowledge base's examples and store it as a new model version.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        let store = try global.openStore(creating: true)
        try store.sync(knowledgeBase)
        let started = Date()
        let choice = try CurrentModel.choose(knowledgeBase: knowledgeBase, store: store, retrain: true)
        let seconds = Date().timeIntervalSince(started)
        guard let heldOut = choice.heldOut, let version = choice.version else { throw ExitCode(1) }
        let model = choice.classifier.model
        print(
            "Model versi \(version) dilatih dari \(heldOut.truth.count) contoh dalam \(String(format: "%.2f", seconds)) dtk."
        )
        print(
            "Uji silang 5 lipatan: macro-F1 \(String(format: "%.3f", heldOut.macroF1)), akurasi \(EvaluationReport.percent(heldOut.accuracy))."
        )
        print(
            "Ambang isu: \(String(format: "%.2f", model.threshold)), suhu kalibrasi: \(String(format: "%.1f", model.temperature))."
        )
    }
}

/// The known issues closest to an unknown ticket, as JSON: `[{"issue","probability"}]`.
func closestJSON(_ closest: [(issue: String, probability: Double)]) -> String {
    "["
        + closest.map { jsonObject([("issue", jsonString($0.issue)), ("probability", threeDecimals($0.probability))]) }
        .joined(separator: ",") + "]"
}

import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which known issue a ticket is about (or unknown), with confidence, evidence and article links.",
        discussion: """
            classify TEXT prints the answer in Bahasa Indonesia (--json for machines).
            classify --input FILE reads any ingest format and prints one JSON object per record, in order:
            {"id","issue","confidence","articles"}; issue is null for unknown. No database is needed.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A ticket's text.") var text: String?
    @Option(help: "Classify every record of this file instead.") var input: String?
    @Option(help: "Format of --input: auto, csv, jsonl, zendesk or freshdesk.") var format: ExportFormat = .auto
    @Flag(help: "With TEXT: print JSON.") var json = false

    func validate() throws {
        guard (text == nil) != (input == nil) else {
            throw ValidationError("Give a TEXT or --input FILE. (Classifying stored tickets is not built yet.)")
        }
    }

    func run() throws {
        let classifier = TicketClassifier(knowledgeBase: try global.loadKnowledgeBase())
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
                    ("confidence", String(format: "%.3f", result.confidence)),
                    ("articles", "[" + articles.map(jsonString).joined(separator: ",") + "]"),
                    ("evidence", "[" + result.evidence.map(jsonString).joined(separator: ",") + "]"),
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
            print("Keyakinan:  \(percent)%")
            if !result.evidence.isEmpty { print("Bukti:      \(result.evidence.joined(separator: ", "))") }
        }
    }

    private func classifyFile(_ path: String, with classifier: TicketClassifier) throws {
        let sink = ByteSink()
        do {
            try TextRecords.read(file: path, format: format) { record in
                var members: [(key: String, json: String)] = [("id", jsonString(record.id))]
                if let text = record.text {
                    let result = classifier.classify(text)
                    members += [
                        ("issue", result.issue.map(jsonString) ?? "null"),
                        ("confidence", String(format: "%.3f", result.confidence)),
                        (
                            "articles",
                            "[" + classifier.articleURLs(for: result.issue).map(jsonString).joined(separator: ",") + "]"
                        ),
                    ]
                } else {
                    members += [
                        ("issue", "null"), ("confidence", "null"), ("articles", "[]"),
                        ("error", jsonString(record.error ?? "rekaman tanpa teks")),
                    ]
                }
                try sink.write(jsonObject(members) + "\n")
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
        let classifier = TicketClassifier(knowledgeBase: try global.loadKnowledgeBase())
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

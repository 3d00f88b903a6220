import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

extension IssueStatus: ExpressibleByArgument {}

extension GlobalOptions {
    /// Brings the database's copy of the knowledge base up to date when the folder exists; a broken
    /// knowledge base is reported but does not stop a command that does not need it.
    func syncKnowledgeBase(into store: any TicketStore) throws {
        guard FileManager.default.fileExists(atPath: articlesPath) else { return }
        do {
            try store.sync(try KnowledgeBase.load(from: articlesPath))
        } catch is KnowledgeBaseError {
            Terminal.warning(
                "solusi: basis pengetahuan di \(articlesPath) tidak sah dan tidak disalin; jalankan `solusi kb check`.")
        }
    }

    /// The validated knowledge base; its problems go to stderr and the command exits 1.
    func loadKnowledgeBase() throws -> KnowledgeBase {
        do {
            return try KnowledgeBase.load(from: articlesPath)
        } catch {
            Terminal.message(error.description)
            throw ExitCode(1)
        }
    }
}

struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base in Articles/: known issues, solution articles, examples.",
        subcommands: [Check.self, List.self, Show.self, Examples.self, SetStatus.self, Draft.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the knowledge base; every mistake is printed as path:line: message (exit 1).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let kb = try global.loadKnowledgeBase()
            Terminal.message(
                "Basis pengetahuan sah: \(kb.issues.count) isu, \(kb.articles.count) artikel, \(kb.examples.count) contoh tiket."
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The known issues with their status and articles.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let kb = try global.loadKnowledgeBase()
            if json {
                let items = kb.issues.map { issue in
                    jsonObject([
                        ("id", jsonString(issue.id)), ("title", jsonString(issue.title)),
                        ("status", jsonString(issue.status.rawValue)),
                        (
                            "articles",
                            "["
                                + kb.articles(for: issue).map {
                                    jsonObject([("title", jsonString($0.title)), ("url", jsonString($0.url))])
                                }.joined(separator: ",") + "]"
                        ),
                    ])
                }
                print("[" + items.joined(separator: ",") + "]")
                return
            }
            for issue in kb.issues {
                print("\(issue.id)\n    \(issue.title)\n    Status: \(issue.status.label) (\(issue.status.rawValue))")
                for article in kb.articles(for: issue) { print("    Artikel: \(article.url)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One known issue, whole.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The issue id.") var id: String

        func run() throws {
            let kb = try global.loadKnowledgeBase()
            guard let issue = kb.issue(id) else {
                Terminal.message(
                    "solusi: isu \"\(id)\" tidak ada. Isu yang ada: \(kb.issues.map(\.id).joined(separator: ", ")).")
                throw ExitCode(1)
            }
            print(issue.title)
            print("Id:        \(issue.id)")
            print("Status:    \(issue.status.label) (\(issue.status.rawValue))")
            print("Area:      \(issue.area)")
            print("Peran:     \(issue.roles.joined(separator: ", "))")
            print("Gejala:    \(issue.summary)")
            print("Solusi:")
            for (index, step) in issue.solution.enumerated() { print("  \(index + 1). \(step)") }
            for article in kb.articles(for: issue) { print("Artikel:   \(article.title) — \(article.url)") }
            print("Riwayat:")
            for change in issue.history { print("  \(change.date)  \(change.status.label): \(change.note)") }
            print("Frasa penanda: \(issue.signals.joined(separator: "; "))")
            print("Contoh tiket: \(issue.examples.count) (lihat `solusi kb examples`)")
            print("Berkas:    \(URL(fileURLWithPath: kb.folder).appendingPathComponent(issue.file).path)")
        }
    }

    struct Examples: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The training examples as JSON Lines {\"text\",\"issue\"} (issue \"other\" when out of scope).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON Lines (the only format; accepted for symmetry with the other commands).") var json = false

        func run() throws {
            let sink = ByteSink()
            for example in try global.loadKnowledgeBase().examples {
                try sink.write(
                    jsonObject([("text", jsonString(example.text)), ("issue", jsonString(example.issue))]) + "\n")
            }
            try sink.flush()
        }
    }

    struct SetStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a known issue along its lifecycle: updates its file's status and history in place.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The issue id.") var id: String
        @Argument(help: "investigating, identified, workaround, solved or retired.") var status: IssueStatus
        @Option(help: "What changed, in a sentence (goes into the history).") var note: String
        @Option(help: "The day of the change, YYYY-MM-DD (default: today in WIB).") var date: String?

        func run() throws {
            let kb = try global.loadKnowledgeBase()
            let day = date ?? TicketDate.dayString(Int64(Date().timeIntervalSince1970))
            do {
                let path = try StatusEditor(knowledgeBase: kb).apply(issue: id, to: status, note: note, date: day)
                Terminal.message("\(path): status \(id) → \(status.rawValue) (\(status.label)), \(day).")
            } catch let failure as StatusEditor.Failure {
                Terminal.message("solusi: \(failure.description)")
                throw ExitCode(1)
            }
        }
    }
}

extension KB {
    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Start a new known issue from a cluster of `solusi emerging`: status investigating, its tickets (masked) as examples.",
            discussion: """
                Cluster with the same --since/--until/--min-size/--threshold as the `emerging` run that showed it. Edit the file (title, summary, area), then `solusi train` learns the new issue.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ClusterOptions
        @Option(help: "The cluster, as `emerging` names it (K3, or 3).") var cluster: String
        @Option(help: "The issue file to write, e.g. Articles/issues/new-issue.md (never overwritten).") var out: String

        func run() throws {
            let knowledgeBase = try global.loadKnowledgeBase()
            // Opened first: a file that exists is refused before any work.
            let sink: ByteSink
            do { sink = try ByteSink(path: out) } catch let error as OutputError {
                Terminal.message("solusi: \(error.description)")
                throw ExitCode(1)
            }
            let store = try global.openStore()
            let found = try options.clusters(store)
            guard let chosen = found.cluster(cluster) else {
                Terminal.message(
                    "solusi: klaster \"\(cluster)\" tidak ada (\(found.clusters.count) klaster: \(found.clusters.prefix(10).map(\.id).joined(separator: ", "))). Jalankan `solusi emerging` dengan opsi yang sama."
                )
                throw ExitCode(1)
            }
            let tickets = try store.tickets(rowIDs: Array(chosen.rowIDs.prefix(IssueDraft.exampleLimit * 2)))
            let draft = IssueDraft(
                cluster: chosen, texts: tickets.map { $0.record.subject + "\n" + $0.record.description },
                knowledgeBase: knowledgeBase, today: TicketDate.dayString(Int64(Date().timeIntervalSince1970)))
            // Checked before it is written: a draft that `kb check` would refuse is never left behind.
            if let problems = draft.problems(in: global.articlesPath, at: out) {
                Terminal.message("solusi: draf tidak ditulis karena basis pengetahuan tidak akan sah:\n\(problems)")
                throw ExitCode(1)
            }
            try sink.write(draft.text)
            try sink.close()
            Terminal.message("Draf isu \(draft.id) dari klaster \(chosen.id) (\(chosen.size) tiket) ditulis ke \(out).")
        }
    }
}

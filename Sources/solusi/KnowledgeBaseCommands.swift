import ArgumentParser
import Foundation
import SolusiKit

extension IssueStatus: ExpressibleByArgument {}

struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base in Articles/: known issues, solution articles, examples.",
        subcommands: [Check.self, List.self, Show.self, Examples.self, SetStatus.self, Draft.self])

    struct Check: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the knowledge base; every mistake is printed as path:line: message (exit 1).")
        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let kb = try global.workspace.loadKnowledgeBase()
            Terminal.message(
                "Basis pengetahuan sah: \(kb.issues.count) isu, \(kb.articles.count) artikel, \(kb.examples.count) contoh tiket."
            )
        }
    }

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "The known issues with their status and articles.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func execute() throws {
            let kb = try global.workspace.loadKnowledgeBase()
            if json { return try Terminal.json(kb.issues.map { IssueListing($0, in: kb) }) }
            for issue in kb.issues {
                print("\(issue.id)\n    \(issue.title)\n    Status: \(issue.status.label) (\(issue.status.rawValue))")
                for article in kb.articles(for: issue) { print("    Artikel: \(article.url)") }
            }
        }
    }

    struct Show: SolusiCommand {
        static let configuration = CommandConfiguration(abstract: "One known issue, whole.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The issue id.", completion: Completions.issueIDs()) var id: String

        func execute() throws {
            let kb = try global.workspace.loadKnowledgeBase()
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

    struct Examples: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "The training examples as JSON Lines {\"text\",\"issue\"} (issue \"other\" when out of scope).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON Lines (the only format; accepted for symmetry with the other commands).") var json = false

        func execute() throws {
            for example in try global.workspace.loadKnowledgeBase().examples { try Terminal.json(example) }
        }
    }

    struct SetStatus: SolusiCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a known issue along its lifecycle: updates its file's status and history in place.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The issue id.", completion: Completions.issueIDs()) var id: String
        @Argument(help: "investigating, identified, workaround, solved or retired.") var status: IssueStatus
        @Option(help: "What changed, in a sentence (goes into the history).") var note: String
        @Option(help: "The day of the change, YYYY-MM-DD (default: today in WIB).") var date: String?

        func execute() throws {
            let kb = try global.workspace.loadKnowledgeBase()
            let day = date ?? global.workspace.clock.today.text
            let path = try StatusEditor(knowledgeBase: kb).apply(issue: id, to: status, note: note, date: day)
            Terminal.message("\(path): status \(id) → \(status.rawValue) (\(status.label)), \(day).")
        }
    }
}

extension KB {
    struct Draft: SolusiCommand {
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

        func execute() throws {
            let workspace = global.workspace
            let knowledgeBase = try workspace.loadKnowledgeBase()
            // Opened first: a file that exists is refused before any work.
            let sink = try ByteSink(path: out)
            let insights = InsightsService(store: try workspace.openStore(), knowledgeBase: knowledgeBase)
            let (draft, chosen) = try insights.draft(
                cluster: cluster, of: try options.clusters(insights), knowledgeBase: knowledgeBase,
                folder: workspace.articles, path: out, today: workspace.clock.today)
            try sink.write(draft.text)
            try sink.close()
            Terminal.message("Draf isu \(draft.id) dari klaster \(chosen.id) (\(chosen.size) tiket) ditulis ke \(out).")
        }
    }
}

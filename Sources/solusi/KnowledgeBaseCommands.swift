import ArgumentParser
import Foundation
import SolusiKit

extension IssueStatus: ExpressibleByArgument {
    /// A status from its name or an Indonesian word for it (`selesai`).
    public init?(argument: String) { self.init(word: argument) }
}

struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "Basis pengetahuan di Articles/: isu dikenal, artikel solusi, contoh.",
        subcommands: [Check.self, List.self, Show.self, Examples.self, SetStatus.self, Draft.self, Review.self])

    struct Check: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Periksa basis pengetahuan; setiap kesalahan dicetak sebagai path:baris: pesan (keluar 1).")
        @OptionGroup var global: GlobalOptions

        func execute() async throws {
            let kb = try global.workspace.loadKnowledgeBase()
            Terminal.message(
                "Basis pengetahuan sah: \(kb.issues.count) isu, \(kb.articles.count) artikel, \(kb.examples.count) contoh tiket."
            )
            for issue in kb.issues where !issue.reviewed {
                let placeholders = IssueDraft.placeholders(of: issue)
                Terminal.message(
                    "\(issue.file): draf belum ditinjau, tidak tampil untuk guru"
                        + (placeholders.isEmpty
                            ? "; tinjau dengan `solusi kb review \(issue.id)`."
                            : "; masih teks draf: \(IssueDraft.describe(placeholders)).")
                )
            }
        }
    }

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Isu dikenal dengan status dan artikelnya.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Cetak JSON.") var json = false

        func execute() async throws {
            let kb = try global.workspace.loadKnowledgeBase()
            if json { return try Terminal.json(kb.issues.map { IssueListing($0, in: kb) }) }
            for issue in kb.issues {
                print("\(issue.id)\n    \(issue.title)\n    Status: \(issue.status.label) (\(issue.status.rawValue))")
                for article in kb.articles(for: issue) { print("    Artikel: \(article.url)") }
            }
        }
    }

    struct Show: SolusiCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Satu isu dikenal, lengkap.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Id isu.", completion: Completions.issueIDs()) var id: String

        func execute() async throws {
            let kb = try global.workspace.loadKnowledgeBase()
            guard let issue = kb.issue(id) else { throw kb.unknownIssue(id) }
            print(issue.title)
            print("Id:        \(issue.id)")
            print(
                "Status:    \(issue.status.label) (\(issue.status.rawValue))\(issue.reviewed ? "" : " · draf belum ditinjau")"
            )
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
            commandName: "examples",
            abstract: "Contoh pelatihan sebagai JSON Lines {\"text\",\"issue\"} (issue \"other\" bila di luar cakupan)."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON Lines (satu-satunya format; diterima agar seragam dengan perintah lain).") var json = false

        func execute() async throws {
            for example in try global.workspace.loadKnowledgeBase().examples { try Terminal.json(example) }
        }
    }

    struct SetStatus: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-status",
            abstract: "Pindahkan isu dikenal ke tahap berikutnya: status dan riwayat di berkasnya diperbarui.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Id isu.", completion: Completions.issueIDs()) var id: String
        @Argument(
            help:
                "investigating (diinvestigasi), identified (teridentifikasi), workaround (sementara), solved (selesai) atau retired (tidak-berlaku)."
        )
        var status: IssueStatus
        @Option(help: "Apa yang berubah, dalam satu kalimat (masuk ke riwayat).") var note: String
        @Option(help: "Hari perubahan, YYYY-MM-DD (bawaan: hari ini, WIB).") var date: String?

        func execute() async throws {
            let kb = try global.workspace.loadKnowledgeBase()
            let day = date ?? global.workspace.clock.today.text
            let path = try StatusEditor(knowledgeBase: kb).apply(issue: id, to: status, note: note, date: day)
            Terminal.message("\(path): status \(id) → \(status.rawValue) (\(status.label)), \(day).")
        }
    }
}

extension KB {
    struct Review: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Tandai isu draf sudah ditinjau: sejak itu tampil di halaman status, pengumuman dan balasan.",
            discussion: """
                Isu yang dibuat `solusi kb draft` bertanda reviewed: false: diklasifikasikan dan dihitung, tetapi tidak ditampilkan kepada guru. Sunting dulu judul, ringkasan, area dan penjelasannya; perintah ini menolak selama masih ada teks draf (lihat `solusi kb check`).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Id isu.", completion: Completions.issueIDs()) var id: String

        func execute() async throws {
            let kb = try global.workspace.loadKnowledgeBase()
            let path = try StatusEditor(knowledgeBase: kb).applyReview(issue: id)
            Terminal.message("\(path): isu \(id) sudah ditinjau dan kini tampil untuk guru.")
        }
    }

    struct Draft: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract:
                "Mulai isu dikenal baru dari klaster `solusi emerging`: status investigating, tiketnya (disamarkan) sebagai contoh.",
            discussion: """
                Klaster dengan --since/--until/--min-size/--threshold yang sama seperti `emerging` yang menampilkannya. Sunting berkasnya (judul, ringkasan, area), lalu `solusi train` mempelajari isu baru itu.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ClusterOptions
        @Option(help: "Klaster, seperti dinamai `emerging` (K3, atau 3).") var cluster: String
        @Option(help: "Berkas isu yang ditulis, mis. Articles/issues/isu-baru.md (tidak pernah ditimpa).") var out:
            String

        func execute() async throws {
            let workspace = global.workspace
            let knowledgeBase = try workspace.loadKnowledgeBase()
            // Opened first: a file that exists is refused before any work.
            let sink = try ByteSink(path: out)
            let insights = try InsightsService(workspace, knowledgeBase: knowledgeBase)
            let (draft, chosen) = try insights.draft(
                cluster: cluster, of: try options.clusters(insights), knowledgeBase: knowledgeBase,
                folder: workspace.articles, path: out, today: workspace.clock.today)
            try sink.write(draft.text)
            try sink.close()
            Terminal.message("Draf isu \(draft.id) dari klaster \(chosen.id) (\(chosen.size) tiket) ditulis ke \(out).")
        }
    }
}

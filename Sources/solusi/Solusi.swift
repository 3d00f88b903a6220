import ArgumentParser
import Foundation
import SolusiKit

@main
struct Solusi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solusi",
        abstract:
            "Tickets of the Pusat Bantuan of Platform Merdeka Mengajar: ingest, recognise known issues, search, summarise.",
        discussion: """
            Machine-readable output goes to stdout; messages and progress go to stderr. The database is --db, else $SOLUSI_DB, else solusi.sqlite; the knowledge base is --articles, else $SOLUSI_ARTICLES, else Articles.
            """,
        subcommands: [
            Demo.self, Ingest.self, Status.self, Rejects.self, Search.self, Tickets.self, Sample.self, Stem.self,
            Normalize.self, KB.self, Classify.self, Eval.self, Train.self, Triage.self, Notify.self, Announce.self,
            Report.self, Export.self, TrendsCommand.self, Emerging.self,
        ])
}

/// Options every command that touches the knowledge base or the database shares.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The SQLite database (default: $SOLUSI_DB, else solusi.sqlite).")
    var db: String?

    @Option(help: "The knowledge-base folder (default: $SOLUSI_ARTICLES, else Articles).")
    var articles: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["SOLUSI_DB"] ?? "solusi.sqlite"
    }

    var articlesPath: String { Self.articlesPath(articles) }

    /// The knowledge-base folder: the one given, else $SOLUSI_ARTICLES, else Articles.
    static func articlesPath(_ given: String?) -> String {
        given ?? ProcessInfo.processInfo.environment["SOLUSI_ARTICLES"] ?? "Articles"
    }

    /// Opens the database; commands that only read refuse to create an empty one for a mistyped path.
    func openStore(creating: Bool = false) throws -> SQLiteStore {
        if !creating, !FileManager.default.fileExists(atPath: databasePath) {
            Terminal.message(
                "solusi: basis data \(databasePath) belum ada. Simpan tiket dulu dengan `solusi ingest`, atau pilih --db yang benar."
            )
            throw ExitCode(1)
        }
        return try SQLiteStore(path: databasePath)
    }
}

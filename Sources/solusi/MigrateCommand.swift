import ArgumentParser
import Foundation
import SolusiKit
import SolusiPostgres

struct Migrate: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move an embedded database to a PostgreSQL server: everything in it.",
        discussion: """
            Copies tickets, rejects, classifications with their history, agents' labels, stored models and notification marks from --db (a SQLite file) to --to (postgresql://…), keeping row ids and model versions, then copies the knowledge base too. Afterwards `status --json` gives the same on both. A target that holds tickets is refused unless --force, which empties it first.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The database to move to: postgresql://user@host:port/dbname.", valueName: "url"))
    var to: String
    @Flag(help: "Empty a target that holds tickets already, then copy.") var force = false

    func execute() throws {
        let source = global.workspace
        var target = source
        target.database = to
        let from = try source.openStore()
        let into = try target.openStore(creating: true)
        let started = ContinuousClock.now
        let counts = try MigrationService(from: from, to: into).migrate(
            replacing: force, targetName: target.databaseName
        ) { copied in
            Terminal.progress("\(copied) rekaman disalin · \(Int(started.duration(to: .now) / .seconds(1))) dtk")
        }
        try target.syncKnowledgeBase(into: into)
        Terminal.clearProgress()
        Terminal.message(
            "\(counts.tickets) tiket, \(counts.classified) klasifikasi, \(counts.labeled) tiket berlabel dan \(counts.rejected) penolakan dipindahkan dari \(source.databaseName) ke \(target.databaseName)."
        )
    }
}

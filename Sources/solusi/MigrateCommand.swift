import ArgumentParser
import Foundation
import SolusiKit
import SolusiPostgres

struct Migrate: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Pindahkan basis data tertanam ke server PostgreSQL: seluruh isinya.",
        discussion: """
            Menyalin tiket, rekaman ditolak, klasifikasi beserta riwayatnya, label agen, model tersimpan dan tanda notifikasi dari --db (berkas SQLite) ke --to (postgresql://…), dengan id baris dan versi model tetap, lalu basis pengetahuannya juga. Sesudahnya `status --json` sama di keduanya. Tujuan yang sudah berisi tiket ditolak kecuali dengan --force, yang mengosongkannya lebih dulu.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Basis data tujuan: postgresql://user@host:port/dbname.", valueName: "url"))
    var to: String
    @Flag(help: "Kosongkan tujuan yang sudah berisi tiket, lalu salin.") var force = false

    func execute() async throws {
        let source = global.workspace
        var target = source
        target.database = to
        let from = try source.openStore()
        let into = try target.openStore(creating: true)
        let started = ContinuousClock.now
        let counts = try await MigrationService(from: from, to: into).migrate(
            replacing: force, targetName: target.databaseName
        ) { copied in
            Terminal.progress("\(copied) rekaman disalin · \(Int(started.duration(to: .now) / .seconds(1))) dtk")
        }
        Terminal.clearProgress()
        Terminal.message(
            "\(counts.tickets) tiket, \(counts.classified) klasifikasi, \(counts.labeled) tiket berlabel dan \(counts.rejected) penolakan dipindahkan dari \(source.databaseName) ke \(target.databaseName)."
        )
    }
}

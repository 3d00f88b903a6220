import ArgumentParser
import Foundation
import Logging
import SolusiKit
import SolusiServer

struct Serve: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Konsol web untuk agen: antrean, tiket dengan saran dan draf balasan, label; berhenti dengan Ctrl-C.",
        discussion:
            "Akun dibuat dengan `solusi agents add`. Mendengarkan 127.0.0.1 kecuali --host menyebut alamat lain.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Alamat yang didengarkan.") var host = "127.0.0.1"
    @Option(help: "Port.") var port = 8080
    @Flag(help: "Cookie hanya dikirim lewat https (konsol di belakang proxy https).") var secureCookies = false
    @Option(help: "Berapa menit tiket yang dibuka tetap milik agen.") var lease = 15
    @Option(help: "Alamat laporan tim teknis (solusi report), ditautkan dari halaman isu.") var reportURL: String?

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port harus 1–65535.") }
        guard (1...24 * 60).contains(lease) else { throw ValidationError("--lease harus 1–1440 menit.") }
        if let reportURL,
            !(reportURL.hasPrefix("https://") || reportURL.hasPrefix("http://") || reportURL.hasPrefix("/"))
        {
            throw ValidationError("--report-url harus alamat http(s):// atau path yang diawali /.")
        }
    }

    func execute() async throws {
        var options = ConsoleOptions()
        options.host = host
        options.port = port
        options.secureCookies = secureCookies
        options.lease = Int64(lease) * 60
        options.reportURL = reportURL
        let console = try Console.open(global.workspace, options: options, warn: Terminal.warning)
        if try await console.accounts.list().isEmpty {
            Terminal.warning("belum ada akun; buat dengan `solusi agents add NAMA --role lead`.")
        }
        Terminal.message("Konsol agen di http://\(host):\(port)/ (Ctrl-C untuk berhenti).")
        var logger = Logger(label: "solusi.serve")
        logger.logLevel = .notice
        try await console.application(logger: logger).runService()
    }
}

struct Agents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Akun konsol web: tambah, daftar, hapus, ganti kata sandi.",
        subcommands: [Add.self, List.self, Remove.self, Password.self])

    /// The accounts of the workspace's database. Only `add` may make the database (a team sets
    /// up its accounts before the first ingest); the others refuse a mistyped path rather than
    /// create an empty database there. Accounts need nothing of the knowledge base.
    static func accounts(_ global: GlobalOptions, creating: Bool = false) throws -> Accounts {
        let workspace = global.workspace
        let store = creating ? try workspace.openStore(creating: true) : try workspace.lookupStore()
        return Accounts(store: store, clock: workspace.clock)
    }

    /// The password: typed twice without echo on a terminal, else the first line of standard input.
    static func readPassword(for name: String) throws -> String {
        guard Platform.isTerminal(0) else {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("tidak ada kata sandi di masukan standar.")
            }
            return line
        }
        func ask(_ prompt: String) -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            let typed = Platform.withoutEcho(0) { readLine(strippingNewline: true) ?? "" }
            FileHandle.standardError.write(Data("\n".utf8))
            return typed
        }
        let first = ask("Kata sandi untuk \(name): ")
        guard ask("Ulangi kata sandi: ") == first else { throw ValidationError("kedua kata sandi tidak sama.") }
        return first
    }

    struct Add: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Tambah akun; kata sandi dibaca tanpa gema.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Nama akun.") var name: String
        @Option(help: "agent atau lead (lead juga dapat mengubah status isu).") var role: AgentRole = .agent

        func execute() async throws {
            let accounts = try Agents.accounts(global, creating: true)
            try await accounts.add(name: name, role: role, password: try Agents.readPassword(for: name))
            Terminal.message("Akun \(name) (\(role.rawValue)) dibuat.")
        }
    }

    struct List: SolusiCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Daftar akun.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Cetak JSON.") var json = false

        func execute() async throws {
            let agents = try await Agents.accounts(global).list()
            if json { return try Terminal.json(agents.map(AgentListing.init)) }
            for agent in agents {
                print("\(agent.name)\t\(agent.role.rawValue)\t\(TicketDate.isoString(agent.createdAt))")
            }
        }
    }

    struct Remove: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Hapus akun; sesinya berakhir. Labelnya tetap.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Nama akun.") var name: String

        func execute() async throws {
            try await Agents.accounts(global).remove(name: name)
            Terminal.message("Akun \(name) dihapus.")
        }
    }

    struct Password: SolusiCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: "Ganti kata sandi; semua sesi akun itu berakhir.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Nama akun.") var name: String

        func execute() async throws {
            try await Agents.accounts(global).setPassword(name: name, password: try Agents.readPassword(for: name))
            Terminal.message("Kata sandi \(name) diganti.")
        }
    }
}

extension AgentRole: ExpressibleByArgument {}

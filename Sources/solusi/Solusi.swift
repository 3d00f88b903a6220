import ArgumentParser
import Foundation
import SolusiKit
import SolusiPostgres
import SolusiSQLite

@main
struct Solusi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solusi",
        abstract:
            "Tiket Pusat Bantuan Platform Merdeka Mengajar: simpan, kenali isu yang diketahui, cari, rangkum.",
        discussion: """
            Keluaran untuk mesin ke stdout; pesan dan kemajuan ke stderr. Basis data: --db, selain itu $SOLUSI_DB, selain itu solusi.sqlite; basis pengetahuan: --articles, selain itu $SOLUSI_ARTICLES, selain itu Articles.
            """,
        version: CommandLineText.version,
        subcommands: [
            Demo.self, Ingest.self, Status.self, Rejects.self, Search.self, Similar.self, Tickets.self, Sample.self,
            Stem.self,
            Normalize.self, KB.self, Classify.self, Eval.self, Train.self, Triage.self, Notify.self, Announce.self,
            Report.self, StatusPageCommand.self, Export.self, TrendsCommand.self, Emerging.self, Migrate.self,
            Serve.self,
            Agents.self,
        ])

    /// Runs the command line; usage mistakes and help are told in Bahasa Indonesia.
    static func main() async { await CommandLineText.main() }

    /// `solusi` alone shows the help.
    func run() async throws { throw CleanExit.helpRequest(self) }
}

/// A command of this CLI. `execute()` parses nothing and decides nothing: it calls a service and
/// renders what comes back. What goes wrong is told and turned into an exit status here, in one
/// place, for every command. Commands are `async` because the store's request roles are.
protocol SolusiCommand: AsyncParsableCommand {
    @MainActor func execute() async throws
}

extension SolusiCommand {
    @MainActor func run() async throws {
        do {
            try await execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            Terminal.clearProgress()
            Terminal.message(Failure.message(for: error))
            throw ExitCode(Failure.status(for: error))
        }
    }
}

/// How errors reach the user: one `solusi:` message, and the exit status.
enum Failure {
    static func message(for error: any Error) -> String {
        switch error {
        // Already one `path:line: problem` line per mistake.
        case let error as KnowledgeBaseError: return error.description
        case let error as CustomStringConvertible: return "solusi: \(error.description)"
        default: return "solusi: \(error.localizedDescription)"
        }
    }

    /// 64 (a usage mistake, as the argument parser's own) for a name that does not exist or a
    /// query that cannot be searched: the user fixes the argument. 1 for everything else.
    static func status(for error: any Error) -> Int32 {
        switch error {
        case ServiceError.unknownIssue, StatusEditor.Failure.unknownIssue, is QueryError:
            return ExitCode.validationFailure.rawValue
        default: return 1
        }
    }
}

/// Options every command that touches the knowledge base or the database shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Basis data: berkas SQLite, atau server PostgreSQL sebagai postgresql://user@host:port/dbname (kata sandi dari URL atau $PGPASSWORD; ?sslmode=require untuk TLS). Bawaan: $SOLUSI_DB, selain itu solusi.sqlite.",
            valueName: "path|url"))
    var db: String?

    @Option(help: "Folder basis pengetahuan (bawaan: $SOLUSI_ARTICLES, selain itu Articles).")
    var articles: String?

    var workspace: Workspace { .linked(database: db, articles: articles) }
}

extension Workspace {
    /// The workspace with the backends this program links: SQLite files and PostgreSQL servers.
    static func linked(database: String?, articles: String?) -> Workspace {
        resolve(database: database, articles: articles, openFile: SQLite.openStore, openServer: PostgreSQL.openStore)
    }
}

/// What the shell completes from the knowledge base (`solusi notify <TAB>`): the issue ids, read
/// from --articles on the line being completed, else $SOLUSI_ARTICLES, else Articles.
enum Completions {
    static func issueIDs(adding extra: [String] = []) -> CompletionKind {
        .custom { words, _, _ in
            let given = words.firstIndex(of: "--articles").flatMap {
                words.indices.contains($0 + 1) ? words[$0 + 1] : nil
            }
            let folder = given ?? ProcessInfo.processInfo.environment["SOLUSI_ARTICLES"] ?? "Articles"
            return ((try? KnowledgeBase.load(from: folder))?.issues.map(\.id) ?? []) + extra
        }
    }
}

/// Refuses an option's value outside `range` while the arguments are parsed (exit 64), rather
/// than letting it reach a query or a multiplication.
func checkRange(_ option: String, _ value: Int, _ range: ClosedRange<Int>) throws {
    guard !range.contains(value) else { return }
    throw ValidationError(
        range.upperBound == Int.max
            ? "\(option) minimal \(range.lowerBound) (diberikan \(value))."
            : "\(option) harus antara \(range.lowerBound) dan \(range.upperBound) (diberikan \(value)).")
}

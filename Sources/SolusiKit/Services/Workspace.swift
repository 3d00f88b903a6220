import Foundation

/// Where a command's data lives — the database and the knowledge-base folder — and the clock
/// its stamps come from. Every service starts here.
public struct Workspace: Sendable {
    /// The database: a SQLite file's path.
    public var database: String
    /// The knowledge-base folder.
    public var articles: String
    /// Where "now" comes from.
    public var clock: Clock
    /// Opens a store in a database file; nil when the program links no file backend. The CLI
    /// sets SolusiSQLite's `SQLite.openStore`.
    public var openFile: StoreOpener?
    /// Opens a store on a database server (`postgresql://…`); nil when the program links no
    /// server backend. The CLI sets SolusiPostgres's `PostgreSQL.openStore`.
    public var openServer: StoreOpener?

    /// How a backend opens the store a database names (a file's path or a server's URL):
    /// created or connected, its schema brought up to date.
    public typealias StoreOpener = @Sendable (_ database: String, _ clock: Clock) throws -> any TicketStore

    /// A workspace with these places, opening its database with the backends given.
    public init(
        database: String, articles: String, clock: Clock = .system,
        openFile: StoreOpener?, openServer: StoreOpener? = nil
    ) {
        self.database = database
        self.articles = articles
        self.clock = clock
        self.openFile = openFile
        self.openServer = openServer
    }

    /// Whether a database name is a server's URL (`postgresql://` or `postgres://`) rather than a file.
    public static func isServerURL(_ database: String) -> Bool {
        database.hasPrefix("postgresql://") || database.hasPrefix("postgres://")
    }

    /// The database as messages may show it: a server URL without its password.
    public var databaseName: String { Self.redacted(database) }

    /// A server URL with its password replaced by `***`; a file path as it is.
    public static func redacted(_ database: String) -> String {
        guard isServerURL(database) else { return database }
        // A password in the query, as libpq reads it (`?password=…`, `&sslpassword=…`).
        var shown = database.replacing(/(?i)([?&](?:ssl)?password=)[^&#]*/) { $0.output.1 + "***" }
        // The user information ends at the last @ before the path: a password may hold an @.
        if let scheme = shown.range(of: "://") {
            let authority = shown[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
                return shown
            }
            shown = String(shown[..<colon]) + ":***" + String(shown[at...])
        }
        return shown
    }

    /// The places given, else `$SOLUSI_DB` and `$SOLUSI_ARTICLES`, else `solusi.sqlite` and `Articles`.
    public static func resolve(
        database: String?, articles: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: Clock = .system, openFile: StoreOpener?, openServer: StoreOpener? = nil
    ) -> Workspace {
        Workspace(
            database: database ?? environment["SOLUSI_DB"] ?? "solusi.sqlite",
            articles: articles ?? environment["SOLUSI_ARTICLES"] ?? "Articles", clock: clock,
            openFile: openFile, openServer: openServer)
    }

    /// Whether the database exists already (a server's is assumed to: connecting tells).
    public var hasDatabase: Bool {
        Self.isServerURL(database) || FileManager.default.fileExists(atPath: database)
    }

    /// Opens the database: a SQLite file, or a server for a `postgresql://` URL. Unless
    /// `creating`, a file that does not exist is refused rather than created empty for a
    /// mistyped path. The store's copy of the knowledge base is brought up to date here, the
    /// one place it is written: from `knowledgeBase` when the command has loaded it already,
    /// else from the folder (see `open`).
    public func openStore(creating: Bool = false, knowledgeBase: KnowledgeBase? = nil) throws -> any TicketStore {
        try open(creating: creating, knowledgeBase: knowledgeBase).store
    }

    /// `openStore`, and what became of the store's copy of the knowledge base: a command that
    /// can do without a valid knowledge base warns when it was `.invalid`.
    public func open(creating: Bool = false, knowledgeBase: KnowledgeBase? = nil) throws -> (
        store: any TicketStore, knowledgeBase: KnowledgeBaseSync
    ) {
        let store = try connect(creating: creating)
        if let knowledgeBase { return (store, try store.sync(knowledgeBase.catalog) ? .copied : .unchanged) }
        return (store, try syncKnowledgeBase(into: store))
    }

    /// The database for commands that only look tickets up (search, list, show, counts): the
    /// store's copy of the knowledge base is left as it is, since none of their answers read
    /// it, and they do not pay for loading the knowledge base.
    public func lookupStore() throws -> any TicketStore { try connect(creating: false) }

    private func connect(creating: Bool) throws -> any TicketStore {
        if Self.isServerURL(database) {
            guard let openServer else { throw ServiceError.noServerSupport(databaseName) }
            return try openServer(database, clock)
        }
        guard let openFile else { throw ServiceError.noFileSupport(database) }
        guard creating || hasDatabase else { throw ServiceError.noDatabase(database) }
        return try openFile(database, clock)
    }

    /// What a service needs of the database.
    public enum DatabaseUse: Sendable {
        /// It must exist: a mistyped path is refused, not created empty.
        case required
        /// It is made when missing.
        case created
        /// It is used when it exists; the service works without one.
        case ifPresent
    }

    /// The database when it exists, else nil (commands that can work without one).
    public func existingStore(knowledgeBase: KnowledgeBase? = nil) throws -> (any TicketStore)? {
        hasDatabase ? try openStore(knowledgeBase: knowledgeBase) : nil
    }

    /// The validated knowledge base; throws `KnowledgeBaseError` with every problem.
    public func loadKnowledgeBase() throws -> KnowledgeBase {
        try KnowledgeBase.load(from: articles)
    }

    /// The knowledge base for a command that only reads (triage, classify, report, notify,
    /// serve): the folder's; when an edit broke it, the last valid copy the database holds, and
    /// `warn` hears the folder's mistakes and that the copy is used. One typo then stops only the
    /// commands that change the knowledge base, not the whole help desk. Throws the folder's
    /// mistakes when there is no copy.
    public func readingKnowledgeBase(warn: (String) -> Void) throws -> KnowledgeBase {
        do {
            return try loadKnowledgeBase()
        } catch let mistakes as KnowledgeBaseError {
            guard hasDatabase || Self.isServerURL(database),
                let stored = try? lookupStore().storedKnowledgeBase(),
                let copy = try? KnowledgeBase.load(
                    files: stored.files.map { ($0.path, $0.text) }, folder: articles)
            else { throw mistakes }
            warn(
                """
                \(mistakes.description)
                Perintah ini memakai salinan sah terakhir basis pengetahuan yang tersimpan di basis data (disalin \(TicketDate.isoString(stored.syncedAt))). Perintah yang mengubah basis pengetahuan menolak sampai kesalahannya diperbaiki; periksa dengan `solusi kb check`.
                """)
            return copy
        }
    }

    /// Brings the store's copy of the knowledge base up to date when the folder exists. A broken
    /// knowledge base is not copied; the answer says so, for a command that can do without it.
    private func syncKnowledgeBase(into store: any KnowledgeBaseStore) throws -> KnowledgeBaseSync {
        guard FileManager.default.fileExists(atPath: articles) else { return .absent }
        do {
            return try store.sync(try loadKnowledgeBase().catalog) ? .copied : .unchanged
        } catch is KnowledgeBaseError {
            return .invalid
        }
    }
}

/// What became of the store's copy of the knowledge base.
public enum KnowledgeBaseSync: Sendable {
    /// Copied, because it changed.
    case copied
    /// Already the same.
    case unchanged
    /// There is no knowledge-base folder.
    case absent
    /// The knowledge base is broken and was not copied.
    case invalid
}

/// What a service was asked that cannot be done, in words for the user (Bahasa Indonesia).
public enum ServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The database does not exist.
    case noDatabase(String)
    /// The work needs a database and none was opened.
    case needsDatabase
    /// The database is on a server and this program links no server backend.
    case noServerSupport(String)
    /// The program links no file backend (SolusiSQLite).
    case noFileSupport(String)
    /// A migration's target holds tickets already.
    case targetNotEmpty(String)
    /// No known issue has this id; the nearest one when it looks like a typing mistake.
    case unknownIssue(String, nearest: String? = nil)
    /// The issue has no solution to send yet: its id, title and status label.
    case noSolutionYet(issue: String, status: String)
    /// No stored ticket has this id (in this source).
    case ticketNotFound(id: String, source: String?)
    /// Several help desks have a ticket with this id.
    case ambiguousTicket(id: String, sources: [String])
    /// The text to classify is empty.
    case emptyText
    /// No cluster has this name: the name, and the clusters there are.
    case noSuchCluster(String, available: [String])
    /// A draft was not written because the knowledge base would not be valid with it.
    case draftWouldBreakKnowledgeBase(String)
    /// A cluster's tickets give fewer different examples than a new issue needs.
    case tooFewExamples(cluster: String, found: Int, needed: Int)
    /// The ticket has no label that stands, so nothing to undo.
    case nothingToUndo(id: String)
    /// The label that stands is another agent's: the ticket, and who labelled it.
    case labelOfAnotherAgent(id: String, agent: String)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .noDatabase(let path):
            return
                "basis data \(path) belum ada. Simpan tiket dulu dengan `solusi ingest`, atau pilih --db yang benar."
        case .needsDatabase:
            return "perintah ini membutuhkan basis data; simpan tiket dulu dengan `solusi ingest`."
        case .noServerSupport(let url):
            return "\(url): program ini tidak dapat membuka basis data server; pakai berkas SQLite."
        case .noFileSupport(let path):
            return "\(path): program ini tidak dapat membuka berkas basis data; pakai URL postgresql://."
        case .targetNotEmpty(let name):
            return "\(name) sudah berisi tiket dan tidak ditimpa; pakai --force untuk menggantinya."
        case .unknownIssue(let id, let nearest):
            return "isu \"\(id)\" tidak ada di basis pengetahuan."
                + (nearest.map { " Maksud Anda \"\($0)\"?" } ?? " Lihat `solusi kb list`.")
        case .noSolutionYet(let issue, let status):
            return
                "isu \"\(issue)\" berstatus \"\(status)\": belum ada solusi untuk dikirim. Ubah statusnya dulu dengan `solusi kb set-status`."
        case .ticketNotFound(let id, let source):
            return "tiket \"\(id)\" tidak ditemukan\(source.map { " di sumber \($0)" } ?? "")."
        case .ambiguousTicket(let id, let sources):
            return "tiket \"\(id)\" ada di beberapa sumber (\(sources.joined(separator: ", "))); pilih dengan --source."
        case .emptyText:
            return "teks tiket kosong; berikan isi tiket yang akan diklasifikasi."
        case .noSuchCluster(let name, let available):
            return
                "klaster \"\(name)\" tidak ada (\(available.count) klaster: \(available.prefix(10).joined(separator: ", "))). Jalankan `solusi emerging` dengan opsi yang sama."
        case .draftWouldBreakKnowledgeBase(let problems):
            return "draf tidak ditulis karena basis pengetahuan tidak akan sah:\n\(problems)"
        case .tooFewExamples(let cluster, let found, let needed):
            return
                "klaster \(cluster) hanya memberi \(found) contoh tiket yang berbeda; isu baru membutuhkan minimal \(needed). Tunggu tiket berikutnya, atau pilih klaster yang lebih besar."
        case .nothingToUndo(let id):
            return "tiket \"\(id)\" tidak berlabel; tidak ada yang diurungkan."
        case .labelOfAnotherAgent(let id, let agent):
            return
                "label tiket \"\(id)\" diberikan oleh \(agent); hanya label Anda sendiri yang dapat diurungkan. Untuk mengoreksinya, pakai `solusi triage relabel`."
        }
    }
}

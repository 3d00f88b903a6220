import Foundation
import Hummingbird
import HummingbirdTesting
import SolusiKit
import SolusiSQLite
import Synchronization
import Testing

@testable import SolusiServer

/// A clock the test moves.
final class TestClock: Sendable {
    private let seconds: Mutex<Int64>
    init(_ start: Int64) { seconds = Mutex(start) }
    var clock: Clock { Clock { self.seconds.withLock { $0 } } }
    func advance(_ by: Int64) { seconds.withLock { $0 += by } }
}

/// The classifier every fixture suggests with, trained once.
enum Trained {
    static let articles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Articles").standardized.path
    static let result = TicketClassifier.train(knowledgeBase: try! KnowledgeBase.load(from: articles))
}

/// A console over a database of its own in a temporary folder, with a copy of the knowledge
/// base (a lead's status change rewrites it), an agent `ani`, a second agent `budi` and a lead `lia`.
final class ConsoleFixture: @unchecked Sendable {
    static let start: Int64 = 1_780_000_000
    static let password = "kata-sandi-uji"

    let folder: URL
    let time = TestClock(ConsoleFixture.start)
    let workspace: Workspace
    let store: any TicketStore
    let console: Console

    init(tickets: [TicketRecord] = ConsoleFixture.tickets) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("solusi-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Trained.articles, toPath: folder.appendingPathComponent("Articles").path)
        workspace = Workspace(
            database: folder.appendingPathComponent("console.sqlite").path,
            articles: folder.appendingPathComponent("Articles").path, clock: time.clock, openFile: SQLite.openStore)
        let knowledgeBase = try workspace.loadKnowledgeBase()
        store = try workspace.openStore(creating: true, knowledgeBase: knowledgeBase)
        _ = try store.store(IngestBatch(tickets: tickets))
        let (classifier, heldOut) = Trained.result
        _ = try store.saveModel(classifier.model.record(heldOut: heldOut, createdAt: Self.start))
        console = try Self.console(workspace, store)
        for (name, role) in [("ani", AgentRole.agent), ("budi", .agent), ("lia", .lead)] {
            try await console.accounts.add(name: name, role: role, password: Self.password)
        }
    }

    /// A console over the fixture's database, as a second `solusi serve` process would open it.
    static func console(_ workspace: Workspace, _ store: any TicketStore) throws -> Console {
        let desk = try TriageDesk.open(workspace, store: store, knowledgeBase: try workspace.loadKnowledgeBase())
        // bcrypt's cost is lowered to keep the suite quick; `theConsoleHashesWithCostTwelve` checks the real one.
        return Console(
            workspace: workspace, store: store, desk: desk,
            accounts: Accounts(store: store, clock: workspace.clock, cost: 4), options: ConsoleOptions())
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Six tickets, one minute apart, oldest first.
    static let tickets: [TicketRecord] = [
        "Predikat kinerja guru tidak bisa dikirim, selalu gagal dan muncul pesan terjadi kesalahan.",
        "Tombol sinkron PMM tidak ada di e-Kinerja BKN, saya tidak bisa sinkronisasi.",
        "Jadwal observasi kelas tidak bisa disimpan pada tahap pelaksanaan periode 1.",
        "Perbaikan data di Verval PTK ditolak: data tidak sesuai dengan Dukcapil.",
        "Bagaimana cara mengganti foto profil di akun belajar.id?",
        "Predikat kinerja guru gagal terkirim padahal sudah berkali-kali dicoba.",
    ].enumerated().map { index, text in
        TicketRecord(
            source: "uji", externalID: "T\(index + 1)", createdAt: start - 3600 + Int64(index) * 60,
            subject: String(text.prefix(40)), description: text)
    }

    /// Runs `body` with a client of the console's routes.
    @discardableResult
    func test<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws
        -> Value
    {
        try await Application(router: console.router()).test(.router, body)
    }
}

/// One browser: its cookies, and the CSRF token of the last page it read.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""
    let client: any TestClientProtocol

    init(_ client: any TestClientProtocol) { self.client = client }

    /// GETs a page, keeping its cookies and its forms' token.
    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: headers(form: false), body: nil) { $0 }
        absorb(response)
        let page = String(buffer: response.body)
        if let match = page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/) { csrf = String(match.1) }
        return response
    }

    /// POSTs a form; its `csrf` is the last page's unless given.
    @discardableResult
    mutating func post(_ uri: String, _ fields: [String: String] = [:], csrf token: String? = nil) async throws
        -> TestResponse
    {
        var fields = fields
        if fields["csrf"] == nil { fields["csrf"] = token ?? csrf }
        let body = fields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers(form: true), body: ByteBuffer(string: body)
        ) { $0 }
        absorb(response)
        return response
    }

    /// Opens the queue and presses "next": the claimed ticket's address.
    mutating func claimNext() async throws -> String {
        try await get("/")
        let location = try #require(try await post("/next", ["filter": "all"]).location)
        try await get(location)
        return location
    }

    /// Logs in as `name`.
    mutating func login(_ name: String, password: String = ConsoleFixture.password) async throws -> TestResponse {
        try await get("/login")
        return try await post("/login", ["name": name, "password": password])
    }

    private func headers(form: Bool) -> HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty {
            fields[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        return fields
    }

    private mutating func absorb(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}

import Foundation
import Hummingbird
import Logging
import NIOPosix
import SolusiKit
import SolusiReport
import Synchronization

/// How `solusi serve` serves.
public struct ConsoleOptions: Sendable {
    /// The address to listen on: loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// The port.
    public var port = 8080
    /// Whether cookies carry `Secure` (the console is behind https).
    public var secureCookies = false
    /// How long opening a ticket holds it for the agent, in seconds.
    public var lease: Int64 = TriageDesk.defaultLease
    /// Tickets per queue page.
    public var pageSize = 50
    /// Where the tech team's report (`solusi report`) is published, linked from the issues page.
    public var reportURL: String?

    /// The defaults.
    public init() {}
}

/// The agents' web console: the queue, a ticket with its suggestion and reply, the same claims
/// and labels as `solusi triage`, and the known issues for leads. Built from a workspace's store
/// and knowledge base; `router()` gives the routes, `application()` a server that stops
/// gracefully on SIGINT and SIGTERM.
public struct Console: Sendable {
    /// The workspace: its knowledge-base folder is where a lead's status change is written.
    public let workspace: Workspace
    /// The database.
    public let store: any TicketStore
    /// Accounts and sessions.
    public let accounts: Accounts
    /// How it serves.
    public let options: ConsoleOptions
    /// Counters and latencies for `/metrics`.
    let metrics = ConsoleMetrics()
    /// The desk in use, replaced when a lead changes an issue's status.
    private let deskBox: DeskBox

    /// The queue counts per filter, kept a few seconds: counting a million tickets per page is too dear.
    let counts = CountCache()

    /// A console over an open store and desk.
    public init(
        workspace: Workspace, store: any TicketStore, desk: TriageDesk, accounts: Accounts, options: ConsoleOptions
    ) {
        self.workspace = workspace
        self.store = store
        self.accounts = accounts
        self.options = options
        deskBox = DeskBox(desk)
    }

    /// Opens the workspace's store and current model.
    /// An edit that broke the knowledge base gives way to the database's last valid copy, with
    /// `warn` told (see `Workspace.readingKnowledgeBase`).
    public static func open(_ workspace: Workspace, options: ConsoleOptions, warn: (String) -> Void = { _ in }) throws
        -> Console
    {
        let knowledgeBase = try workspace.readingKnowledgeBase(warn: warn)
        let store = try workspace.openStore(knowledgeBase: knowledgeBase)
        let desk = try TriageDesk.open(workspace, store: store, knowledgeBase: knowledgeBase)
        return Console(
            workspace: workspace, store: store, desk: desk, accounts: Accounts(store: store, clock: workspace.clock),
            options: options)
    }

    /// The desk as it is now.
    var desk: TriageDesk { deskBox.desk.withLock { $0 } }

    /// The server: the routes on `options.host`:`options.port`.
    public func application(logger: Logger = Logger(label: "solusi.serve")) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Solusi"),
            logger: logger)
    }

    /// Every route, behind the middleware that times them, sets the security headers and
    /// answers failures; the pages also behind the one that reads the session and checks the
    /// CSRF token of every POST. The health check, the metrics and the style sheet and script
    /// need no session, and do not read one.
    public func router() -> Router<ConsoleContext> {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: SecurityHeadersMiddleware(https: options.secureCookies))
        router.add(middleware: ErrorPageMiddleware())
        router.get("/healthz") { _, _ in try await self.health() }
        router.get("/metrics") { _, _ in self.metricsPage() }
        router.get("/static/console.css") { _, _ in Assets.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/static/console.js") { _, _ in
            Assets.asset(Assets.javaScript, type: "text/javascript; charset=utf-8")
        }
        let pages = router.group().add(middleware: SessionMiddleware(console: self))
        pages.get("/login") { _, context in self.loginPage(context) }
        pages.post("/login") { request, context in try await self.login(request, context) }
        pages.post("/logout") { request, context in try await self.logout(request, context) }
        pages.get("/") { request, context in try await self.queuePage(request, context) }
        pages.post("/next") { request, context in try await self.next(request, context) }
        pages.get("/tickets/{key}") { request, context in try await self.ticketPage(request, context) }
        pages.post("/tickets/{key}/accept") { request, context in try await self.label(.accept, request, context) }
        pages.post("/tickets/{key}/relabel") { request, context in try await self.label(.relabel, request, context) }
        pages.post("/tickets/{key}/release") { request, context in try await self.release(request, context) }
        pages.get("/issues") { request, context in try await self.issuesPage(request, context) }
        pages.post("/issues/{id}/status") { request, context in try await self.setStatus(request, context) }
        pages.post("/issues/{id}/notify") { request, context in try await self.notifyFile(request, context) }
        return router
    }

    // MARK: Health and metrics

    func health() async throws -> Response {
        do {
            // A primary-key lookup of a row that never exists: the database answers, cheaply.
            _ = try await store.queuedTicket(rowID: 0)
            return Assets.response("ok\n", type: "text/plain; charset=utf-8")
        } catch {
            return Assets.response(
                "basis data tidak menjawab\n", type: "text/plain; charset=utf-8", status: .serviceUnavailable)
        }
    }

    func metricsPage() -> Response {
        Assets.response(metrics.registry.emitToString(), type: "text/plain; version=0.0.4; charset=utf-8")
    }

    // MARK: Login

    /// The cookie that holds the session's token.
    static let sessionCookie = "solusi_session"
    /// The cookie that holds the login form's token until a session exists.
    static let loginCookie = "solusi_login"

    func loginPage(
        _ context: ConsoleContext, name: String = "", message: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        if context.signedIn != nil, message == nil { return Self.redirect("/") }
        let token = Accounts.randomToken()
        var response = Self.page(Pages.login(csrf: token, name: name, message: message), status: status)
        response.setCookie(cookie(Self.loginCookie, token, maxAge: 3600))
        return response
    }

    func login(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let name = context.form["name"] ?? ""
        let password = context.form["password"] ?? ""
        switch try await accounts.login(name: name, password: password, address: context.address) {
        case .signedIn(let token, _, let agent):
            // The log names the account, never a password, ticket text or the client's address.
            context.logger.notice("login", metadata: ["agent": .string(agent.name)])
            var response = Self.redirect("/")
            response.setCookie(cookie(Self.sessionCookie, token, maxAge: nil))
            response.setCookie(cookie(Self.loginCookie, "", maxAge: 0))
            if let old = request.cookies[Self.sessionCookie]?.value { try await accounts.logout(token: old) }
            return response
        case .refused:
            // Not the name tried: people type passwords into the name field.
            context.logger.notice("failed login")
            metrics.failedLogins.increment()
            return loginPage(context, name: name, message: "Nama akun atau kata sandi salah.", status: .unauthorized)
        case .throttled:
            context.logger.notice("login refused: too many failures")
            metrics.failedLogins.increment()
            let minutes = accounts.throttleWindow / 60
            return loginPage(
                context, name: name,
                message: "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam \(minutes) menit.",
                status: .tooManyRequests)
        }
    }

    func logout(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        if let token = request.cookies[Self.sessionCookie]?.value { try await accounts.logout(token: token) }
        var response = Self.redirect("/login")
        response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        return response
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: options.secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    // MARK: Queue

    func queuePage(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        let query = formFields(request.uri.query ?? "")
        let filter = QueueFilter(query: query)
        let desk = desk
        var cursor: Ticket?
        if let after = query["after"].flatMap(Int64.init) {
            cursor = try await store.queuedTicket(rowID: after)?.ticket
        }
        let page = try await store.queue(
            filter.triage, heldBy: filter == .mine ? viewer.agent.name : nil, after: cursor, limit: options.pageSize + 1
        )
        let counts = try await counts.counts(store: store, issues: desk.knowledgeBase.issues)
        return Self.page(
            Pages.queue(
                Pages.Queue(
                    filter: filter, entries: Array(page.prefix(options.pageSize)), counts: counts,
                    next: page.count > options.pageSize ? page[options.pageSize - 1].ticket.rowID : nil,
                    empty: query["kosong"] == "1", now: workspace.clock.now),
                viewer: viewer, knowledgeBase: desk.knowledgeBase))
    }

    func next(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        return try await claimNext(QueueFilter(field: context.form["filter"]), agent: viewer.agent.name, after: nil)
    }

    /// Claims the agent's next ticket and sends them to it; back to the queue when it is empty.
    func claimNext(_ filter: QueueFilter, agent: String, after cursor: Ticket?) async throws -> Response {
        guard
            let suggestion = try await desk.next(
                filter.triage, agent: agent, lease: options.lease, after: cursor, explain: false,
                lookingForSimilar: false)
        else {
            let path = filter.queryPath
            return Self.redirect(path + (path.contains("?") ? "&" : "?") + "kosong=1")
        }
        metrics.claims.increment()
        return Self.redirect("/tickets/\(suggestion.ticket.rowID)" + filter.queryPath.dropFirst())
    }

    // MARK: Ticket

    func ticketPage(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        guard let queued = try await queuedTicket(context) else { return notFound(viewer) }
        let desk = desk
        async let history = store.classificationHistory(ofTicket: queued.ticket.rowID)
        async let labels = store.labels(ofTicket: queued.ticket.rowID)
        async let similar = desk.similar(to: queued.ticket)
        async let first = desk.firstOfRequest(queued.ticket)
        var suggestion = desk.suggest(queued.ticket)
        suggestion.duplicateOf = try await first
        suggestion.similar = try await similar
        let view = Pages.TicketView(
            queued: queued, suggestion: suggestion, history: try await history, labels: try await labels,
            filter: QueueFilter(query: formFields(request.uri.query ?? "")), now: workspace.clock.now)
        return Self.page(Pages.ticket(view, viewer: viewer, knowledgeBase: desk.knowledgeBase))
    }

    func queuedTicket(_ context: ConsoleContext) async throws -> QueuedTicket? {
        guard let rowID = context.parameters.get("key", as: Int64.self) else { return nil }
        return try await store.queuedTicket(rowID: rowID)
    }

    /// Accept or relabel: refused (409) while another agent holds the ticket or after another
    /// labelled it; then the agent's next ticket.
    func label(_ action: Label.Action, _ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        // The store checks the ticket, its claim and its labels in the label's own transaction:
        // no read before it.
        guard let rowID = context.parameters.get("key", as: Int64.self) else { return notFound(viewer) }
        let desk = desk
        let agent = viewer.agent.name
        let note = context.form["note"].map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            switch action {
            case .accept:
                // The agent accepts what the page showed them, not what a newer model would say;
                // without it (a form from elsewhere), what the model says now.
                var shown = context.form["shown"] ?? ""
                if shown != "unknown", desk.knowledgeBase.issue(shown) == nil {
                    guard let queued = try await store.queuedTicket(rowID: rowID) else { return notFound(viewer) }
                    shown = desk.suggest(queued.ticket, explain: false).issue?.id ?? "unknown"
                }
                try await desk.accept(
                    ticketRowID: rowID, shown: shown == "unknown" ? nil : shown, agent: agent, note: note,
                    onlyIfUnanswered: true)
            case .relabel:
                let field = context.form["issue"] ?? ""
                guard field == "other" || desk.knowledgeBase.issue(field) != nil else {
                    return Self.page(
                        Pages.message(
                            title: "Label tidak dikenal",
                            text: "Pilih salah satu isu dikenal atau \"di luar cakupan\".",
                            viewer: viewer, link: ("/tickets/\(rowID)", "Kembali ke tiket")),
                        status: .badRequest)
                }
                try await desk.relabel(
                    ticketRowID: rowID, as: Verdict(labelledAs: field == "other" ? nil : field), agent: agent,
                    note: note, onlyIfUnanswered: true)
            case .undo:
                // No route takes an undo: the console labels, the terminal takes labels back.
                return notFound(viewer)
            }
        } catch is NoSuchTicket {
            return notFound(viewer)
        } catch let refusal as HeldByAnotherAgent {
            return conflict(
                viewer,
                "Tiket ini sedang dibuka oleh \(refusal.agent) sampai \(Self.clock(refusal.until)) WIB. Label Anda tidak disimpan."
            )
        } catch let refusal as LabelledByAnotherAgent {
            return conflict(viewer, "Tiket ini sudah diberi label oleh \(refusal.agent). Label Anda tidak disimpan.")
        }
        metrics.labels(action).increment()
        return try await claimNext(QueueFilter(field: context.form["filter"]), agent: agent, after: nil)
    }

    /// Lewati: gives the ticket back and takes the next one after it.
    func release(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        guard let queued = try await queuedTicket(context) else { return notFound(viewer) }
        if let claim = queued.claim, claim.agent != viewer.agent.name {
            return conflict(viewer, "Tiket ini sedang dibuka oleh \(claim.agent), bukan Anda.")
        }
        try await desk.release(queued.ticket, agent: viewer.agent.name)
        return try await claimNext(
            QueueFilter(field: context.form["filter"]), agent: viewer.agent.name, after: queued.ticket)
    }

    func conflict(_ viewer: Pages.Viewer, _ text: String) -> Response {
        Self.page(
            Pages.message(title: "Tindakan ditolak", text: text, viewer: viewer, link: ("/", "Kembali ke antrean")),
            status: .conflict)
    }

    /// 403 for an agent asking what only a lead may do (`what`: "mengubah status isu").
    func leadsOnly(_ viewer: Pages.Viewer, _ what: String) -> Response {
        Self.page(
            Pages.message(
                title: "Tidak diizinkan", text: "Hanya lead yang dapat \(what).", viewer: viewer,
                link: ("/issues", "Kembali ke isu dikenal")),
            status: .forbidden)
    }

    func notFound(_ viewer: Pages.Viewer?) -> Response {
        Self.page(
            Pages.message(
                title: "Tidak ditemukan", text: "Tiket atau halaman ini tidak ada.", viewer: viewer,
                link: ("/", "Ke antrean")),
            status: .notFound)
    }

    // MARK: Known issues

    func issuesPage(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        return Self.page(Pages.issues(desk.knowledgeBase, viewer: viewer, reportURL: options.reportURL))
    }

    /// A lead moves an issue to another status, as `solusi kb set-status` does: the issue's file
    /// is rewritten, the knowledge base read again and the desk rebuilt on it.
    func setStatus(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        guard viewer.agent.role == .lead else { return leadsOnly(viewer, "mengubah status isu") }
        let id = context.parameters.get("id") ?? ""
        let note = (context.form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let status = IssueStatus(rawValue: context.form["status"] ?? ""), !note.isEmpty else {
            return Self.page(
                Pages.issues(
                    desk.knowledgeBase, viewer: viewer, reportURL: options.reportURL,
                    message: "Pilih status dan tulis apa yang berubah."),
                status: .badRequest)
        }
        let workspace = workspace
        let store = store
        do {
            let desk = try await NIOThreadPool.singleton.runIfActive {
                let knowledgeBase = try workspace.loadKnowledgeBase()
                _ = try StatusEditor(knowledgeBase: knowledgeBase).apply(
                    issue: id, to: status, note: note, date: workspace.clock.today.text)
                let updated = try workspace.loadKnowledgeBase()
                try store.sync(updated.catalog)
                return try TriageDesk.open(workspace, store: store, knowledgeBase: updated)
            }
            deskBox.desk.withLock { $0 = desk }
            context.logger.notice(
                "issue status changed",
                metadata: [
                    "agent": .string(viewer.agent.name), "issue": .string(id), "status": .string(status.rawValue),
                ])
        } catch let failure as StatusEditor.Failure {
            return Self.page(
                Pages.issues(
                    desk.knowledgeBase, viewer: viewer, reportURL: options.reportURL, message: failure.description),
                status: .badRequest)
        }
        return Self.redirect("/issues")
    }

    /// A lead downloads the notification file of an issue, as `solusi notify ISSUE --out FILE`
    /// writes it: the open tickets to tell, with the reply; the tickets in it are marked notified,
    /// so the next download does not list them again. A POST, since it changes what is stored.
    func notifyFile(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let viewer = viewer(context) else { return Self.redirect("/login") }
        guard viewer.agent.role == .lead else { return leadsOnly(viewer, "mengunduh berkas pemberitahuan") }
        let id = context.parameters.get("id") ?? ""
        let knowledgeBase = desk.knowledgeBase
        do {
            _ = try NotificationService.issueToNotify(id, in: knowledgeBase)
        } catch {
            return Self.page(
                Pages.issues(
                    knowledgeBase, viewer: viewer, reportURL: options.reportURL, message: String(describing: error)),
                status: .badRequest)
        }
        let store = store
        let name = "pemberitahuan-\(id)-\(workspace.clock.today.text).csv"
        let text = try await NIOThreadPool.singleton.runIfActive {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "solusi-notify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent(name).path
            let writer = try NotificationWriter(sink: ByteSink(path: path))
            _ = try NotificationService(knowledgeBase: knowledgeBase, store: store).notify(
                issue: id, again: false, file: name, output: writer, review: nil)
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        context.logger.notice(
            "notify file downloaded", metadata: ["agent": .string(viewer.agent.name), "issue": .string(id)])
        var response = Assets.response(text, type: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return response
    }

    // MARK: Helpers

    func viewer(_ context: ConsoleContext) -> Pages.Viewer? {
        context.signedIn.map { Pages.Viewer(agent: $0.agent, csrf: $0.session.csrf) }
    }

    static func page(_ html: SolusiReport.HTML, status: HTTPResponse.Status = .ok) -> Response {
        Assets.response(html.markup, type: "text/html; charset=utf-8", status: status)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// "HH:MM" in WIB.
    static func clock(_ seconds: Int64) -> String { String(TicketDate.isoString(seconds).dropFirst(11).prefix(5)) }
}

/// The desk the console suggests with: one for every request, replaced whole when the knowledge base changes.
final class DeskBox: Sendable {
    let desk: Mutex<TriageDesk>
    init(_ desk: TriageDesk) { self.desk = Mutex(desk) }
}

/// The queue counts per filter (all, each issue, unknown), kept for ten seconds: counting is
/// too dear for every page at a million tickets. One request counts again when they are old;
/// the others meanwhile show the old counts.
final class CountCache: Sendable {
    typealias Counts = [(label: String, filter: QueueFilter, count: Int)]
    private let state = Mutex<(at: ContinuousClock.Instant, counts: Counts?, counting: Bool)>((.now, nil, false))

    func counts(store: any TriageStore, issues: [KnownIssue]) async throws -> Counts {
        let (cached, mine) = state.withLock { state -> (Counts?, Bool) in
            let fresh = state.at.duration(to: .now) < .seconds(10)
            if let counts = state.counts, fresh || state.counting { return (counts, false) }
            if state.counting { return (nil, false) }
            state.counting = true
            return (nil, true)
        }
        if let cached { return cached }
        guard mine else {
            // The very first counts are being made by another request: count for this one too.
            return try await Self.count(store, issues)
        }
        do {
            let counts = try await Self.count(store, issues)
            state.withLock { $0 = (.now, counts, false) }
            return counts
        } catch {
            state.withLock { $0.counting = false }
            throw error
        }
    }

    private static func count(_ store: any TriageStore, _ issues: [KnownIssue]) async throws -> Counts {
        var counts: Counts = [("Semua", .all, try await store.triageRemaining(.all))]
        for issue in issues {
            counts.append((issue.shortName, .issue(issue.id), try await store.triageRemaining(.issue(issue.id))))
        }
        counts.append(("Tidak dikenal", .unknown, try await store.triageRemaining(.unknown)))
        return counts
    }
}

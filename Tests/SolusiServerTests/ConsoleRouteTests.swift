import Foundation
import Hummingbird
import HummingbirdTesting
import SolusiKit
import Testing

@testable import SolusiServer

@Suite struct ConsoleRouteTests {
    @Test func loginOpensTheQueueAndLogoutEndsTheSessionEverywhere() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            let away = try await browser.get("/")
            #expect(away.status == .seeOther && away.location == "/login")
            let login = try await browser.login("ani")
            #expect(login.status == .seeOther && login.location == "/")
            let cookie = login.headers[values: .setCookie].first { $0.hasPrefix("solusi_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            let queue = try await browser.get("/")
            #expect(queue.status == .ok)
            #expect(queue.text.contains("Antrean tiket") && queue.text.contains("ani · agen"))
            #expect(queue.text.contains("Predikat kinerja guru tidak bisa dikiri"))
            let token = browser.cookies["solusi_session"]!
            let logout = try await browser.post("/logout")
            #expect(logout.status == .seeOther && logout.location == "/login")
            // The old cookie, replayed, opens nothing: the session is gone from the database.
            browser.cookies["solusi_session"] = token
            #expect(try await browser.get("/").location == "/login")
        }
    }

    @Test func aWrongNameAndAWrongPasswordGetTheSameAnswer() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            let wrongPassword = try await browser.login("ani", password: "salah-sekali")
            let wrongName = try await browser.login("tidak-ada", password: "salah-sekali")
            #expect(wrongPassword.status == .unauthorized && wrongName.status == .unauthorized)
            let message = "Nama akun atau kata sandi salah."
            #expect(wrongPassword.text.contains(message) && wrongName.text.contains(message))
            #expect(browser.cookies["solusi_session"] == nil)
        }
    }

    @Test func failedLoginsAreThrottledPerNameEvenWithTheRightPasswordThenAllowedAgain() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            for _ in 0..<5 { #expect(try await browser.login("ani", password: "salah-sekali").status == .unauthorized) }
            let blocked = try await browser.login("ani")
            #expect(blocked.status == .tooManyRequests && blocked.text.contains("Terlalu banyak percobaan"))
            #expect(browser.cookies["solusi_session"] == nil)
            // The window passes: the right password opens again.
            fixture.time.advance(16 * 60)
            #expect(try await browser.login("ani").status == .seeOther)
        }
    }

    @Test func aPostWithoutTheSessionsTokenIsForbiddenAndChangesNothing() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            _ = try await browser.login("ani")
            try await browser.get("/")
            let forged = try await browser.post("/next", ["filter": "all"], csrf: String(repeating: "0", count: 64))
            #expect(forged.status == .forbidden)
            let missing = try await browser.post("/tickets/1/accept", ["csrf": ""])
            #expect(missing.status == .forbidden)
            #expect(
                try await fixture.store.queue(.all, heldBy: nil, after: nil, limit: 10).allSatisfy { $0.claim == nil })
            #expect(try await fixture.store.labels(ofTicket: 1).isEmpty)
            // The login form has its own token, tied to its cookie.
            var stranger = Browser(client)
            let noToken = try await stranger.post(
                "/login", ["name": "ani", "password": ConsoleFixture.password], csrf: "")
            #expect(noToken.status == .forbidden && stranger.cookies["solusi_session"] == nil)
        }
    }

    @Test func twoAgentsGetDifferentTicketsAndOneCannotLabelTheOthers() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var ani = Browser(client)
            var budi = Browser(client)
            _ = try await ani.login("ani")
            _ = try await budi.login("budi")
            try await ani.get("/")
            try await budi.get("/")
            let first = try await ani.post("/next", ["filter": "all"])
            let second = try await budi.post("/next", ["filter": "all"])
            #expect(first.status == .seeOther && second.status == .seeOther)
            let aniTicket = try #require(first.location)
            #expect(aniTicket == "/tickets/1" && second.location == "/tickets/2")
            // Budi sees Ani's claim, and the server refuses his label.
            let seen = try await budi.get(aniTicket)
            #expect(seen.text.contains("sedang dibuka oleh ani"))
            let refused = try await budi.post(aniTicket + "/accept", ["shown": "predikat-kinerja-gagal-kirim"])
            #expect(refused.status == .conflict && refused.text.contains("sedang dibuka oleh ani"))
            #expect(try await budi.post(aniTicket + "/release").status == .conflict)
            #expect(try await fixture.store.labels(ofTicket: 1).isEmpty)
            // Ani accepts; then Budi's late relabel is refused: she answered first.
            try await ani.get(aniTicket)
            let accepted = try await ani.post(
                aniTicket + "/accept", ["shown": "predikat-kinerja-gagal-kirim", "filter": "all"])
            #expect(accepted.status == .seeOther && accepted.location == "/tickets/3")
            try await budi.get(aniTicket)
            let late = try await budi.post(aniTicket + "/relabel", ["issue": "other"])
            #expect(late.status == .conflict && late.text.contains("sudah diberi label oleh ani"))
            let labels = try await fixture.store.labels(ofTicket: 1)
            #expect(
                labels.map(\.agent) == ["ani"]
                    && labels.map(\.verdict) == [Verdict(labelledAs: "predikat-kinerja-gagal-kirim")])
        }
    }

    @Test func relabelStoresTheIssueAndNoteAndAnUnknownIssueIsRefused() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let ticket = try await ani.claimNext()
            #expect(try await ani.post(ticket + "/relabel", ["issue": "tidak-ada-isu-ini"]).status == .badRequest)
            #expect(try await ani.post("/tickets/999/relabel", ["issue": "other"]).status == .notFound)
            #expect(try await ani.post("/tickets/999/accept", ["shown": "unknown"]).status == .notFound)
            #expect(try await fixture.store.labels(ofTicket: 1).isEmpty)
            let done = try await ani.post(ticket + "/relabel", ["issue": "other", "note": "pertanyaan umum <b>"])
            #expect(done.status == .seeOther)
            let label = try #require(try await fixture.store.labels(ofTicket: 1).last)
            #expect(label.verdict == .outOfScope && label.action == .relabel && label.note == "pertanyaan umum <b>")
            // The history shows it, escaped.
            let page = try await ani.get(ticket)
            #expect(page.text.contains("pertanyaan umum &lt;b&gt;") && !page.text.contains("pertanyaan umum <b>"))
        }
    }

    @Test func theQueuePagesOnAndMineShowsOnlyTheAgentsOwnTickets() async throws {
        let fixture = try await ConsoleFixture()
        var options = ConsoleOptions()
        options.pageSize = 4
        let console = Console(
            workspace: fixture.workspace, store: fixture.store, desk: fixture.console.desk,
            accounts: fixture.console.accounts, options: options)
        try await Application(router: console.router()).test(.router) { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let first = try await ani.get("/").text
            #expect(first.contains("/tickets/4\"") && !first.contains("/tickets/5\""))
            #expect(first.contains("href=\"/?after=4\""))
            let second = try await ani.get("/?after=4").text
            #expect(
                second.contains("/tickets/5\"") && second.contains("/tickets/6\"") && !second.contains("/tickets/4\""))
            #expect(!second.contains("Halaman berikutnya"))
            _ = try await ani.post("/next", ["filter": "all"])
            let mine = try await ani.get("/?mine=1").text
            #expect(mine.contains("/tickets/1\"") && !mine.contains("/tickets/2\""))
            #expect(mine.contains("sedang dibuka oleh Anda"))
        }
    }

    @Test func skippingReleasesTheTicketAndTakesTheNextOne() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let first = try await ani.claimNext()
            let skipped = try await ani.post(first + "/release", ["filter": "all"])
            #expect(skipped.location == "/tickets/2")
            let held = try await fixture.store.queue(.all, heldBy: "ani", after: nil, limit: 10).map(\.ticket.rowID)
            #expect(held == [2])
        }
    }

    @Test func onlyALeadChangesAnIssuesStatusAndTheFileRecordsIt() async throws {
        let fixture = try await ConsoleFixture()
        let issue = "jadwal-observasi-gagal-input"
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let page = try await ani.get("/issues")
            #expect(page.status == .ok && !page.text.contains("Ubah status"))
            let forbidden = try await ani.post(
                "/issues/\(issue)/status", ["status": "retired", "note": "Sudah diperbaiki."])
            #expect(forbidden.status == .forbidden)
            #expect(try fixture.workspace.loadKnowledgeBase().issue(issue)?.status == .solved)
            var lia = Browser(client)
            _ = try await lia.login("lia")
            #expect(try await lia.get("/issues").text.contains("Ubah status"))
            let changed = try await lia.post(
                "/issues/\(issue)/status", ["status": "retired", "note": "Sudah diperbaiki."])
            #expect(changed.status == .seeOther)
            let updated = try #require(try fixture.workspace.loadKnowledgeBase().issue(issue))
            #expect(updated.status == .retired && updated.history.last?.note == "Sudah diperbaiki.")
            // A change the rules refuse is refused with the editor's reason, as `kb set-status` refuses it.
            try await lia.get("/issues")
            let again = try await lia.post("/issues/\(issue)/status", ["status": "retired", "note": "Lagi."])
            #expect(again.status == .badRequest && again.text.contains("sudah berstatus retired"))
            #expect(try await lia.get("/issues").text.contains("Sudah diperbaiki."))
        }
    }

    @Test func aLeadDownloadsTheNotifyFileOnceAndAnAgentCannot() async throws {
        let fixture = try await ConsoleFixture()
        let issue = "predikat-kinerja-gagal-kirim"
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let ticket = try await ani.claimNext()
            _ = try await ani.post(ticket + "/accept", ["shown": issue])
            try await ani.get("/issues")
            #expect(try await ani.post("/issues/\(issue)/notify").status == .forbidden)
            var lia = Browser(client)
            _ = try await lia.login("lia")
            #expect(try await lia.get("/issues").text.contains("/issues/\(issue)/notify"))
            let file = try await lia.post("/issues/\(issue)/notify")
            #expect(file.status == .ok && file.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(
                file.headers[.contentDisposition]?.contains("attachment; filename=\"pemberitahuan-\(issue)-") == true)
            #expect(file.text.hasPrefix("ticket_id,requester,reply,article_url,issue_id\n"))
            // Ani's confirmed ticket; not T6, about the same issue but neither labelled nor classified.
            #expect(file.text.contains("\nT1,") && !file.text.contains("\nT6,"))
            // Marked: the next download lists it no more.
            #expect(try await !lia.post("/issues/\(issue)/notify").text.contains("\nT1,"))
        }
    }

    @Test func hostileTicketTextIsShownAsTextOnEveryPage() async throws {
        let hostile = TicketRecord(
            source: "uji", externalID: "X\"><script>alert(1)</script>",
            createdAt: ConsoleFixture.start - 7200, subject: "<img src=x onerror=alert(2)> predikat kinerja",
            description: "</textarea><script>alert(3)</script> predikat kinerja guru gagal dikirim \" onmouseover=\"x",
            status: "open")
        let solved = TicketRecord(
            source: "uji", externalID: "S1", createdAt: ConsoleFixture.start - 3600, subject: "Sudah beres",
            description: "Terima kasih, sudah bisa.", status: "Solved")
        let fixture = try await ConsoleFixture(tickets: [hostile, solved])
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let queue = try await ani.get("/")
            let ticket = try await ani.get("/tickets/1")
            for page in [queue.text, ticket.text] {
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x"))
                #expect(!page.contains("</textarea><script>"))
            }
            #expect(ticket.text.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
            #expect(ticket.text.contains("status help desk: open") && !ticket.text.contains("sudah ditutup"))
            // The help desk solved it: not in the queue, but its page says so.
            #expect(!queue.text.contains("Sudah beres"))
            #expect(try await ani.get("/tickets/2").text.contains("status help desk: Solved (sudah ditutup)"))
            #expect(queue.text.contains("&lt;img src=x onerror=alert(2)&gt;"))
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            for response in [try await browser.get("/login"), try await browser.get("/static/console.js")] {
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            // Pages are never kept; the style sheet and script a few minutes.
            #expect(try await browser.get("/login").headers[.cacheControl] == "no-store")
            #expect(try await browser.get("/static/console.css").headers[.cacheControl] == "max-age=300")
            let missing = try await browser.get("/tidak-ada")
            #expect(missing.status == .notFound && missing.text.contains("Halaman ini tidak ada."))
            #expect(missing.headers[.contentSecurityPolicy] != nil)
            // No page carries inline script or a style attribute the policy would block.
            let login = try await browser.get("/login").text
            #expect(!login.contains("<script>") && !login.contains("style="))
        }
    }

    @Test func behindHttpsCookiesAreSecureAndBrowsersAreToldToKeepToHttps() async throws {
        let fixture = try await ConsoleFixture()
        var options = ConsoleOptions()
        options.secureCookies = true
        let console = Console(
            workspace: fixture.workspace, store: fixture.store, desk: fixture.console.desk,
            accounts: fixture.console.accounts, options: options)
        try await Application(router: console.router()).test(.router) { client in
            var ani = Browser(client)
            let login = try await ani.login("ani")
            let cookie = login.headers[values: .setCookie].first { $0.hasPrefix("solusi_session=") } ?? ""
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(login.headers[.strictTransportSecurity] == "max-age=31536000")
        }
        // Over plain http, neither.
        try await fixture.test { client in
            var ani = Browser(client)
            let plain = try await ani.get("/login")
            #expect(plain.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test func healthAndMetricsAnswerWithoutASession() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var ani = Browser(client)
            let health = try await ani.get("/healthz")
            #expect(health.status == .ok && health.text == "ok\n")
            _ = try await ani.login("ani", password: "salah-sekali")
            _ = try await ani.login("ani")
            try await ani.get("/")
            _ = try await ani.post("/next", ["filter": "all"])
            // A made-up method is counted as "other", not as a series of its own.
            _ = try await client.execute(uri: "/", method: HTTPRequest.Method("BREW")!, headers: [:], body: nil) { $0 }
            let metrics = try await ani.get("/metrics").text
            #expect(!metrics.contains("BREW") && metrics.contains("method=\"other\""))
            #expect(metrics.contains("solusi_console_claims_total 1"))
            #expect(metrics.contains("solusi_console_failed_logins_total 1"))
            #expect(metrics.contains("solusi_console_requests_total{route=\"/next\",method=\"POST\",status=\"303\"} 1"))
            #expect(!metrics.contains("/tickets/1\""))
        }
    }

    @Test func sessionsLiveInTheDatabaseSoAnotherServerProcessKnowsThem() async throws {
        let fixture = try await ConsoleFixture()
        let cookies = try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            return ani.cookies
        }
        let other = try ConsoleFixture.console(fixture.workspace, try fixture.workspace.openStore())
        try await Application(router: other.router()).test(.router) { client in
            var ani = Browser(client)
            ani.cookies = cookies
            let queue = try await ani.get("/")
            #expect(queue.status == .ok && queue.text.contains("ani · agen"))
        }
    }

    @Test func anIdleSessionEnds() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            fixture.time.advance(29 * 60)
            #expect(try await ani.get("/").status == .ok)
            fixture.time.advance(29 * 60)
            #expect(try await ani.get("/").status == .ok)
            fixture.time.advance(31 * 60)
            #expect(try await ani.get("/").location == "/login")
        }
    }

    @Test func theConsoleHashesWithCostTwelveAndKeepsNoPassword() async throws {
        let fixture = try await ConsoleFixture()
        let accounts = Accounts(store: fixture.store, clock: fixture.time.clock)
        try await accounts.add(name: "rina", role: .lead, password: "rahasia-sekali")
        let stored = try #require(try await fixture.store.agent(named: "rina"))
        #expect(stored.passwordHash.hasPrefix("$2") && stored.passwordHash.contains("$12$"))
        #expect(!stored.passwordHash.contains("rahasia-sekali"))
        await #expect(throws: Accounts.Problem.shortPassword) {
            try await accounts.add(name: "pendek", role: .agent, password: "1234567")
        }
        await #expect(throws: Accounts.Problem.badName("a b")) {
            try await accounts.add(name: "a b", role: .agent, password: "rahasia-sekali")
        }
        await #expect(throws: AgentExists(name: "rina")) {
            try await accounts.add(name: "rina", role: .agent, password: "rahasia-sekali")
        }
    }

    @Test func aTicketPageShowsTheRequestItRepeatsAndSimilarTicketsMasked() async throws {
        let text = "Tombol sinkron PMM tidak ada di e-Kinerja BKN, SKP tidak bisa ditarik."
        func ticket(_ id: String, minute: Int64, _ description: String, requester: String, subject: String)
            -> TicketRecord
        {
            TicketRecord(
                source: "uji", externalID: id, createdAt: ConsoleFixture.start - 3600 + minute * 60, subject: subject,
                description: description, extra: ["Pelapor": requester])
        }
        var tickets = [
            ticket("P1", minute: 0, text, requester: "siti@contoh.id", subject: "Tombol sinkron tidak ada"),
            ticket(
                "P2", minute: 5, "Assalamualaikum. " + text + " Terima kasih.\nDikirim dari iPhone saya",
                requester: "siti@contoh.id", subject: "tombol sinkron gk ada"),
        ]
        for number in 1...4 {
            tickets.append(
                ticket(
                    "S\(number)", minute: Int64(number),
                    "Di e-Kinerja BKN tombol sinkron PMM belum ada, SKP tidak bisa ditarik.",
                    requester: "guru\(number)@contoh.id", subject: "Sinkron PMM, hubungi guru\(number)@contoh.id"))
        }
        let fixture = try await ConsoleFixture(tickets: tickets)
        let again = try #require(try await fixture.store.tickets(externalID: "P2").first)
        let first = try #require(try await fixture.store.tickets(externalID: "P1").first)
        #expect(again.duplicateOf == first.rowID)
        try await fixture.test { client in
            var ani = Browser(client)
            _ = try await ani.login("ani")
            let page = try await ani.get("/tickets/\(again.rowID)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Tiket serupa"))
            #expect(
                page.text.contains("Duplikat: pengirim yang sama") && page.text.contains("/tickets/\(first.rowID)\""))
            // The same request first, then the others about the same problem.
            #expect(page.text.contains("<ol><li><a href=\"/tickets/\(first.rowID)\">#P1</a>"))
            #expect(page.text.contains("duplikat tiket ini") && page.text.contains("#S4</a>"))
            // Another teacher's address in a similar ticket's subject is masked.
            #expect(!page.text.contains("guru1@contoh.id"))
        }
    }
}

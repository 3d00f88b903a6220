import Foundation
import IndonesianText
import SolusiKit
import SolusiReport

/// The console's pages, in Bahasa Indonesia: pure functions from what a route loaded to HTML.
/// Every text from a ticket, an agent or the knowledge base goes through `HTML`'s escaping; no
/// page carries inline script or style (the Content-Security-Policy forbids both), and every
/// page works without JavaScript — `console.js` only adds the keyboard and the copy button.
enum Pages {
    /// Who is looking at a page, and the token its forms carry.
    struct Viewer {
        var agent: Agent
        var csrf: String
    }

    /// The frame every page shares: the header with the agent and the menu, then `main`.
    static func layout(title: String, viewer: Viewer?, body: HTML) -> HTML {
        var menu: HTML = ""
        if let viewer {
            menu = """
                <nav aria-label="Menu utama"><ul>
                <li><a href="/">Antrean</a></li>
                <li><a href="/issues">Isu dikenal</a></li>
                </ul></nav>
                <form method="post" action="/logout" class="logout">\(csrfField(viewer))
                <span class="who">\(viewer.agent.name) · \(viewer.agent.role == .lead ? "lead" : "agen")</span>
                <button type="submit">Keluar</button></form>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="id">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Solusi</title>
            <link rel="stylesheet" href="/static/console.css">
            <script src="/static/console.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#isi">Langsung ke isi</a>
            <header><span class="brand">Solusi · Pusat Bantuan</span>\(menu)</header>
            <main id="isi" tabindex="-1">
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static func csrfField(_ viewer: Viewer) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(viewer.csrf)\">"
    }

    // MARK: Login

    static func login(csrf: String, name: String = "", message: String? = nil) -> HTML {
        let alert: HTML = message.map { "<p class=\"alert\" role=\"alert\">\($0)</p>" } ?? ""
        return layout(
            title: "Masuk", viewer: nil,
            body: """
                <h1>Masuk ke konsol agen</h1>
                \(alert)
                <form method="post" action="/login" class="login">
                <input type="hidden" name="csrf" value="\(csrf)">
                <label for="name">Nama akun</label>
                <input id="name" name="name" autocomplete="username" required value="\(name)">
                <label for="password">Kata sandi</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">Masuk</button>
                </form>
                """)
    }

    // MARK: Queue

    /// What the queue page shows.
    struct Queue {
        var filter: QueueFilter
        var entries: [QueuedTicket]
        var counts: CountCache.Counts
        var next: Int64?
        var empty: Bool
        var now: Int64
    }

    static func queue(_ queue: Queue, viewer: Viewer, knowledgeBase: KnowledgeBase) -> HTML {
        let filters = queue.counts.map { entry -> HTML in
            let current: HTML = entry.filter == queue.filter ? " aria-current=\"page\"" : ""
            return
                "<li><a href=\"\(entry.filter.queryPath)\"\(current)>\(entry.label) <span class=\"count\">\(formatCount(entry.count))</span></a></li>"
        }.joined()
        let mine: HTML = queue.filter == .mine ? " aria-current=\"page\"" : ""
        let rows = queue.entries.map { entry -> HTML in
            let r = entry.ticket.record
            return """
                <tr>
                <td>\(age(queue.now - r.createdAt))</td>
                <td><a class="ticket-link" href="/tickets/\(entry.ticket.rowID)">\(r.subject.isEmpty ? "(tanpa subjek)" : r.subject)</a>
                <span class="meta">\(r.source) #\(r.externalID)\(helpDeskStatus(r))</span></td>
                <td>\(suggestion(entry.classification, knowledgeBase))</td>
                <td>\(holder(entry.claim, viewer: viewer, now: queue.now))</td>
                </tr>
                """
        }.joined()
        let table: HTML =
            queue.entries.isEmpty
            ? "<p>Tidak ada tiket di antrean ini.</p>"
            : """
            <div class="scroll"><table class="queue">
            <caption>Tiket belum berlabel, yang terlama dahulu</caption>
            <thead><tr><th scope="col">Umur</th><th scope="col">Subjek</th><th scope="col">Saran</th><th scope="col">Dipegang</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            """
        let more: HTML =
            queue.next.map { "<p><a href=\"\(queue.filter.queryPath(after: $0))\">Halaman berikutnya</a></p>" } ?? ""
        let empty: HTML =
            queue.empty
            ? "<p class=\"alert\" role=\"status\">Antrean ini kosong: tidak ada tiket untuk diambil. Tiket yang di help desk sudah selesai atau ditutup tidak ikut antrean.</p>"
            : ""
        return layout(
            title: "Antrean", viewer: viewer,
            body: """
                <h1>Antrean tiket</h1>
                \(empty)
                <form method="post" action="/next" class="next">\(csrfField(viewer))
                \(queue.filter.hiddenField)
                <button type="submit" data-key="n">Ambil tiket berikutnya</button>
                </form>
                <nav aria-label="Saring antrean"><ul class="filters">\(filters)
                <li><a href="\(QueueFilter.mine.queryPath)"\(mine)>Milik saya</a></li></ul></nav>
                \(table)
                \(more)
                \(keyHelp)
                """)
    }

    /// The ticket's own status in its help desk, marked when the help desk closed it already
    /// (it needs no reply): " · status help desk: solved (sudah ditutup)".
    static func helpDeskStatus(_ record: TicketRecord) -> HTML {
        guard let status = record.status, !status.isEmpty else { return "" }
        return " · status help desk: \(status)\(record.isClosed ? " (sudah ditutup)" : "")"
    }

    static func suggestion(_ classification: ClassificationRecord?, _ knowledgeBase: KnowledgeBase) -> HTML {
        guard let classification else { return "<span class=\"meta\">belum diklasifikasi</span>" }
        let confidence = percent(classification.confidence)
        guard let id = classification.verdict.issueID else { return "tidak dikenal · \(confidence)" }
        return "\(knowledgeBase.issue(id)?.title ?? id) · \(confidence)"
    }

    static func holder(_ claim: Claim?, viewer: Viewer, now: Int64) -> HTML {
        guard let claim else { return "" }
        let minutes = max(1, (claim.until - now + 59) / 60)
        let who: HTML = claim.agent == viewer.agent.name ? "Anda" : "\(claim.agent)"
        return "sedang dibuka oleh \(who), \(minutes) menit lagi"
    }

    /// A probability as whole percent: "83%".
    static func percent(_ probability: Double) -> String { "\(Int((probability * 100).rounded()))%" }

    /// How long ago, in the largest whole unit.
    static func age(_ seconds: Int64) -> String {
        switch max(0, seconds) {
        case ..<3600: "\(max(1, seconds / 60)) menit"
        case ..<86_400: "\(seconds / 3600) jam"
        default: "\(seconds / 86_400) hari"
        }
    }

    // MARK: Ticket

    /// What the ticket page shows.
    struct TicketView {
        var queued: QueuedTicket
        var suggestion: Suggestion
        var history: [ClassificationRecord]
        var labels: [Label]
        var filter: QueueFilter
        var now: Int64
    }

    static func ticket(_ view: TicketView, viewer: Viewer, knowledgeBase: KnowledgeBase) -> HTML {
        let ticket = view.queued.ticket
        let r = ticket.record
        let s = view.suggestion
        let heldByOther = view.queued.claim.map { $0.agent != viewer.agent.name } ?? false
        let labelled = view.labels.standing
        var state: HTML = ""
        if let claim = view.queued.claim, heldByOther {
            state =
                "<p class=\"alert\" role=\"status\">Tiket ini \(holder(claim, viewer: viewer, now: view.now)). Tindakan Anda akan ditolak sampai klaimnya berakhir.</p>"
        } else if let claim = view.queued.claim {
            state =
                "<p class=\"alert\" role=\"status\">Tiket ini milik Anda sampai pukul \(Console.clock(claim.until)) WIB: terima, ganti label atau lewati sebelum itu.</p>"
        } else if let labelled {
            state =
                "<p class=\"alert\" role=\"status\">Sudah diberi label oleh \(labelled.agent): \(verdictName(labelled.verdict, knowledgeBase)).</p>"
        }
        let issue: HTML =
            s.issue.map { issue in
                "<p><strong>\(issue.title)</strong> (\(issue.id)) · status: \(issue.status.label)\(issue.reviewed ? "" : " · draf belum ditinjau")</p>"
            } ?? "<p><strong>Tidak dikenal</strong>: bukan salah satu isu yang diketahui.</p>"
        let closest = s.closest.map { near -> HTML in
            "<li>\(near.issue.title) · \(percent(near.probability))</li>"
        }.joined()
        let articles = s.articleURLs.map { url -> HTML in "<li><a href=\"\(url)\">\(url)</a></li>" }.joined()
        let options = knowledgeBase.issues.map { issue -> HTML in
            "<option value=\"\(issue.id)\">\(issue.title)</option>"
        }.joined()
        let disabled: HTML = heldByOther ? " disabled" : ""
        let shown = s.issue?.id ?? "unknown"
        let actions: HTML = """
            <section aria-labelledby="aksi-judul" class="actions">
            <h2 id="aksi-judul">Tindakan</h2>
            <form method="post" action="/tickets/\(ticket.rowID)/accept">\(csrfField(viewer))\(view.filter.hiddenField)
            <input type="hidden" name="shown" value="\(shown)">
            <button type="submit" data-key="t"\(disabled)>Terima saran</button>
            </form>
            <form method="post" action="/tickets/\(ticket.rowID)/relabel" class="relabel">\(csrfField(viewer))\(view.filter.hiddenField)
            <label for="issue">Ganti label ke</label>
            <select id="issue" name="issue" data-key="g"\(disabled)>\(options)<option value="other">di luar cakupan (bukan isu yang diketahui)</option></select>
            <label for="note">Catatan (tidak wajib)</label>
            <input id="note" name="note" maxlength="500"\(disabled)>
            <button type="submit"\(disabled)>Ganti label</button>
            </form>
            <form method="post" action="/tickets/\(ticket.rowID)/release">\(csrfField(viewer))\(view.filter.hiddenField)
            <button type="submit" data-key="l"\(disabled)>Lewati</button>
            </form>
            <form method="post" action="/next">\(csrfField(viewer))\(view.filter.hiddenField)
            <button type="submit" data-key="n">Berikutnya</button>
            </form>
            </section>
            """
        let history = view.history.map { record -> HTML in
            "<li>\(TicketDate.isoString(record.classifiedAt)): \(verdictName(record.verdict, knowledgeBase)) · \(percent(record.confidence)) (model \(record.modelVersion))</li>"
        }.joined()
        let similar = s.similar.map { found -> HTML in
            let f = found.ticket.record
            return """
                <li><a href="/tickets/\(found.ticket.rowID)">#\(f.externalID)</a> · \(TicketDate.dayString(f.createdAt)) · kemiripan \(found.scoreText) · \(found.decision { knowledgeBase.issue($0)?.title })\(found.duplicate ? " · duplikat tiket ini" : "")<br><span class="meta">\(PersonalData.mask(f.subject))</span></li>
                """
        }.joined()
        let repeats: HTML =
            s.duplicateOf.map { first in
                """
                <p class="alert" role="status">Duplikat: pengirim yang sama menulis hal yang sama di <a href="/tickets/\(first.rowID)">tiket #\(first.record.externalID)</a> (\(TicketDate.dayString(first.record.createdAt))). Jawab keduanya dengan label yang sama.</p>
                """
            } ?? ""
        let related: HTML = """
            <section aria-labelledby="serupa-judul" class="similar">
            <h2 id="serupa-judul">Tiket serupa</h2>
            \(repeats)
            \(similar.markup.isEmpty ? "<p>Tidak ada tiket tersimpan yang cukup mirip.</p>" : "<ol>\(similar)</ol>" as HTML)
            </section>
            """
        let labels = view.labels.map { label -> HTML in
            let note: HTML = label.note.map { " · catatan: \($0)" } ?? ""
            return
                "<li>\(TicketDate.isoString(label.labeledAt)): \(label.agent) \(label.doneWords) \(verdictName(label.verdict, knowledgeBase))\(note)</li>"
        }.joined()
        return layout(
            title: "Tiket \(r.externalID)", viewer: viewer,
            body: """
                <h1>Tiket \(r.source) #\(r.externalID)</h1>
                \(state)
                <div class="ticket-grid">
                <article class="ticket" aria-labelledby="subjek">
                <h2 id="subjek">\(r.subject.isEmpty ? "(tanpa subjek)" : r.subject)</h2>
                <p class="meta">Dibuat \(TicketDate.isoString(r.createdAt)) · \(r.requesterRole ?? "-") · \(r.province ?? "-") · \(r.channel ?? "-")\(helpDeskStatus(r))</p>
                <div class="text">\(marked(r.description, evidence: s.evidence))</div>
                </article>
                <section aria-labelledby="saran-judul" class="suggestion">
                <h2 id="saran-judul">Saran</h2>
                \(issue)
                <p>Keyakinan: <strong>\(percent(s.confidence))</strong></p>
                \(s.evidence.isEmpty ? "" : "<p>Bukti: \(s.evidence.map { HTML("<mark>\($0)</mark>") }.joined(separator: ", "))</p>" as HTML)
                \(closest.markup.isEmpty ? "" : "<p>Terdekat:</p><ul>\(closest)</ul>" as HTML)
                \(articles.markup.isEmpty ? "" : "<h3>Artikel</h3><ul>\(articles)</ul>" as HTML)
                <h3><label for="reply">Draf balasan</label></h3>
                <textarea id="reply" rows="10">\(s.reply)</textarea>
                <button type="button" class="copy" data-copy="reply" hidden>Salin balasan</button>
                </section>
                </div>
                \(actions)
                \(related)
                <section aria-labelledby="riwayat-judul">
                <h2 id="riwayat-judul">Riwayat</h2>
                \(history.markup.isEmpty ? "<p>Belum pernah diklasifikasi model tersimpan.</p>" : "<h3>Klasifikasi</h3><ul>\(history)</ul>" as HTML)
                \(labels.markup.isEmpty ? "<p>Belum ada label.</p>" : "<h3>Label</h3><ul>\(labels)</ul>" as HTML)
                </section>
                \(keyHelp)
                """)
    }

    static func verdictName(_ verdict: Verdict, _ knowledgeBase: KnowledgeBase) -> String {
        guard let id = verdict.issueID else { return "di luar cakupan" }
        return knowledgeBase.issue(id)?.title ?? id
    }

    /// The text with the evidence words marked, paragraph by paragraph.
    static func marked(_ text: String, evidence: [String]) -> HTML {
        let wanted = Set(evidence.flatMap { $0.lowercased().split(separator: " ").map(String.init) })
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { paragraph -> HTML in
            var out: HTML = ""
            var word = ""
            func flush() {
                guard !word.isEmpty else { return }
                out += wanted.contains(word.lowercased()) ? "<mark>\(word)</mark>" : "\(word)"
                word = ""
            }
            for character in paragraph {
                if character.isLetter || character.isNumber {
                    word.append(character)
                } else {
                    flush()
                    out += "\(String(character))"
                }
            }
            flush()
            return "<p>\(out)</p>"
        }.joined()
    }

    // MARK: Known issues

    static func issues(_ knowledgeBase: KnowledgeBase, viewer: Viewer, reportURL: String?, message: String? = nil)
        -> HTML
    {
        let alert: HTML = message.map { "<p class=\"alert\" role=\"alert\">\($0)</p>" } ?? ""
        let statuses = IssueStatus.allCases.map { status -> HTML in
            "<option value=\"\(status.rawValue)\">\(status.label)</option>"
        }.joined()
        let sections = knowledgeBase.issues.map { issue -> HTML in
            let history = issue.history.map { change -> HTML in
                "<li>\(change.date): \(change.status.label) — \(change.note)</li>"
            }.joined()
            let form: HTML =
                viewer.agent.role == .lead
                ? """
                <form method="post" action="/issues/\(issue.id)/status" class="status">\(csrfField(viewer))
                <label for="status-\(issue.id)">Status baru</label>
                <select id="status-\(issue.id)" name="status">\(statuses)</select>
                <label for="note-\(issue.id)">Apa yang berubah</label>
                <input id="note-\(issue.id)" name="note" required maxlength="500">
                <button type="submit">Ubah status</button>
                </form>
                """ : ""
            let notify: HTML =
                viewer.agent.role == .lead && issue.status.hasSolution
                ? """
                <form method="post" action="/issues/\(issue.id)/notify">\(csrfField(viewer))
                <button type="submit">Unduh berkas pemberitahuan (CSV)</button>
                <span class="meta">Tiket terbuka yang dikonfirmasi agen atau yakin ≥ 95%, dengan balasannya; tiket di berkas ditandai sudah diberi tahu.</span>
                </form>
                """ : ""
            return """
                <section aria-labelledby="isu-\(issue.id)">
                <h2 id="isu-\(issue.id)">\(issue.title)</h2>
                <p class="meta">\(issue.id) · status: <strong>\(issue.status.label)</strong></p>
                <ul>\(history)</ul>
                \(form)
                \(notify)
                </section>
                """
        }.joined()
        return layout(
            title: "Isu dikenal", viewer: viewer,
            body: """
                <h1>Isu dikenal</h1>
                \(alert)
                \(viewer.agent.role == .lead ? "" : "<p>Hanya lead yang dapat mengubah status isu dan mengunduh berkas pemberitahuan.</p>" as HTML)
                \(reportURL.map { "<p><a href=\"\($0)\">Laporan untuk tim teknis</a></p>" as HTML } ?? "")
                \(sections)
                """)
    }

    // MARK: Messages

    static func message(title: String, text: String, viewer: Viewer?, link: (href: String, text: String)) -> HTML {
        layout(
            title: title, viewer: viewer,
            body: """
                <h1>\(title)</h1>
                <p role="alert">\(text)</p>
                <p><a href="\(link.href)">\(link.text)</a></p>
                """)
    }

    /// The keys, shown by `?` (and readable without JavaScript).
    static let keyHelp: HTML = """
        <details class="keys" id="keys">
        <summary>Pintasan papan ketik</summary>
        <dl>
        <dt>j / k</dt><dd>turun / naik di antrean</dd>
        <dt>Enter</dt><dd>buka tiket</dd>
        <dt>t</dt><dd>terima saran</dd>
        <dt>g</dt><dd>ganti label</dd>
        <dt>l</dt><dd>lewati</dd>
        <dt>n</dt><dd>tiket berikutnya</dd>
        <dt>?</dt><dd>tampilkan pintasan</dd>
        </dl>
        <p><label><input type="checkbox" id="single-keys"> Matikan pintasan satu tombol</label></p>
        </details>
        """
}

import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The open tickets of an issue with the reply to send, as CSV for a help desk's bulk update.",
        discussion: """
            Columns: ticket_id,requester,reply,article_url,issue_id. A ticket's issue is the agent's latest label, else its classification; tickets the help desk closed are left out. Written tickets are marked as notified, so a second run does not notify them twice (--again does). Only an issue whose status has a solution (workaround or solved) can be notified.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The known issue.") var issue: String
    @Option(help: "The CSV file to write (- for standard output).") var out: String
    @Flag(help: "Overwrite --out if it exists.") var force = false
    @Flag(help: "Include tickets notified before.") var again = false

    func run() throws {
        let knowledgeBase = try global.loadKnowledgeBase()
        guard let known = knowledgeBase.issue(issue) else {
            Terminal.message("solusi: isu \"\(issue)\" tidak ada di basis pengetahuan. Lihat `solusi kb list`.")
            throw ExitCode(2)
        }
        guard known.status.hasSolution else {
            Terminal.message(
                "solusi: isu \"\(issue)\" berstatus \"\(known.status.label)\": belum ada solusi untuk dikirim. Ubah statusnya dulu dengan `solusi kb set-status`."
            )
            throw ExitCode(1)
        }
        let store = try global.openStore()
        try store.sync(knowledgeBase)
        let reply = ReplyDrafter(knowledgeBase: knowledgeBase).reply(for: known)
        let articles = knowledgeBase.articles(for: known).map(\.url)
        // The file is in place before any ticket is marked, and the tickets are claimed in one
        // transaction: a failed run marks nothing, and a second run at once lists none of them.
        let writer = try NotificationWriter(sink: ByteSink(path: out, replacing: force))
        let written = try store.notify(
            issue: issue, again: again, file: out,
            each: { try writer.write($0.record, reply: reply, articleURLs: articles, issue: issue) },
            complete: { try writer.finish() })
        Terminal.message(
            written == 0
                ? "Tidak ada tiket terbuka yang perlu diberi tahu tentang \"\(known.title)\"\(again ? "" : " (yang belum diberi tahu)")."
                : "\(written) tiket terbuka ditulis ke \(out) dan ditandai sudah diberi tahu.")
    }
}

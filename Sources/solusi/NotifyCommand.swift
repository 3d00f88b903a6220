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
    @Option(help: "The CSV file to write.") var out: String
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
        // The file is complete before any ticket is marked: a failed run marks nothing. Only the
        // row ids are kept meanwhile, so memory stays small however many tickets there are.
        let writer = try NotificationWriter(sink: ByteSink(path: out))
        var written: [Int64] = []
        try store.forEachTicketToNotify(issue: issue, again: again) { ticket in
            try writer.write(ticket.record, reply: reply, articleURLs: articles, issue: issue)
            written.append(ticket.rowID)
        }
        try writer.finish()
        try store.markNotified(written, issue: issue, file: out)
        Terminal.message(
            written.isEmpty
                ? "Tidak ada tiket terbuka yang perlu diberi tahu tentang \"\(known.title)\"\(again ? "" : " (yang belum diberi tahu)")."
                : "\(written.count) tiket terbuka ditulis ke \(out) dan ditandai sudah diberi tahu.")
    }
}

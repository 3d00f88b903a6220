import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Notify: SolusiCommand {
    static let configuration = CommandConfiguration(
        abstract: "The open tickets of an issue with the reply to send, as CSV for a help desk's bulk update.",
        discussion: """
            Columns: ticket_id,requester,reply,article_url,issue_id. A ticket's issue is the agent's latest label, else its classification; tickets the help desk closed are left out. Written tickets are marked as notified, so a second run does not notify them twice (--again does). Only an issue whose status has a solution (workaround or solved) can be notified.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The known issue.", completion: Completions.issueIDs()) var issue: String
    @Option(help: "The CSV file to write (- for standard output).") var out: String
    @Flag(help: "Overwrite --out if it exists.") var force = false
    @Flag(help: "Include tickets notified before.") var again = false

    func execute() throws {
        let knowledgeBase = try global.workspace.loadKnowledgeBase()
        // Refused before the file is opened: nothing is left behind for an issue that cannot be notified.
        _ = try NotificationService.issueToNotify(issue, in: knowledgeBase)
        let service = NotificationService(knowledgeBase: knowledgeBase, store: try global.workspace.openStore())
        let writer = try NotificationWriter(sink: ByteSink(path: out, replacing: force))
        let result = try service.notify(issue: issue, again: again, file: out, output: writer)
        Terminal.message(
            result.written == 0
                ? "Tidak ada tiket terbuka yang perlu diberi tahu tentang \"\(result.title)\"\(again ? "" : " (yang belum diberi tahu)")."
                : "\(result.written) tiket terbuka ditulis ke \(out) dan ditandai sudah diberi tahu.")
    }
}

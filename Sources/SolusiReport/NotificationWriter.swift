import SolusiKit

/// The CSV `solusi notify` writes for a help desk's bulk update: one row per ticket with the reply
/// to send. Columns: `ticket_id,requester,reply,article_url,issue_id` (several article links are
/// separated by spaces).
public struct NotificationWriter: NotificationOutput {
    /// The CSV header.
    public static let header = "ticket_id,requester,reply,article_url,issue_id"
    private let sink: ByteSink

    /// A writer into `sink` (the header is written at once).
    public init(sink: ByteSink) throws {
        self.sink = sink
        try sink.write(Self.header + "\n")
    }

    /// One ticket's row: who to answer, the reply, the article links, the issue.
    public func write(_ ticket: TicketRecord, reply: String, articleURLs: [String], issue: String) throws {
        let fields = [ticket.externalID, ticket.requester ?? "", reply, articleURLs.joined(separator: " "), issue]
        try sink.write(fields.map(TicketWriter.spreadsheetField).joined(separator: ",") + "\n")
    }

    /// Puts the file in place.
    public func finish() throws { try sink.close() }
}

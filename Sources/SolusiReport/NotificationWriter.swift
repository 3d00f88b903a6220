import SolusiKit

/// The CSV `solusi notify` writes for a help desk's bulk update: one row per ticket with the reply
/// to send. Columns: `ticket_id,requester,reply,article_url,issue_id` (several article links are
/// separated by spaces).
public struct NotificationWriter: NotificationOutput {
    public static let header = "ticket_id,requester,reply,article_url,issue_id"
    private let sink: ByteSink

    public init(sink: ByteSink) throws {
        self.sink = sink
        try sink.write(Self.header + "\n")
    }

    public func write(_ ticket: TicketRecord, reply: String, articleURLs: [String], issue: String) throws {
        let fields = [ticket.externalID, ticket.requester ?? "", reply, articleURLs.joined(separator: " "), issue]
        try sink.write(fields.map(TicketWriter.spreadsheetField).joined(separator: ",") + "\n")
    }

    public func finish() throws { try sink.close() }
}

import IndonesianText
import SolusiKit

/// Tickets with what Solusi knows about them, for the tech team's own analysis: CSV or JSON Lines
/// with the same fields. Subject and description are masked unless `showPersonalData`.
///
/// Fields: id, source, created_at, subject, description, requester_role, province, channel,
/// ticket_status (the help desk's), tags, issue (the classifier's; empty/null for unknown),
/// confidence, label (the agent's latest: an issue id or "other"; empty/null when none),
/// issue_status (of the label's issue, else the classification's).
public struct ExportWriter {
    /// The fields, in order: the CSV header and the JSON keys.
    public static let fields = [
        "id", "source", "created_at", "subject", "description", "requester_role", "province", "channel",
        "ticket_status", "tags", "issue", "confidence", "label", "issue_status",
    ]

    /// CSV or JSON Lines.
    public let format: TicketWriter.Format
    let knowledgeBase: KnowledgeBase
    let showPersonalData: Bool
    private let sink: ByteSink

    /// A writer into `sink` (the CSV header is written at once).
    public init(format: TicketWriter.Format, knowledgeBase: KnowledgeBase, showPersonalData: Bool, sink: ByteSink)
        throws
    {
        self.format = format
        self.knowledgeBase = knowledgeBase
        self.showPersonalData = showPersonalData
        self.sink = sink
        if format == .csv { try sink.write(Self.fields.joined(separator: ",") + "\n") }
    }

    /// One ticket.
    public func write(_ row: TicketFacts) throws {
        let r = row.ticket.record
        let text = { (value: String) in showPersonalData ? value : PersonalData.mask(value) }
        let status = row.verdict?.issueID.flatMap { knowledgeBase.issue($0)?.status.rawValue }
        let values: [String?] = [
            // Every free-text field may hold personal data, not only subject and description.
            r.externalID, r.source, TicketDate.isoString(r.createdAt), text(r.subject), text(r.description),
            r.requesterRole.map(text), r.province.map(text), r.channel.map(text), r.status.map(text),
            text(r.tags.joined(separator: ";")),
            row.classification?.verdict.issueID, row.classification.map { threeDecimals($0.confidence) },
            row.label?.labelText, status,
        ]
        switch format {
        case .csv:
            try sink.write(values.map { TicketWriter.spreadsheetField($0 ?? "") }.joined(separator: ",") + "\n")
        case .jsonl:
            var members: [(key: String, json: String)] = []
            for (field, value) in zip(Self.fields, values) {
                if field == "tags" {
                    members.append((field, "[" + r.tags.map { jsonString(text($0)) }.joined(separator: ",") + "]"))
                } else if field == "confidence" {
                    members.append((field, value ?? "null"))
                } else {
                    members.append((field, value.map(jsonString) ?? "null"))
                }
            }
            try sink.write(jsonObject(members) + "\n")
        }
    }

    /// Puts the file in place.
    public func finish() throws { try sink.close() }
}

import Foundation
import SolusiKit

/// Writes tickets as the plain CSV (the header in DESIGN.md) or as JSON Lines with the same fields.
public struct TicketWriter {
    /// CSV (the plain header) or JSON Lines.
    public enum Format: String, CaseIterable, Sendable { case csv, jsonl }

    /// The plain CSV header of DESIGN.md.
    public static let csvHeader = "id,created_at,subject,description,requester_role,province,channel,status,tags"

    /// The format written.
    public let format: Format
    /// Columns (keys) written after the plain ones, from each ticket's extra columns.
    public let extraColumns: [String]
    private let sink: ByteSink

    /// A writer into `sink` (a CSV header is written at once).
    public init(format: Format, sink: ByteSink, extraColumns: [String] = []) throws {
        self.format = format
        self.sink = sink
        self.extraColumns = extraColumns
        if format == .csv {
            try sink.write(([Self.csvHeader] + extraColumns.map(Self.csvField)).joined(separator: ",") + "\n")
        }
    }

    /// One ticket.
    public func write(_ ticket: TicketRecord) throws {
        let created = TicketDate.isoString(ticket.createdAt)
        switch format {
        case .csv:
            let fields =
                [
                    ticket.externalID, created, ticket.subject, ticket.description, ticket.requesterRole ?? "",
                    ticket.province ?? "", ticket.channel ?? "", ticket.status ?? "",
                    ticket.tags.joined(separator: ";"),
                ] + extraColumns.map { ticket.extra[$0] ?? "" }
            try sink.write(fields.map(Self.csvField).joined(separator: ",") + "\n")
        case .jsonl:
            var line = "{\"id\":\(jsonString(ticket.externalID)),\"created_at\":\"\(created)\""
            line += ",\"subject\":\(jsonString(ticket.subject)),\"description\":\(jsonString(ticket.description))"
            for (key, value) in [
                ("requester_role", ticket.requesterRole), ("province", ticket.province), ("channel", ticket.channel),
                ("status", ticket.status),
            ] + extraColumns.map({ ($0, ticket.extra[$0]) }) {
                if let value { line += ",\(jsonString(key)):\(jsonString(value))" }
            }
            line += ",\"tags\":[" + ticket.tags.map(jsonString).joined(separator: ",") + "]}\n"
            try sink.write(line)
        }
    }

    /// Puts the file in place.
    public func finish() throws { try sink.close() }

    /// A CSV cell for a spreadsheet or a help desk's bulk import: a text a spreadsheet would run
    /// as a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading `'`,
    /// then the cell is quoted as `csvField` does.
    static func spreadsheetField(_ text: String) -> String {
        guard let first = text.utf8.first,
            first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
        else { return csvField(text) }
        return csvField("'" + text)
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }
}

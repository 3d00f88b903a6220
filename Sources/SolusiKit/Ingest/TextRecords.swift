/// One record read for classifying or evaluating: only its text matters.
public struct TextRecord: Sendable {
    /// The record's id, or its line (record number in a JSON document) when it has none.
    public var id: String
    /// Subject and description together; nil when the record could not be read or has no text.
    public var text: String?
    /// A `label` column or key, for evaluation files.
    public var label: String?
    /// Why the record has no text.
    public var error: String?
}

/// Reads the texts of any export format the ingest reads, without needing ids or dates.
public enum TextRecords {
    public static func read(
        file path: String, format: ExportFormat, mapping: FieldMapping = .init(), _ body: (TextRecord) throws -> Void
    ) throws {
        let stream = try ByteStream(path: path)
        var records = try RecordSource.open(stream, format: format, mapping: mapping, textOnly: true)
        while let record = try records.next() {
            switch record {
            case .malformed(let rejected):
                try body(TextRecord(id: fallbackID(rejected.location), text: nil, label: nil, error: rejected.reason))
            case .fields(let location, let fields):
                let id = fields[.id]?.nonEmptyTrimmed ?? fallbackID(location)
                let text = [fields[.subject], fields[.description]].compactMap { $0?.nonEmptyTrimmed }.joined(
                    separator: "\n")
                let label = fields.extra["label"]?.nonEmptyTrimmed
                try body(
                    TextRecord(
                        id: id, text: text.isEmpty ? nil : text, label: label,
                        error: text.isEmpty ? "rekaman tanpa subjek, deskripsi atau text" : nil))
            }
        }
    }

    private static func fallbackID(_ location: RecordLocation) -> String {
        String(location.record ?? location.line)
    }
}

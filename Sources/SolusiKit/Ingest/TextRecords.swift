import Foundation

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
    /// Calls `body` with each record in file order. Parsing runs on a thread of its own, a batch
    /// ahead of `body`.
    public static func read(
        file path: String, format: ExportFormat, mapping: FieldMapping = .init(), _ body: (TextRecord) throws -> Void
    ) throws {
        try readBatches(file: path, format: format, mapping: mapping) { batch in
            for record in batch { try body(record) }
        }
    }

    /// The same, a batch of records (in file order) at a time.
    public static func readBatches(
        file path: String, format: ExportFormat, mapping: FieldMapping = .init(), _ body: ([TextRecord]) throws -> Void
    ) throws {
        let stream = try ByteStream(path: path)
        let reader = TextBatchReader(try RecordSource.open(stream, format: format, mapping: mapping, textOnly: true))
        let queue = HandOff<[TextRecord]>()
        Thread { reader.run(into: queue) }.start()
        defer { queue.cancel() }
        while let batch = try queue.take() { try body(batch) }
    }

    static func record(_ source: SourceRecord) -> TextRecord {
        switch source {
        case .malformed(let rejected):
            return TextRecord(id: fallbackID(rejected.location), text: nil, label: nil, error: rejected.reason)
        case .fields(let location, let fields):
            let id = fields[.id]?.nonEmptyTrimmed ?? fallbackID(location)
            let text = [fields[.subject], fields[.description]].compactMap { $0?.nonEmptyTrimmed }.joined(
                separator: "\n")
            let label = fields.extra["label"]?.nonEmptyTrimmed
            return TextRecord(
                id: id, text: text.isEmpty ? nil : text, label: label,
                error: text.isEmpty ? "rekaman tanpa subjek, deskripsi atau text" : nil)
        }
    }

    private static func fallbackID(_ location: RecordLocation) -> String {
        String(location.record ?? location.line)
    }
}

/// Reads text records in batches on its own thread.
private final class TextBatchReader: @unchecked Sendable {
    // Touched only by the reading thread once it starts.
    private var records: RecordSource

    init(_ records: RecordSource) { self.records = records }

    func run(into queue: HandOff<[TextRecord]>) {
        var batch: [TextRecord] = []
        do {
            while let record = try records.next() {
                batch.append(TextRecords.record(record))
                if batch.count >= 2048 {
                    guard queue.put(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty, !queue.put(batch) { return }
            queue.finish(throwing: nil)
        } catch {
            queue.finish(throwing: error)
        }
    }
}

import Foundation

/// The ticket export formats Solusi reads.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Decide from the file's first bytes.
    case auto
    /// Any CSV export: the plain header, Zendesk's or Freshdesk's, or one mapped with `--map`.
    case csv
    /// One JSON object per line.
    case jsonl
    /// Zendesk: its CSV export, or the JSON of its List Tickets and Incremental Export APIs.
    case zendesk
    /// Freshdesk: its CSV export, or the JSON array of its API.
    case freshdesk
}

/// What happened to one file.
public struct FileIngestResult: Sendable {
    /// The file as given.
    public var file: String
    /// What became of its records.
    public var counts: IngestCounts
    /// The dialect the file was read as (it names the tickets' source).
    public var dialect: ExportDialect
    /// The line from which a CSV file that is not UTF-8 was read as Windows-1252, if it was.
    public var windows1252FromLine: Int?
    /// Records rejected because their dates could be day/month or month/day and none of the
    /// file's dates told which (`--date-order` reads them).
    public var ambiguousDates = 0
}

/// Reads ticket exports and stores them, batch by batch.
///
/// Every record ends up stored, updated, left unchanged or rejected with its place and reason;
/// a reject never stops the good records around it. Fatal problems (the file cannot be opened,
/// its format or required columns cannot be found) are found before anything is written.
struct Ingester {
    var store: any IngestStore
    var format: ExportFormat
    var mapping: FieldMapping
    /// Overrides the source the dialect would give (`pusat-bantuan`, `zendesk`, `freshdesk`).
    var source: String?
    /// How a CSV file's bytes become text.
    var encoding = TextEncoding.auto
    /// Which number of `11/07/2024` is the day; nil: learnt from each file.
    var dateOrder: DateOrder?
    /// Records per transaction: large enough to be fast, small enough that another writer waits
    /// well under a second.
    var batchSize = 20_000
    /// Rejects of one file kept in full (with their raw text) for review; the rest are counted.
    static let keptRejectsPerFile = 1000
    /// Called with each reject kept, as it is found.
    var onReject: (RejectedRecord) -> Void = { _ in }
    /// Called now and then with records read and bytes read so far.
    var onProgress: (_ records: Int, _ bytes: Int) -> Void = { _, _ in }
    /// "Now", for telling dates in the future from plausible ones.
    var clock = Clock.system

    init(
        store: any IngestStore, format: ExportFormat = .auto, mapping: FieldMapping = .init(), source: String? = nil
    ) {
        self.store = store
        self.format = format
        self.mapping = mapping
        self.source = source
    }

    /// Ingests one file.
    ///
    /// Reading runs on a thread of its own while this one writes, so the parsing of one batch
    /// overlaps the database work of the one before it.
    func ingest(file path: String) throws -> FileIngestResult {
        let stream = try ByteStream(path: path)
        let records = try RecordSource.open(stream, format: format, mapping: mapping, encoding: encoding)
        let dialect = records.dialect
        var validation = TicketValidation(source: source ?? dialect.rawValue)
        validation.now = clock.now
        validation.dateOrder = dateOrder
        let reader = BatchReader(
            records: records, validation: validation, batchSize: batchSize,
            stream: stream, origin: stream.identity(), prepare: { [store] in store.prepare(&$0) })
        // Rejects are kept under the file's identity, so another file read under the same path
        // keeps them, and the same file read under another path replaces them. A pipe's are
        // never forgotten: nothing tells its next reading is the same data.
        if let origin = stream.identity() { try store.forgetRejects(ofOrigin: origin) }
        let queue = HandOff<ReadBatch>()
        let thread = Thread { reader.run(into: queue) }
        thread.start()
        defer { queue.cancel() }

        var counts = IngestCounts()
        let elapsed = ContinuousClock()
        var lastProgress: ContinuousClock.Instant?
        var ambiguousDates = 0
        while let read = try queue.take() {
            ambiguousDates = read.ambiguousDatesSoFar
            read.batch.rejects.forEach(onReject)
            counts += try store.store(read.batch)
            if lastProgress.map({ $0.duration(to: elapsed.now) >= .milliseconds(500) }) ?? true {
                lastProgress = elapsed.now
                onProgress(read.recordsSoFar, read.bytesSoFar)
            }
            queue.giveBack(read)
        }
        onProgress(counts.read, stream.bytesFromFile)
        return FileIngestResult(
            file: path, counts: counts, dialect: dialect, windows1252FromLine: records.firstWindows1252Line(),
            ambiguousDates: ambiguousDates)
    }
}

/// A batch as the reading thread hands it over.
struct ReadBatch: Sendable {
    var batch: IngestBatch
    var recordsSoFar: Int
    var bytesSoFar: Int
    /// Records rejected so far because no date of the file told day from month.
    var ambiguousDatesSoFar: Int
}

/// Reads records into batches on its own thread.
private final class BatchReader: @unchecked Sendable {
    // Touched only by the reading thread once it starts.
    private var records: RecordSource
    private var validation: TicketValidation
    private let batchSize: Int
    private let stream: ByteStream
    private let origin: Int64?
    /// The store's own preparation of a batch, done here rather than on the writing thread.
    private let prepare: @Sendable (inout IngestBatch) -> Void

    init(
        records: RecordSource, validation: TicketValidation, batchSize: Int, stream: ByteStream, origin: Int64?,
        prepare: @escaping @Sendable (inout IngestBatch) -> Void
    ) {
        self.prepare = prepare
        self.records = records
        self.validation = validation
        self.batchSize = batchSize
        self.stream = stream
        self.origin = origin
    }

    /// Records held back for a date order before the file is called ambiguous.
    static let waitingLimit = 20_000

    func run(into queue: HandOff<ReadBatch>) {
        var batch = IngestBatch(origin: origin)
        var seen = 0
        var rejected = 0
        func reject(_ record: RejectedRecord) {
            rejected += 1
            if rejected <= Ingester.keptRejectsPerFile {
                batch.rejects.append(record)
            } else {
                batch.rejectsNotKept += 1
                batch.rejectsNotKeptFile = record.location.file
            }
        }
        // Records whose numeric date could be day/month or month/day wait, in order, for the
        // first date of the file that tells.
        var waiting: [(location: RecordLocation, fields: TicketFields, position: Int64, reason: String)] = []
        var ambiguousDates = 0
        func validate(_ fields: TicketFields, at location: RecordLocation, position: Int64) {
            switch validation.ticket(from: fields) {
            case .success(let ticket):
                batch.append(ticket, position: position)
                if !waiting.isEmpty, validation.dateOrder != nil {
                    let ready = waiting
                    waiting = []
                    for record in ready { validate(record.fields, at: record.location, position: record.position) }
                }
            case .failure(let failure) where failure.ambiguousDate:
                waiting.append((location, fields, position, failure.reason))
                if waiting.count > Self.waitingLimit { rejectWaiting() }
            case .failure(let failure):
                reject(RejectedRecord(location: location, reason: failure.reason, raw: fields.rawText))
            }
        }
        /// No date of the file has told day from month: the records waiting are rejected, each
        /// with its reason (which says to give the order).
        func rejectWaiting() {
            for record in waiting {
                reject(RejectedRecord(location: record.location, reason: record.reason, raw: record.fields.rawText))
                ambiguousDates += 1
            }
            waiting = []
        }
        do throws(IngestError) {
            while let record = try records.next() {
                seen += 1
                switch record {
                case .fields(let location, let fields):
                    validate(fields, at: location, position: Int64(seen))
                case .malformed(let record):
                    reject(record)
                }
                if batch.count >= batchSize {
                    prepare(&batch)
                    guard
                        queue.put(
                            ReadBatch(
                                batch: batch, recordsSoFar: seen, bytesSoFar: stream.bytesFromFile,
                                ambiguousDatesSoFar: ambiguousDates))
                    else { return }
                    batch = IngestBatch(origin: origin)
                }
            }
            rejectWaiting()
            if !batch.isEmpty {
                prepare(&batch)
                guard
                    queue.put(
                        ReadBatch(
                            batch: batch, recordsSoFar: seen, bytesSoFar: stream.bytesFromFile,
                            ambiguousDatesSoFar: ambiguousDates))
                else {
                    return
                }
            }
            queue.finish(throwing: nil)
        } catch {
            queue.finish(throwing: error)
        }
    }
}

/// One record of any format, mapped to ticket fields.
enum SourceRecord {
    case fields(RecordLocation, TicketFields)
    case malformed(RejectedRecord)
}

/// The records of one file, whatever its format.
struct RecordSource {
    let dialect: ExportDialect
    private let read: () throws(IngestError) -> SourceRecord?
    /// The line of the first field of a CSV file read as Windows-1252 because it was not UTF-8.
    var firstWindows1252Line: () -> Int? = { nil }

    init(dialect: ExportDialect, read: @escaping () throws(IngestError) -> SourceRecord?) {
        self.dialect = dialect
        self.read = read
    }

    mutating func next() throws(IngestError) -> SourceRecord? { try read() }

    /// - Parameter textOnly: require only a text column (for classifying), not an id and a date.
    static func open(
        _ stream: ByteStream, format: ExportFormat, mapping: FieldMapping, encoding: TextEncoding = .auto,
        textOnly: Bool = false
    ) throws(IngestError) -> RecordSource {
        let shape = try sniff(stream)
        switch (format, shape) {
        case (_, .empty):
            return RecordSource(dialect: format == .freshdesk ? .freshdesk : format == .zendesk ? .zendesk : .plain) {
                nil
            }
        case (.csv, _), (.auto, .csv), (.zendesk, .csv), (.freshdesk, .csv):
            return try csv(stream, format: format, mapping: mapping, encoding: encoding, textOnly: textOnly)
        case (.jsonl, _), (.auto, .jsonLines):
            let reader = try JSONLinesReader(stream: stream)
            let dialect: ExportDialect =
                format == .auto || format == .jsonl ? .plain : format == .zendesk ? .zendesk : .freshdesk
            return json(dialect: dialect, mapping: mapping) { () throws(IngestError) in try reader.next() }
        case (.auto, .jsonDocument(let topLevelArray)), (.zendesk, .jsonDocument(let topLevelArray)),
            (.freshdesk, .jsonDocument(let topLevelArray)):
            let reader = try JSONDocumentReader(stream: stream)
            let dialect: ExportDialect =
                format == .freshdesk || (format == .auto && topLevelArray) ? .freshdesk : .zendesk
            return json(dialect: dialect, mapping: mapping) { () throws(IngestError) in try reader.next() }
        case (.zendesk, .jsonLines), (.freshdesk, .jsonLines):
            let reader = try JSONLinesReader(stream: stream)
            return json(dialect: format == .zendesk ? .zendesk : .freshdesk, mapping: mapping) {
                () throws(IngestError) in
                try reader.next()
            }
        }
    }

    private static func csv(
        _ stream: ByteStream, format: ExportFormat, mapping: FieldMapping, encoding: TextEncoding, textOnly: Bool
    ) throws(IngestError) -> RecordSource {
        let reader = try CSVReader(stream: stream, encoding: encoding)
        guard case .fields(_, let header)? = try reader.next() else {
            throw .unrecognizedFormat(file: stream.path, reason: "baris judul kolom (header) CSV tidak dapat dibaca")
        }
        let dialect: ExportDialect =
            switch format {
            case .zendesk: .zendesk
            case .freshdesk: .freshdesk
            default: csvDialect(header: header)
            }
        let fields = mapping.fields(for: header, dialect: dialect)
        // A --map column the header does not have is a mistake to say, not a field to leave empty.
        for (field, column) in mapping.overrides.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where !header.contains(where: { $0.lowercased() == column.lowercased() }) {
            throw .unknownMappedColumn(file: stream.path, field: field.rawValue, column: column, header: header)
        }
        let missing = FieldMapping.missingRequired(fields, dialect: dialect).filter {
            !textOnly || $0.contains("subject")
        }
        guard missing.isEmpty else { throw .missingColumns(file: stream.path, missing: missing, header: header) }
        let extraNames = Self.extraNames(header)
        var source = RecordSource(dialect: dialect) { () throws(IngestError) in
            guard let row = try reader.next() else { return nil }
            switch row {
            case .malformed(let line, let reason, let raw):
                return .malformed(
                    RejectedRecord(location: RecordLocation(file: stream.path, line: line), reason: reason, raw: raw))
            case .fields(let line, let values):
                let location = RecordLocation(file: stream.path, line: line)
                guard values.count == header.count else {
                    return .malformed(
                        RejectedRecord(
                            location: location,
                            reason: "jumlah kolom \(values.count), seharusnya \(header.count) seperti baris judul",
                            raw: String(values.joined(separator: String(UnicodeScalar(reader.delimiter))).prefix(2000)))
                    )
                }
                var record = TicketFields()
                for (index, value) in values.enumerated() {
                    if let field = fields[index] {
                        record[field] = value
                    } else if !value.isEmpty {
                        record.extra[extraNames[index]] = value
                    }
                }
                return .fields(location, record)
            }
        }
        source.firstWindows1252Line = { reader.firstWindows1252Line }
        return source
    }

    /// Column names for extras; a repeated name gets its position appended so no value is lost.
    private static func extraNames(_ header: [String]) -> [String] {
        var seen = Set<String>()
        return header.enumerated().map { index, name in
            let base = name.isEmpty ? "kolom \(index + 1)" : name
            return seen.insert(base).inserted ? base : "\(base) (\(index + 1))"
        }
    }

    private static func json(
        dialect: ExportDialect, mapping: FieldMapping, next: @escaping () throws(IngestError) -> JSONRow?
    ) -> RecordSource {
        RecordSource(dialect: dialect) { () throws(IngestError) in
            guard let row = try next() else { return nil }
            switch row {
            case .malformed(let location, let reason, let raw):
                return .malformed(RejectedRecord(location: location, reason: reason, raw: raw))
            case .object(let location, let members):
                return .fields(location, ticketFields(from: members, dialect: dialect, mapping: mapping))
            }
        }
    }

    /// Maps a JSON ticket object's keys to fields; the rest are kept as extras.
    static func ticketFields(from members: [String: JSONValue], dialect: ExportDialect, mapping: FieldMapping)
        -> TicketFields
    {
        let keys = members.keys.sorted()
        let fields = mapping.fields(for: keys, dialect: dialect)
        var record = TicketFields()
        for (index, key) in keys.enumerated() {
            let value = members[key]!
            guard let field = fields[index] else {
                if let text = value.text { record.extra[key] = text }
                continue
            }
            switch (field, value) {
            case (.tags, .array(let items)):
                record.tagList = items.compactMap(\.text)
            case (.channel, .object(let via)):
                // Zendesk: "via": {"channel": "web", …}
                record[field] = via["channel"]?.text
                if let text = value.text { record.extra[key] = text }
            case (.id, .bool), (.id, .array), (.id, .object):
                record.problem = "id tiket harus berupa teks atau angka, bukan \(value.json.prefix(40))"
            case (.status, .number) where dialect == .freshdesk:
                record[field] = value.integer.flatMap { freshdeskStatus[$0] } ?? value.text
            case (.channel, .number) where dialect == .freshdesk:
                record[field] = value.integer.flatMap { freshdeskSource[$0] } ?? value.text
            default:
                record[field] = value.text
            }
        }
        return record
    }

    /// Freshdesk's API writes status and source as numbers.
    static let freshdeskStatus: [Int64: String] = [2: "open", 3: "pending", 4: "resolved", 5: "closed"]
    static let freshdeskSource: [Int64: String] = [
        1: "email", 2: "portal", 3: "phone", 7: "chat", 9: "feedback widget", 10: "outbound email",
    ]

    enum Shape: Equatable {
        case empty, csv, jsonLines
        case jsonDocument(topLevelArray: Bool)
    }

    /// Tells CSV, JSON Lines and a JSON document apart by their first bytes: a document starts
    /// with `[` or with an object that does not end on its first line or that holds a ticket list.
    static func sniff(_ stream: ByteStream) throws(IngestError) -> Shape {
        _ = try stream.ensure(64 << 10, from: 0)
        let bytes = UnsafeBufferPointer(start: stream.storage, count: stream.end)
        var i = 0
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw .unrecognizedFormat(file: stream.path, reason: "berkas ini UTF-16; simpan ulang sebagai UTF-8")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[i]) { i += 1 }
        guard i < bytes.count else { return .empty }
        switch bytes[i] {
        case UInt8(ascii: "["): return .jsonDocument(topLevelArray: true)
        case UInt8(ascii: "{"):
            let lineEnd = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count
            let firstLine = UnsafeBufferPointer(rebasing: bytes[i..<lineEnd])
            if let value = try? JSONParser.parse(firstLine) {
                guard case .object(let members) = value else { return .jsonLines }
                let holdsList = members.keys.contains { JSONDocumentReader.listKeys.contains($0.lowercased()) }
                return holdsList ? .jsonDocument(topLevelArray: false) : .jsonLines
            }
            // A broken first line in an otherwise line-by-line file is still JSON Lines: it closes
            // its object on that line, and the next line opens another.
            let lastOnLine = firstLine.last(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D })
            if lineEnd < bytes.count, lastOnLine == UInt8(ascii: "}"),
                bytes[(lineEnd + 1)...].first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "{")
            {
                return .jsonLines
            }
            // A first line longer than what was read, or the only line: a document names its
            // ticket list early; a record of JSON Lines (or one with a .jsonl name) does not.
            let onlyLine = bytes[min(lineEnd + 1, bytes.count)...].allSatisfy { [0x20, 0x09, 0x0D, 0x0A].contains($0) }
            if lineEnd == bytes.count || (onlyLine && stream.isAtEOF) {
                let path = stream.path.lowercased()
                if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") { return .jsonLines }
                let head = String(decoding: firstLine.prefix(4096), as: UTF8.self).lowercased()
                let namesList = JSONDocumentReader.listKeys.contains { key in
                    head.range(of: "\"\(key)\"\\s*:", options: .regularExpression) != nil
                }
                if !namesList { return .jsonLines }
            }
            return .jsonDocument(topLevelArray: false)
        default:
            return .csv
        }
    }
}

extension TicketFields {
    /// The record's values for a reject's raw text.
    var rawText: String {
        let known = TicketField.allCases.compactMap { field in self[field].map { "\(field.rawValue)=\($0)" } }
        return String(known.joined(separator: " | ").prefix(2000))
    }
}

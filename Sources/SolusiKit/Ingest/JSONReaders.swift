import Foundation

/// A JSON value as read by `JSONParser`: numbers keep their literal text, so an id of any length
/// stays exactly as written, and booleans stay apart from numbers and text.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number as written, e.g. `123456789012345678901234567890` or `1.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Plain text for scalars (a number as written), compact JSON for arrays and objects; nil for null.
    var text: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return literal
        case .string(let value): return value
        case .array, .object: return json
        }
    }

    /// A whole number that fits in 64 bits (Freshdesk's status codes).
    var integer: Int64? {
        if case .number(let literal) = self { return Int64(literal) }
        return nil
    }

    var json: String {
        switch self {
        case .null: return "null"
        case .string(let value): return jsonString(value)
        case .array(let values): return "[" + values.map(\.json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { jsonString($0) + ":" + members[$0]!.json }.joined(separator: ",")
                + "}"
        default: return text!
        }
    }
}

/// One JSON record, or the reason it could not be read.
enum JSONRow {
    case object(RecordLocation, [String: JSONValue])
    case malformed(RecordLocation, reason: String, raw: String)
}

/// The largest record read; a longer one is rejected (the same limit as CSV's).
let maxJSONRecordBytes = 32 << 20

/// Decodes one record's bytes; shared by both JSON readers.
func decodeJSONObject(_ bytes: UnsafeBufferPointer<UInt8>, at location: RecordLocation) -> JSONRow {
    let raw = { String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(2000)), as: UTF8.self).replacingNUL() }
    guard bytes.count <= maxJSONRecordBytes else {
        return .malformed(location, reason: "rekaman lebih besar dari \(maxJSONRecordBytes >> 20) MB", raw: raw())
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
        return .malformed(location, reason: "bukan teks UTF-8 yang sah (simpan berkas sebagai UTF-8)", raw: raw())
    }
    if memchr(bytes.baseAddress!, 0, bytes.count) != nil {
        return .malformed(location, reason: "berisi byte NUL", raw: raw())
    }
    do {
        guard case .object(let members) = try JSONParser.parse(bytes) else {
            return .malformed(location, reason: "rekaman JSON harus berupa objek {…}", raw: raw())
        }
        return .object(location, members)
    } catch {
        // Where in the file: the record's first line plus the line breaks before the mistake.
        let line = location.line + bytes.prefix(error.offset).count(where: { $0 == 0x0A })
        if error.reason == JSONParser.nulReason { return .malformed(location, reason: error.reason, raw: raw()) }
        return .malformed(location, reason: "JSON rusak di baris \(line): \(error.reason)", raw: raw())
    }
}

/// JSON Lines: one object per line; blank lines are skipped.
final class JSONLinesReader {
    let stream: ByteStream
    private var position = 0
    private var line = 0

    init(stream: ByteStream) throws(IngestError) {
        self.stream = stream
        position = try stream.ensure(3, from: 0)
        if stream.end >= 3, stream.storage[0] == 0xEF, stream.storage[1] == 0xBB, stream.storage[2] == 0xBF {
            position = 3
        }
    }

    func next() throws(IngestError) -> JSONRow? {
        while true {
            stream.mark = position
            var start = position
            var i = position
            // Find the end of the line, reading on as needed. A line longer than a record may be
            // is let go of as it is read, its first bytes kept for the reject.
            var oversized: String?
            while true {
                if i < stream.end,
                    let found = memchr(stream.storage + i, Int32(UInt8(ascii: "\n")), stream.end - i)
                {
                    i = stream.storage.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    break
                }
                i = stream.end
                if oversized == nil, i - start > maxJSONRecordBytes {
                    let head = UnsafeBufferPointer(start: stream.storage + start, count: 2000)
                    oversized = String(decoding: head, as: UTF8.self).replacingNUL()
                }
                if oversized != nil {
                    stream.mark = i
                    start = i
                }
                guard let shift = try stream.refill() else { break }
                i -= shift
                start -= shift
            }
            if start >= stream.end, oversized == nil { return nil }
            line += 1
            if let oversized {
                position = min(i + 1, stream.end)
                return .malformed(
                    RecordLocation(file: stream.path, line: line),
                    reason: "rekaman lebih besar dari \(maxJSONRecordBytes >> 20) MB", raw: oversized)
            }
            let lineEnd = i
            position = min(i + 1, stream.end)
            var from = start
            var to = lineEnd
            while from < to, Self.isSpace(stream.storage[from]) { from += 1 }
            while to > from, Self.isSpace(stream.storage[to - 1]) { to -= 1 }
            if from == to { continue }
            let bytes = UnsafeBufferPointer(start: stream.storage + from, count: to - from)
            return decodeJSONObject(bytes, at: RecordLocation(file: stream.path, line: line))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

/// A JSON document holding tickets: `{"tickets":[…]}` (Zendesk's list and incremental exports),
/// `{"ticket":{…}}`, or a top-level array `[…]` (Freshdesk's API); also several such documents one
/// after the other (export pages joined into one file).
///
/// The document is never loaded whole: the reader walks the bytes, cuts out one ticket object at
/// a time and decodes only that. Keys beside the ticket list (`next_page`, `count`…) are skipped.
/// Every record is either returned or part of a reject: a structure error after a good record
/// returns that record, then the rest of the file as one reject.
final class JSONDocumentReader {
    let stream: ByteStream
    private var offset = 0
    private var line = 1
    private var record = 0
    /// Where the reader is: between documents, among the keys of a top-level object, or in a
    /// ticket list (a top-level array's, or an object's).
    private enum Place {
        case betweenDocuments, inObject
        case inList(topLevel: Bool)
    }
    private var place = Place.betweenDocuments
    /// Documents begun so far.
    private var documents = 0
    /// `{"ticket":{…}}`: the next value is one ticket, not a list.
    private var single = false
    /// Whether the current document had a ticket list (or ticket) key.
    private var foundList = false
    /// The first bytes of the record just skipped when it was larger than a record may be.
    private var oversized: String?
    /// A reject to return after the record just returned.
    private var pending: JSONRow?
    private var finished = false
    /// Top-level keys whose value is the ticket list (or, for `ticket`, one ticket).
    static let listKeys: Set<String> = ["tickets", "results", "data", "records", "ticket"]

    init(stream: ByteStream) throws(IngestError) {
        self.stream = stream
        if try stream.byte(atOffset: 0) == 0xEF, try stream.byte(atOffset: 1) == 0xBB,
            try stream.byte(atOffset: 2) == 0xBF
        {
            offset = 3
        }
    }

    func next() throws(IngestError) -> JSONRow? {
        if let row = pending {
            pending = nil
            return row
        }
        if finished { return nil }
        guard case .inList(let topLevel) = place else {
            switch try enterTicketList() {
            case .list: return try next()
            case .end:
                finished = true
                return nil
            case .broken(let row):
                finished = true
                return row
            case .reject(let row):
                return row
            }
        }
        try skipSpace()
        guard let byte = try stream.byte(atOffset: offset) else {
            finished = true
            return .malformed(location(), reason: "berkas JSON terpotong: daftar tiket tidak ditutup dengan ]", raw: "")
        }
        if byte == UInt8(ascii: "]") {
            offset += 1
            place = topLevel ? .betweenDocuments : .inObject
            return try next()
        }
        if byte == UInt8(ascii: ",") && record > 0 && !single {
            offset += 1
            try skipSpace()
        }
        record += 1
        let start = offset
        let startLine = line
        stream.release(before: start)
        oversized = nil
        guard try skipValue(keptFrom: start) else {
            finished = true
            return .malformed(
                RecordLocation(file: stream.path, line: startLine, record: record),
                reason: "berkas JSON terpotong di tengah rekaman ini", raw: rawText(from: start))
        }
        let row: JSONRow
        if let raw = oversized {
            row = .malformed(
                RecordLocation(file: stream.path, line: startLine, record: record),
                reason: "rekaman lebih besar dari \(maxJSONRecordBytes >> 20) MB", raw: raw)
        } else {
            let bytes = UnsafeBufferPointer(start: stream.storage + (start - stream.base), count: offset - start)
            row = decodeJSONObject(bytes, at: RecordLocation(file: stream.path, line: startLine, record: record))
        }
        if single {
            single = false
            place = .inObject
            return row
        }
        try skipSpace()
        if let after = try stream.byte(atOffset: offset), after != UInt8(ascii: ","), after != UInt8(ascii: "]") {
            // The record read is kept; what follows cannot be read with certainty.
            finished = true
            let broken = JSONRow.malformed(
                location(),
                reason: "struktur JSON rusak setelah rekaman \(record): diharapkan , atau ]; sisa berkas tidak dibaca",
                raw: rawText(from: offset))
            if case .malformed = row { return broken }
            pending = broken
        }
        return row
    }

    private enum Entry {
        case list
        case end
        case broken(JSONRow)
        /// A reject; reading goes on after it.
        case reject(JSONRow)
    }

    /// Moves to the next ticket list (or single ticket), across the keys of a top-level object
    /// and on into the next document.
    private func enterTicketList() throws(IngestError) -> Entry {
        while true {
            try skipSpace()
            guard let byte = try stream.byte(atOffset: offset) else {
                if case .inObject = place {
                    return .broken(
                        .malformed(location(), reason: "berkas JSON terpotong: objek tidak ditutup dengan }", raw: ""))
                }
                return .end
            }
            if case .betweenDocuments = place {
                guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") else {
                    return .broken(
                        .malformed(
                            location(), reason: "teks lain setelah dokumen JSON ke-\(documents); diharapkan [ atau {",
                            raw: rawText(from: offset)))
                }
                documents += 1
                foundList = false
                offset += 1
                place = byte == UInt8(ascii: "[") ? .inList(topLevel: true) : .inObject
                if byte == UInt8(ascii: "[") { return .list }
                continue
            }
            // Among the keys of a top-level object.
            if byte == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if byte == UInt8(ascii: "}") {
                offset += 1
                place = .betweenDocuments
                if !foundList {
                    return .broken(
                        .malformed(
                            location(),
                            reason: "dokumen JSON ke-\(documents) tidak berisi daftar tiket (kunci tickets, results, "
                                + "data, records atau ticket)", raw: ""))
                }
                continue
            }
            guard byte == UInt8(ascii: "\"") else {
                let reason = "baris \(line): diharapkan nama kunci JSON"
                if documents == 1 && record == 0 { throw .unrecognizedFormat(file: stream.path, reason: reason) }
                return .broken(.malformed(location(), reason: reason, raw: rawText(from: offset)))
            }
            let keyStart = offset
            guard try skipValue() else { return .end }
            let key = String(
                decoding: UnsafeBufferPointer(
                    start: stream.storage + (keyStart + 1 - stream.base), count: offset - keyStart - 2),
                as: UTF8.self)
            try skipSpace()
            guard try stream.byte(atOffset: offset) == UInt8(ascii: ":") else {
                let reason = "baris \(line): diharapkan : setelah \"\(key)\""
                if documents == 1 && record == 0 { throw .unrecognizedFormat(file: stream.path, reason: reason) }
                return .broken(.malformed(location(), reason: reason, raw: rawText(from: offset)))
            }
            offset += 1
            try skipSpace()
            let valueStart = try stream.byte(atOffset: offset)
            if Self.listKeys.contains(key.lowercased()) {
                foundList = true
                if valueStart == UInt8(ascii: "[") {
                    offset += 1
                    place = .inList(topLevel: false)
                    return .list
                }
                if valueStart == UInt8(ascii: "{") {
                    place = .inList(topLevel: false)
                    single = true
                    return .list
                }
                // null, a number, a text or nothing at all where the tickets should be: said, not
                // read as "no tickets".
                let valueOffset = offset
                let valueLine = line
                stream.release(before: keyStart)
                guard try skipValue(), offset > valueOffset else {
                    return .broken(
                        .malformed(
                            location(), reason: "kunci \"\(key)\" tidak berisi nilai; diharapkan daftar tiket […]",
                            raw: rawText(from: keyStart)))
                }
                let value = rawText(from: valueOffset).prefix(min(offset - valueOffset, 40))
                return .reject(
                    .malformed(
                        RecordLocation(file: stream.path, line: valueLine),
                        reason: "kunci \"\(key)\" berisi \(value), bukan daftar tiket […]", raw: rawText(from: keyStart)
                    ))
            }
            stream.release(before: offset)
            guard try skipValue() else { return .end }
        }
    }

    private func location() -> RecordLocation {
        RecordLocation(file: stream.path, line: line, record: record + 1)
    }

    private func rawText(from start: Int) -> String {
        let available = max(0, min(stream.end - (start - stream.base), 2000))
        return String(
            decoding: UnsafeBufferPointer(start: stream.storage + (start - stream.base), count: available),
            as: UTF8.self
        )
        .replacingNUL()
    }

    private func skipSpace() throws(IngestError) {
        while let byte = try stream.byte(atOffset: offset) {
            if byte == 0x0A {
                line += 1
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                return
            }
            offset += 1
        }
    }

    /// Moves past one JSON value by counting brackets outside strings; false at a premature end.
    /// Moves past one value. A value that grows past the record limit from `keptFrom` (a record
    /// being cut out) is let go of as it is read, its first bytes kept in `oversized`: memory stays
    /// bounded however large the value.
    private func skipValue(keptFrom start: Int? = nil) throws(IngestError) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        while let byte = try stream.byte(atOffset: offset) {
            if let start, offset - start > maxJSONRecordBytes {
                if oversized == nil { oversized = rawText(from: start) }
                stream.release(before: offset)
            }
            offset += 1
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return true }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return true }
                if depth < 0 {
                    offset -= 1
                    return true
                }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 {
                    offset -= 1
                    if byte == 0x0A { line -= 1 }
                    return true
                }
            default: break
            }
        }
        return depth == 0 && !inString
    }
}

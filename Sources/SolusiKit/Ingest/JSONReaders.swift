import Foundation

/// A JSON value as decoded, keeping integers apart from other numbers and booleans apart from both.
enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Plain text for scalars, compact JSON for arrays and objects; nil for null.
    var text: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): return value
        case .array, .object: return json
        }
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

/// Decodes one record's bytes; shared by both JSON readers.
func decodeJSONObject(_ bytes: UnsafeBufferPointer<UInt8>, at location: RecordLocation) -> JSONRow {
    let raw = { String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(2000)), as: UTF8.self).replacingNUL() }
    guard String(validating: bytes, as: UTF8.self) != nil else {
        return .malformed(location, reason: "bukan teks UTF-8 yang sah (simpan berkas sebagai UTF-8)", raw: raw())
    }
    if memchr(bytes.baseAddress!, 0, bytes.count) != nil {
        return .malformed(location, reason: "berisi byte NUL", raw: raw())
    }
    do {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        guard case .object(let members) = value else {
            return .malformed(location, reason: "rekaman JSON harus berupa objek {…}", raw: raw())
        }
        return .object(location, members)
    } catch {
        return .malformed(location, reason: "JSON rusak: \(describe(error))", raw: raw())
    }
}

private func describe(_ error: any Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
        if let underlying = context.underlyingError as NSError?,
            let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        {
            return detail
        }
        return context.debugDescription
    }
    return String(describing: error)
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
            // Find the end of the line, reading on as needed.
            while true {
                if i < stream.end,
                    let found = memchr(stream.storage + i, Int32(UInt8(ascii: "\n")), stream.end - i)
                {
                    i = stream.storage.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    break
                }
                i = stream.end
                guard let shift = try stream.refill() else { break }
                i -= shift
                start -= shift
            }
            if start >= stream.end { return nil }
            line += 1
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
/// `{"ticket":{…}}`, or a top-level array `[…]` (Freshdesk's API).
///
/// The document is never loaded whole: the reader walks the bytes, cuts out one ticket object at
/// a time and decodes only that. Keys beside the ticket list (`next_page`, `count`…) are skipped.
final class JSONDocumentReader {
    let stream: ByteStream
    private var offset = 0
    private var line = 1
    private var record = 0
    private var inArray = false
    /// `{"ticket":{…}}`: one ticket, no list.
    private var single = false
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
        if finished { return nil }
        if !inArray {
            guard try enterTicketList() else {
                finished = true
                return nil
            }
        }
        try skipSpace()
        guard let byte = try stream.byte(atOffset: offset) else {
            finished = true
            return .malformed(location(), reason: "berkas JSON terpotong: daftar tiket tidak ditutup dengan ]", raw: "")
        }
        if byte == UInt8(ascii: "]") {
            offset += 1
            inArray = false
            return try next()
        }
        if byte == UInt8(ascii: ",") && record > 0 {
            offset += 1
            try skipSpace()
        }
        record += 1
        let start = offset
        let startLine = line
        stream.release(before: start)
        guard try skipValue() else {
            finished = true
            return .malformed(
                RecordLocation(file: stream.path, line: startLine, record: record),
                reason: "berkas JSON terpotong di tengah rekaman ini", raw: rawText(from: start))
        }
        let bytes = UnsafeBufferPointer(start: stream.storage + (start - stream.base), count: offset - start)
        let row = decodeJSONObject(bytes, at: RecordLocation(file: stream.path, line: startLine, record: record))
        if single {
            finished = true
            return row
        }
        try skipSpace()
        if let after = try stream.byte(atOffset: offset), after != UInt8(ascii: ","), after != UInt8(ascii: "]") {
            finished = true
            if case .malformed = row { return row }
            return .malformed(
                location(), reason: "struktur JSON rusak setelah rekaman \(record): diharapkan , atau ]",
                raw: rawText(from: offset))
        }
        return row
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

    /// Moves to the first element of the ticket list; false when the document has none left.
    private func enterTicketList() throws(IngestError) -> Bool {
        try skipSpace()
        guard let first = try stream.byte(atOffset: offset) else { return false }
        if offset <= 3 && first == UInt8(ascii: "[") {
            offset += 1
            inArray = true
            return true
        }
        // Inside the top-level object: look for a ticket-list key.
        if first == UInt8(ascii: "{") && offset <= 3 {
            offset += 1
        }
        while true {
            try skipSpace()
            guard let byte = try stream.byte(atOffset: offset) else { return false }
            if byte == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if byte == UInt8(ascii: "}") { return false }
            guard byte == UInt8(ascii: "\"") else {
                throw .unrecognizedFormat(file: stream.path, reason: "baris \(line): diharapkan nama kunci JSON")
            }
            let keyStart = offset
            guard try skipValue() else { return false }
            let key = String(
                decoding: UnsafeBufferPointer(
                    start: stream.storage + (keyStart + 1 - stream.base), count: offset - keyStart - 2),
                as: UTF8.self)
            try skipSpace()
            guard try stream.byte(atOffset: offset) == UInt8(ascii: ":") else {
                throw .unrecognizedFormat(file: stream.path, reason: "baris \(line): diharapkan : setelah \"\(key)\"")
            }
            offset += 1
            try skipSpace()
            let valueStart = try stream.byte(atOffset: offset)
            if Self.listKeys.contains(key.lowercased()) {
                if valueStart == UInt8(ascii: "[") {
                    offset += 1
                    inArray = true
                    return true
                }
                if valueStart == UInt8(ascii: "{") {
                    inArray = true
                    single = true
                    return true
                }
            }
            stream.release(before: offset)
            guard try skipValue() else { return false }
        }
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
    private func skipValue() throws(IngestError) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        while let byte = try stream.byte(atOffset: offset) {
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

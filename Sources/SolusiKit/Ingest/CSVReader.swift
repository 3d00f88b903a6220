import Foundation

/// One physical record of a CSV file, or the reason it could not be read.
enum CSVRow {
    case fields(line: Int, [String])
    case malformed(line: Int, reason: String, raw: String)
}

/// A streaming RFC 4180 reader over bytes.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; LF, CRLF and a UTF-8
/// byte-order mark are accepted, and so is a file whose lines end in CR alone (classic Mac OS,
/// Excel's "CSV (Macintosh)"), told from its first line break. A quote inside an unquoted field is kept as text, as
/// spreadsheet exports write it. When a record is broken (an unterminated quote, text after a
/// closing quote, a record over `maxRecordBytes`), only its first line is rejected and reading
/// resumes on the next line, so a stray quote cannot swallow the good records after it.
final class CSVReader {
    let stream: ByteStream
    let delimiter: UInt8
    /// The byte that ends a line: LF (with or without a CR before it), or CR in a classic Mac file.
    let lineEnd: UInt8
    /// The line the next record starts on.
    private(set) var line = 1
    private var position = 0
    /// The last record's field spans, kept for the next record's (one array per record, grown
    /// field by field, was five allocations a record).
    private var spanBuffer: [Span] = []
    /// Largest record accepted; a bigger one is rejected rather than held in memory.
    let maxRecordBytes: Int
    /// How the bytes of a field become text.
    let encoding: TextEncoding
    /// The line of the first field read as Windows-1252 because it was not UTF-8 (`.auto`).
    private(set) var firstWindows1252Line: Int?

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(stream: ByteStream, maxRecordBytes: Int = 32 << 20, encoding: TextEncoding = .auto) throws(IngestError) {
        self.stream = stream
        self.maxRecordBytes = maxRecordBytes
        self.encoding = encoding
        position = try stream.ensure(4096, from: 0)
        if stream.end >= 3, stream.storage[0] == 0xEF, stream.storage[1] == 0xBB, stream.storage[2] == 0xBF {
            position = 3
        }
        lineEnd = Self.guessLineEnd(stream.storage + position, count: stream.end - position)
        delimiter = Self.guessDelimiter(stream.storage + position, count: stream.end - position, lineEnd: lineEnd)
    }

    /// CR when the first line break outside quotes is a CR not followed by LF; else LF.
    static func guessLineEnd(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> UInt8 {
        var inQuotes = false
        for i in 0..<count {
            let byte = bytes[i]
            if byte == quote { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == newline { return newline }
            if byte == carriageReturn { return i + 1 < count && bytes[i + 1] != newline ? carriageReturn : newline }
        }
        return newline
    }

    /// The delimiter that occurs most often outside quotes on the first line: `,`, `;` or tab.
    /// Spreadsheets set to Indonesian write `;`, because `,` is their decimal mark.
    static func guessDelimiter(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, lineEnd: UInt8 = newline) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var counts = [0, 0, 0]
        var inQuotes = false
        for i in 0..<count {
            let byte = bytes[i]
            if byte == quote { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == lineEnd { break }
            if let k = candidates.firstIndex(of: byte) { counts[k] += 1 }
        }
        // Comma unless another candidate is strictly more frequent.
        var best = 0
        for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    private struct Span {
        var start: Int
        var end: Int
        var hasDoubledQuotes: Bool
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, closedThenCR }

    /// The next record; nil at end of file. Blank lines are skipped.
    func next() throws(IngestError) -> CSVRow? {
        while true {
            guard let row = try readRecord() else { return nil }
            if case .fields(_, let fields) = row, fields.count == 1, fields[0].isEmpty { continue }
            return row
        }
    }

    private func readRecord() throws(IngestError) -> CSVRow? {
        position = try stream.ensure(1, from: position)
        if position >= stream.end { return nil }
        var start = position
        stream.mark = start
        let startLine = line
        // Taken, not copied, so appending does not copy it; given back however this returns.
        var spans = spanBuffer
        spanBuffer = []
        spans.removeAll(keepingCapacity: true)
        defer { spanBuffer = spans }
        var state = State.fieldStart
        var fieldStart = 0
        var doubled = false
        var newlines = 0
        /// Lines ended by a lone CR after a closing quote, in a file whose lines end in LF.
        var lineEnds = 0
        var i = position
        let delimiter = self.delimiter
        let lineEnd = self.lineEnd

        func fail(_ reason: String) throws(IngestError) -> CSVRow {
            let raw = try firstLine(from: start)
            return .malformed(line: startLine, reason: reason, raw: raw)
        }

        scan: while true {
            if i >= stream.end {
                if i - start > maxRecordBytes {
                    return try fail("rekaman lebih besar dari \(maxRecordBytes >> 20) MB (tanda kutip tidak tertutup?)")
                }
                if let shift = try stream.refill() {
                    i -= shift
                    start -= shift
                    continue
                }
                if i >= stream.end {
                    // End of file ends the record, except inside quotes.
                    switch state {
                    case .fieldStart:
                        spans.append(Span(start: i - start, end: i - start, hasDoubledQuotes: false))
                    case .unquoted:
                        spans.append(Span(start: fieldStart, end: i - start, hasDoubledQuotes: false))
                    case .quoteInQuoted:
                        spans.append(Span(start: fieldStart, end: i - start - 1, hasDoubledQuotes: doubled))
                    case .closedThenCR:
                        spans.append(Span(start: fieldStart, end: i - start - 2, hasDoubledQuotes: doubled))
                    case .quoted:
                        return try fail("tanda kutip tidak tertutup sampai akhir berkas")
                    }
                    break scan
                }
            }
            let storage = stream.storage
            let end = stream.end
            switch state {
            case .fieldStart:
                let byte = storage[i]
                if byte == Self.quote {
                    state = .quoted
                    fieldStart = i + 1 - start
                    doubled = false
                    i += 1
                } else if byte == delimiter {
                    spans.append(Span(start: i - start, end: i - start, hasDoubledQuotes: false))
                    i += 1
                } else if byte == lineEnd {
                    spans.append(Span(start: i - start, end: i - start, hasDoubledQuotes: false))
                    i += 1
                    break scan
                } else {
                    state = .unquoted
                    fieldStart = i - start
                }
            case .unquoted:
                while i < end {
                    let byte = storage[i]
                    if byte == delimiter || byte == lineEnd { break }
                    i += 1
                }
                if i >= end { continue scan }
                let isNewline = storage[i] == lineEnd
                var fieldEnd = i
                if isNewline, fieldEnd > start + fieldStart, storage[fieldEnd - 1] == Self.carriageReturn {
                    fieldEnd -= 1
                }
                spans.append(Span(start: fieldStart, end: fieldEnd - start, hasDoubledQuotes: false))
                i += 1
                if isNewline { break scan }
                state = .fieldStart
            case .quoted:
                while i < end {
                    let byte = storage[i]
                    if byte == Self.quote { break }
                    if byte == lineEnd { newlines += 1 }
                    i += 1
                }
                if i >= end { continue scan }
                state = .quoteInQuoted
                i += 1
            case .quoteInQuoted:
                let byte = storage[i]
                if byte == Self.quote {
                    doubled = true
                    state = .quoted
                    i += 1
                } else if byte == delimiter || byte == lineEnd {
                    spans.append(Span(start: fieldStart, end: i - 1 - start, hasDoubledQuotes: doubled))
                    i += 1
                    if byte == lineEnd { break scan }
                    state = .fieldStart
                } else if byte == Self.carriageReturn {
                    state = .closedThenCR
                    i += 1
                } else {
                    return try fail("ada teks setelah tanda kutip penutup pada kolom \(spans.count + 1)")
                }
            case .closedThenCR:
                spans.append(Span(start: fieldStart, end: i - 2 - start, hasDoubledQuotes: doubled))
                // CR LF ends the record; so does a CR alone (a line ending of another system):
                // the text after it is the next record, not part of this one.
                if storage[i] == lineEnd {
                    i += 1
                } else {
                    lineEnds += 1
                }
                break scan
            }
        }
        let endsWithNewline = i > start && stream.storage[i - 1] == lineEnd
        line += newlines + (endsWithNewline ? 1 : 0)
        position = i
        // The whole record may have arrived in one read: the limit holds however it came.
        if i - start > maxRecordBytes {
            return .malformed(
                line: startLine, reason: "rekaman lebih besar dari \(maxRecordBytes >> 20) MB",
                raw: String(decoding: UnsafeBufferPointer(start: stream.storage + start, count: 2000), as: UTF8.self)
                    .replacingNUL())
        }
        return decode(spans, recordStart: start, line: startLine)
    }

    /// Turns byte spans into strings, rejecting invalid UTF-8 and NUL bytes.
    private func decode(_ spans: [Span], recordStart: Int, line: Int) -> CSVRow {
        var fields: [String] = []
        fields.reserveCapacity(spans.count)
        let base = stream.storage + recordStart
        for (index, span) in spans.enumerated() {
            let bytes = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
            if !bytes.isEmpty, memchr(bytes.baseAddress!, 0, bytes.count) != nil {
                return .malformed(
                    line: line, reason: "kolom \(index + 1) berisi byte NUL", raw: rawText(spans, base: base))
            }
            var text: String?
            if span.hasDoubledQuotes {
                var unescaped: [UInt8] = []
                unescaped.reserveCapacity(bytes.count)
                var k = 0
                while k < bytes.count {
                    unescaped.append(bytes[k])
                    k += (bytes[k] == Self.quote && k + 1 < bytes.count && bytes[k + 1] == Self.quote) ? 2 : 1
                }
                text = unescaped.withUnsafeBufferPointer(decodeText)
            } else {
                text = decodeText(bytes)
            }
            if text == nil, encoding == .auto,
                let windows = TextEncoding.windows1252(bytes, unescapingQuotes: span.hasDoubledQuotes)
            {
                // Not UTF-8 but valid Windows-1252 ("ANSI", Excel's CSV on Windows): read as such.
                text = windows
                if firstWindows1252Line == nil { firstWindows1252Line = line }
            }
            guard let text else {
                let expected =
                    switch encoding {
                    case .auto: "UTF-8 atau Windows-1252"
                    case .utf8: "UTF-8"
                    case .windows1252: "Windows-1252"
                    }
                return .malformed(
                    line: line,
                    reason: "kolom \(index + 1) bukan teks \(expected) yang sah (simpan berkas sebagai UTF-8)",
                    raw: rawText(spans, base: base))
            }
            fields.append(text)
        }
        return .fields(line: line, fields)
    }

    private func decodeText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if encoding == .windows1252 { return TextEncoding.windows1252(bytes, unescapingQuotes: false) }
        // Most fields are ASCII, valid UTF-8 as they are. `String(validating:as:)` is generic
        // over the encoding and looks up type metadata at run time: called for every field, it
        // took 6 % of `classify --input`'s time (perf).
        return Self.isASCII(bytes) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var high: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            high |= UInt64(bytes[offset])
            offset += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    private func rawText(_ spans: [Span], base: UnsafeMutablePointer<UInt8>) -> String {
        let length = min(spans.last.map(\.end) ?? 0, 2000)
        return String(decoding: UnsafeBufferPointer(start: base, count: max(length, 0)), as: UTF8.self)
            .replacingNUL()
    }

    /// Rejects just the first line of a broken record: reading resumes on the line after it.
    private func firstLine(from start: Int) throws(IngestError) -> String {
        var start = start
        var i = start
        var raw: [UInt8] = []
        while true {
            if i >= stream.end {
                stream.mark = i
                guard let shift = try stream.refill() else { break }
                i -= shift
                start -= shift
                if i >= stream.end { break }
            }
            let byte = stream.storage[i]
            i += 1
            if byte == lineEnd { break }
            if raw.count < 2000 { raw.append(byte) }
        }
        line += 1
        position = i
        stream.mark = i
        if raw.last == Self.carriageReturn { raw.removeLast() }
        return String(decoding: raw, as: UTF8.self).replacingNUL()
    }
}

extension String {
    /// The text with NUL characters shown as U+2400, so a stored or printed copy stays readable.
    func replacingNUL() -> String {
        contains("\0") ? replacingOccurrences(of: "\0", with: "\u{2400}") : self
    }
}

/// How a CSV file's bytes become text.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8; a field that is not UTF-8 but is valid Windows-1252 is read as Windows-1252.
    case auto
    case utf8 = "utf-8"
    /// Windows' "ANSI" code page for Western languages, Excel's CSV on Windows.
    case windows1252 = "windows-1252"

    /// What Windows-1252 puts at 0x80–0x9F (0: a byte it leaves undefined); 0xA0–0xFF are
    /// Latin-1, the same numbers in Unicode.
    private static let high: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// The bytes read as Windows-1252; nil when one is a byte it leaves undefined.
    static func windows1252(_ bytes: some Collection<UInt8>, unescapingQuotes: Bool) -> String? {
        var scalars = String.UnicodeScalarView()
        var previousWasQuote = false
        for byte in bytes {
            if unescapingQuotes, byte == UInt8(ascii: "\""), previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = byte == UInt8(ascii: "\"")
            if byte < 0x80 || byte >= 0xA0 {
                scalars.append(Unicode.Scalar(byte))
            } else {
                let value = high[Int(byte) - 0x80]
                guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

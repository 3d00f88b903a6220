/// A strict JSON parser (RFC 8259) for one record's bytes, written for ticket exports: numbers
/// keep their literal text (an id of 30 digits stays those 30 digits), nesting is bounded, and a
/// mistake is described with where it is.
struct JSONParser {
    /// Deeper nesting than this is refused rather than risking the stack.
    static let maximumDepth = 200
    /// Why a record with a `\u0000` escape is rejected.
    static let nulReason = "berisi karakter NUL (\\u0000); rekaman dengan NUL tidak disimpan"

    struct Failure: Error {
        /// Byte offset in the parsed bytes.
        var offset: Int
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The one value the bytes hold (white space around it allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.failure("ada teks lain setelah nilai JSON") }
        return value
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: at, reason: reason) }

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D {
            at += 1
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("bersarang lebih dari \(Self.maximumDepth) tingkat") }
        guard at < bytes.count else { throw failure("JSON berakhir sebelum nilainya lengkap") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("karakter tak terduga \(describe(bytes[at]))")
        }
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "\"\(Character(Unicode.Scalar(byte)))\"" : "(byte \(byte))"
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count,
            UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[at..<(at + count)])
        else { throw failure("nilai tidak dikenal; yang sah: teks, angka, true, false, null, objek, daftar") }
        at += count
        return value
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        at += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
                throw failure("diharapkan nama kunci dalam tanda kutip")
            }
            let key = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else {
                throw failure("diharapkan : setelah \"\(key)\"")
            }
            at += 1
            skipSpace()
            let value = try value(depth: depth + 1)
            if members.updateValue(value, forKey: key) != nil { throw failure("kunci \"\(key)\" muncul dua kali") }
            skipSpace()
            guard at < bytes.count else { throw failure("objek tidak ditutup dengan }") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
            } else if bytes[at] == UInt8(ascii: "}") {
                at += 1
                return .object(members)
            } else {
                throw failure("diharapkan , atau } setelah nilai \"\(key)\"")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        at += 1
        var items: [JSONValue] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard at < bytes.count else { throw failure("daftar tidak ditutup dengan ]") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
            } else if bytes[at] == UInt8(ascii: "]") {
                at += 1
                return .array(items)
            } else {
                throw failure("diharapkan , atau ] di dalam daftar")
            }
        }
    }

    /// A number's literal text, checked against JSON's grammar.
    private mutating func number() throws(Failure) -> String {
        let start = at
        func digits() -> Int {
            let from = at
            while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
            return at - from
        }
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        let leadingZero = at < bytes.count && bytes[at] == UInt8(ascii: "0")
        let integer = digits()
        guard integer > 0 else { throw failure("angka tidak sah") }
        if leadingZero, integer > 1 { throw Failure(offset: start, reason: "angka tidak boleh diawali 0") }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { throw failure("angka tidak sah: tidak ada digit setelah titik") }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw failure("angka tidak sah: eksponen tanpa digit") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        at += 1
        var out: [UInt8] = []
        while true {
            guard at < bytes.count else { throw failure("teks tidak ditutup dengan tanda kutip") }
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                break
            }
            if byte < 0x20 {
                throw failure("karakter kendali \(describe(byte)) di dalam teks harus ditulis sebagai \\u")
            }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                at += 1
                continue
            }
            at += 1
            guard at < bytes.count else { throw failure("teks berakhir setelah \\") }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by a low one.
                    if at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                        at += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("pasangan surrogate \\u tidak sah") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw failure("surrogate \\u tanpa pasangan")
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("surrogate \\u tanpa pasangan")
                } else if scalar == 0 {
                    // The rule for NUL in every format: the record is rejected (and kept for
                    // review), as a CSV field with a NUL byte is. Stored, it would be cut short
                    // wherever text crosses into C.
                    throw Failure(offset: at - 6, reason: Self.nulReason)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: throw failure("escape \\\(Character(Unicode.Scalar(escape))) tidak dikenal")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw failure("teks bukan UTF-8 yang sah")
        }
        return text
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard at + 4 <= bytes.count else { throw failure("\\u harus diikuti 4 digit heksadesimal") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("\\u harus diikuti 4 digit heksadesimal")
            }
            value = value * 16 + digit
            at += 1
        }
        return value
    }
}

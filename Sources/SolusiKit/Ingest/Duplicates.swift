import Foundation
import IndonesianText

/// The same teacher writing the same request again — by the web form, then by e-mail or chat,
/// when no answer came — is a duplicate of their first ticket. The rule, in one place:
///
/// - **The same requester**: the help desk's requester (an e-mail address, or an id within its
///   help desk); where the export has none, the first contact written in the text (an e-mail
///   address, an identity number, a phone number). Without either, a ticket is never a duplicate:
///   two teachers with the same problem are two requests.
/// - **Within 14 days** after the first ticket.
/// - **Nearly the same words**: the requests' telling words (`tellingWords`: no greetings,
///   politeness, forwarded-mail headers or channel footers) overlap by at least
///   `minimumOverlap` (Jaccard), estimated from MinHash sketches stored with the tickets (made
///   on the reading thread, beside the requester's key), so ingest compares a ticket with the
///   few tickets of its requester around it (through an index), never with every earlier ticket.
///
/// A duplicate points at the first ticket of its request (never at another duplicate).
public enum Duplicates {
    /// How long after a first ticket a repeat counts as the same request.
    public static let window: Int64 = 14 * 24 * 3600
    /// The share of telling words two tickets must have in common (estimated).
    public static let minimumOverlap = 0.5
    /// A new ticket is compared with at most this many of its requester's tickets just before it:
    /// a shared address (a school's, an operator's) with hundreds of tickets a fortnight costs no more.
    public static let neighbours = 20
    /// Hashes in a sketch (`Sketch` holds them as one vector): the overlap is estimated within
    /// about ±0.09 (at 0.5). Measured by `Scripts/bench-similar` (20,000 tickets, an earlier,
    /// stemmed form of the words): 16 hashes marked 20 pairs wrong, 32 marked 4.
    public static let sketchSize = 32

    /// Who asked, as a key: the requester column when the export has one (an e-mail address
    /// alike across help desks, any other value within its help desk), else the first contact in
    /// the text; nil when neither.
    public static func requesterKey(of ticket: TicketRecord) -> Int64? {
        var hasher = StableHasher()
        if let requester = ticket.requester?.lowercased() {
            if !requester.contains("@") { hasher.combine(ticket.source) }
            hasher.combine(requester)
            return hasher.value
        }
        // The body's own contact first: a forwarded mail's header names the address it came
        // from, where the first message through the web form gave a phone number.
        var body: [UInt8] = []
        body.reserveCapacity(ticket.subject.utf8.count + ticket.description.utf8.count + 1)
        forEachBodyLine(of: ticket, withoutFooters: false) {
            body.append(contentsOf: $0)
            body.append(0x0A)
        }
        guard
            let contact = contact(in: body)
                ?? (ticket.description.utf8.contains(0x0A)
                    ? contact(in: ticket.subject + "\n" + ticket.description) : nil)
        else { return nil }
        hasher.combine(contact)
        return hasher.value
    }

    /// The first e-mail address in a text, else the first identity number (16 or 18 digits: NIK,
    /// NUPTK, NIP), else the first mobile number (as 62…), normalised; nil when there is none.
    /// One pass over the bytes: ingest reads a million tickets through here.
    static func contact(in text: String) -> String? { contact(in: Array(text.utf8)) }

    static func contact(in bytes: [UInt8]) -> String? {
        if let email = email(in: bytes) { return email }
        return number(in: bytes)
    }

    /// The first `name@domain.tld` (ASCII letters, digits and `._%+-` before the @, a dotted
    /// domain after it), lowercased.
    private static func email(in bytes: [UInt8]) -> String? {
        func isLocal(_ b: UInt8) -> Bool {
            isAlphanumeric(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
        }
        func isDomain(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 0x2D || b == 0x2E }
        var at = 0
        while at < bytes.count {
            defer { at += 1 }
            guard bytes[at] == 0x40 else { continue }
            var start = at
            while start > 0 && isLocal(bytes[start - 1]) { start -= 1 }
            var end = at + 1
            while end < bytes.count && isDomain(bytes[end]) { end += 1 }
            // A sentence's full stop is not part of the domain.
            while end > at + 1 && bytes[end - 1] == 0x2E { end -= 1 }
            let domain = bytes[(at + 1)..<end]
            guard start < at, let dot = domain.firstIndex(of: 0x2E), dot > at + 1, dot < end - 1 else { continue }
            return String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        }
        return nil
    }

    /// The first identity number (16 or 18 digits), else the first mobile number (as 62…), in
    /// runs of digits as people group them ("3201 2345 …", "0812-3456-7890", "+62 812…"):
    /// digits with single spaces, dots or dashes between them.
    private static func number(in bytes: [UInt8]) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        var phone: String?
        var separated = false
        // The run just closed when it is an identity number; else the first phone is kept.
        func close() -> String? {
            defer {
                digits.removeAll(keepingCapacity: true)
                separated = false
            }
            if digits.count == 16 || digits.count == 18 { return String(decoding: digits, as: UTF8.self) }
            guard phone == nil, digits.count >= 10 else { return nil }
            var number = digits[...]
            if number.starts(with: [0x36, 0x32]) {
                number = number.dropFirst(2)
            } else if number.first == 0x30 {
                number = number.dropFirst()
            }
            if number.first == 0x38 && (9...12).contains(number.count) {
                phone = "62" + String(decoding: number, as: UTF8.self)
            }
            return nil
        }
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte)
                separated = false
            } else if !digits.isEmpty && !separated && (byte == 0x20 || byte == 0x2E || byte == 0x2D) {
                separated = true
            } else if !digits.isEmpty, let identity = close() {
                return identity
            }
        }
        if !digits.isEmpty, let identity = close() { return identity }
        return phone
    }

    @inline(__always) private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }

    /// The sketch of a ticket's telling words; nil when the ticket has fewer than two.
    public static func sketch(of ticket: TicketRecord) -> Sketch? {
        let features = tellingWords(of: ticket)
        guard features.count >= 2 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: sketchSize) { minimums in
            minimums.initialize(repeating: .max)
            slotHashes.withUnsafeBufferPointer { hashes in
                for feature in features {
                    for slot in 0..<sketchSize {
                        // One hash function per slot: an odd multiplier and an offset from SplitMix64.
                        let value = UInt16(
                            truncatingIfNeeded: (feature &* hashes[slot].multiplier &+ hashes[slot].offset) >> 48)
                        minimums[slot] = min(minimums[slot], value)
                    }
                }
            }
            return Sketch(UnsafeRawPointer(minimums.baseAddress!).loadUnaligned(as: SIMD32<UInt16>.self))
        }
    }

    /// The per-slot hash functions of a sketch, fixed (every sketch ever stored used these).
    private static let slotHashes: [(multiplier: UInt64, offset: UInt64)] = {
        var generator = SplitMix64(seed: 0x5EED_D0_71CA7E)
        return (0..<sketchSize).map { _ in (generator.next() | 1, generator.next()) }
    }()

    /// A MinHash sketch of a ticket's telling words: `sketchSize` minimum hashes of 16 bits,
    /// held inline, so holding one allocates nothing (`overlap` compares them).
    public struct Sketch: Sendable, Hashable {
        var slots: SIMD32<UInt16>

        init(_ slots: SIMD32<UInt16>) { self.slots = slots }

        /// A sketch as stored; nil unless it is `sketchSize` slots of two bytes.
        public init?(data: Data) {
            guard data.count == MemoryLayout<SIMD32<UInt16>>.size else { return nil }
            slots = data.withUnsafeBytes { $0.loadUnaligned(as: SIMD32<UInt16>.self) }
        }

        /// As stored: the slots in order, each in the machine's byte order (little-endian on the
        /// x86-64 and ARM machines Solusi runs on).
        public var data: Data { withUnsafeBytes(of: slots) { Data($0) } }
    }

    /// The estimated share of telling words two sketches have in common.
    public static func overlap(_ a: Sketch, _ b: Sketch) -> Double {
        // Four slots at a time, as 64-bit words (Swift's SIMD32 operations compile to a loop
        // over the slots): a slot differs when its 16 bits of a XOR b are not all 0, which the
        // shifts gather into the slot's lowest bit.
        var differing = 0
        withUnsafeBytes(of: a.slots) { x in
            withUnsafeBytes(of: b.slots) { y in
                for word in 0..<(sketchSize / 4) {
                    var bits =
                        x.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
                        ^ y.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
                    bits |= bits >> 8
                    bits |= bits >> 4
                    bits |= bits >> 2
                    bits |= bits >> 1
                    differing += (bits & 0x0001_0001_0001_0001).nonzeroBitCount
                }
            }
        }
        return Double(sketchSize - differing) / Double(sketchSize)
    }

    /// The words that say what a ticket asks, as hashes: lowercased runs of letters and digits,
    /// chat spellings as the standard word, without numbers and without the words that say
    /// nothing (greetings, politeness, pronouns: `FillerWords`), nothing from a forwarded
    /// mail's header or a channel's footer. No stemming: a resent request keeps its words' forms.
    /// Read as bytes, no word made a `String`: ingest reads a million tickets through here.
    static func tellingWords(of ticket: TicketRecord) -> [UInt64] {
        var words: [UInt64] = []
        var hash = wordSeed
        var length = 0
        var digitsOnly = true
        func close() {
            defer {
                hash = wordSeed
                length = 0
                digitsOnly = true
            }
            guard length > 0, !digitsOnly else { return }
            let word = spellings[hash] ?? hash
            if !fillers.contains(word) { words.append(word) }
        }
        forEachBodyLine(of: ticket, withoutFooters: true) { line in
            for byte in line {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                let isDigit = lower >= 0x30 && lower <= 0x39
                // Letters, digits, and every byte of a non-ASCII letter.
                if isDigit || (lower >= 0x61 && lower <= 0x7A) || byte >= 0x80 {
                    hash = (hash ^ UInt64(lower)) &* 0x0000_0100_0000_01b3
                    length += 1
                    digitsOnly = digitsOnly && isDigit
                } else {
                    close()
                }
            }
            close()
        }
        words.sort()
        var distinct = 0
        for word in words where distinct == 0 || words[distinct - 1] != word {
            words[distinct] = word
            distinct += 1
        }
        words.removeLast(words.count - distinct)
        return words
    }

    private static let wordSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A word's hash as `tellingWords` computes it (FNV-1a over its lowercased bytes).
    static func wordHash(_ word: String) -> UInt64 {
        word.utf8.reduce(wordSeed) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    /// The filler words' hashes.
    private static let fillers = WordTable(FillerWords.stems.map { (wordHash($0), 0) })
    /// Chat spellings' hashes → the standard form's hash ("tdk" → "tidak", "kepsek" → "kepala
    /// sekolah"); a form of several words that are all fillers ("makasih") → a filler's.
    private static let spellings = WordTable(
        ChatSpelling.table.map { form, standard in
            let parts = standard.split(separator: " ").map(String.init)
            let saysNothing = parts.allSatisfy { FillerWords.stems.contains($0) }
            return (wordHash(form), saysNothing ? wordHash(parts[0]) : wordHash(standard))
        })

    /// A fixed table of word hashes (already well mixed: no second hash), open addressing: the
    /// lookups of every word of every ticket, without `Hasher`.
    struct WordTable: Sendable {
        private var keys: [UInt64]
        private var values: [UInt64]
        private let mask: Int

        init(_ entries: [(UInt64, UInt64)]) {
            var capacity = 16
            while capacity < entries.count * 4 { capacity *= 2 }
            mask = capacity - 1
            keys = Array(repeating: 0, count: capacity)
            values = Array(repeating: 0, count: capacity)
            for (key, value) in entries where key != 0 {
                var slot = Int(truncatingIfNeeded: key) & mask
                while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
                if keys[slot] == 0 {
                    keys[slot] = key
                    values[slot] = value
                }
            }
        }

        subscript(key: UInt64) -> UInt64? {
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & mask
            }
            return nil
        }

        func contains(_ key: UInt64) -> Bool { self[key] != nil }
    }

    /// Subject and description without the lines a forwarded mail's header adds, and (unless
    /// told otherwise) the lines of a channel's footer.
    static func body(of ticket: TicketRecord, withoutFooters: Bool = true) -> String {
        var lines: [String] = []
        forEachBodyLine(of: ticket, withoutFooters: withoutFooters) {
            lines.append(String(decoding: $0, as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }

    /// The subject, then each line of the description `body` keeps, as bytes, read in place:
    /// ingest reads a million tickets through here.
    static func forEachBodyLine(
        of ticket: TicketRecord, withoutFooters: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var subject = ticket.subject
        subject.withUTF8 { body($0) }
        var description = ticket.description
        description.withUTF8 { text in
            guard text.contains(0x0A) else { return body(text) }
            var start = 0
            while start <= text.count {
                let end = text[start...].firstIndex(of: 0x0A) ?? text.count
                let line = UnsafeBufferPointer(rebasing: text[start..<end])
                if keeps(line, withoutFooters: withoutFooters) { body(line) }
                start = end + 1
            }
        }
    }

    /// Whether a line is the request's own: not a forwarded mail's header line, and (when asked)
    /// not a footer. Compared as ASCII bytes, lowercased.
    private static func keeps(_ line: UnsafeBufferPointer<UInt8>, withoutFooters: Bool) -> Bool {
        var first = 0
        while first < line.count && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
        func lower(_ at: Int) -> UInt8 { line[at] >= 0x41 && line[at] <= 0x5A ? line[at] | 0x20 : line[at] }
        func matches(_ phrase: [UInt8], at start: Int) -> Bool {
            guard start + phrase.count <= line.count else { return false }
            for (offset, byte) in phrase.enumerated() where lower(start + offset) != byte { return false }
            return true
        }
        if headerPrefixes.contains(where: { matches($0, at: first) }) { return false }
        if withoutFooters {
            for start in first..<line.count where footerPhrases.contains(where: { matches($0, at: start) }) {
                return false
            }
        }
        return true
    }

    /// Lines a forwarded or replied-to e-mail starts with, in English and Indonesian.
    static let headerPrefixes = [
        "from:", "dari:", "to:", "kepada:", "cc:", "date:", "tanggal:", "sent:", "dikirim:", "subject:", "subjek:",
        "perihal:", "re:", "fwd:", "fw:", "---------- forwarded", "---------- pesan", "-----original", "pada ", "on ",
    ].map { Array($0.utf8) }
    /// What channels and phones append to a message.
    static let footerPhrases = [
        "dikirim dari", "sent from", "get outlook", "dapatkan outlook", "via whatsapp", "kirim via", "diteruskan dari",
    ].map { Array($0.utf8) }

    /// A stored ticket as the rule compares it.
    public struct Entry: Sendable, Hashable {
        /// Its row.
        public var rowID: Int64
        /// Its requester key.
        public var requester: Int64
        /// When it was written.
        public var createdAt: Int64
        /// Its sketch; nil when it has too few telling words.
        public var sketch: Sketch?
        /// The first ticket it repeats, as stored; nil for a first ticket.
        public var duplicateOf: Int64?

        /// An entry.
        public init(rowID: Int64, requester: Int64, createdAt: Int64, sketch: Sketch?, duplicateOf: Int64?) {
            self.rowID = rowID
            self.requester = requester
            self.createdAt = createdAt
            self.sketch = sketch
            self.duplicateOf = duplicateOf
        }
    }

    /// What becomes of the tickets `deciding` (row ids of a batch just stored), given them, the
    /// tickets of the same requester within `window` before each (at most `neighbours`) and the
    /// tickets that repeat one of them (`stored`; a ticket alone in its window need not be
    /// given): each is a duplicate of the earliest first ticket with nearly the same words among
    /// the `neighbours` tickets of its requester just before it within `window`, else a first
    /// ticket. (However many of a shared address's tickets one batch holds, each is compared with
    /// twenty, as across batches.) A first ticket that becomes a duplicate hands its own repeats
    /// to its first. Returns the changes (row id, new `duplicateOf`), in row order; the same input
    /// gives the same answer, so storing a file again changes nothing.
    public static func decide(_ deciding: Set<Int64>, stored: [Entry]) -> [(rowID: Int64, duplicateOf: Int64?)] {
        var firstOf: [Int64: Int64] = [:]
        var repeatsOf: [Int64: Set<Int64>] = [:]
        for entry in stored {
            guard let first = entry.duplicateOf else { continue }
            firstOf[entry.rowID] = first
            repeatsOf[first, default: []].insert(entry.rowID)
        }
        // The tickets by requester, then date, then row (as places in `stored`: an entry is large).
        let ordered = stored.indices.sorted {
            (stored[$0].requester, stored[$0].createdAt, stored[$0].rowID)
                < (stored[$1].requester, stored[$1].createdAt, stored[$1].rowID)
        }
        // Whether each of `ordered` is a first ticket, as `firstOf` says: only the ticket being
        // decided changes that (the repeats it hands over were not first tickets before either).
        var isFirst = ordered.map { stored[$0].duplicateOf == nil }
        // What may have changed: the tickets decided (by place in `stored`) and those handed over.
        var decided = [Bool](repeating: false, count: stored.count)
        var handedOver = Set<Int64>()
        for (index, place) in ordered.enumerated() where deciding.contains(stored[place].rowID) {
            let entry = stored[place]
            decided[place] = true
            var start = index
            while start > max(index - neighbours, 0), stored[ordered[start - 1]].requester == entry.requester,
                entry.createdAt - stored[ordered[start - 1]].createdAt <= window
            {
                start -= 1
            }
            let first = entry.sketch.flatMap { ours in
                (start..<index).first { candidate in
                    guard isFirst[candidate], let theirs = stored[ordered[candidate]].sketch else { return false }
                    return overlap(theirs, ours) >= minimumOverlap
                }
            }
            .map { stored[ordered[$0]].rowID }
            if let previous = firstOf[entry.rowID] { repeatsOf[previous]?.remove(entry.rowID) }
            firstOf[entry.rowID] = first
            isFirst[index] = first == nil
            guard let first else { continue }
            // Its own repeats now repeat its first.
            let handed = repeatsOf.removeValue(forKey: entry.rowID) ?? []
            for rowID in handed { firstOf[rowID] = first }
            handedOver.formUnion(handed)
            repeatsOf[first, default: []].formUnion(handed.union([entry.rowID]))
        }
        return stored.indices.compactMap { place in
            let entry = stored[place]
            guard decided[place] || (!handedOver.isEmpty && handedOver.contains(entry.rowID)) else { return nil }
            let first = firstOf[entry.rowID]
            return first != entry.duplicateOf ? (entry.rowID, first) : nil
        }
        .sorted { $0.rowID < $1.rowID }
    }
}

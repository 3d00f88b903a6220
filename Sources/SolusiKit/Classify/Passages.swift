import IndonesianText

/// A ticket read as its parts, so the passage that states the problem can speak for it: a long
/// ticket's greeting, introduction, school and closing must not drown the two sentences that say
/// what is wrong.
///
/// The parts are the text's sentences; a sentence of more than `longRun` words (a transcript
/// of a phone call has no punctuation) is cut into runs of `run` words. A passage is one to
/// `widest` consecutive parts, so a problem told over two to four sentences is read together (a
/// story that reaches it step by step: I opened the page, a colleague has the option, mine does
/// not), with the sentence that qualifies it ("the button is there, but…"). Four rather than
/// three: 35 dev stories went 0.839 → 0.862 macro-F1, the other sets unchanged.
enum Passages {
    /// Words in a run cut from a long sentence, and the length from which a sentence is cut.
    static let run = 16
    static let longRun = 28
    /// The most consecutive parts one passage holds.
    static let widest = 4
    /// Texts of at most this many words are read whole: a short ticket has no background to
    /// drown its problem, and reading it whole costs least.
    static let shortText = 40

    /// Whether a text is long enough to be read as passages: more than `shortText` words.
    ///
    /// Counts the bytes that start a word (not white space, after white space or at the start),
    /// a block at a time: the count within a block has no branch, so it runs on vector
    /// registers, and this runs on every ticket classified. Any byte up to the space counts as
    /// white space here (the control characters among them never occur in words).
    static func isLong(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first else { return false }
            var words = first > 0x20 ? 1 : 0
            // 1 for a byte of a word, 0 for white space, in arithmetic only.
            @inline(__always) func inWord(_ byte: UInt8) -> UInt16 { (0x20 &- UInt16(byte)) >> 15 }
            var start = 1
            while start < bytes.count {
                let end = min(start &+ 256, bytes.count)
                var starts: UInt16 = 0
                for index in start..<end { starts &+= inWord(bytes[index]) & (inWord(bytes[index &- 1]) ^ 1) }
                words &+= Int(starts)
                if words > shortText { return true }
                start = end
            }
            return false
        }
    }

    /// The parts of a text, in order: its sentences, long ones cut into runs of words.
    static func parts(of text: String) -> [Substring] {
        sentences(of: text).flatMap(runs(of:))
    }

    /// A text's sentences, in order: each ends at a line break, or at `.`, `!`, `?` or `;`
    /// before white space or the end (so "belajar.id" and "1.5" stay whole). Sentences of
    /// punctuation and white space alone are left out (any non-ASCII character counts as a
    /// letter); the others keep their white space. Read over the UTF-8 bytes: every boundary is
    /// an ASCII byte.
    static func sentences(of text: String) -> [Substring] {
        var sentences: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var hasWord = false
        func close(at end: String.Index) {
            if hasWord { sentences.append(text[start..<end]) }
            hasWord = false
        }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index)
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                close(at: index)
                start = next
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
                || byte == UInt8(ascii: ";"), next == bytes.endIndex || TextNormalizer.isASCIISpace(bytes[next])
            {
                close(at: next)
                start = next
            } else if isWordByte(byte) {
                hasWord = true
            }
            index = next
        }
        close(at: bytes.endIndex)
        return sentences
    }

    /// Whether a byte belongs to a word: an ASCII letter or digit, or any byte of a non-ASCII
    /// character.
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A sentence, or runs of `run` words cut from it when it is longer than `longRun` words
    /// (a run of punctuation alone is left out, as a sentence of it is).
    private static func runs(of sentence: Substring) -> [Substring] {
        var starts: [String.Index] = []
        var inWord = false
        let bytes = sentence.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let space = TextNormalizer.isASCIISpace(bytes[index])
            if !space && !inWord { starts.append(index) }
            inWord = !space
            index = bytes.index(after: index)
        }
        guard starts.count > longRun else { return [sentence] }
        return stride(from: 0, to: starts.count, by: run).map { first in
            let end = first + run < starts.count ? starts[first + run] : sentence.endIndex
            return sentence[starts[first]..<end]
        }.filter { $0.utf8.contains(where: isWordByte) }
    }

    /// The passages of `count` parts: every run of one to `widest` consecutive parts, as ranges
    /// of part numbers. None for a text of one part: the whole text is its only passage.
    static func windows(_ count: Int) -> [Range<Int>] {
        guard count > 1 else { return [] }
        return (0..<count).flatMap { first in
            (1...min(widest, count - first)).map { first..<(first + $0) }
        }
    }
}

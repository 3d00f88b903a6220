/// A ticket read as its parts, so the passage that states the problem can speak for it: a long
/// ticket's greeting, introduction, school and closing must not drown the two sentences that say
/// what is wrong.
///
/// The parts are the text's sentences; a sentence of more than `longRun` words (a transcript
/// of a phone call has no punctuation) is cut into runs of `run` words. A passage is one to
/// `widest` consecutive parts, so a problem told over two or three sentences is read together,
/// with the sentence that qualifies it ("the button is there, but…").
enum Passages {
    /// Words in a run cut from a long sentence, and the length from which a sentence is cut.
    static let run = 16
    static let longRun = 28
    /// The most consecutive parts one passage holds.
    static let widest = 3

    /// The parts of a text, in order: its sentences, long ones cut into runs of words.
    static func parts(of text: String) -> [Substring] {
        sentences(of: text).flatMap(runs(of:))
    }

    /// A text's sentences, in order: each ends at a line break, or at `.`, `!`, `?` or `;`
    /// before white space or the end (so "belajar.id" and "1.5" stay whole). Sentences
    /// without a letter or digit are left out; the others keep their white space.
    static func sentences(of text: String) -> [Substring] {
        var sentences: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        func close(at end: String.Index) {
            let sentence = text[start..<end]
            if sentence.contains(where: { $0.isLetter || $0.isNumber }) { sentences.append(sentence) }
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character.isNewline {
                close(at: index)
                start = next
            } else if ".!?;".contains(character), next == text.endIndex || text[next].isWhitespace {
                close(at: next)
                start = next
            }
            index = next
        }
        close(at: text.endIndex)
        return sentences
    }

    /// A sentence, or runs of `run` words cut from it when it is longer than `longRun` words.
    private static func runs(of sentence: Substring) -> [Substring] {
        var starts: [String.Index] = []
        var inWord = false
        for index in sentence.indices {
            let space = sentence[index].isWhitespace
            if !space && !inWord { starts.append(index) }
            inWord = !space
        }
        guard starts.count > longRun else { return [sentence] }
        return stride(from: 0, to: starts.count, by: run).map { first in
            let end = first + run < starts.count ? starts[first + run] : sentence.endIndex
            return sentence[starts[first]..<end]
        }
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

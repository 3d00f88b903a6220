import IndonesianText

/// A sparse, L2-normalised feature vector: hashed feature indices with their values.
public struct FeatureVector: Sendable {
    public var indices: [Int32]
    public var values: [Float]
    /// For each feature, the words of the ticket it came from (for explanations).
    public var sources: [String]
}

/// Turns a ticket's text into hashed features: stems, word bigrams, character n-grams of the
/// normalised words (robust to typos and word forms), and the knowledge base's signal phrases.
///
/// Hashing into a fixed space keeps the model small and lets unseen words cost nothing; the
/// hash is FNV-1a, so the same text gives the same features in every process.
public struct FeatureExtractor: Sendable {
    /// log2 of the number of hashed features.
    public static let bits = 18
    public static var dimension: Int { 1 << bits }

    let pipeline: TextPipeline
    /// Signal phrases, normalised, with the issue they point to.
    let signals: [(tokens: [String], issue: String)]

    public init(signals: [(phrase: String, issue: String)] = [], pipeline: TextPipeline = TextPipeline()) {
        self.pipeline = pipeline
        self.signals = signals.map { (pipeline.analyze($0.phrase).map(\.text), $0.issue) }.filter { !$0.0.isEmpty }
    }

    public func features(of text: String, keepSources: Bool = false) -> FeatureVector {
        let tokens = pipeline.analyze(text)
        var counts: [Int32: Float] = [:]
        var sources: [Int32: String] = [:]
        func add(_ kind: UInt8, _ text: Substring, source: @autoclosure () -> String, weight: Float = 1) {
            let index = Self.index(kind, text)
            counts[index, default: 0] += weight
            if keepSources, sources[index] == nil { sources[index] = source() }
        }
        let words = tokens.map(\.text)
        for (position, word) in words.enumerated() {
            add(1, word[...], source: word)
            if position > 0 {
                let pair = words[position - 1] + " " + word
                add(2, pair[...], source: pair)
            }
            // Character 3- to 5-grams of the word with its boundaries, for misspellings.
            if tokens[position].kind == .word || tokens[position].kind == .term {
                let padded = Array(("<" + word + ">").utf8)
                if padded.count <= 24 {
                    for size in 3...5 where padded.count >= size {
                        for start in 0...(padded.count - size) {
                            let gram = String(decoding: padded[start..<(start + size)], as: UTF8.self)
                            add(3, gram[...], source: word, weight: 0.05)
                        }
                    }
                }
            }
        }
        for signal in signals where Self.contains(words, signal.tokens) {
            add(4, signal.issue[...], source: signal.tokens.joined(separator: " "), weight: 2)
        }
        let sorted = counts.keys.sorted()
        var values = sorted.map { 1 + log(counts[$0]!) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { values = values.map { $0 / norm } }
        return FeatureVector(
            indices: sorted, values: values, sources: keepSources ? sorted.map { sources[$0] ?? "" } : [])
    }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }

    /// FNV-1a of the kind byte and the text, folded into the feature space.
    static func index(_ kind: UInt8, _ text: Substring) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        hash = (hash ^ UInt64(kind)) &* 0x0000_0100_0000_01b3
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int32(truncatingIfNeeded: (hash ^ (hash >> 32)) & UInt64(dimension - 1))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

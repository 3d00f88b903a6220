import IndonesianText
import Synchronization

/// One token memory shared by every copy of an extractor (and every thread using it), with the
/// tally that adds up a ticket's features.
final class SharedTokenMemory: Sendable {
    struct State {
        var memory: TokenMemory
        var tally = FeatureTally()
        /// Scratch for the numbers of the phrases a ticket may contain, kept between tickets.
        var candidates: [Int32] = []
    }
    let state: Mutex<State>
    init(_ memory: sending TokenMemory) { state = Mutex(State(memory: memory)) }
}

/// Adds up a ticket's feature occurrences in a small open-addressing table (it stays in the
/// processor's cache, unlike counters for the whole feature space): the vector lists features in
/// order of first occurrence, each valued by its kind's weight × (1 + log count), L2-normalised.
struct FeatureTally {
    private struct Entry {
        var index: Int32
        var count: Int32
        var weight: Float
        var source: Int32
    }
    private var slots = [Int32](repeating: -1, count: 1024)
    /// The features added, in order of first occurrence.
    private var entries: [Entry] = []

    /// One occurrence of a feature; the first occurrence decides its weight and source.
    mutating func add(_ index: Int32, weight: Float, source: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            var slot = Self.slot(index, mask)
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { break }
                if entries[entry].index == index {
                    entries[entry].count += 1
                    return
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(index: index, count: 1, weight: weight, source: source))
        }
    }

    /// Occurrences of several features with the same weight and source (a word's n-grams).
    mutating func add(_ indices: UnsafeBufferPointer<Int32>, weight: Float, source: Int32) {
        for index in indices { add(index, weight: weight, source: source) }
    }

    @inline(__always)
    private static func slot(_ index: Int32, _ mask: Int) -> Int {
        Int(UInt32(bitPattern: index) &* 0x9E37_79B1 >> 7) & mask
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Self.slot(entry.index, mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }

    /// The vector of what was added, with the source code of each feature; resets the tally.
    mutating func finish() -> FeatureVector {
        var indices = [Int32]()
        var values = [Float]()
        var sources = [Int32]()
        indices.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        sources.reserveCapacity(entries.count)
        var squares: Float = 0
        let mask = slots.count - 1
        for entry in entries {
            let value = entry.count == 1 ? entry.weight : entry.weight * (1 + log(Float(entry.count)))
            indices.append(entry.index)
            values.append(value)
            sources.append(entry.source)
            squares += value * value
            var slot = Self.slot(entry.index, mask)
            while slots[slot] >= 0 {
                slots[slot] = -1
                slot = (slot + 1) & mask
            }
        }
        let norm = squares.squareRoot()
        if norm > 0 { for i in values.indices { values[i] /= norm } }
        entries.removeAll(keepingCapacity: true)
        return FeatureVector(indices: indices, values: values, sources: [], sourceCodes: sources)
    }
}

/// A sparse, L2-normalised feature vector: hashed feature indices with their values.
public struct FeatureVector: Sendable {
    public var indices: [Int32]
    public var values: [Float]
    /// For each feature, the words of the ticket it came from (for explanations).
    public var sources: [String]
    /// Where each feature came from, as `FeatureExtractor` codes them (only while building).
    var sourceCodes: [Int32] = []
}

/// A phrase whose presence in a ticket is a feature of its own: one of an issue's signal
/// phrases, or one phrasing of a concept (every phrasing of a concept fires the same feature).
public struct PhraseFeature: Sendable {
    public enum Kind: UInt8, Sendable {
        case signal = 4
        case concept = 5
    }
    public var kind: Kind
    /// The issue id of a signal, the concept id of a concept.
    public var key: String
    public var phrase: String
    /// What evidence shows when it fires: the signal phrase, or the concept's label.
    public var label: String?

    public init(kind: Kind, key: String, phrase: String, label: String? = nil) {
        self.kind = kind
        self.key = key
        self.phrase = phrase
        self.label = label
    }

    /// The signal phrases of the issues and the phrasings of the concepts.
    public static func of(_ knowledgeBase: KnowledgeBase) -> [PhraseFeature] {
        knowledgeBase.issues.flatMap { issue in issue.signals.map { .init(kind: .signal, key: issue.id, phrase: $0) } }
            + knowledgeBase.concepts.flatMap { concept in
                concept.phrases.map { .init(kind: .concept, key: concept.id, phrase: $0, label: concept.label) }
            }
    }
}

/// Turns a ticket's text into hashed features: stems, word bigrams, character n-grams of every
/// normalised word (robust to typos, affixes and word forms), and the knowledge base's phrases:
/// issue signals and concepts, each matched in order with at most `phraseGap` other words
/// between its words.
///
/// Hashing into a fixed space keeps the model small and lets unseen words cost nothing; the
/// hash is FNV-1a, so the same text gives the same features in every process.
public struct FeatureExtractor: Sendable {
    /// log2 of the number of hashed features.
    public static let bits = 18
    public static var dimension: Int { 1 << bits }

    let pipeline: TextPipeline
    /// The phrases, as token ids (their tokens are pinned in the memory).
    let phrases: PhraseTable
    /// How many other words may stand between two words of a phrase ("tombol sinkron PMM" is
    /// also "tombol untuk sinkron ke PMM").
    static let phraseGap = 2
    /// By token id (negators are pinned first): whether the token negates what follows.
    private let isNegator: [Bool]

    /// Words that negate the next words: "tombol tidak ada" and "tombol ada, tapi…" are different
    /// tickets, so a word within two tokens after one of these also gets a negated feature.
    static let negatorWords = "tidak belum bukan tanpa"
    static let negationScope = 2
    static let negationKey: UInt64 = 0x6E65_6761_7369_0001
    private let memory: SharedTokenMemory

    /// `tokenLimit`: how many distinct tokens the extractor remembers before it starts over.
    public init(phrases: [PhraseFeature] = [], pipeline: TextPipeline = TextPipeline(), tokenLimit: Int = 300_000) {
        self.pipeline = pipeline
        let analyzed = phrases.map { (tokens: pipeline.analyze($0.phrase), phrase: $0) }.filter { !$0.tokens.isEmpty }
        let negators = pipeline.analyze(Self.negatorWords)
        var memory = TokenMemory(pinned: negators + analyzed.flatMap(\.tokens), tokenLimit: tokenLimit) {
            Self.wordFeatures($0)
        }
        self.phrases = PhraseTable(
            analyzed.map { entry in
                (
                    ids: entry.tokens.map { memory.intern($0) },
                    feature: Self.hash(entry.phrase.kind.rawValue, entry.phrase.key.utf8),
                    label: entry.phrase.label ?? entry.tokens.map(\.text).joined(separator: " ")
                )
            })
        var isNegator = [Bool](repeating: false, count: negators.count)
        for token in negators { isNegator[Int(memory.intern(token))] = true }
        self.isNegator = isNegator
        self.memory = SharedTokenMemory(memory)
    }

    /// The issues' signal phrases as features (for tests and tools that have no concepts).
    public init(signals: [(phrase: String, issue: String)], tokenLimit: Int = 300_000) {
        self.init(
            phrases: signals.map { .init(kind: .signal, key: $0.issue, phrase: $0.phrase) }, tokenLimit: tokenLimit)
    }

    /// Weights of the feature kinds: words and word pairs count fully; each character n-gram
    /// a little (a word has many), so they help with typos without drowning the words.
    static let wordWeight: Float = 1
    static let pairWeight: Float = 1
    static let gramWeight: Float = 0.15
    static let phraseWeight: Float = 1.5

    /// The features of a text; `keepSources` also names, for each feature, the words it came from.
    public func features(of text: String, keepSources: Bool = false) -> FeatureVector {
        vector(keepSources: keepSources) { memory, ids in memory.tokenIDs(of: text, pipeline: pipeline, into: &ids) }
    }

    /// The same features, computed from the whole text's `TextPipeline.analyze` without the chunk
    /// table (for tests: both must always agree).
    func featuresAnalyzingWholeText(_ text: String) -> FeatureVector {
        vector(keepSources: true) { memory, ids in
            for token in pipeline.analyze(text) { ids.append(memory.intern(token)) }
        }
    }

    private func vector(keepSources: Bool, tokenIDs: (inout TokenMemory, inout [Int32]) -> Void) -> FeatureVector {
        memory.state.withLock { state in
            var ids: [Int32] = []
            tokenIDs(&state.memory, &ids)
            // Source codes: a token position, -(position + 1) for the pair ending there, or
            // -1_000_000 - n for phrase n.
            var negatedUntil = -1
            state.memory.features.withUnsafeBufferPointer { features in
                for (position, id) in ids.enumerated() {
                    if Int(id) < isNegator.count, isNegator[Int(id)] {
                        negatedUntil = position + Self.negationScope
                    } else if position <= negatedUntil {
                        let negated = Self.pair(Self.negationKey, state.memory.keys[Int(id)])
                        state.tally.add(negated, weight: Self.wordWeight, source: Int32(position))
                    }
                    let start = Int(state.memory.featureStart[Int(id)])
                    let end = Int(state.memory.featureStart[Int(id) + 1])
                    state.tally.add(features[start], weight: Self.wordWeight, source: Int32(position))
                    state.tally.add(
                        UnsafeBufferPointer(rebasing: features[(start + 1)..<end]), weight: Self.gramWeight,
                        source: Int32(position))
                    if position > 0 {
                        let pair = Self.pair(state.memory.keys[Int(ids[position - 1])], state.memory.keys[Int(id)])
                        state.tally.add(pair, weight: Self.pairWeight, source: Int32(-position - 1))
                    }
                }
            }
            phrases.addMatches(in: ids, to: &state.tally, candidates: &state.candidates)
            var vector = state.tally.finish()
            if keepSources {
                let words = ids.map { state.memory.tokens[Int($0)].text }
                vector.sources = vector.sourceCodes.map { source($0, words) }
            }
            vector.sourceCodes = []
            return vector
        }
    }

    /// A token's word feature, then the character 3- to 5-grams of every word and term, so a
    /// typo, an affix or a regional form still shares most of its features with the word
    /// ("obsevasi", "diobservasi", "observasine").
    static func wordFeatures(_ token: Token) -> [Int32] {
        let word = token.text
        var features = [hash(1, word.utf8)]
        guard token.kind == .word || token.kind == .term, word.utf8.count <= 22 else { return features }
        let padded = [UInt8(ascii: "<")] + Array(word.utf8) + [UInt8(ascii: ">")]
        for size in 3...5 where padded.count >= size {
            for start in 0...(padded.count - size) { features.append(hash(3, padded[start..<(start + size)])) }
        }
        return features
    }

    /// The readable text a feature came from: a word, a word pair or a signal phrase.
    private func source(_ code: Int32, _ words: [String]) -> String {
        if code >= 0 { return words[Int(code)] }
        if code > -1_000_000 {
            let position = Int(-code - 1)
            return words[position - 1] + " " + words[position]
        }
        return phrases.labels[Int(-code - 1_000_000)]
    }

    /// FNV-1a, 64 bits, over a kind byte and some bytes.
    static func fnv<A: Collection<UInt8>>(_ kind: UInt8, _ bytes: A) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        hash = (hash ^ UInt64(kind)) &* 0x0000_0100_0000_01b3
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// A 64-bit hash folded into the feature space.
    static func fold(_ hash: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: (hash ^ (hash >> 32)) & UInt64(dimension - 1))
    }

    /// The feature index of a kind byte and some bytes (a word, an n-gram, an issue id).
    static func hash<A: Collection<UInt8>>(_ kind: UInt8, _ bytes: A) -> Int32 {
        fold(fnv(kind, bytes))
    }

    /// The feature index of a word pair, from the two words' keys (order matters).
    static func pair(_ first: UInt64, _ second: UInt64) -> Int32 {
        var hash = first &* 0x9E37_79B9_7F4A_7C15 ^ second
        hash = (hash ^ (hash >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return fold(hash ^ (hash >> 30))
    }

}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The phrases an extractor looks for, in flat arrays (no array per phrase to retain and release
/// for every ticket): each phrase's token ids, feature index and label, and the phrases by their
/// first token (pinned ids are the lowest), so a ticket is only checked against phrases that can
/// match.
struct PhraseTable: Sendable {
    /// `tokens[start[n]..<start[n + 1]]` are phrase n's token ids.
    private let tokens: [Int32]
    private let start: [Int32]
    private let features: [Int32]
    let labels: [String]
    /// `byFirst[firstStart[id]..<firstStart[id + 1]]` are the phrases starting with token `id`.
    private let firstStart: [Int32]
    private let byFirst: [Int32]

    init(_ phrases: [(ids: [Int32], feature: Int32, label: String)]) {
        tokens = phrases.flatMap(\.ids)
        var start: [Int32] = [0]
        for phrase in phrases { start.append(start.last! + Int32(phrase.ids.count)) }
        self.start = start
        features = phrases.map(\.feature)
        labels = phrases.map(\.label)
        let firstTokens = Int(phrases.map { $0.ids[0] + 1 }.max() ?? 0)
        var counts = [Int32](repeating: 0, count: firstTokens + 1)
        for phrase in phrases { counts[Int(phrase.ids[0]) + 1] += 1 }
        for id in 0..<firstTokens { counts[id + 1] += counts[id] }
        firstStart = counts
        var byFirst = [Int32](repeating: 0, count: phrases.count)
        var next = counts
        for (number, phrase) in phrases.enumerated() {
            byFirst[Int(next[Int(phrase.ids[0])])] = Int32(number)
            next[Int(phrase.ids[0])] += 1
        }
        self.byFirst = byFirst
    }

    var count: Int { features.count }

    /// Adds the feature of every phrase the ticket's tokens contain, in phrase order.
    func addMatches(in ids: [Int32], to tally: inout FeatureTally, candidates: inout [Int32]) {
        candidates.removeAll(keepingCapacity: true)
        let firstTokens = Int32(firstStart.count - 1)
        firstStart.withUnsafeBufferPointer { firstStart in
            byFirst.withUnsafeBufferPointer { byFirst in
                for id in ids where id < firstTokens {
                    let from = Int(firstStart[Int(id)])
                    let to = Int(firstStart[Int(id) + 1])
                    if from < to { candidates.append(contentsOf: byFirst[from..<to]) }
                }
            }
        }
        guard !candidates.isEmpty else { return }
        candidates.sort()
        ids.withUnsafeBufferPointer { ids in
            tokens.withUnsafeBufferPointer { tokens in
                var previous: Int32 = -1
                for number in candidates where number != previous {
                    previous = number
                    let phrase = UnsafeBufferPointer(
                        rebasing: tokens[Int(start[Int(number)])..<Int(start[Int(number) + 1])])
                    guard phrase.count == 1 || Self.contains(ids, phrase) else { continue }
                    tally.add(
                        features[Int(number)], weight: FeatureExtractor.phraseWeight, source: -1_000_000 - number)
                }
            }
        }
    }

    /// Whether the phrase's words stand in the ticket in order, each within
    /// `FeatureExtractor.phraseGap` other words of the one before.
    static func contains(_ ids: UnsafeBufferPointer<Int32>, _ phrase: UnsafeBufferPointer<Int32>) -> Bool {
        guard !phrase.isEmpty, ids.count >= phrase.count else { return false }
        for first in ids.indices where ids[first] == phrase[0] {
            var at = first
            var matched = 1
            while matched < phrase.count {
                let limit = min(ids.count, at + 2 + FeatureExtractor.phraseGap)
                var next = at + 1
                while next < limit, ids[next] != phrase[matched] { next += 1 }
                guard next < limit else { break }
                at = next
                matched += 1
            }
            if matched == phrase.count { return true }
        }
        return false
    }
}

import IndonesianText
import Synchronization

/// One token memory shared by every copy of an extractor (and every thread using it), with the
/// tally that adds up a ticket's features and the scratch space of one ticket.
final class SharedTokenMemory: Sendable {
    struct State {
        var memory: TokenMemory
        var tally = FeatureTally()
        /// Scratch for the numbers of the phrases found in a ticket, kept between tickets.
        var matched: [Int32] = []
        /// The ticket's distinct tokens in order of first occurrence; by token id, how often it
        /// occurs (0 outside the ticket) and where first.
        var distinct: [Int32] = []
        var occurrences: [Int32] = []
        var firstPosition: [Int32] = []
        /// By token id, the class scores of its block (word and n-grams, weighted) under the
        /// model `cachedModel`, for the token ids of memory generation `cachedGeneration`.
        var blockScores: [Float] = []
        var blockReady: [Bool] = []
        var cachedModel: ObjectIdentifier?
        var cachedGeneration = -1
    }
    let state: Mutex<State>
    init(_ memory: sending TokenMemory) { state = Mutex(State(memory: memory)) }
}

extension SharedTokenMemory.State {
    /// Clears the ticket's tokens from the scratch space.
    mutating func forgetTokens() {
        for id in distinct { occurrences[Int(id)] = 0 }
        distinct.removeAll(keepingCapacity: true)
    }
}

/// Adds up a ticket's feature occurrences in a small open-addressing table (it stays in the
/// processor's cache, unlike counters for the whole feature space): the vector lists features in
/// order of first occurrence, each valued by its kind's weight × (1 + log count), then the
/// tokens' blocks (see `FeatureExtractor`), L2-normalised over all of them.
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

    /// The tally's entries as (feature, value, source) before normalising, and the sum of their
    /// squared values; resets the tally.
    mutating func drain(_ body: (Int32, Float, Int32) -> Void) -> Float {
        var squares: Float = 0
        let mask = slots.count - 1
        for entry in entries {
            let value = entry.weight * FeatureExtractor.scale(entry.count)
            body(entry.index, value, entry.source)
            squares += value * value
            var slot = Self.slot(entry.index, mask)
            while slots[slot] >= 0 {
                slots[slot] = -1
                slot = (slot + 1) & mask
            }
        }
        entries.removeAll(keepingCapacity: true)
        return squares
    }

    /// The vector of what was added, then the given blocks' entries (already valued), with the
    /// source code of each feature, all normalised together; resets the tally.
    mutating func finish(blocks: [(index: Int32, value: Float, source: Int32)] = []) -> FeatureVector {
        var indices = [Int32]()
        var values = [Float]()
        var sources = [Int32]()
        let count = entries.count + blocks.count
        indices.reserveCapacity(count)
        values.reserveCapacity(count)
        sources.reserveCapacity(count)
        var squares = drain { index, value, source in
            indices.append(index)
            values.append(value)
            sources.append(source)
        }
        for block in blocks {
            indices.append(block.index)
            values.append(block.value)
            sources.append(block.source)
            squares += block.value * block.value
        }
        let norm = squares.squareRoot()
        if norm > 0 { for i in values.indices { values[i] /= norm } }
        return FeatureVector(indices: indices, values: values, sources: [], sourceCodes: sources)
    }
}

/// A sparse, L2-normalised feature vector: hashed feature indices with their values.
struct FeatureVector: Sendable {
    var indices: [Int32]
    var values: [Float]
    /// For each feature, the words of the ticket it came from (for explanations).
    var sources: [String]
    /// Where each feature came from, as `FeatureExtractor` codes them (only while building).
    var sourceCodes: [Int32] = []
}

/// The sums behind a text's class scores before normalising: each class's weighted features,
/// and the squared length of the feature vector. Parts of a text add up (approximately: a word
/// repeated in two parts counts twice, and no word pair spans them).
struct PartSums: Sendable {
    var raw: [Float]
    var squares: Float

    static func + (left: PartSums, right: PartSums) -> PartSums {
        PartSums(raw: zip(left.raw, right.raw).map { $0 + $1 }, squares: left.squares + right.squares)
    }
}

/// A phrase whose presence in a ticket is a feature of its own: one of an issue's signal
/// phrases, or one phrasing of a concept (every phrasing of a concept fires the same feature).
struct PhraseFeature: Sendable {
    enum Kind: UInt8, Sendable {
        case signal = 4
        case concept = 5
    }
    var kind: Kind
    /// The issue id of a signal, the concept id of a concept.
    var key: String
    var phrase: String
    /// What evidence shows when it fires: the signal phrase, or the concept's label.
    var label: String?

    init(kind: Kind, key: String, phrase: String, label: String? = nil) {
        self.kind = kind
        self.key = key
        self.phrase = phrase
        self.label = label
    }

    /// The signal phrases of the issues and the phrasings of the concepts.
    static func of(_ knowledgeBase: KnowledgeBase) -> [PhraseFeature] {
        knowledgeBase.issues.flatMap { issue in issue.signals.map { .init(kind: .signal, key: issue.id, phrase: $0) } }
            + knowledgeBase.concepts.flatMap { concept in
                concept.phrases.map { .init(kind: .concept, key: concept.id, phrase: $0, label: concept.label) }
            }
    }
}

/// Turns a ticket's text into hashed features: stems, word bigrams, character n-grams of every
/// normalised word (robust to typos, affixes and word forms), and the knowledge base's phrases:
/// issue signals and concepts, each matched in order with at most `phraseGap` other words
/// between its words, and every two different ones met together.
///
/// Hashing into a fixed space keeps the model small and lets unseen words cost nothing; the
/// hash is FNV-1a, so the same text gives the same features in every process.
struct FeatureExtractor: Sendable {
    /// log2 of the number of hashed features.
    static let bits = 18
    static var dimension: Int { 1 << bits }

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
    init(phrases: [PhraseFeature] = [], pipeline: TextPipeline = .shared, tokenLimit: Int = 300_000) {
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
    init(signals: [(phrase: String, issue: String)], tokenLimit: Int = 300_000) {
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
    func features(of text: String, keepSources: Bool = false) -> FeatureVector {
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
            collect(ids, into: &state)
            var blocks: [(index: Int32, value: Float, source: Int32)] = []
            for id in state.distinct {
                let scale = Self.scale(state.occurrences[Int(id)])
                let source = state.firstPosition[Int(id)]
                let start = Int(state.memory.featureStart[Int(id)])
                let end = Int(state.memory.featureStart[Int(id) + 1])
                blocks.append((state.memory.features[start], Self.wordWeight * scale, source))
                for gram in (start + 1)..<end {
                    blocks.append((state.memory.features[gram], Self.gramWeight * scale, source))
                }
            }
            state.forgetTokens()
            var vector = state.tally.finish(blocks: blocks)
            if keepSources {
                let words = ids.map { state.memory.tokens[Int($0)].text }
                vector.sources = vector.sourceCodes.map { source($0, words) }
            }
            vector.sourceCodes = []
            return vector
        }
    }

    /// The class scores of a text under a model, the same as `model.scores(features(of: text))`
    /// without building the vector: a token's block scores are computed the first time the
    /// token is met with this model and remembered (tickets repeat the same few thousand words).
    func scores(of text: String, model: IssueModel) -> [Double] {
        memory.state.withLock { state in
            var ids: [Int32] = []
            state.memory.tokenIDs(of: text, pipeline: pipeline, into: &ids)
            return model.normalized(sums(of: ids, model: model, state: &state))
        }
    }

    /// The scores of a text read as its parts (`Passages.parts`): the whole text's, as
    /// `scores(of:model:)` gives them, and each part's sums (before normalising, see
    /// `PartSums`), so the scores of any run of parts can be had by adding theirs. Each part is
    /// read once.
    func scores(ofParts parts: [Substring], model: IssueModel) -> (whole: [Double], parts: [PartSums]) {
        memory.state.withLock { state in
            var ids: [Int32] = []
            var ends: [Int] = []
            for part in parts {
                state.memory.tokenIDs(of: String(part), pipeline: pipeline, into: &ids)
                ends.append(ids.count)
            }
            var partSums: [PartSums] = []
            var start = 0
            for end in ends {
                partSums.append(sums(of: Array(ids[start..<end]), model: model, state: &state))
                start = end
            }
            return (model.normalized(sums(of: ids, model: model, state: &state)), partSums)
        }
    }

    /// The sums behind a text's scores: each class's weighted features, and the squared length
    /// of the feature vector they will be divided by.
    private func sums(of ids: [Int32], model: IssueModel, state: inout SharedTokenMemory.State) -> PartSums {
        collect(ids, into: &state)
        let classes = model.labels.count
        var raw = [Float](repeating: 0, count: classes)
        var squares = raw.withUnsafeMutableBufferPointer { raw in
            state.tally.drain { index, value, _ in model.accumulate(index, value, into: raw) }
        }
        let identity = ObjectIdentifier(model.identity)
        if state.cachedModel != identity || state.cachedGeneration != state.memory.generation {
            state.cachedModel = identity
            state.cachedGeneration = state.memory.generation
            state.blockReady.removeAll(keepingCapacity: true)
            state.blockScores.removeAll(keepingCapacity: true)
        }
        let known = state.memory.tokens.count
        if state.blockReady.count < known {
            state.blockScores += repeatElement(0, count: (known - state.blockReady.count) * classes)
            state.blockReady += repeatElement(false, count: known - state.blockReady.count)
        }
        for id in state.distinct {
            let token = Int(id)
            let start = Int(state.memory.featureStart[token])
            let end = Int(state.memory.featureStart[token + 1])
            state.blockScores.withUnsafeMutableBufferPointer { blocks in
                let block = UnsafeMutableBufferPointer(
                    rebasing: blocks[(token * classes)..<((token + 1) * classes)])
                if !state.blockReady[token] {
                    model.accumulate(state.memory.features[start], Self.wordWeight, into: block)
                    for gram in (start + 1)..<end {
                        model.accumulate(state.memory.features[gram], Self.gramWeight, into: block)
                    }
                    state.blockReady[token] = true
                }
                let scale = Self.scale(state.occurrences[token])
                for k in 0..<classes { raw[k] += scale * block[k] }
            }
            let grams = Float(end - start - 1)
            squares +=
                Self.scale(state.occurrences[token]) * Self.scale(state.occurrences[token])
                * (Self.wordWeight * Self.wordWeight + grams * Self.gramWeight * Self.gramWeight)
        }
        state.forgetTokens()
        return PartSums(raw: raw, squares: squares)
    }

    /// How much a feature occurring `count` times counts: 1 + log count.
    @inline(__always)
    static func scale(_ count: Int32) -> Float { count == 1 ? 1 : 1 + log(Float(count)) }

    /// Reads a ticket's token ids into the scratch space: its negations, word pairs and phrases
    /// into the tally, and its distinct tokens with their counts and first positions.
    ///
    /// A token's word feature and its character n-grams form its block: they are valued together
    /// by how often the token occurs, (1 + log count) × their kind's weight, whatever other words
    /// share an n-gram; so the block's contribution to the scores can be remembered per token.
    private func collect(_ ids: [Int32], into state: inout SharedTokenMemory.State) {
        let known = state.memory.tokens.count
        if state.occurrences.count < known {
            state.occurrences += repeatElement(0, count: known - state.occurrences.count)
            state.firstPosition += repeatElement(0, count: known - state.firstPosition.count)
        }
        var negatedUntil = -1
        for (position, id) in ids.enumerated() {
            if Int(id) < isNegator.count, isNegator[Int(id)] {
                negatedUntil = position + Self.negationScope
            } else if position <= negatedUntil {
                let negated = Self.pair(Self.negationKey, state.memory.keys[Int(id)])
                state.tally.add(negated, weight: Self.wordWeight, source: Int32(position))
            }
            if position > 0 {
                let pair = Self.pair(state.memory.keys[Int(ids[position - 1])], state.memory.keys[Int(id)])
                state.tally.add(pair, weight: Self.pairWeight, source: Int32(-position - 1))
            }
            if state.occurrences[Int(id)] == 0 {
                state.distinct.append(id)
                state.firstPosition[Int(id)] = Int32(position)
            }
            state.occurrences[Int(id)] += 1
        }
        phrases.addMatches(in: ids, to: &state.tally, matched: &state.matched)
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

    /// Adds the feature of every phrase the ticket's tokens contain, once each, in the order
    /// their first words stand in the ticket. `matched` is scratch space.
    func addMatches(in ids: [Int32], to tally: inout FeatureTally, matched: inout [Int32]) {
        matched.removeAll(keepingCapacity: true)
        let firstTokens = Int32(firstStart.count - 1)
        ids.withUnsafeBufferPointer { ids in
            tokens.withUnsafeBufferPointer { tokens in
                for position in ids.indices where ids[position] < firstTokens {
                    let id = Int(ids[position])
                    for slot in Int(firstStart[id])..<Int(firstStart[id + 1]) {
                        let number = byFirst[slot]
                        let phrase = UnsafeBufferPointer(
                            rebasing: tokens[Int(start[Int(number)])..<Int(start[Int(number) + 1])])
                        guard phrase.count == 1 || Self.matches(ids, from: position, phrase),
                            !matched.contains(number)
                        else { continue }
                        matched.append(number)
                        tally.add(
                            features[Int(number)], weight: FeatureExtractor.phraseWeight, source: -1_000_000 - number)
                    }
                }
            }
        }
        addPairs(matched, to: &tally)
    }

    /// A feature for every two different phrase features met in the same text, in either order
    /// ("jadwal" with "gagal", "predikat" with "sudah beres"): what a ticket is about often
    /// lies in two things said together, which a sum of single features cannot express. Valued
    /// as a word pair; its source is the later phrase.
    private func addPairs(_ matched: [Int32], to tally: inout FeatureTally) {
        guard matched.count > 1 else { return }
        for later in 1..<matched.count {
            let second = features[Int(matched[later])]
            for earlier in 0..<later {
                let first = features[Int(matched[earlier])]
                guard first != second else { continue }
                let key = FeatureExtractor.pair(
                    Self.pairKey | UInt64(UInt32(bitPattern: min(first, second))),
                    UInt64(UInt32(bitPattern: max(first, second))))
                tally.add(key, weight: FeatureExtractor.pairWeight, source: -1_000_000 - matched[later])
            }
        }
    }

    /// Sets the features of phrase pairs apart from word pairs.
    private static let pairKey: UInt64 = 0x7061_6972_0000_0000

    /// Whether the phrase, whose first word stands at `first`, goes on in order, each word within
    /// `FeatureExtractor.phraseGap` other words of the one before (the nearest occurrence of each).
    static func matches(_ ids: UnsafeBufferPointer<Int32>, from first: Int, _ phrase: UnsafeBufferPointer<Int32>)
        -> Bool
    {
        var at = first
        for word in phrase.dropFirst() {
            let limit = min(ids.count, at + 2 + FeatureExtractor.phraseGap)
            var next = at + 1
            while next < limit, ids[next] != word { next += 1 }
            guard next < limit else { return false }
            at = next
        }
        return true
    }
}

import IndonesianText

/// Rewrites training texts with other phrasings of the concepts they mention, so the model
/// learns an issue from every way people name its parts, not only from the words the examples
/// happen to use: "jadwal observasi tidak tersimpan" also teaches "jadwal kunjungan kelas tidak
/// tersimpan".
///
/// Works on the analysed tokens (normalised and stemmed): a variant is those tokens joined by
/// spaces, which the pipeline reads back as the same tokens.
struct ConceptParaphraser: Sendable {
    /// For each concept, its phrasings as token texts.
    private let phrasings: [[[String]]]
    /// Phrasings by their first token: (concept, phrasing), longest first.
    private let byFirstToken: [String: [(concept: Int, phrasing: Int)]]
    private let pipeline: TextPipeline

    init(concepts: [Concept], pipeline: TextPipeline) {
        self.pipeline = pipeline
        let phrasings = concepts.map { concept in
            concept.phrases.map { pipeline.analyze($0).map(\.text) }.filter { !$0.isEmpty }
        }
        var byFirstToken: [String: [(concept: Int, phrasing: Int)]] = [:]
        for (concept, list) in phrasings.enumerated() {
            for (number, words) in list.enumerated() { byFirstToken[words[0], default: []].append((concept, number)) }
        }
        for key in byFirstToken.keys {
            byFirstToken[key]!.sort {
                phrasings[$0.concept][$0.phrasing].count > phrasings[$1.concept][$1.phrasing].count
            }
        }
        self.phrasings = phrasings
        self.byFirstToken = byFirstToken
    }

    /// Up to `count` variants of a text, each with every concept phrasing found in it replaced
    /// by another phrasing of the same concept; none when it mentions no concept.
    func variants(of text: String, count: Int, random: inout SplitMix64) -> [String] {
        let words = pipeline.analyze(text).map(\.text)
        // The concept phrasings in the text, left to right, longest at each place, not overlapping.
        var matches: [(start: Int, length: Int, concept: Int)] = []
        var index = 0
        while index < words.count {
            let found = byFirstToken[words[index]]?.first { candidate in
                let phrase = phrasings[candidate.concept][candidate.phrasing]
                return index + phrase.count <= words.count
                    && words[index..<(index + phrase.count)].elementsEqual(phrase)
            }
            if let found {
                let length = phrasings[found.concept][found.phrasing].count
                matches.append((index, length, found.concept))
                index += length
            } else {
                index += 1
            }
        }
        guard !matches.isEmpty else { return [] }
        return (0..<count).map { _ in
            var out: [String] = []
            var at = 0
            for match in matches {
                out += words[at..<match.start]
                let choices = phrasings[match.concept]
                out += choices[random.below(choices.count)]
                at = match.start + match.length
            }
            out += words[at...]
            return out.joined(separator: " ")
        }
    }
}

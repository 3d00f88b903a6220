/// Synthetic Pusat Bantuan tickets for demos and benchmarks: the four known issues among many
/// other topics, written formally or in chat style, with typos, abbreviations and now and then
/// personal data. The same seed always gives the same tickets.
public struct SampleGenerator: Sequence, IteratorProtocol {
    /// The first day tickets are dated (WIB); they span `days` days from it.
    public static let firstDay = TicketDate.daysFromCivil(year: 2024, month: 6, day: 1)
    /// The sample spans this many days, ending on the generator's last day.
    public static let days = 61

    private var random: SplitMix64
    private let count: Int
    private var produced = 0
    private let topicWeights: [Double]
    private let dayWeights: [[Double]]

    /// `count` tickets; the same seed gives the same tickets.
    public init(count: Int, seed: UInt64 = 1) {
        self.count = count
        random = SplitMix64(seed: seed)
        let topics = SampleVocabulary.topics
        topicWeights = topics.map(\.weight)
        // Fewer tickets on weekends, and many more during a topic's surge.
        dayWeights = topics.map { topic in
            (0..<Self.days).map { day in
                let weekday = (Self.firstDay + Int64(day) + 4) % 7  // 0 = Sunday
                let base = weekday == 0 || weekday == 6 ? 0.4 : 1.0
                return topic.surge?.contains(day) == true ? base * 6 : base
            }
        }
    }

    /// The next ticket, oldest first; nil after `count`.
    public mutating func next() -> TicketRecord? {
        guard produced < count else { return nil }
        produced += 1
        let topicIndex = random.pick(weights: topicWeights)
        let topic = SampleVocabulary.topics[topicIndex]
        let day = random.pick(weights: dayWeights[topicIndex])
        let seconds = Int64(random.below(16 * 3600)) + 6 * 3600
        let createdAt = (Self.firstDay + Int64(day)) * 86400 + seconds - TicketDate.defaultOffsetSeconds
        let role =
            topic.id == "predikat-kinerja-gagal-kirim" && random.chance(0.7)
            ? (random.chance(0.7) ? "Kepala Sekolah" : "PLT Kepala Sekolah") : random.element(SampleVocabulary.roles)
        let chat = random.chance(0.45)
        let bodyIndex = random.below(topic.bodies.count)
        // A known issue's subjects all name it; another topic's name the problem of their body.
        let subjectIndex = topic.paired ? bodyIndex : random.below(topic.subjects.count)
        var subject = fill(topic.subjects[subjectIndex], role: role)
        var body = random.element(SampleVocabulary.openers) + fill(topic.bodies[bodyIndex], role: role)
        body += personalDetail()
        body += random.element(SampleVocabulary.closers)
        if chat {
            subject = chatStyle(subject)
            body = chatStyle(body)
        } else if random.chance(0.05) {
            subject = subject.uppercased()
        }
        var tags = topic.tags.filter { _ in random.chance(0.6) }
        if random.chance(0.3) { tags.append("pmm") }
        return TicketRecord(
            source: ExportDialect.plain.rawValue, externalID: "PB-" + zeroPadded(produced, 7), createdAt: createdAt,
            subject: subject, description: body, requesterRole: role,
            province: SampleVocabulary.provinces[random.pick(weights: SampleVocabulary.provinceWeights)],
            channel: random.element(SampleVocabulary.channels), status: random.element(SampleVocabulary.statuses),
            tags: tags, extra: requester())
    }

    /// The template with each {slot} filled in.
    private mutating func fill(_ template: String, role: String) -> String {
        let pieces = template.utf8.split(separator: UInt8(ascii: "{"), omittingEmptySubsequences: false)
        var text = String(Substring(pieces[0]))
        for piece in pieces.dropFirst() {
            guard let close = piece.firstIndex(of: UInt8(ascii: "}")) else {
                text += "{" + Substring(piece)
                continue
            }
            switch Substring(piece[..<close]) {
            case "peran": text += role.lowercased()
            case "sekolah": text += school()
            case "jumlah": text += String(random.below(30) + 3)
            case "nip": text += digits(18)
            case "nik": text += digits(16)
            default: text += "{" + Substring(piece[...close])
            }
            text += Substring(piece[piece.index(after: close)...])
        }
        return text
    }

    /// Who wrote, as a help desk's export has them: a name and an address, from a pool of
    /// teachers about half as large as the tickets, so some write more than once.
    private mutating func requester() -> [String: String] {
        let person = random.below(Swift.max(20, count / 2))
        let name = SampleVocabulary.names[person % SampleVocabulary.names.count]
        let mailbox = name.lowercased().split(separator: " ").joined(separator: ".")
        return [Self.requesterColumns[0]: name, Self.requesterColumns[1]: "\(mailbox).\(person)@guru.belajar.id"]
    }

    /// The extra columns each sample ticket has: who wrote, by name and address.
    public static let requesterColumns = ["Nama Pelapor", "Email"]

    private mutating func school() -> String {
        "\(random.element(SampleVocabulary.schoolKinds)) \(random.below(20) + 1) \(random.element(SampleVocabulary.towns))"
    }

    /// Now and then the personal data teachers put in tickets, which reports must mask.
    private mutating func personalDetail() -> String {
        switch random.below(12) {
        case 0: return " NIP saya \(digits(18))."
        case 1: return " No HP/WA 08\(digits(10))."
        case 2:
            let name = random.element(SampleVocabulary.names)
            let mailbox = name.lowercased().split(separator: " ").joined(separator: ".")
            return " Nama saya \(name), email \(mailbox)@guru.sd.belajar.id."
        case 3: return " NUPTK \(digits(16))."
        default: return ""
        }
    }

    /// Lower case, with chat spelling for some words (the templates are ASCII, so bytes will do).
    private mutating func chatStyle(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let lower = text.lowercased()
        for (index, word) in lower.utf8.split(separator: 0x20, omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += " " }
            var bareEnd = word.endIndex
            while bareEnd > word.startIndex, Self.isPunctuation(word[word.index(before: bareEnd)]) {
                bareEnd = word.index(before: bareEnd)
            }
            let bare = String(Substring(word[..<bareEnd]))
            if let forms = SampleVocabulary.chatSpelling[bare], random.chance(0.6) {
                out += random.element(forms)
                out += Substring(word[bareEnd...])
            } else {
                out += Substring(word)
            }
        }
        if random.chance(0.3) { out += random.chance(0.5) ? " 🙏" : "!!" }
        return out
    }

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ";")
    }

    private mutating func digits(_ count: Int) -> String {
        var text = String(random.below(9) + 1)
        for _ in 1..<count { text += String(random.below(10)) }
        return text
    }
}

func zeroPadded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

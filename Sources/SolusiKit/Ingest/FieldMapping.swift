/// The ticket fields Solusi understands; every other column is kept as an extra.
public enum TicketField: String, CaseIterable, Sendable {
    case id
    case createdAt = "created_at"
    case subject
    case description
    case requesterRole = "requester_role"
    case province
    case channel
    case status
    case tags
}

/// The help desk an export comes from; it names the tickets' source unless `--source` does.
public enum ExportDialect: String, Sendable {
    /// Pusat Bantuan's own CSV (the header in DESIGN.md) or JSON Lines.
    case plain = "pusat-bantuan"
    case zendesk
    case freshdesk
}

/// The values of one record by field, before validation.
struct TicketFields {
    /// Indexed by `TicketField.index`: a plain array, because this runs for every record.
    private var storage = [String?](repeating: nil, count: TicketField.allCases.count)
    var tagList: [String]?
    var extra: [String: String] = [:]
    /// Why the record cannot be a ticket, when reading it already showed (an id that is an object).
    var problem: String?

    subscript(field: TicketField) -> String? {
        get { storage[field.index] }
        set { storage[field.index] = newValue }
    }
}

extension TicketField {
    /// The field's position in `allCases`.
    var index: Int {
        switch self {
        case .id: 0
        case .createdAt: 1
        case .subject: 2
        case .description: 3
        case .requesterRole: 4
        case .province: 5
        case .channel: 6
        case .status: 7
        case .tags: 8
        }
    }
}

/// Decides which column (or JSON key) holds which field.
///
/// Names are compared without case, spaces, `_` or `-`, so "Created at", "created_at" and
/// "CreatedAt" are one name. User mappings (`--map field=Column`) win over the built-in names.
public struct FieldMapping: Sendable {
    /// Built-in names per field, best first. Covers the plain header, Zendesk's and Freshdesk's
    /// CSV and API exports, and the Indonesian column names of spreadsheets kept by hand.
    static let aliases: [TicketField: [String]] = [
        .id: ["id", "ticketid", "ticketno", "ticketnumber", "nomortiket", "notiket", "idtiket"],
        .createdAt: [
            "createdat", "createdtime", "created", "createddate", "datecreated", "tanggaldibuat", "dibuat", "tanggal",
            "waktu",
        ],
        .subject: ["subject", "rawsubject", "title", "judul", "perihal", "subjek"],
        .description: [
            "descriptiontext", "description", "text", "body", "deskripsi", "isi", "pesan", "keluhan", "message",
            "content", "isikeluhan", "isipesan", "isitiket", "isilaporan", "isiaduan", "uraian", "uraianmasalah",
            "uraiankeluhan", "pertanyaan", "detail", "detailkeluhan", "detailmasalah", "rincian", "rinciankeluhan",
            "permasalahan", "masalah", "kendala", "deskripsimasalah", "deskripsikeluhan", "keterangan", "aduan",
        ],
        .requesterRole: ["requesterrole", "role", "peran", "jabatan", "perananpengguna"],
        .province: ["province", "provinsi", "requesterprovince", "region"],
        .channel: ["channel", "via", "kanal", "saluran"],
        .status: ["status", "ticketstatus"],
        .tags: ["tags", "tag"],
    ]

    /// Freshdesk calls the channel "Source".
    static let freshdeskAliases: [TicketField: [String]] = [.channel: ["source"]]

    /// The column named for each field given.
    public var overrides: [TicketField: String]

    /// A mapping; no overrides means the recognised headers only.
    public init(overrides: [TicketField: String] = [:]) {
        self.overrides = overrides
    }

    /// Parses `--map` arguments of the form `field=Column`.
    public init(arguments: [String]) throws(IngestError) {
        var overrides: [TicketField: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="),
                let field = TicketField(rawValue: String(argument[..<equals]).trimmed)
            else { throw .invalidMapping(argument) }
            let column = String(argument[argument.index(after: equals)...]).trimmed
            guard !column.isEmpty else { throw .invalidMapping(argument) }
            overrides[field] = column
        }
        self.overrides = overrides
    }

    static func normalize(_ name: String) -> String {
        String(
            name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(
                Character.init))
    }

    /// The field each name stands for; names that stand for none map to nil.
    func fields(for names: [String], dialect: ExportDialect) -> [TicketField?] {
        var result = [TicketField?](repeating: nil, count: names.count)
        var taken = Set<TicketField>()
        let normalized = names.map(Self.normalize)
        for (field, column) in overrides {
            if let index = names.firstIndex(where: { $0.lowercased() == column.lowercased() }) {
                result[index] = field
                taken.insert(field)
            }
        }
        for field in TicketField.allCases where !taken.contains(field) {
            var candidates = Self.aliases[field] ?? []
            if dialect == .freshdesk { candidates = (Self.freshdeskAliases[field] ?? []) + candidates }
            for alias in candidates {
                if let index = normalized.indices.first(where: { normalized[$0] == alias && result[$0] == nil }) {
                    result[index] = field
                    break
                }
            }
        }
        if !result.contains(.description) {
            // "Isi Keluhan Guru": a column whose name holds a word of the ticket's text.
            search: for word in Self.descriptionWords {
                for index in normalized.indices where result[index] == nil && normalized[index].hasPrefix(word) {
                    result[index] = .description
                    break search
                }
            }
        }
        return result
    }

    /// Fields no column was found for that a ticket cannot do without.
    ///
    /// A text column is one of them: a ticket stored with its subject only would be classified
    /// from a few words, and nothing would say why. Zendesk's and Freshdesk's CSV exports are the
    /// exception: their descriptions are left out by design (Zendesk has no such column,
    /// Freshdesk only when it is picked), and their subjects are what the agents wrote.
    static func missingRequired(_ fields: [TicketField?], dialect: ExportDialect) -> [String] {
        var missing: [String] = []
        if !fields.contains(.id) { missing.append("id") }
        if !fields.contains(.createdAt) { missing.append("created_at") }
        if !fields.contains(.description), dialect == .plain || !fields.contains(.subject) {
            missing.append(fields.contains(.subject) ? "description (isi tiket)" : "subject atau description")
        }
        return missing
    }

    /// Header words that mark the ticket's text when no column has one of its exact names
    /// ("Isi Keluhan Guru", "Uraian Masalah").
    static let descriptionWords = [
        "deskripsi", "description", "keluhan", "uraian", "pertanyaan", "permasalahan", "masalah", "kendala", "pesan",
        "aduan", "isi", "detail", "rincian",
    ]
}

/// The CSV dialect a header shows: Freshdesk writes "Ticket ID" and "Created time",
/// Zendesk "Id" and "Created at".
func csvDialect(header: [String]) -> ExportDialect {
    let names = Set(header.map { $0.lowercased().trimmed })
    if names.contains("ticket id") || names.contains("created time") { return .freshdesk }
    if names.contains("created at") || names.contains("requester") || names.contains("via") { return .zendesk }
    return .plain
}

extension String {
    /// The text without leading and trailing white space.
    var trimmed: String {
        // Most values need no trimming; bytes that are neither ASCII white space nor non-ASCII
        // (where U+00A0 and friends live) at both ends prove it without decoding anything.
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        func mayBeSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80 }
        if !mayBeSpace(first) && !mayBeSpace(last) { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}

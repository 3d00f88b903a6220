import Foundation

/// Turns the fields of one record into a ticket, or says why it cannot be one.
struct TicketValidation {
    var source: String
    /// Now, in seconds since 1970: a ticket may not be created more than a day after it.
    var now = Clock.system.now
    /// No help-desk ticket is older (see `TicketDate.earliest`).
    static let earliest = TicketDate.earliest
    /// Longest id accepted; anything longer is not an id but a misplaced column.
    static let maxIDLength = 200

    /// Which of a numeric date's numbers is the day: given (`--date-order`), or learnt from the
    /// file's first date with a day over 12, and kept for the rest of the file.
    var dateOrder: DateOrder?

    mutating func ticket(from fields: TicketFields) -> Result<TicketRecord, ValidationFailure> {
        if let problem = fields.problem { return .failure(.init(problem)) }
        let id = (fields[.id] ?? "").trimmed
        guard !id.isEmpty else { return .failure(.init("id tiket kosong")) }
        guard id.count <= Self.maxIDLength else {
            return .failure(.init("id tiket lebih dari \(Self.maxIDLength) karakter"))
        }
        let dateText = (fields[.createdAt] ?? "").trimmed
        guard !dateText.isEmpty else { return .failure(.init("tanggal dibuat (created_at) kosong")) }
        let createdAt: Int64
        switch TicketDate.read(dateText, order: dateOrder) {
        case .instant(let seconds, let reveals):
            createdAt = seconds
            if dateOrder == nil, let reveals { dateOrder = reveals }
        case .ambiguous:
            // Held back until a later date of the file tells the order; rejected with this
            // reason when none does.
            return .failure(
                .init(
                    "tanggal \"\(dateText.prefix(60))\" bisa dibaca hari/bulan atau bulan/hari, dan tidak ada tanggal di berkas ini yang memastikannya; ulangi dengan --date-order dmy (hari dulu, kebiasaan Indonesia) atau mdy",
                    ambiguousDate: true))
        case .invalid:
            if let order = dateOrder, case .instant = TicketDate.read(dateText) {
                return .failure(
                    .init(
                        "tanggal \"\(dateText.prefix(60))\" tidak cocok dengan urutan tanggal berkas ini (\(order.spelledOut)); periksa baris ini atau pakai --date-order"
                    ))
            }
            return .failure(
                .init(
                    "tanggal \"\(dateText.prefix(60))\" tidak dapat dibaca; gunakan mis. 2024-07-11T08:15:00+07:00, 11/07/2024 08:15 atau 11 Juli 2024"
                ))
        }
        guard createdAt >= Self.earliest else {
            return .failure(.init("tanggal \"\(dateText.prefix(60))\" sebelum tahun 2000; periksa kolom created_at"))
        }
        guard createdAt <= now + 86_400 else {
            return .failure(
                .init("tanggal \"\(dateText.prefix(60))\" lebih dari sehari di masa depan; periksa kolom created_at"))
        }
        let subject = (fields[.subject] ?? "").trimmed
        let description = (fields[.description] ?? "").trimmed
        guard !subject.isEmpty || !description.isEmpty else {
            return .failure(.init("subjek dan deskripsi keduanya kosong"))
        }
        return .success(
            TicketRecord(
                source: source, externalID: id, createdAt: createdAt, subject: subject, description: description,
                requesterRole: fields[.requesterRole]?.nonEmptyTrimmed,
                province: fields[.province]?.nonEmptyTrimmed,
                channel: fields[.channel]?.nonEmptyTrimmed,
                status: fields[.status]?.nonEmptyTrimmed,
                tags: fields.tagList ?? Self.splitTags(fields[.tags] ?? ""),
                extra: fields.extra))
    }

    /// Tags separated by `;`, `,` or white space, in order, without repeats.
    static func splitTags(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var tags: [String] = []
        for piece in text.utf8.split(whereSeparator: {
            $0 == 0x3B || $0 == 0x2C || $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D
        }) {
            let tag = String(Substring(piece))
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }
}

struct ValidationFailure: Error {
    var reason: String
    /// The record's date could be read two ways and the file has not yet said which.
    var ambiguousDate = false
    init(_ reason: String, ambiguousDate: Bool = false) {
        self.reason = reason
        self.ambiguousDate = ambiguousDate
    }
}

extension DateOrder {
    /// The order in words, for messages.
    public var spelledOut: String {
        switch self {
        case .dmy: "hari/bulan/tahun"
        case .mdy: "bulan/hari/tahun"
        }
    }
}

extension String {
    var nonEmptyTrimmed: String? {
        let value = trimmed
        return value.isEmpty ? nil : value
    }
}

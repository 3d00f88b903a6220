import Foundation
import Synchronization

/// Where a record came from: the file and its line, or its record number in a JSON document.
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line the record starts on.
    public var line: Int
    /// The 1-based record number, for JSON documents where one record spans many lines.
    public var record: Int?

    /// A place in a file.
    public init(file: String, line: Int, record: Int? = nil) {
        self.file = file
        self.line = line
        self.record = record
    }

    /// `file:line`, or `file:line (rekaman N)` for a JSON document.
    public var description: String {
        if let record { return "\(file):\(line) (rekaman \(record))" }
        return "\(file):\(line)"
    }
}

/// A ticket as read from an export, validated and ready to store.
public struct TicketRecord: Sendable, Hashable {
    /// The help desk the ticket belongs to, for example `zendesk`; with `externalID` it identifies the ticket.
    public var source: String
    /// The ticket id in its help desk.
    public var externalID: String
    /// Creation time, seconds since 1970-01-01 UTC.
    public var createdAt: Int64
    /// The subject line as written.
    public var subject: String
    /// The ticket's body as written.
    public var description: String
    /// Who asked: Guru, Kepala Sekolah, Operator Sekolah…
    public var requesterRole: String?
    /// The requester's province.
    public var province: String?
    /// How the ticket came in: web, e-mail, WhatsApp, phone…
    public var channel: String?
    /// The help desk's own status of the ticket (open, pending, solved…).
    public var status: String?
    /// The help desk's tags.
    public var tags: [String]
    /// Columns the model does not know, kept as they were: column name and value.
    public var extra: [String: String]

    /// A ticket record.
    public init(
        /// A ticket record.
        source: String, externalID: String, createdAt: Int64, subject: String, description: String,
        requesterRole: String? = nil, province: String? = nil, channel: String? = nil,
        status: String? = nil, tags: [String] = [], extra: [String: String] = [:]
    ) {
        self.source = source
        self.externalID = externalID
        self.createdAt = createdAt
        self.subject = subject
        self.description = description
        self.requesterRole = requesterRole
        self.province = province
        self.channel = channel
        self.status = status
        self.tags = tags
        self.extra = extra
    }

    /// What the ticket says: its subject and description, a line break apart. Every part of
    /// Solusi that reads a ticket's words (classifier, clusters, drafts) reads this.
    public var text: String { Self.text(subject: subject, description: description) }

    /// The text of a ticket with this subject and description.
    public static func text(subject: String, description: String) -> String { subject + "\n" + description }

    /// Whether the help desk has closed the ticket (its status says so in English or
    /// Indonesian): it needs no reply any more.
    public var isClosed: Bool { HelpDeskStatus.isClosed(status) }

    /// A stable hash of what the ticket says; a change means it must be classified again.
    public var textHash: Int64 {
        var hasher = StableHasher()
        hasher.combine(subject)
        hasher.combine(description)
        return hasher.value
    }

    /// A stable hash of every stored field; a change means the stored ticket is updated.
    public var contentHash: Int64 {
        var hasher = StableHasher()
        hasher.combine(subject)
        hasher.combine(description)
        hasher.combine(String(createdAt))
        for field in [requesterRole, province, channel, status] { hasher.combine(field ?? "\u{1}") }
        for tag in tags { hasher.combine(tag) }
        for key in extra.keys.sorted() {
            hasher.combine(key)
            hasher.combine(extra[key]!)
        }
        return hasher.value
    }
}

/// A stored ticket.
public struct Ticket: Sendable, Hashable {
    /// The store's own row id.
    public var rowID: Int64
    /// What the ticket says.
    public var record: TicketRecord
    /// When the ticket was first stored and last changed, seconds since 1970 UTC.
    public var ingestedAt: Int64
    /// When it last changed.
    public var updatedAt: Int64
    /// The row of the first ticket of the same request when this one repeats it (see `Duplicates`).
    public var duplicateOf: Int64?

    /// A stored ticket.
    public init(rowID: Int64, record: TicketRecord, ingestedAt: Int64, updatedAt: Int64, duplicateOf: Int64? = nil) {
        self.rowID = rowID
        self.record = record
        self.ingestedAt = ingestedAt
        self.updatedAt = updatedAt
        self.duplicateOf = duplicateOf
    }
}

/// A record that could not be stored, kept for review.
public struct RejectedRecord: Sendable, Hashable {
    /// Where the record is.
    public var location: RecordLocation
    /// Why it was rejected, in words an agent understands.
    public var reason: String
    /// The record's raw text (cut to a readable length), so nothing is lost from sight.
    public var raw: String

    /// A reject.
    public init(location: RecordLocation, reason: String, raw: String) {
        self.location = location
        self.reason = reason
        self.raw = raw
    }
}

/// 64-bit FNV-1a: unlike `Hasher`, the same input gives the same value in every process.
struct StableHasher {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { bytes in
            for byte in bytes {
                state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        // A separator that cannot occur in UTF-8 keeps ("ab","c") apart from ("a","bc").
        state = (state ^ 0xff) &* 0x0000_0100_0000_01b3
    }

    var value: Int64 { Int64(bitPattern: state) }
}

extension TicketRecord {
    /// Names of export columns that say who asked (Zendesk's "Requester", Freshdesk's "Requester
    /// email", Indonesian "Pelapor"…), compared without case, spaces or punctuation.
    static let requesterColumns = [
        "requester", "requesterid", "requesteremail", "requestername", "email", "pelapor", "namapelapor",
        "emailpelapor", "contact", "kontak",
    ]

    /// Who asked, as the help desk knows them (an id, an address or a name), from the kept export
    /// columns; nil when the export had none. Read for every ticket at ingest: no dictionary is built.
    public var requester: String? {
        bestExtra(rank: Self.requesterRank(of:), accept: { !$0.isEmpty })
    }

    /// The value, trimmed, of the extra column ranked best (lowest) by `rank`, among the values
    /// `accept` takes; nil when there is none.
    private func bestExtra(rank: (String) -> Int?, accept: (String) -> Bool) -> String? {
        var best: (rank: Int, value: String)?
        for (column, value) in extra {
            guard let rank = rank(column), rank < best?.rank ?? .max else { continue }
            let trimmed = Self.trimmed(value)
            if accept(trimmed) { best = (rank, trimmed) }
        }
        return best?.value
    }

    /// Export columns that hold the requester's name (Zendesk's CSV "Requester" is the name),
    /// best first, compared as `requesterColumns`.
    static let nameColumns = [
        "requestername", "namapelapor", "namalengkap", "namaguru", "nama", "name", "requester", "pelapor",
    ]

    /// The requester's name for a reply's greeting, from a name column; nil when there is none
    /// or its value is no plain name (an address, a number, several lines, over 60 characters).
    public var requesterName: String? {
        bestExtra(
            rank: { Self.nameColumns.firstIndex(of: Self.letters(of: $0)) },
            accept: { name in
                !name.isEmpty && name.count <= 60
                    && name.unicodeScalars.allSatisfy {
                        $0.properties.isAlphabetic || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" || $0 == ","
                    }
            })
    }

    /// A column's name as the lists of names compare it: its letters, lower-cased.
    private static func letters(of column: String) -> String {
        String(column.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic })
    }

    private static let requesterRanks = Dictionary(
        uniqueKeysWithValues: requesterColumns.enumerated().map { ($0.element, $0.offset) })
    /// Column names seen, with their rank among `requesterColumns` (nil: not a requester column):
    /// an export has a handful of names, and a million tickets ask about them.
    private static let seenColumns = Mutex<[String: Int?]>([:])

    /// Where a column stands among `requesterColumns` (compared by its letters, lowercased); nil
    /// when it names no requester.
    private static func requesterRank(of column: String) -> Int? {
        if let known = seenColumns.withLock({ $0[column] }) { return known }
        let rank = requesterRanks[letters(of: column)]
        seenColumns.withLock { seen in
            if seen.count > 1000 { seen.removeAll() }
            seen[column] = .some(rank)
        }
        return rank
    }

    /// The value without spaces around it (Foundation only when there are any).
    private static func trimmed(_ value: String) -> String {
        guard let first = value.utf8.first, let last = value.utf8.last else { return value }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        return space(first) || space(last) ? value.trimmingCharacters(in: .whitespaces) : value
    }
}

/// The help desk's own status of a ticket, as far as the queue cares: whether it is closed.
public enum HelpDeskStatus {
    /// Statuses that mean the help desk already solved or closed the ticket: Zendesk's,
    /// Freshdesk's, and what Indonesian spreadsheets write. Lower case; compared without case.
    /// The stores' queue indexes are built on this list: changing it needs a migration.
    public static let closedWords = [
        "solved", "closed", "resolved", "done", "selesai", "ditutup", "tutup", "terselesaikan", "sudah selesai",
    ]

    /// Whether a ticket with this status is closed.
    public static func isClosed(_ status: String?) -> Bool {
        guard let status else { return false }
        return closedWords.contains(status.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The SQL condition, the same text on both backends, that holds for an open ticket:
    /// written so that a partial index with this condition serves the queries that use it.
    public static let openCondition: String =
        "(status IS NULL OR lower(status) NOT IN ("
        + closedWords.map { "'\($0)'" }.joined(separator: ", ") + "))"

    /// `openCondition` for the ticket table under the alias `t`.
    public static let openConditionOfT: String = openCondition.replacingOccurrences(of: "status", with: "t.status")
}

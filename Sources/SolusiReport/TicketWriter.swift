import SolusiKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered byte writer to a file descriptor (a file or standard output).
public final class ByteSink {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    public let path: String

    /// Creates or truncates a file.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        descriptor = fd
        ownsDescriptor = true
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes to standard output.
    public init() {
        descriptor = STDOUT_FILENO
        ownsDescriptor = false
        path = "stdout"
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        try? flush()
        if ownsDescriptor { close(descriptor) }
    }
}

/// A failure to write output.
public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): tidak dapat menulis (\(reason))."
        }
    }
}

/// Writes tickets as the plain CSV (the header in DESIGN.md) or as JSON Lines with the same fields.
public struct TicketWriter {
    public enum Format: String, CaseIterable, Sendable { case csv, jsonl }

    public static let csvHeader = "id,created_at,subject,description,requester_role,province,channel,status,tags"

    public let format: Format
    private let sink: ByteSink

    public init(format: Format, sink: ByteSink) throws {
        self.format = format
        self.sink = sink
        if format == .csv { try sink.write(Self.csvHeader + "\n") }
    }

    public func write(_ ticket: TicketRecord) throws {
        let created = TicketDate.isoString(ticket.createdAt)
        switch format {
        case .csv:
            let fields = [
                ticket.externalID, created, ticket.subject, ticket.description, ticket.requesterRole ?? "",
                ticket.province ?? "", ticket.channel ?? "", ticket.status ?? "", ticket.tags.joined(separator: ";"),
            ]
            try sink.write(fields.map(Self.csvField).joined(separator: ",") + "\n")
        case .jsonl:
            var line = "{\"id\":\(jsonString(ticket.externalID)),\"created_at\":\"\(created)\""
            line += ",\"subject\":\(jsonString(ticket.subject)),\"description\":\(jsonString(ticket.description))"
            for (key, value) in [
                ("requester_role", ticket.requesterRole), ("province", ticket.province), ("channel", ticket.channel),
                ("status", ticket.status),
            ] {
                if let value { line += ",\"\(key)\":\(jsonString(value))" }
            }
            line += ",\"tags\":[" + ticket.tags.map(jsonString).joined(separator: ",") + "]}\n"
            try sink.write(line)
        }
    }

    public func finish() throws { try sink.flush() }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }
}

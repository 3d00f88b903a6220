import Foundation

/// Where "now" comes from: the system's time, or a fixed one in tests. Every stamp Solusi
/// writes (ingested, classified, labelled, notified, generated) is read from a clock passed in.
public struct Clock: Sendable {
    private let read: @Sendable () -> Int64

    /// A clock that answers with `read()`, seconds since 1970-01-01 UTC.
    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    /// The system's time.
    public static let system = Clock { Int64(Date().timeIntervalSince1970) }

    /// A clock that always answers `seconds`.
    public static func fixed(_ seconds: Int64) -> Clock { Clock { seconds } }

    /// Seconds since 1970-01-01 UTC.
    public var now: Int64 { read() }

    /// Today in WIB.
    public var today: Day { Day(seconds: now) }
}

import Foundation
import SolusiKit

/// A PostgreSQL database named by a URL:
/// `postgresql://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=FILE]` (also
/// `postgres://`). What the URL leaves out comes from libpq's variables: `PGUSER`, `PGPASSWORD`,
/// `PGHOST`, `PGPORT`, `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable {
        /// Never.
        case disable
        /// When the server offers it.
        case prefer
        /// Always, without checking the server's certificate (libpq's `require`) — unless a root
        /// certificate is named, when it is checked as `verify-ca` checks it (libpq does the same).
        case require
        /// Always, checking that a trusted authority signed the certificate, not the host name.
        case verifyCA = "verify-ca"
        /// Always, checking the certificate and the host name (libpq's `verify-full`).
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// Whether the host is written as an IPv4 or IPv6 address rather than a name.
    public var hostIsAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }
    /// The server's port.
    public var port: Int
    /// The user to log in as.
    public var user: String
    /// The password, if any. Never shown: `description` leaves it out.
    public var password: String?
    /// The database's name.
    public var database: String
    /// Whether and how to use TLS.
    public var tls: TLSMode
    /// The file of the authorities trusted to sign the server's certificate (`sslrootcert`,
    /// `PGSSLROOTCERT`, else `~/.postgresql/root.crt` when there is one); nil, or `system`, for
    /// the system's own trusted authorities.
    public var rootCertificate: String?

    /// Reads a URL; throws when it is not one of a PostgreSQL database.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let shown = Workspace.redacted(url)
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://"),
            let parts = URLComponents(string: url)
        else { throw PostgresStoreError.badURL(shown, reason: "bukan URL postgresql://") }
        // libpq's parameters may also be given in the query (`?user=…&password=…`).
        let query = { (name: String) in parts.queryItems?.first { $0.name == name }?.value }
        user =
            parts.user.flatMap { $0.removingPercentEncoding } ?? query("user") ?? environment["PGUSER"]
            ?? environment["USER"] ?? "postgres"
        password =
            parts.password.flatMap { $0.removingPercentEncoding } ?? query("password") ?? environment["PGPASSWORD"]
        host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        let portText = parts.port.map(String.init) ?? query("port") ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw PostgresStoreError.badURL(shown, reason: "port \"\(portText)\" harus angka 1–65535")
        }
        self.port = port
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = path.isEmpty ? environment["PGDATABASE"] ?? user : path.removingPercentEncoding ?? path
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? environment["PGSSLMODE"] ?? "prefer"
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require": tls = .require
        case "verify-ca": tls = .verifyCA
        case "verify-full": tls = .verifyFull
        default: throw PostgresStoreError.badURL(shown, reason: "sslmode \"\(mode)\" tidak dikenal")
        }
        let home = environment["HOME"].map { $0 + "/.postgresql/root.crt" }
        rootCertificate =
            query("sslrootcert") ?? environment["PGSSLROOTCERT"]
            ?? home.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// `postgresql://user@host:port/database`, without the password.
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}

/// What went wrong with the PostgreSQL database, in words for the user; never with a password.
public enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The URL cannot be read.
    case badURL(String, reason: String)
    /// The server cannot be reached or refused the login.
    case cannotConnect(String, reason: String)
    /// A query failed.
    case queryFailed(String)
    /// The database was made by a newer Solusi.
    case newerSchema(String)
    /// The connection closed under a query: the server stopped, restarted or was cut off.
    case connectionLost(String)

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            return
                "\(url): URL basis data tidak dapat dibaca (\(reason)). Contoh: postgresql://solusi@localhost:5432/solusi"
        case .cannotConnect(let database, let reason):
            return
                "\(database): tidak dapat tersambung ke PostgreSQL (\(reason)). Periksa host, port, pengguna dan PGPASSWORD."
        case .queryFailed(let reason):
            return "PostgreSQL menolak perintah: \(reason)"
        case .newerSchema(let name):
            return "basis data memakai skema \(name) yang belum dikenal versi Solusi ini; perbarui Solusi."
        case .connectionLost(let database):
            return
                "\(database): sambungan ke PostgreSQL terputus (server berhenti atau dimulai ulang). Yang belum tersimpan dibatalkan; jalankan perintahnya lagi setelah server kembali."
        }
    }
}

/// The PostgreSQL backend, as a program links it: `Workspace.openServer` is `PostgreSQL.openStore`.
public enum PostgreSQL {
    /// The store of the database a `postgresql://` URL names: connected, its schema brought up to date.
    @Sendable
    public static func openStore(url: String, clock: Clock) throws -> any TicketStore {
        try PostgresStore.open(url: url, clock: clock)
    }
}

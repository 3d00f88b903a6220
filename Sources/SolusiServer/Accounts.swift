import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import SolusiKit

/// Console accounts: adding and removing them, logging in and out, and the session a browser's
/// cookie stands for. Passwords are hashed with bcrypt on NIO's blocking thread pool, never on an
/// event loop, and never logged or stored in the clear; sessions and failed logins live in the
/// database, so several `solusi serve` processes share them.
public struct Accounts: Sendable {
    /// Where accounts, sessions and failed logins are kept.
    public let store: any AccountStore
    /// Where "now" comes from.
    public let clock: Clock
    /// bcrypt's cost: 2^cost rounds. The console uses `defaultCost`; tests may use less.
    public let cost: UInt8
    /// How long a session lives without being used.
    public var idleTimeout: Int64 = 30 * 60
    /// Failed logins for one name or one address within `throttleWindow` before more are refused.
    public var throttleLimit = 5
    /// The window `throttleLimit` counts in, in seconds.
    public var throttleWindow: Int64 = 15 * 60

    /// bcrypt's cost for the console's passwords.
    public static let defaultCost: UInt8 = 12
    /// The shortest password accepted.
    public static let minimumPasswordLength = 8

    /// The accounts kept in `store`.
    public init(store: any AccountStore, clock: Clock = .system, cost: UInt8 = Accounts.defaultCost) {
        self.store = store
        self.clock = clock
        self.cost = cost
    }

    /// Why an account could not be made or changed, in Bahasa Indonesia.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case badName(String)
        case shortPassword
        case noSuchAgent(String)

        /// The message.
        public var description: String {
            switch self {
            case .badName(let name):
                "nama akun \"\(terminalSafe(name))\" tidak dapat dipakai: 1–64 huruf, angka, titik, garis bawah atau tanda hubung."
            case .shortPassword:
                "kata sandi terlalu pendek: paling sedikit \(Accounts.minimumPasswordLength) karakter."
            case .noSuchAgent(let name): "tidak ada akun bernama \(terminalSafe(name))."
            }
        }
    }

    /// Whether a name can be an account's: it appears in labels, logs and URLs.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-".unicodeScalars.contains($0)
            }
    }

    /// Makes an account.
    public func add(name: String, role: AgentRole, password: String) async throws {
        guard Self.isValidName(name) else { throw Problem.badName(name) }
        let hash = try await hashed(password)
        try await store.addAgent(Agent(name: name, role: role, passwordHash: hash, createdAt: clock.now))
    }

    /// Every account, by name.
    public func list() async throws -> [Agent] { try await store.agents() }

    /// Removes an account, logging it out everywhere.
    public func remove(name: String) async throws {
        guard try await store.removeAgent(named: name) else { throw Problem.noSuchAgent(name) }
    }

    /// Gives an account a new password, logging it out everywhere.
    public func setPassword(name: String, password: String) async throws {
        let hash = try await hashed(password)
        guard try await store.setPasswordHash(hash, ofAgent: name) else { throw Problem.noSuchAgent(name) }
    }

    private func hashed(_ password: String) async throws -> String {
        guard password.count >= Self.minimumPasswordLength else { throw Problem.shortPassword }
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// What a login attempt came to.
    public enum Login: Sendable {
        /// In: the cookie's token, and the session it stands for.
        case signedIn(token: String, session: ConsoleSession, agent: Agent)
        /// Wrong name or wrong password: the same answer for both.
        case refused
        /// Too many failures for this name or this address lately; the password was not checked.
        case throttled
    }

    /// Checks a name and password from `address`. A name or an address with `throttleLimit`
    /// failures in the last `throttleWindow` seconds is refused without checking the password;
    /// an unknown name costs as much time as a wrong password, so neither tells which it was.
    public func login(name: String, password: String, address: String) async throws -> Login {
        let now = clock.now
        let keys = ["name:" + name, "address:" + address]
        if try await store.failedLogins(keys: keys, since: now - throttleWindow) >= throttleLimit { return .throttled }
        let agent = try await store.agent(named: name)
        let hash = agent?.passwordHash
        let matches = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: hash ?? Self.decoyHash)
        }
        guard let agent, matches else {
            _ = try await store.recordFailedLogin(
                keys: keys, at: now, since: now - throttleWindow, forgetBefore: now - 24 * 3600)
            return .refused
        }
        let token = Self.randomToken()
        let session = ConsoleSession(
            key: Self.key(of: token), agent: agent.name, csrf: Self.randomToken(), expiresAt: now + idleTimeout)
        try await store.addSession(session, now: now)
        return .signedIn(token: token, session: session, agent: agent)
    }

    /// The live session a cookie's token stands for, its end moved to `idleTimeout` from now;
    /// nil when it ended. The end is written at most once a minute, so most requests only read.
    public func session(token: String) async throws -> (session: ConsoleSession, agent: Agent)? {
        guard Self.looksLikeToken(token) else { return nil }
        let now = clock.now
        guard var (session, agent) = try await store.session(key: Self.key(of: token), now: now) else { return nil }
        if session.expiresAt < now + idleTimeout - 60 {
            session.expiresAt = now + idleTimeout
            try await store.extendSession(key: session.key, until: session.expiresAt)
        }
        return (session, agent)
    }

    /// Ends the session a token stands for.
    public func logout(token: String) async throws {
        guard Self.looksLikeToken(token) else { return }
        try await store.removeSession(key: Self.key(of: token))
    }

    /// 32 random bytes from the system's secure generator, as 64 hex digits.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<32).map { _ in generator.next() as UInt8 })
    }

    /// Whether a cookie's value has a token's shape (64 hex digits).
    static func looksLikeToken(_ value: String) -> Bool {
        value.utf8.count == 64
            && value.utf8.allSatisfy {
                ("0"..."9").contains(UnicodeScalar($0)) || ("a"..."f").contains(UnicodeScalar($0))
            }
    }

    /// The digest a session is kept under: a copy of the database holds no usable cookie.
    static func key(of token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    public static func sameSecret(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Bytes as lower-case hex digits, two a byte.
    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// A hash no password matches in practice, checked for unknown names so they take as long.
    private static let decoyHash = Bcrypt.hash(randomToken(), cost: defaultCost)
}

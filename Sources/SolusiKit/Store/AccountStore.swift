/// What a console account may do: an agent triages; a lead also changes issue statuses and
/// downloads notification files.
public enum AgentRole: String, Sendable, Hashable, Codable, CaseIterable {
    case agent, lead
}

/// A console account. The password is kept only as its bcrypt hash.
public struct Agent: Sendable, Hashable {
    /// The name the agent logs in with, and signs labels with.
    public var name: String
    /// What the account may do.
    public var role: AgentRole
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// When the account was made (Unix seconds).
    public var createdAt: Int64

    /// An account.
    public init(name: String, role: AgentRole, passwordHash: String, createdAt: Int64) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A logged-in browser, as the store keeps it: under a digest of the cookie's token (a copy of
/// the database does not log anyone in), with the CSRF token its forms carry.
public struct ConsoleSession: Sendable, Hashable {
    /// The digest of the session cookie's token.
    public var key: String
    /// Who logged in.
    public var agent: String
    /// The token every form of this session carries.
    public var csrf: String
    /// When the session ends unless used before (Unix seconds); each use moves it on.
    public var expiresAt: Int64

    /// A session.
    public init(key: String, agent: String, csrf: String, expiresAt: Int64) {
        self.key = key
        self.agent = agent
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}

/// An account with this name exists already.
public struct AgentExists: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name.
    public var name: String

    /// The refusal.
    public init(name: String) { self.name = name }

    /// The message, in Bahasa Indonesia.
    public var description: String { "akun \(terminalSafe(name)) sudah ada." }
}

/// Console accounts, their sessions and failed logins, kept in the database so that several
/// `solusi serve` processes share them. Used by the console's `Accounts`.
public protocol AccountStore: Sendable {
    /// Adds an account; throws `AgentExists` when the name is taken.
    func addAgent(_ agent: Agent) async throws
    /// The account with this name.
    func agent(named name: String) async throws -> Agent?
    /// Every account, by name.
    func agents() async throws -> [Agent]
    /// Removes an account and ends its sessions; false when there was none.
    func removeAgent(named name: String) async throws -> Bool
    /// Gives an account a new password hash and ends its sessions; false when there is no such account.
    func setPasswordHash(_ hash: String, ofAgent name: String) async throws -> Bool
    /// Keeps a new session, and forgets the sessions that ended by `now`.
    func addSession(_ session: ConsoleSession, now: Int64) async throws
    /// The session with this key and its account, if it lives at `now` (a read: every request
    /// of a logged-in agent asks).
    func session(key: String, now: Int64) async throws -> (ConsoleSession, Agent)?
    /// Moves the end of a session to `until`.
    func extendSession(key: String, until: Int64) async throws
    /// Ends a session.
    func removeSession(key: String) async throws
    /// Counts a failed login against each key (a name, an address) at `time`, forgets failures
    /// older than `forgetBefore`, and answers how many failures since `since` the most-failed
    /// key now has.
    func recordFailedLogin(keys: [String], at time: Int64, since: Int64, forgetBefore: Int64) async throws -> Int
    /// How many failed logins since `since` the most-failed of these keys has.
    func failedLogins(keys: [String], since: Int64) async throws -> Int
}

import GRDB
import SolusiKit

/// The console's accounts, sessions and failed logins.
extension SQLiteStore {
    func addAgent(_ agent: Agent) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM agent WHERE name = ?", arguments: [agent.name]) == true {
                throw AgentExists(name: agent.name)
            }
            try db.execute(
                sql: "INSERT INTO agent (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [agent.name, agent.role.rawValue, agent.passwordHash, agent.createdAt])
        }
    }

    func agent(named name: String) async throws -> Agent? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agent WHERE name = ?", arguments: [name]).map(Self.agent(from:))
        }
    }

    func agents() async throws -> [Agent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent ORDER BY name").map(Self.agent(from:))
        }
    }

    func removeAgent(named name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE agent = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM agent WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    func setPasswordHash(_ hash: String, ofAgent name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE agent SET password_hash = ? WHERE name = ?", arguments: [hash, name])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM console_session WHERE agent = ?", arguments: [name])
            return true
        }
    }

    func addSession(_ session: ConsoleSession, now: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE expires_at <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO console_session (key, agent, csrf, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [session.key, session.agent, session.csrf, session.expiresAt])
        }
    }

    func session(key: String, now: Int64) async throws -> (ConsoleSession, Agent)? {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.key, s.csrf, s.expires_at, a.* FROM console_session s JOIN agent a ON a.name = s.agent
                    WHERE s.key = ? AND s.expires_at > ?
                    """, arguments: [key, now])
            return row.map { row in
                let agent = Self.agent(from: row)
                return (
                    ConsoleSession(key: key, agent: agent.name, csrf: row["csrf"], expiresAt: row["expires_at"]), agent
                )
            }
        }
    }

    func extendSession(key: String, until: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE console_session SET expires_at = ? WHERE key = ?", arguments: [until, key])
        }
    }

    func removeSession(key: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE key = ?", arguments: [key])
        }
    }

    func recordFailedLogin(keys: [String], at time: Int64, since: Int64, forgetBefore: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM failed_login WHERE at < ?", arguments: [forgetBefore])
            for key in keys {
                try db.execute(sql: "INSERT INTO failed_login (key, at) VALUES (?, ?)", arguments: [key, time])
            }
            return try Self.mostFailed(keys, since: since, db)
        }
    }

    func failedLogins(keys: [String], since: Int64) async throws -> Int {
        try await pool.read { db in try Self.mostFailed(keys, since: since, db) }
    }

    private static func mostFailed(_ keys: [String], since: Int64, _ db: Database) throws -> Int {
        try keys.map { key in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM failed_login WHERE key = ? AND at >= ?", arguments: [key, since]) ?? 0
        }.max() ?? 0
    }

    private static func agent(from row: Row) -> Agent {
        Agent(
            name: row["name"], role: AgentRole(rawValue: row["role"]) ?? .agent, passwordHash: row["password_hash"],
            createdAt: row["created_at"])
    }
}

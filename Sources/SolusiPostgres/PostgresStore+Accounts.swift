import PostgresNIO
import SolusiKit

/// The console's accounts, sessions and failed logins.
extension PostgresStore {
    func addAgent(_ agent: Agent) async throws {
        try await session.withConnection { link in
            let added = try await link.run(
                """
                INSERT INTO agent (name, role, password_hash, created_at)
                VALUES (\(agent.name), \(agent.role.rawValue), \(agent.passwordHash), \(agent.createdAt))
                ON CONFLICT (name) DO NOTHING
                """)
            if added == 0 { throw AgentExists(name: agent.name) }
        }
    }

    func agent(named name: String) async throws -> Agent? {
        try await session.withConnection { link in
            try await link.rows("SELECT name, role, password_hash, created_at FROM agent WHERE name = \(name)")
        }.first.map(Self.agent(from:))
    }

    func agents() async throws -> [Agent] {
        try await session.withConnection { link in
            try await link.rows("SELECT name, role, password_hash, created_at FROM agent ORDER BY name")
        }.map(Self.agent(from:))
    }

    func removeAgent(named name: String) async throws -> Bool {
        try await session.withConnection { link in
            try await link.transaction {
                try await link.run("DELETE FROM console_session WHERE agent = \(name)")
                return try await link.run("DELETE FROM agent WHERE name = \(name)") > 0
            }
        }
    }

    func setPasswordHash(_ hash: String, ofAgent name: String) async throws -> Bool {
        try await session.withConnection { link in
            try await link.transaction {
                guard try await link.run("UPDATE agent SET password_hash = \(hash) WHERE name = \(name)") > 0 else {
                    return false
                }
                try await link.run("DELETE FROM console_session WHERE agent = \(name)")
                return true
            }
        }
    }

    func addSession(_ session: ConsoleSession, now: Int64) async throws {
        try await self.session.withConnection { link in
            try await link.run("DELETE FROM console_session WHERE expires_at <= \(now)")
            try await link.run(
                """
                INSERT INTO console_session (key, agent, csrf, expires_at)
                VALUES (\(session.key), \(session.agent), \(session.csrf), \(session.expiresAt))
                """)
        }
    }

    func session(key: String, now: Int64) async throws -> (ConsoleSession, Agent)? {
        let rows = try await session.withConnection { link in
            try await link.rows(
                """
                SELECT s.csrf, s.expires_at, a.name, a.role, a.password_hash, a.created_at
                FROM console_session s JOIN agent a ON a.name = s.agent
                WHERE s.key = \(key) AND s.expires_at > \(now)
                """)
        }
        guard let row = rows.first else { return nil }
        let (csrf, expires, name, role, hash, created) = try row.decode(
            (String, Int64, String, String, String, Int64).self)
        let agent = Agent(name: name, role: AgentRole(rawValue: role) ?? .agent, passwordHash: hash, createdAt: created)
        return (ConsoleSession(key: key, agent: name, csrf: csrf, expiresAt: expires), agent)
    }

    func extendSession(key: String, until: Int64) async throws {
        try await session.withConnection { link in
            try await link.run("UPDATE console_session SET expires_at = \(until) WHERE key = \(key)")
        }
    }

    func removeSession(key: String) async throws {
        try await session.withConnection { link in
            try await link.run("DELETE FROM console_session WHERE key = \(key)")
        }
    }

    func recordFailedLogin(keys: [String], at time: Int64, since: Int64, forgetBefore: Int64) async throws -> Int {
        try await session.withConnection { link in
            try await link.transaction {
                try await link.run("DELETE FROM failed_login WHERE at < \(forgetBefore)")
                for key in keys { try await link.run("INSERT INTO failed_login (key, at) VALUES (\(key), \(time))") }
                return try await Self.mostFailed(keys, since: since, link)
            }
        }
    }

    func failedLogins(keys: [String], since: Int64) async throws -> Int {
        try await session.withConnection { link in try await Self.mostFailed(keys, since: since, link) }
    }

    private static func mostFailed(_ keys: [String], since: Int64, _ link: PostgresLink) async throws -> Int {
        var most = 0
        for key in keys {
            let rows = try await link.rows("SELECT count(*) FROM failed_login WHERE key = \(key) AND at >= \(since)")
            most = max(most, Int(try rows[0].decode(Int64.self)))
        }
        return most
    }

    private static func agent(from row: PostgresRow) throws -> Agent {
        let (name, role, hash, created) = try row.decode((String, String, String, Int64).self)
        return Agent(name: name, role: AgentRole(rawValue: role) ?? .agent, passwordHash: hash, createdAt: created)
    }
}

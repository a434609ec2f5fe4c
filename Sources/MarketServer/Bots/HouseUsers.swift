import MarketCore
import SQLKit

/// The users the house trades through: a venue's market maker and its background traders. Each is created
/// once, remembered in its table (`market_makers`, `background_traders`) and found there afterwards.
extension MarketLife {
    /// The user of `venue`'s market maker.
    func marketMakerUser(of venue: VenueRuntime) async throws -> UserID {
        let stored = try await database.withConnection { sql in
            try await sql.select().column("user_id").from("market_makers").where("venue_id", .equal, venue.id).first()
                .map { try $0.decode(column: "user_id", as: Int64.self) }
        }
        if let stored { return UserID(stored) }
        let user = try await createHouseUser(named: "market-maker.\(venue.id)")
        try await database.withConnection { sql in
            try await sql.insert(into: "market_makers").columns("venue_id", "user_id", "created_at")
                .values(venue.id, user.rawValue, venue.clock.now().millisecondsSinceEpoch).run()
        }
        return user
    }

    /// The users of `venue`'s first `count` background traders, in the order they act.
    func backgroundTraderUsers(of venue: VenueRuntime, count: Int) async throws -> [UserID] {
        var stored = try await database.withConnection { sql in
            var users: [Int: UserID] = [:]
            for row in try await sql.select().columns("slot", "user_id").from("background_traders")
                .where("venue_id", .equal, venue.id).all()
            {
                users[try row.decode(column: "slot", as: Int.self)] = UserID(
                    try row.decode(column: "user_id", as: Int64.self))
            }
            return users
        }
        for slot in 0..<count where stored[slot] == nil {
            let user = try await createHouseUser(named: "trader-\(slot + 1).\(venue.id)")
            try await database.withConnection { sql in
                try await sql.insert(into: "background_traders").columns("venue_id", "slot", "user_id", "created_at")
                    .values(venue.id, slot, user.rawValue, venue.clock.now().millisecondsSinceEpoch).run()
            }
            stored[slot] = user
        }
        return (0..<count).compactMap { stored[$0] }
    }

    /// A new user for the house, named after `name` (cut to the longest a username may be). A name someone
    /// already holds is never adopted, since its holder could then log in as the house; a random suffix
    /// makes it another. Nobody logs in as the house: its password is random and never shown.
    private func createHouseUser(named name: String) async throws -> UserID {
        var candidate = String(name.prefix(Credentials.usernameLength.upperBound))
        while true {
            let password = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
            do {
                return try await users.create(
                    username: candidate, passwordHash: try await passwords.hash(password), role: .trader
                ).id
            } catch RegistrationError.usernameTaken {
                let suffix = "." + String(UInt32.random(in: .min ... .max), radix: 36)
                candidate = String(name.prefix(Credentials.usernameLength.upperBound - suffix.count)) + suffix
            }
        }
    }
}

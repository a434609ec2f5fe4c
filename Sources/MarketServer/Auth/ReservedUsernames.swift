/// Names a trader may not register because they are, or look like, the exchange's own accounts: its
/// market makers (`market-maker.<venue>`) would otherwise adopt an account of that name, and a student
/// could pass for the house on a leaderboard.
enum ReservedUsernames {
    /// Compared after folding case and dropping `_`, `.` and `-`, so `Market_Maker.main` is caught too.
    static let prefixes = ["marketmaker", "exchange", "marketsim", "house", "system", "admin", "server"]

    static func contains(_ username: String) -> Bool {
        let folded = String(username.lowercased().unicodeScalars.filter { !"_.-".unicodeScalars.contains($0) })
        return prefixes.contains { folded.hasPrefix($0) }
    }
}

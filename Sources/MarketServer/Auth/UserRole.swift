/// What a user may do server-wide: trade, or also administer every venue.
public enum UserRole: String, Sendable, Hashable, Codable {
    case trader
    case admin
}

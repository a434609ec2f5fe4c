/// What an endpoint asks to be told about. The first five concern the owner's own account in the endpoint's
/// venue; `tournament` the venue's tournament; the `venue_*` topics every account of the venue, for its hosts.
enum WebhookTopic: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The owner's fills, as the private channel's `fill` message.
    case fills
    /// The owner's orders accepted, triggered, rested, cancelled or reduced (`order` messages).
    case orders
    /// Margin calls and liquidations of the owner's short positions.
    case margin
    /// A loss limit of the owner's that tripped.
    case riskLimits = "risk_limits"
    /// The owner's price alerts firing.
    case alerts
    /// The venue's tournament opening, starting, completing or being cancelled.
    case tournament
    /// Every trade in the venue, as the public `trades` channel shows it (hosts and admins only).
    case venueTrades = "venue_trades"
    /// Halts and resumptions of trading in the venue (hosts and admins only).
    case venueStatus = "venue_status"

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The topic as one bit of a set of topics.
    var bit: UInt16 {
        switch self {
        case .fills: 1
        case .orders: 2
        case .margin: 4
        case .riskLimits: 8
        case .alerts: 16
        case .tournament: 32
        case .venueTrades: 64
        case .venueStatus: 128
        }
    }

    /// Whether only the venue's hosts and admins may subscribe.
    var isForHosts: Bool { self == .venueTrades || self == .venueStatus }

    /// Whether it concerns the owner's own account in the venue.
    var isAboutAnAccount: Bool { !isForHosts && self != .tournament }

    /// The topics as stored and shown: names in order, comma-separated.
    static func text(_ topics: Set<Self>) -> String { topics.sorted().map(\.rawValue).joined(separator: ",") }

    static func topics(_ text: String) -> Set<Self> {
        Set(text.split(separator: ",").compactMap { Self(rawValue: String($0)) })
    }
}

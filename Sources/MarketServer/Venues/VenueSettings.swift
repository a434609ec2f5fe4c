import MarketCore

/// What a venue keeps besides its journal: its name, what a new account starts with, who may join, and
/// its market life. Tickers, fees and risk limits live in the journal, as events.
public struct VenueSettings: Sendable, Hashable, Codable {
    public enum Visibility: String, Sendable, Hashable, Codable {
        /// Listed, and anyone may join.
        case `public`
        /// Unlisted; joining takes the invite code.
        case invite
    }

    public var name: String
    public var startingCash: Cents
    public var visibility: Visibility
    /// Shown only to the venue's hosts and admins.
    public var inviteCode: String?
    /// The market maker's settings; `nil`: the venue has none.
    public var marketMakers: MarketMakerSettings?
    /// The background traders' settings; `nil`: the venue has none.
    public var backgroundTraders: BackgroundTraderSettings?
    public var events: [MarketEventSchedule]
    /// A tournament's venue: accounts come only from entering the tournament.
    public var isTournament: Bool

    public init(
        name: String, startingCash: Cents, visibility: Visibility = .public, inviteCode: String? = nil,
        marketMakers: MarketMakerSettings?, backgroundTraders: BackgroundTraderSettings? = nil,
        events: [MarketEventSchedule] = [], isTournament: Bool = false
    ) {
        self.name = name
        self.startingCash = startingCash
        self.visibility = visibility
        self.inviteCode = inviteCode
        self.marketMakers = marketMakers
        self.backgroundTraders = backgroundTraders
        self.events = events
        self.isTournament = isTournament
    }
}

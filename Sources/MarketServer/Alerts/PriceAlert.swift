import MarketCore

/// An account's request to be told when a trade in `ticker` reaches `price`: `above`, at or above it;
/// `below`, at or below it. A one-time alert fires on the first such trade and stays listed as fired; a
/// repeating one fires again whenever a trade reaches the price after a trade on the other side re-armed it.
struct PriceAlert: Sendable, Hashable {
    enum Direction: String, Sendable, Hashable, Codable {
        case above, below
    }

    let id: Int64
    let venue: String
    let owner: UserID
    let ticker: TickerSymbol
    let direction: Direction
    let price: Cents
    let isRepeating: Bool
    let createdAt: Timestamp
    /// Whether the next trade that reaches the price fires it.
    private(set) var isArmed = true
    private(set) var firedAt: Timestamp?
    private(set) var timesFired: Int64 = 0

    init(
        id: Int64, venue: String, owner: UserID, ticker: TickerSymbol, direction: Direction, price: Cents,
        isRepeating: Bool, createdAt: Timestamp
    ) {
        self.id = id
        self.venue = venue
        self.owner = owner
        self.ticker = ticker
        self.direction = direction
        self.price = price
        self.isRepeating = isRepeating
        self.createdAt = createdAt
    }

    /// An alert as stored, with its firing state.
    init(stored alert: PriceAlert, isArmed: Bool, firedAt: Timestamp?, timesFired: Int64) {
        self = alert
        self.isArmed = isArmed
        self.firedAt = firedAt
        self.timesFired = timesFired
    }

    func isReached(by tradePrice: Cents) -> Bool {
        direction == .above ? tradePrice >= price : tradePrice <= price
    }

    /// Takes in a trade at `tradePrice` made at `time`; answers whether it fired the alert. `changed` is set
    /// when the alert's state moved (fired or re-armed), so that it is written back.
    mutating func observe(_ tradePrice: Cents, at time: Timestamp, changed: inout Bool) -> Bool {
        guard isReached(by: tradePrice) else {
            if isRepeating, !isArmed {
                isArmed = true
                changed = true
            }
            return false
        }
        guard isArmed else { return false }
        isArmed = false
        firedAt = time
        timesFired += 1
        changed = true
        return true
    }
}

import Hummingbird
import MarketCore

/// `GET /api/portfolio`: cash, escrow, holdings at their last prices with what they cost, and the venue's
/// short-selling terms for this account.
struct PortfolioAnswer: ResponseEncodable {
    struct Holding: Encodable, Sendable {
        let ticker: String
        let quantity: Shares
        let currentPrice: ExactDecimal
        let value: ExactDecimal
        /// Average price paid per share (received, for a short one), rounded toward zero.
        let averagePrice: ExactDecimal
        /// What the shares cost, negative for a short position: what was received for them.
        let costBasis: ExactDecimal
        let unrealizedPnL: ExactDecimal
        let realizedPnL: ExactDecimal

        enum CodingKeys: String, CodingKey {
            case ticker, quantity, value, currentPrice = "current_price", averagePrice = "average_price"
            case costBasis = "cost_basis", unrealizedPnL = "unrealized_pnl", realizedPnL = "realized_pnl"
        }

        init(_ holding: Valuation.Holding, basis: CostBasis) {
            ticker = holding.ticker.rawValue
            quantity = holding.quantity
            currentPrice = ExactDecimal(cents: holding.price)
            value = ExactDecimal(cents: holding.value)
            averagePrice = ExactDecimal(cents: basis.averagePrice(holding: holding.quantity) ?? 0)
            costBasis = ExactDecimal(cents: basis.cost)
            unrealizedPnL = ExactDecimal(cents: basis.unrealized(holding: holding.quantity, at: holding.price))
            realizedPnL = ExactDecimal(cents: basis.realized)
        }
    }

    let userID: String
    let username: String
    let cash: ExactDecimal
    let buyingPower: ExactDecimal
    let escrowedCash: ExactDecimal
    let holdings: [Holding]
    let totalValue: ExactDecimal
    /// Cash held as collateral for shares sold short.
    let marginUsed: ExactDecimal
    /// Free cash, which can back further short sales and margin calls.
    let marginAvailable: ExactDecimal
    /// Profit or loss realized by reducing positions, those since closed included; fees not counted.
    let realizedPnL: ExactDecimal
    /// What the positions held would gain by closing at their last prices.
    let unrealizedPnL: ExactDecimal
    /// The venue's margins where it allows short selling, and whether this account may; `nil` (written as
    /// null) where the venue does not.
    let shortSelling: ShortSellingRule?

    struct ShortSellingRule: Encodable, Sendable {
        let initialMarginBps: Int64
        let maintenanceMarginBps: Int64
        /// Whether the venue lends shares only to accounts that turned short selling on for themselves.
        let optIn: Bool
        /// Whether this account turned it on.
        let optedIn: Bool
        /// Whether this account may sell short now.
        let allowed: Bool

        enum CodingKeys: String, CodingKey {
            case initialMarginBps = "initial_margin_bps", maintenanceMarginBps = "maintenance_margin_bps"
            case optIn = "opt_in", optedIn = "opted_in", allowed
        }
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", username, cash, holdings
        case buyingPower = "buying_power", escrowedCash = "escrowed_cash", totalValue = "total_value"
        case marginUsed = "margin_used", marginAvailable = "margin_available", shortSelling = "short_selling"
        case realizedPnL = "realized_pnl", unrealizedPnL = "unrealized_pnl"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userID, forKey: .userID)
        try container.encode(username, forKey: .username)
        try container.encode(cash, forKey: .cash)
        try container.encode(buyingPower, forKey: .buyingPower)
        try container.encode(escrowedCash, forKey: .escrowedCash)
        try container.encode(holdings, forKey: .holdings)
        try container.encode(totalValue, forKey: .totalValue)
        try container.encode(marginUsed, forKey: .marginUsed)
        try container.encode(marginAvailable, forKey: .marginAvailable)
        try container.encode(shortSelling, forKey: .shortSelling)
        try container.encode(realizedPnL, forKey: .realizedPnL)
        try container.encode(unrealizedPnL, forKey: .unrealizedPnL)
    }

    init(user: AuthenticatedUser, account: Account, prices: [TickerSymbol: Cents], shortSelling: ShortSelling?) {
        let valuation = Valuation(account: account, prices: prices)
        userID = user.id.description
        username = user.username
        cash = ExactDecimal(cents: account.cash)
        buyingPower = ExactDecimal(cents: account.cash)
        escrowedCash = ExactDecimal(cents: account.reservedCash)
        let positions = account.positions
        holdings = valuation.holdings.map { Holding($0, basis: positions[$0.ticker]?.basis ?? CostBasis()) }
        realizedPnL = ExactDecimal(
            cents: positions.values.reduce(Cents(0)) { $0.saturatingAdding($1.basis.realized) })
        unrealizedPnL = ExactDecimal(
            cents: valuation.holdings.reduce(Cents(0)) {
                $0.saturatingAdding(
                    (positions[$1.ticker]?.basis ?? CostBasis()).unrealized(holding: $1.quantity, at: $1.price))
            })
        totalValue = ExactDecimal(cents: valuation.total)
        marginUsed = ExactDecimal(cents: account.collateral)
        marginAvailable = ExactDecimal(cents: account.cash)
        self.shortSelling = shortSelling.map {
            ShortSellingRule(
                initialMarginBps: $0.initialMarginBasisPoints, maintenanceMarginBps: $0.maintenanceMarginBasisPoints,
                optIn: $0.isOptIn, optedIn: account.sellsShort, allowed: !$0.isOptIn || account.sellsShort)
        }
    }
}

import Synchronization

/// One isolated exchange: its tickers, accounts, books and rules.
///
/// Each ticker's book has its own lock, so orders on different tickers run in parallel; accounts
/// live in a sharded ledger whose locks are held only while one account changes. There is no lock
/// over the whole venue on the order path.
///
/// Sequencing: every event gets its number from one atomic counter *before* any of its effects are
/// made, and a debit gets its number while the debited account is locked, after the check that
/// allows it. So whenever an event depends on the effects of another, the other has the lower number,
/// and applying any prefix of the sequence to an empty venue never overdraws an account. That is
/// what lets the journal commit a prefix and a replay rebuild the venue exactly.
public final class Venue: Sendable {
    public let id: String
    let ledger = Ledger()
    /// A short list searched by symbol: cheaper than hashing a string for the few tickers a venue has.
    let markets = Locked<[MarketCell]>([])
    let rules: Locked<VenueRules>
    let sequence = Atomic<UInt64>(0)
    let issuedCashTotal = Atomic<Int64>(0)

    /// An empty venue; list tickers and open accounts through its operations.
    public init(id: String, rules: VenueRules = VenueRules()) {
        self.id = id
        self.rules = Locked(rules)
    }

    /// The highest sequence number handed out so far.
    public var lastSequence: UInt64 { sequence.load(ordering: .sequentiallyConsistent) }

    /// Cash put into accounts by account openings and adjustments.
    public var issuedCash: Cents { Cents(issuedCashTotal.load(ordering: .sequentiallyConsistent)) }

    public var currentRules: VenueRules { rules.withLock { $0 } }

    // MARK: Reading

    /// The tickers that trade here, delisted ones left out.
    public var listings: [TickerListing] {
        markets.withLock { $0 }.compactMap { $0.market.withLock { $0.isDelisted ? nil : $0.listing } }
            .sorted { $0.symbol < $1.symbol }
    }

    /// `nil` for a ticker never listed or delisted.
    public func quote(_ ticker: TickerSymbol) -> MarketQuote? {
        cell(for: ticker)?.market.withLock { $0.isDelisted ? nil : MarketQuote($0) }
    }

    /// The aggregated book: up to `levels` price levels a side, best first.
    public func depth(_ ticker: TickerSymbol, levels: Int = .max) -> BookDepth? {
        listedCell(for: ticker)?.market.withLock {
            BookDepth(
                ticker: ticker, bids: $0.book.depth(on: .buy, levels: levels),
                asks: $0.book.depth(on: .sell, levels: levels))
        }
    }

    public func restingOrder(_ order: OrderID, in ticker: TickerSymbol) -> RestingOrder? {
        cell(for: ticker)?.market.withLock { $0.book.order(order) }
    }

    public func account(_ account: AccountID) -> Account? { ledger.account(account) }

    /// A copy of every account, without the books a snapshot copies too.
    public var accounts: [AccountID: Account] { ledger.allAccounts() }

    /// Whether `ticker` was ever listed here, delisted or not: a delisted symbol cannot be listed again.
    public func hasListed(_ ticker: TickerSymbol) -> Bool { cell(for: ticker) != nil }

    /// Every account and book as they stand. Consistent as a whole when nothing trades meanwhile.
    public func snapshot() -> VenueSnapshot {
        let cells = markets.withLock { $0 }
        var tickers: [TickerSymbol: MarketSnapshot] = [:]
        for cell in cells {
            tickers[cell.symbol] = cell.market.withLock { MarketSnapshot($0) }
        }
        return VenueSnapshot(
            rules: currentRules, accounts: ledger.allAccounts(), markets: tickers, issuedCash: issuedCash,
            lastSequence: lastSequence)
    }

    // MARK: Shared by the concerns

    func cell(for ticker: TickerSymbol) -> MarketCell? {
        markets.withLock { cells in cells.first { $0.symbol == ticker } }
    }

    /// The ticker's cell unless it was delisted. Code that changes a market checks again under its lock.
    func listedCell(for ticker: TickerSymbol) -> MarketCell? {
        cell(for: ticker).flatMap { cell in cell.market.withLock { $0.isDelisted } ? nil : cell }
    }

    /// Hands out `count` consecutive sequence numbers and returns the first.
    func allocate(_ count: UInt64) -> UInt64 {
        sequence.add(count, ordering: .sequentiallyConsistent).newValue - count + 1
    }

    /// Counts `amount` as issued, or refuses it if the venue's cash would pass ``AmountCeiling/supply``.
    /// Atomic, so two accounts credited at once cannot both take the last of the room.
    func issue(_ amount: Cents) throws(VenueError) {
        var issued = issuedCashTotal.load(ordering: .sequentiallyConsistent)
        while true {
            guard AmountCeiling.canIssue(amount.value, onTopOf: issued) else { throw .amountTooLarge }
            let (exchanged, current) = issuedCashTotal.compareExchange(
                expected: issued, desired: issued + amount.value, ordering: .sequentiallyConsistent)
            if exchanged { return }
            issued = current
        }
    }
}

final class MarketCell: Sendable {
    let symbol: TickerSymbol
    let market: Locked<TickerMarket>
    init(_ market: TickerMarket) {
        symbol = market.symbol
        self.market = Locked(market)
    }
}

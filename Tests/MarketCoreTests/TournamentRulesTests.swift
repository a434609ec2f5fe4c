import MarketCore
import Testing

/// The pure rules of tournaments: their lifecycle, how standings rank, and which pairs get flagged.
@Suite struct TournamentRulesTests {
    private let start = Timestamp(millisecondsSinceEpoch: 1_000_000)
    private let end = Timestamp(millisecondsSinceEpoch: 2_000_000)

    @Test func hostsMoveTournamentsOnlyForward() {
        let allowed: Set<[TournamentStatus]> = [
            [.draft, .open], [.open, .active], [.active, .completed],
            [.draft, .cancelled], [.open, .cancelled], [.active, .cancelled],
        ]
        for from in TournamentStatus.allCases {
            for to in TournamentStatus.allCases {
                #expect(from.allowsTransition(to: to) == allowed.contains([from, to]), "\(from) → \(to)")
            }
        }
    }

    @Test func theScheduleStartsThenCompletesOneStepAtATime() {
        let before = Timestamp(millisecondsSinceEpoch: 999_999)
        let after = Timestamp(millisecondsSinceEpoch: 2_500_000)
        #expect(TournamentStatus.open.scheduledTransition(at: before, startsAt: start, endsAt: end) == nil)
        #expect(TournamentStatus.open.scheduledTransition(at: start, startsAt: start, endsAt: end) == .active)
        // Even when the whole schedule passed unseen, an open tournament starts before it completes.
        #expect(TournamentStatus.open.scheduledTransition(at: after, startsAt: start, endsAt: end) == .active)
        #expect(TournamentStatus.active.scheduledTransition(at: before, startsAt: start, endsAt: end) == nil)
        #expect(TournamentStatus.active.scheduledTransition(at: end, startsAt: start, endsAt: end) == .completed)
        for waiting in [TournamentStatus.draft, .completed, .cancelled] {
            #expect(waiting.scheduledTransition(at: after, startsAt: start, endsAt: end) == nil)
        }
    }

    @Test func standingsRankByReturnThenProfitThenEarlierEntry() {
        func entry(_ id: Int64, entered: Int64, cash: Cents, total: Cents, given: Cents = 10_000_00) -> StandingsEntry {
            StandingsEntry(
                account: AccountID(id), enteredAt: Timestamp(millisecondsSinceEpoch: entered), cash: cash,
                totalValue: total, contributed: given, equity: [])
        }
        let rows = Standings.rank(
            [
                entry(1, entered: 10, cash: 500_00, total: 10_000_00),
                entry(2, entered: 20, cash: 9_000_00, total: 10_000_00),
                entry(3, entered: 5, cash: 500_00, total: 10_000_00),
                entry(4, entered: 1, cash: 0, total: 12_345_67),
                entry(5, entered: 2, cash: 100_00, total: 9_000_00),
                // The same 10 % return: the larger profit ranks first, whatever the cash.
                entry(6, entered: 0, cash: 5_500_00, total: 5_500_00, given: 5_000_00),
                entry(7, entered: 30, cash: 0, total: 11_000_00),
            ], startingCash: 10_000_00)
        #expect(rows.map(\.account.rawValue) == [4, 7, 6, 3, 1, 2, 5])
        #expect(rows.map(\.rank) == [1, 2, 3, 4, 5, 6, 7])
        #expect(rows[0].profitAndLoss == 2_345_67)
        #expect(rows[0].returnBasisPoints == 2_345)
        #expect(rows[6].profitAndLoss == -1_000_00)
        #expect(rows[6].returnBasisPoints == -1_000)
    }

    /// A bonus and a dividend are shown, but neither is profit; the return is on what the account was given,
    /// and the bonus's jump in equity is no gain for the Sharpe ratio or the drawdown.
    @Test func bonusesAndDividendsAreShownApartFromTradingProfit() {
        let opening: Cents = 10_000_00
        let rows = Standings.rank(
            [
                StandingsEntry(
                    account: AccountID(1), enteredAt: self.start, cash: 10_500_00, totalValue: 10_500_00,
                    contributed: opening + 500_00,
                    equity: [
                        EquityPoint(totalValue: opening, given: opening),
                        EquityPoint(totalValue: opening + 500_00, given: opening + 500_00),
                    ]),
                StandingsEntry(
                    account: AccountID(2), enteredAt: self.start, cash: 0, totalValue: 10_200_00, contributed: opening,
                    dividends: 200_00, equity: []),
                StandingsEntry(
                    account: AccountID(3), enteredAt: self.start, cash: 0, totalValue: 10_100_00, contributed: opening,
                    equity: [EquityPoint(totalValue: 9_900_00, given: opening)]),
            ], startingCash: opening)
        #expect(rows.map(\.account.rawValue) == [3, 1, 2])
        #expect(rows.map(\.profitAndLoss) == [100_00, 0, 0])
        #expect(rows.map(\.returnBasisPoints) == [100, 0, 0])
        #expect(rows.map(\.adjustments) == [0, 500_00, 0])
        #expect(rows.map(\.dividends) == [0, 0, 200_00])
        #expect(rows[1].sharpeMilli == nil && rows[1].maxDrawdownBasisPoints == 0)
        #expect(rows[0].maxDrawdownBasisPoints == 0)
    }

    /// What an account was given follows it through cash and share adjustments and dividends, live and
    /// replayed alike.
    @Test func accountsRememberWhatTheyWereGiven() throws {
        let venue = Venue(id: "v")
        let time = Timestamp(millisecondsSinceEpoch: 0)
        var events = [try venue.list(TickerListing(symbol: "FUN", initialPrice: 20_00), at: time)]
        events.append(try venue.openAccount(AccountID(1), cash: 1_000_00, at: time))
        events.append(try venue.adjustCash(of: AccountID(1), by: 250_00, reason: "bonus", at: time))
        events.append(try venue.adjustShares(of: AccountID(1), in: "FUN", by: 10, reason: "grant", at: time))
        events.append(try venue.adjustShares(of: AccountID(1), in: "FUN", by: -4, reason: "back", at: time))
        if let paid = try venue.payDividend(on: "FUN", amountPerShare: 1_50, at: time) { events.append(paid) }
        let account = try #require(venue.account(AccountID(1)))
        #expect(account.contributed == Cents(1_000_00 + 250_00 + 6 * 20_00))
        #expect(account.dividends == 6 * 1_50 && account.given == account.contributed + 9_00)
        let replayed = Venue(id: "v")
        for event in events { replayed.apply(event) }
        #expect(replayed.account(AccountID(1)) == account)
    }

    @Test func drawdownIsTheLargestFallFromARunningPeak() {
        #expect(Standings.maxDrawdownBasisPoints(of: [100_00, 120_00, 90_00, 130_00, 117_00]) == 2_500)
        #expect(Standings.maxDrawdownBasisPoints(of: [100_00, 101_00, 102_00]) == 0)
        #expect(Standings.maxDrawdownBasisPoints(of: []) == 0)
    }

    @Test func sharpeIsMeanOverDeviationOfSnapshotReturns() {
        // Returns +10%, -5%, +10%: mean 0.05, sample deviation √0.0075 ≈ 0.0866, ratio ≈ 0.577.
        let equity: [Cents] = [100_000, 110_000, 104_500, 114_950]
        #expect(Standings.sharpeMilli(of: equity) == 577)
        #expect(Standings.sharpeMilli(of: [100_00, 110_00]) == nil, "one return has no deviation")
        #expect(Standings.sharpeMilli(of: [100_00, 100_00, 100_00]) == nil, "flat equity has no deviation")
        let rows = Standings.rank(
            [
                StandingsEntry(
                    account: AccountID(1), enteredAt: start, cash: 0, totalValue: 114_950, contributed: 100_000,
                    equity: equity.dropLast().map { EquityPoint(totalValue: $0, given: 100_000) })
            ],
            startingCash: 100_000)
        #expect(rows.first?.sharpeMilli == 577)
        #expect(rows.first?.maxDrawdownBasisPoints == 500)
    }

    @Test func repeatedRoundTripsBetweenTwoAccountsAreFlagged() {
        let a = AccountID(7)
        let b = AccountID(3)
        let c = AccountID(9)
        typealias Fill = RoundTripDetector.Fill
        var fills: [Fill] = []
        for _ in 0..<4 {
            fills.append(Fill(buyer: a, seller: b, ticker: "FUN"))
            fills.append(Fill(buyer: b, seller: a, ticker: "FUN"))
        }
        // One-way flow and too few round trips are not flagged.
        fills += Array(repeating: Fill(buyer: c, seller: a, ticker: "FUN"), count: 10)
        fills += [Fill(buyer: c, seller: b, ticker: "MEME"), Fill(buyer: b, seller: c, ticker: "MEME")]
        let flags = RoundTripDetector.flags(in: fills, threshold: 3)
        #expect(flags == [RoundTripFlag(first: b, second: a, ticker: "FUN", roundTrips: 4, trades: 8)])
        #expect(RoundTripDetector.flags(in: fills, threshold: 1).count == 2)
    }
}

/// Valuations and standings of absurd holdings saturate instead of trapping.
@Suite struct SaturatingFiguresTests {
    @Test func hugeHoldingsValueAtTheLargestAmountAndRankWithoutTrapping() throws {
        let venue = Venue(id: "v")
        let epoch = Timestamp(millisecondsSinceEpoch: 0)
        _ = try venue.list(TickerListing(symbol: "FUN", initialPrice: 100_00), at: epoch)
        _ = try venue.openAccount(AccountID(1), cash: 10_00, at: epoch)
        _ = try venue.adjustShares(
            of: AccountID(1), in: "FUN", by: Shares(AmountCeiling.supply), reason: "absurd", at: epoch)
        let rich = try #require(venue.account(AccountID(1)))
        let valuation = Valuation(account: rich, prices: ["FUN": 100_00])
        #expect(valuation.total == .max && valuation.holdings.first?.value == .max)
        #expect(Valuation(account: rich, prices: ["FUN": 0]).total == 10_00)
        let rows = Standings.rank(
            [
                StandingsEntry(
                    account: AccountID(1), enteredAt: Timestamp(millisecondsSinceEpoch: 0), cash: 0, totalValue: .max,
                    contributed: 1, equity: [1, .max, 0].map { EquityPoint(totalValue: $0, given: 1) })
            ],
            startingCash: 1)
        #expect(rows.first?.returnBasisPoints == .max && rows.first?.maxDrawdownBasisPoints == 10_000)
    }
}

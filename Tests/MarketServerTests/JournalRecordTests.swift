import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// The journal's records are their own format: every event is written and read back exactly, the order
/// path's hand-written text says what the record types say, and format-1 records still read.
@Suite("Journal records")
struct JournalRecordTests {
    static let alice = AccountID(7)
    static let bob = AccountID(-9_000_000_000_000_000_000)
    static let fun: TickerSymbol = "FUN"

    /// One event of every kind, with every optional part both present and absent somewhere.
    static var everyKind: [EventKind] {
        let plain = AcceptedOrder(
            id: OrderID(5), account: alice, ticker: fun, side: .buy, kind: .limit(price: 10_000), quantity: 3,
            timeInForce: .goodTillCancelled, clientOrderID: "mine-1", escrowPerShare: 10_010, reservedCash: 30_030,
            reservedShares: 0)
        let conditional = AcceptedOrder(
            id: OrderID(6), account: bob, ticker: fun, side: .sell, kind: .market, quantity: 2,
            timeInForce: .immediateOrCancel, clientOrderID: nil, escrowPerShare: 0, reservedCash: 0, reservedShares: 2,
            conditions: OrderConditions(
                trigger: .trailingStop(.basisPoints(250)), protectionPrice: 9_500, displayQuantity: 1, isPostOnly: true,
                link: OrderLink(sibling: OrderID(8), cashOnCancel: 1, sharesOnCancel: 2),
                bracket: BracketOrders(takeProfit: 11_000, stopLoss: 9_000, stopLossLimit: 8_900), parent: OrderID(4)))
        let trade = Trade(
            id: TradeID(9), ticker: fun, price: 10_000, quantity: 1, buyOrder: OrderID(5), sellOrder: OrderID(6),
            buyer: alice, seller: bob, buyerFee: 10, sellerFee: 5, aggressor: .sell, buyerEscrowReleased: 10_010,
            completesBuyOrder: false, completesSellOrder: true, timestamp: Timestamp(millisecondsSinceEpoch: 1_700))
        let payment = DividendPayment(
            ticker: fun, amountPerShare: 25, credits: [.init(account: alice, shares: 4, amount: 100)])
        return [
            .accountOpened(alice, cash: 1_000_000), .cashAdjusted(bob, amount: -50, reason: "fine"),
            .sharesAdjusted(alice, fun, amount: 10, reason: "grant"),
            .tickerListed(TickerListing(symbol: fun, tickSize: 5, initialPrice: 10_000)), .orderAccepted(plain),
            .orderAccepted(conditional),
            .orderAccepted(
                AcceptedOrder(
                    id: OrderID(7), account: alice, ticker: fun, side: .sell, kind: .limit(price: 1), quantity: 1,
                    timeInForce: .fillOrKill, clientOrderID: nil, escrowPerShare: 0, reservedCash: 0, reservedShares: 1,
                    conditions: OrderConditions(trigger: .stop(9_000)))),
            .tradeExecuted(trade), .orderRested(OrderID(5), fun, account: alice),
            .orderTriggered(OrderTriggering(order: OrderID(6), account: bob, ticker: fun, price: 9_990)),
            .orderCancelled(
                OrderCancellation(
                    order: OrderID(5), account: alice, ticker: fun, side: .buy, quantity: 2, releasedCash: 20_020,
                    releasedShares: 0, reason: .oneCancelsOther)),
            .orderReduced(
                OrderReduction(
                    order: OrderID(5), account: alice, ticker: fun, side: .buy, quantity: 1, newRemaining: 1,
                    releasedCash: 10_010, releasedShares: 0)),
            .tradingStatusChanged(nil, .halted(reason: "lunch")), .tradingStatusChanged(fun, .open),
            .feeScheduleChanged(FeeSchedule(makerBasisPoints: 1, takerBasisPoints: 2, minimumPerFill: 3)),
            .riskLimitsChanged(RiskLimits(maxOrderQuantity: 10, maxOpenOrders: 4, exemptAccounts: [alice, bob])),
            .riskLimitsChanged(.none), .dividendPaid(payment), .tickerDelisted(payment),
            .adminAction(
                AuditRecord(
                    actorID: 1, actorName: "root", action: "halt", target: "venue main", reason: nil, before: [:],
                    after: ["status": "halted"])),
            .newsPublished(NewsItem(headline: "FUN beats estimates", ticker: fun, shockBasisPoints: -500)),
            .newsPublished(NewsItem(headline: "Markets open \u{1F514}")),
            .tickerListed(TickerListing(symbol: "SAFE", initialPrice: 5_000, isShortable: false)),
            .shortSellingChanged(ShortSelling(initialMarginBasisPoints: 5_000, maintenanceMarginBasisPoints: 2_500)),
            .shortSellingChanged(nil),
            .shortSellingChanged(
                ShortSelling(initialMarginBasisPoints: 4_000, maintenanceMarginBasisPoints: 2_000, isOptIn: true)),
            .accountShortSellingChanged(alice, enabled: true), .accountShortSellingChanged(bob, enabled: false),
            .sharesBorrowed(ShareLoan(account: alice, ticker: fun, shares: 10, collateral: 15_000)),
            .sharesReturned(ShareLoan(account: alice, ticker: fun, shares: 4, collateral: 6_000)),
            .marginCalled(
                MarginCall(
                    account: alice, ticker: fun, price: 12_500, shortShares: 10, required: 156_250,
                    collateralAdded: 37_500)),
            .positionLiquidated(
                Liquidation(account: alice, ticker: fun, price: 21_000, shortShares: 10, collateralReleased: 250_000)),
            .orderCancelled(
                OrderCancellation(
                    order: OrderID(7), account: alice, ticker: fun, side: .sell, quantity: 1, releasedCash: 0,
                    releasedShares: 1, reason: .liquidation)),
            .orderCancelled(
                OrderCancellation(
                    order: OrderID(5), account: bob, ticker: fun, side: .buy, quantity: 3, releasedCash: 30_030,
                    releasedShares: 0, reason: .disconnected)),
            .riskLimitTripped(
                RiskLimitTrip(
                    account: bob, limit: .dailyLoss, threshold: 50_000, equity: 940_000, reference: 1_000_000)),
            .orderCancelled(
                OrderCancellation(
                    order: OrderID(9), account: bob, ticker: fun, side: .buy, quantity: 2, releasedCash: 20_020,
                    releasedShares: 0, reason: .riskLimit)),
            .riskLimitReset(bob),
        ]
    }

    /// A safety switch's records, member for member as docs/JOURNAL.md gives them.
    @Test func safetySwitchRecordsAreWrittenAsDocumented() throws {
        let trip = RiskLimitTrip(
            account: Self.alice, limit: .drawdown, threshold: 30_000, equity: 970_000, reference: 1_010_000)
        let tripped = try JSONSerialization.jsonObject(
            with: Data(try JournalRecord.text(of: .riskLimitTripped(trip)).utf8))
        let expected: NSDictionary = [
            "riskLimitTripped": [
                "_0": [
                    "account": ["rawValue": 7], "limit": "drawdown", "threshold": 30_000, "equity": 970_000,
                    "reference": 1_010_000,
                ]
            ]
        ]
        #expect((tripped as? NSDictionary) == expected)
        let reset = try JournalRecord.text(of: .riskLimitReset(Self.alice))
        #expect(reset == #"{"riskLimitReset":{"_0":{"rawValue":7}}}"#)
        var reader = JournalRecord.Reader()
        #expect(throws: (any Error).self) {
            try reader.event(
                #"{"riskLimitTripped":{"_0":{"account":{"rawValue":7},"limit":"weekly","threshold":1,"equity":1,"reference":1}}}"#,
                format: 7)
        }
    }

    /// A shortable listing's record reads as it always did; one that is not says so.
    @Test func listingsSayOnlyWhenTheyCannotBeSoldShort() throws {
        let shortable = try JournalRecord.text(of: .tickerListed(TickerListing(symbol: "FUN", initialPrice: 100)))
        let written = try JSONSerialization.jsonObject(with: Data(shortable.utf8)) as? NSDictionary
        #expect(written == ["tickerListed": ["_0": ["symbol": "FUN", "tickSize": 1, "initialPrice": 100]]])
        let guarded = try JournalRecord.text(
            of: .tickerListed(TickerListing(symbol: "FUN", initialPrice: 100, isShortable: false)))
        #expect(guarded.contains(#""isShortable":false"#), "\(guarded)")
    }

    /// A rule for every account reads as it did before accounts could opt in; an account's choice is written
    /// as docs/JOURNAL.md gives it.
    @Test func shortSellingRecordsSayOptInOnlyWhereItApplies() throws {
        let everyone = try JournalRecord.text(of: .shortSellingChanged(ShortSelling()))
        #expect(!everyone.contains("isOptIn"), "\(everyone)")
        let optIn = try JournalRecord.text(of: .shortSellingChanged(ShortSelling(isOptIn: true)))
        #expect(optIn.contains(#""isOptIn":true"#), "\(optIn)")
        let choice = try JournalRecord.text(of: .accountShortSellingChanged(Self.alice, enabled: true))
        let written = try JSONSerialization.jsonObject(with: Data(choice.utf8)) as? NSDictionary
        #expect(written == ["accountShortSellingChanged": ["_0": ["rawValue": 7], "enabled": true]])
    }

    /// A headline's record, member for member as docs/JOURNAL.md gives it.
    @Test func newsIsWrittenAsDocumented() throws {
        let news = EventKind.newsPublished(NewsItem(headline: "Rates up", ticker: Self.fun, shockBasisPoints: -250))
        let written = try JSONSerialization.jsonObject(with: Data(try JournalRecord.text(of: news).utf8))
        let expected: NSDictionary = [
            "newsPublished": ["_0": ["headline": "Rates up", "ticker": "FUN", "shockBasisPoints": -250]]
        ]
        #expect((written as? NSDictionary) == expected)
        let bare = try JournalRecord.text(of: .newsPublished(NewsItem(headline: "Quiet day")))
        #expect(bare == #"{"newsPublished":{"_0":{"headline":"Quiet day"}}}"#)
    }

    @Test func everyEventIsWrittenAndReadBackExactly() throws {
        var reader = JournalRecord.Reader()
        for kind in Self.everyKind {
            let written = try JournalRecord.text(of: kind)
            #expect(try reader.event(written, format: JournalRecord.current) == kind, "\(written)")
            let throughRecords = try JournalRecord.encodedText(of: kind)
            #expect(try reader.event(throughRecords, format: JournalRecord.current) == kind, "\(throughRecords)")
        }
    }

    /// The hand-written text of the order path has the record types' members, value for value.
    @Test func theHandWrittenTextIsTheRecordsText() throws {
        for kind in Self.everyKind {
            let handWritten = try JSONSerialization.jsonObject(with: Data(try JournalRecord.text(of: kind).utf8))
            let recorded = try JSONSerialization.jsonObject(with: Data(try JournalRecord.encodedText(of: kind).utf8))
            #expect((handWritten as? NSDictionary) == (recorded as? NSDictionary), "\(kind)")
        }
    }

    /// A format-1 `orderRested` names no account: the reader takes it from the order's acceptance.
    @Test func formatOneRecordsReadWithTheAccountOfTheRestedOrder() throws {
        let accepted =
            #"{"orderAccepted":{"_0":{"id":{"rawValue":15},"account":{"rawValue":42},"ticker":"CUP","side":"sell","kind":{"limit":{"price":1050}},"quantity":30,"timeInForce":"GTC","escrowPerShare":0,"reservedCash":0,"reservedShares":30}}}"#
        let rested = #"{"orderRested":{"_0":{"rawValue":15},"_1":"CUP"}}"#
        var reader = JournalRecord.Reader()
        guard case .orderAccepted(let order) = try reader.event(accepted, format: 1) else {
            Issue.record("not an acceptance")
            return
        }
        #expect(order.account == AccountID(42) && order.kind == .limit(price: 1050))
        #expect(try reader.event(rested, format: 1) == .orderRested(OrderID(15), "CUP", account: AccountID(42)))
        // Once rested, the order is no longer followed; and format 2 needs the account in the record.
        #expect(throws: RecordError.self) { try reader.event(rested, format: 1) }
        var fresh = JournalRecord.Reader()
        _ = try fresh.event(accepted, format: 2)
        #expect(throws: RecordError.self) { try fresh.event(rested, format: 2) }
    }

    @Test func recordsOfAnUnknownFormatOrShapeAreRefused() {
        var reader = JournalRecord.Reader()
        let listed = #"{"tickerListed":{"_0":{"symbol":"FUN","tickSize":1,"initialPrice":100}}}"#
        #expect(throws: RecordError.self) { try reader.event(listed, format: JournalRecord.current + 1) }
        #expect(throws: RecordError.self) { try reader.event(listed, format: 0) }
        #expect(throws: (any Error).self) { try reader.event(#"{"tickerListed":{},"orderRested":{}}"#, format: 2) }
        #expect(throws: (any Error).self) { try reader.event(#"{"somethingElse":{}}"#, format: 2) }
        #expect(throws: (any Error).self) {
            try reader.event(#"{"tradingStatusChanged":{"_1":{"paused":{}}}}"#, format: 2)
        }
    }
}

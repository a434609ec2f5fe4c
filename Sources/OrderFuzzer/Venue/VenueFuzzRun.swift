import Foundation
import FuzzSupport
import MarketCore

/// One fuzz input as a venue's life: a setup, then up to ``maximumSteps`` operations.
///
/// It traps (a crash to libFuzzer) when the venue traps, when an invariant breaks after any step, when a
/// refused operation changed anything, or when the journal of the run replays to a different venue. A
/// refusal is always one of the typed rejections: the venue's operations throw only `OrderRejection`,
/// `OrderChangeRejection` or `VenueError`, which the compiler checks.
final class VenueFuzzRun {
    static let maximumSteps = 64
    static let epoch = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)
    /// `FUZZ_VERBOSE=1` prints every operation and its outcome: the trace of a crash input.
    static let isVerbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

    /// What an operation did: its events, or the rejection that changed nothing.
    enum Outcome {
        case done([Event])
        case refused(any Error)
    }

    let venue = Venue(id: "fuzz")
    private(set) var journal: [Event] = []

    /// Runs `bytes` as a venue's life; returns only if every check held.
    static func run(_ bytes: UnsafeRawBufferPointer) {
        var input = FuzzBytes(bytes)
        let run = VenueFuzzRun()
        run.setUp(from: &input)
        var before = run.checked(after: "setup")
        var step = 0
        while !input.isAtEnd && step < maximumSteps {
            let operation = OperationDecoder.next(from: &input, on: before)
            let outcome = run.venue.performFuzz(operation)
            if isVerbose { print("step \(step): \(operation)\n    -> \(outcome)") }
            let after = run.checked(after: "step \(step), \(operation)")
            switch outcome {
            case .done(let events): run.journal += events
            case .refused(let error):
                // A refused change changes nothing (the sequence counter aside).
                var unchanged = after
                unchanged.lastSequence = before.lastSequence
                guard unchanged == before else {
                    fatalError("step \(step): \(operation) was refused (\(error)) yet changed the venue")
                }
            }
            before = after
            step += 1
        }
        let replay = Venue(id: "replay")
        for event in run.journal.sorted(by: { $0.sequence < $1.sequence }) { replay.apply(event) }
        guard replay.snapshot() == before else { fatalError("the journal of \(step) steps replays differently") }
    }

    /// The venue's snapshot, after checking its invariants.
    private func checked(after what: String) -> VenueSnapshot {
        let snapshot = venue.snapshot()
        let violations = snapshot.invariantViolations
        guard violations.isEmpty else { fatalError("invariants broken after \(what): \(violations)") }
        return snapshot
    }

    /// Fees, limits, short selling half the time, and listings, then accounts 1 to 3 with a million in cash and 1,000 shares of each
    /// ticker, and account 4 with fuzzed cash and shares. Anything the venue refuses is left out.
    private func setUp(from input: inout FuzzBytes) {
        let fees: FeeSchedule
        switch input.below(4) {
        case 0: fees = .free
        case 1: fees = FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20)
        case 2: fees = FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 35, minimumPerFill: 3)
        default: fees = OperationDecoder.fees(from: &input)
        }
        keep(try venue.setFeeSchedule(fees, at: Self.epoch))
        if input.below(4) == 0 { keep(venue.setRiskLimits(OperationDecoder.limits(from: &input), at: Self.epoch)) }
        if input.bool() { keep(try venue.setShortSelling(OperationDecoder.shortSelling(from: &input), at: Self.epoch)) }
        let wild = TickerListing(symbol: "WILD", tickSize: input.extreme(), initialPrice: input.extreme())
        for listing in [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "MEME", tickSize: 5, initialPrice: 20_00), wild,
        ] {
            keep(try venue.list(listing, at: Self.epoch))
        }
        for id in 1...4 {
            let account = AccountID(Int64(id))
            let cash: Cents = id == 4 ? input.extreme() : 1_000_000_00
            keep(try venue.openAccount(account, cash: cash, at: Self.epoch))
            for ticker in ["FUN", "MEME", "WILD"] as [TickerSymbol] {
                let shares: Shares = id == 4 ? OperationDecoder.amount(from: &input) : 1_000
                keep(try venue.adjustShares(of: account, in: ticker, by: shares, reason: "seed", at: Self.epoch))
            }
        }
    }

    /// Journals the event of a setup step, or drops a refused step.
    private func keep(_ event: @autoclosure () throws -> Event) {
        if let event = try? event() { journal.append(event) }
    }
}

extension Venue {
    /// Performs `operation` at the fuzz run's fixed time.
    fileprivate func performFuzz(_ operation: VenueOperation) -> VenueFuzzRun.Outcome {
        let time = VenueFuzzRun.epoch
        do {
            switch operation {
            case .submit(let request): return .done(try submit(request, at: time).events)
            case .submitPair(let first, let second): return .done(try submitPair(first, second, at: time).events)
            case .amend(let order, let ticker, let account, let price, let quantity):
                return .done(
                    try amend(order, in: ticker, by: account, price: price, quantity: quantity, at: time).events)
            case .cancel(let order, let ticker, let account):
                return .done(try cancel(order, in: ticker, by: account, at: time))
            case .cancelAll(let account, let ticker):
                return .done(cancelAll(of: account, in: ticker, reason: .administrative, at: time))
            case .adjustCash(let account, let amount):
                return .done([try adjustCash(of: account, by: amount, reason: "fuzz", at: time)])
            case .adjustShares(let account, let ticker, let amount):
                return .done([try adjustShares(of: account, in: ticker, by: amount, reason: "fuzz", at: time)])
            case .payDividend(let ticker, let amount):
                return .done(try payDividend(on: ticker, amountPerShare: amount, at: time).map { [$0] } ?? [])
            case .setRiskLimits(let limits): return .done([setRiskLimits(limits, at: time)])
            case .setFeeSchedule(let fees): return .done([try setFeeSchedule(fees, at: time)])
            case .setShortSelling(let rules): return .done([try setShortSelling(rules, at: time)])
            case .setAccountShortSelling(let account, let enabled):
                return .done([try setShortSelling(of: account, enabled: enabled, at: time)])
            case .setTradingStatus(let status, let ticker):
                return .done([try setTradingStatus(status, of: ticker, at: time)])
            case .delist(let ticker, let price): return .done(try delist(ticker, at: price, time: time))
            case .tripRiskLimit(let account, let limit):
                let trip = RiskLimitTrip(account: account, limit: limit, threshold: 1, equity: 0, reference: 1)
                return .done(try tripRiskLimit(trip, at: time))
            case .resetRiskLimit(let account):
                return .done(try resetRiskLimit(of: account, at: time).map { [$0] } ?? [])
            }
        } catch {
            // The signatures say so already; this keeps it true if one of them loses its typed throws.
            guard error is OrderRejection || error is OrderChangeRejection || error is VenueError else {
                fatalError("\(operation) threw \(type(of: error)), not a typed rejection: \(error)")
            }
            return .refused(error)
        }
    }
}

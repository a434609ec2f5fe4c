import MarketCore
import Synchronization

/// A venue's fair values: one seeded walk per ticker, starting from its last price, which the market maker
/// quotes around and the background traders trade toward. One per running market life, so both see the same
/// value and a price shock moves it for both.
public final class FairValues: Sendable {
    private let venue: VenueRuntime
    private let parameters: FairValueProcess.Parameters
    private let processes = Mutex<[TickerSymbol: FairValueProcess]>([:])
    private let random: Mutex<SeededGenerator>

    /// Walks seeded by `seed` and the venue's id, so each venue's prices reproduce and differ from another's.
    init(venue: VenueRuntime, parameters: FairValueProcess.Parameters, seed: UInt64) {
        self.venue = venue
        self.parameters = parameters
        var mixed = seed
        for byte in venue.id.utf8 { mixed = mixed &* 31 &+ UInt64(byte) }
        random = Mutex(SeededGenerator(seed: mixed))
    }

    /// The fair value of `ticker`.
    public func value(of ticker: TickerSymbol) -> Cents? { process(for: ticker)?.value }

    /// Moves every ticker's fair value one step.
    public func step() {
        for listing in venue.committed.listings {
            guard var process = process(for: listing.symbol) else { continue }
            random.withLock { _ = process.step(using: &$0) }
            processes.withLock { $0[listing.symbol] = process }
        }
    }

    /// Jumps a ticker's fair value by `basisPoints` (a price shock) and returns the new value.
    @discardableResult
    public func shock(_ ticker: TickerSymbol, basisPoints: Int64) -> Cents? {
        guard var process = process(for: ticker) else { return nil }
        process.shock(basisPoints: basisPoints)
        processes.withLock { $0[ticker] = process }
        return process.value
    }

    private func process(for ticker: TickerSymbol) -> FairValueProcess? {
        if let process = processes.withLock({ $0[ticker] }) { return process }
        guard let quote = venue.committed.quote(ticker) else { return nil }
        let process = FairValueProcess(
            initial: quote.lastPrice, tickSize: quote.listing.tickSize, parameters: parameters)
        return processes.withLock { values in
            if let existing = values[ticker] { return existing }
            values[ticker] = process
            return process
        }
    }
}

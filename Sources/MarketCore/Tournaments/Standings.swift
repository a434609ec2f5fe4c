/// One competitor as the standings see them: what they hold now and how their equity went.
public struct StandingsEntry: Sendable, Hashable {
    public var account: AccountID
    public var enteredAt: Timestamp
    /// Cash, free and escrowed.
    public var cash: Cents
    /// Cash plus holdings at the last trade prices.
    public var totalValue: Cents
    /// Total value at each equity snapshot, oldest first; the current `totalValue` need not be included.
    public var equity: [Cents]

    public init(account: AccountID, enteredAt: Timestamp, cash: Cents, totalValue: Cents, equity: [Cents]) {
        self.account = account
        self.enteredAt = enteredAt
        self.cash = cash
        self.totalValue = totalValue
        self.equity = equity
    }
}

/// One ranked row of a tournament's standings. Ratios are integers (basis points, thousandths) so that
/// standings computed twice from the same data are identical.
public struct StandingsRow: Sendable, Hashable {
    public var rank: Int
    public var account: AccountID
    public var enteredAt: Timestamp
    public var totalValue: Cents
    public var cash: Cents
    /// Total value less starting cash.
    public var profitAndLoss: Cents
    /// Profit and loss against starting cash, in basis points (1/100 of a percent), rounded toward zero.
    public var returnBasisPoints: Int64
    /// The largest fall from a running peak of equity, in basis points of that peak.
    public var maxDrawdownBasisPoints: Int64
    /// Mean over standard deviation of the returns between consecutive equity snapshots, in thousandths,
    /// not annualised; `nil` with fewer than two returns or none that vary.
    public var sharpeMilli: Int64?

    public init(
        rank: Int, account: AccountID, enteredAt: Timestamp, totalValue: Cents, cash: Cents, profitAndLoss: Cents,
        returnBasisPoints: Int64, maxDrawdownBasisPoints: Int64, sharpeMilli: Int64?
    ) {
        self.rank = rank
        self.account = account
        self.enteredAt = enteredAt
        self.totalValue = totalValue
        self.cash = cash
        self.profitAndLoss = profitAndLoss
        self.returnBasisPoints = returnBasisPoints
        self.maxDrawdownBasisPoints = maxDrawdownBasisPoints
        self.sharpeMilli = sharpeMilli
    }
}

/// Ranks tournament competitors.
public enum Standings {
    /// Ranks by total value, then by more cash, then by earlier entry (then by account, so ranks are total).
    public static func rank(_ entries: [StandingsEntry], startingCash: Cents) -> [StandingsRow] {
        let ordered = entries.sorted {
            ($0.totalValue, $0.cash, $1.enteredAt.millisecondsSinceEpoch, $1.account.rawValue)
                > ($1.totalValue, $1.cash, $0.enteredAt.millisecondsSinceEpoch, $0.account.rawValue)
        }
        return ordered.enumerated().map { index, entry in
            let series = entry.equity + [entry.totalValue]
            let pnl = entry.totalValue.saturatingAdding(-startingCash)
            return StandingsRow(
                rank: index + 1, account: entry.account, enteredAt: entry.enteredAt, totalValue: entry.totalValue,
                cash: entry.cash, profitAndLoss: pnl,
                returnBasisPoints: startingCash > 0
                    ? basisPoints(of: Int128(entry.totalValue) - Int128(startingCash), in: startingCash) : 0,
                maxDrawdownBasisPoints: maxDrawdownBasisPoints(of: series), sharpeMilli: sharpeMilli(of: series))
        }
    }

    /// The largest fall from a running peak, in basis points of the peak.
    public static func maxDrawdownBasisPoints(of equity: [Cents]) -> Int64 {
        var peak: Cents = .min
        var worst: Int64 = 0
        for value in equity {
            peak = max(peak, value)
            if peak > 0 { worst = max(worst, basisPoints(of: Int128(peak) - Int128(value), in: peak)) }
        }
        return worst
    }

    /// `part / whole` in basis points, rounded toward zero, computed wide so that no amount overflows it.
    static func basisPoints(of part: Int128, in whole: Cents) -> Int64 {
        let ratio = part * 10_000 / Int128(whole)
        return Int64(clamping: ratio)
    }

    /// The Sharpe ratio of the per-snapshot simple returns, in thousandths; `nil` when undefined.
    public static func sharpeMilli(of equity: [Cents]) -> Int64? {
        var returns: [Double] = []
        for (previous, next) in zip(equity, equity.dropFirst()) where previous > 0 {
            returns.append(Double(next - previous) / Double(previous))
        }
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        guard variance > 0 else { return nil }
        return Int64((mean / variance.squareRoot() * 1_000).rounded())
    }
}

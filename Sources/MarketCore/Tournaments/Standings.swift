/// One competitor as the standings see them: what they hold now, what they were given, and how their
/// equity went.
public struct StandingsEntry: Sendable, Hashable {
    public var account: AccountID
    public var enteredAt: Timestamp
    /// Cash, free and escrowed.
    public var cash: Cents
    /// Cash plus holdings at the last trade prices.
    public var totalValue: Cents
    /// What the account was given rather than earned by trading (``Account/contributed``).
    public var contributed: Cents
    /// Dividends received.
    public var dividends: Cents
    /// The account at each equity snapshot, oldest first; the current one need not be included.
    public var equity: [EquityPoint]

    public init(
        account: AccountID, enteredAt: Timestamp, cash: Cents, totalValue: Cents, contributed: Cents,
        dividends: Cents = 0, equity: [EquityPoint]
    ) {
        self.account = account
        self.enteredAt = enteredAt
        self.cash = cash
        self.totalValue = totalValue
        self.contributed = contributed
        self.dividends = dividends
        self.equity = equity
    }
}

/// An account's total value at one moment, and how much of it had not come from trading then
/// (``Account/given``).
public struct EquityPoint: Sendable, Hashable {
    public var totalValue: Cents
    public var given: Cents

    public init(totalValue: Cents, given: Cents) {
        self.totalValue = totalValue
        self.given = given
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
    /// What trading made: total value less what the account was given and its dividends.
    public var profitAndLoss: Cents
    /// Cash and shares administrators added beyond the starting cash (negative when they took some back).
    public var adjustments: Cents
    public var dividends: Cents
    /// Profit and loss against what the account was given, in basis points (1/100 of a percent), rounded
    /// toward zero.
    public var returnBasisPoints: Int64
    /// The largest fall from a running peak of equity, in basis points of that peak.
    public var maxDrawdownBasisPoints: Int64
    /// Mean over standard deviation of the returns between consecutive equity snapshots, in thousandths,
    /// not annualised; `nil` with fewer than two returns or none that vary.
    public var sharpeMilli: Int64?

    public init(
        rank: Int, account: AccountID, enteredAt: Timestamp, totalValue: Cents, cash: Cents, profitAndLoss: Cents,
        adjustments: Cents = 0, dividends: Cents = 0, returnBasisPoints: Int64, maxDrawdownBasisPoints: Int64,
        sharpeMilli: Int64?
    ) {
        self.adjustments = adjustments
        self.dividends = dividends
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

/// Ranks tournament competitors on what they made by trading: an administrator's bonus or a dividend is
/// shown, but neither is profit, and returns are measured on what each account was given.
public enum Standings {
    /// Ranks by return, then by more profit, then by earlier entry (then by account, so ranks are total): what
    /// an account was given decides nothing, not even a tie. Drawdown and Sharpe ratio are read from the trading equity: each snapshot's total
    /// value less what the account had been given beyond `startingCash` by then.
    public static func rank(_ entries: [StandingsEntry], startingCash: Cents) -> [StandingsRow] {
        let measured = entries.map { entry in
            let given = entry.contributed.saturatingAdding(entry.dividends)
            let pnl = entry.totalValue.saturatingSubtracting(given)
            let returnBasisPoints =
                entry.contributed > 0 ? basisPoints(of: Int128(pnl.value), in: entry.contributed) : 0
            return (entry: entry, pnl: pnl, returnBasisPoints: returnBasisPoints)
        }
        let ordered = measured.sorted {
            ($0.returnBasisPoints, $0.pnl, $1.entry.enteredAt.millisecondsSinceEpoch, $1.entry.account.rawValue)
                > ($1.returnBasisPoints, $1.pnl, $0.entry.enteredAt.millisecondsSinceEpoch, $0.entry.account.rawValue)
        }
        return ordered.enumerated().map { index, measured in
            let entry = measured.entry
            let current = EquityPoint(
                totalValue: entry.totalValue, given: entry.contributed.saturatingAdding(entry.dividends))
            let series = (entry.equity + [current]).map {
                $0.totalValue.saturatingAdding(startingCash.saturatingSubtracting($0.given))
            }
            return StandingsRow(
                rank: index + 1, account: entry.account, enteredAt: entry.enteredAt, totalValue: entry.totalValue,
                cash: entry.cash, profitAndLoss: measured.pnl,
                adjustments: entry.contributed.saturatingSubtracting(startingCash),
                dividends: entry.dividends, returnBasisPoints: measured.returnBasisPoints,
                maxDrawdownBasisPoints: maxDrawdownBasisPoints(of: series), sharpeMilli: sharpeMilli(of: series))
        }
    }

    /// The largest fall from a running peak, in basis points of the peak.
    public static func maxDrawdownBasisPoints(of equity: [Cents]) -> Int64 {
        var peak: Cents = .min
        var worst: Int64 = 0
        for value in equity {
            peak = max(peak, value)
            if peak > 0 { worst = max(worst, basisPoints(of: Int128(peak.value) - Int128(value.value), in: peak)) }
        }
        return worst
    }

    /// `part / whole` in basis points, rounded toward zero, computed wide so that no amount overflows it.
    static func basisPoints(of part: Int128, in whole: Cents) -> Int64 {
        let ratio = part * 10_000 / Int128(whole.value)
        return Int64(clamping: ratio)
    }

    /// The Sharpe ratio of the per-snapshot simple returns, in thousandths; `nil` when undefined.
    public static func sharpeMilli(of equity: [Cents]) -> Int64? {
        var returns: [Double] = []
        for (previous, next) in zip(equity, equity.dropFirst()) where previous > 0 {
            returns.append(Double(next.value - previous.value) / Double(previous.value))
        }
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        guard variance > 0 else { return nil }
        return Int64((mean / variance.squareRoot() * 1_000).rounded())
    }
}

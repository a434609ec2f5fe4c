import MarketCore

/// The losses an account may take before its safety switch trips: in one day, and from its peak equity;
/// `nil` for a limit that is not set.
struct LossLimits: Sendable, Hashable {
    var maxDailyLoss: Cents?
    var maxDrawdown: Cents?

    static let none = LossLimits()

    var isEmpty: Bool { maxDailyLoss == nil && maxDrawdown == nil }

    /// The stricter of each limit of `self` and `other`: a host's limit binds an account that set a looser
    /// one, or none.
    func strictest(with other: LossLimits) -> LossLimits {
        func lower(_ first: Cents?, _ second: Cents?) -> Cents? {
            switch (first, second) {
            case (let first?, let second?): min(first, second)
            default: first ?? second
            }
        }
        return LossLimits(
            maxDailyLoss: lower(maxDailyLoss, other.maxDailyLoss), maxDrawdown: lower(maxDrawdown, other.maxDrawdown))
    }

    /// The limit `equity` breaks against `marks`, the daily loss first; `nil` when it breaks none.
    func trip(of account: AccountID, at equity: Cents, against marks: EquityMarks) -> RiskLimitTrip? {
        if let limit = maxDailyLoss, Self.loss(from: marks.dayStart, to: equity) >= limit {
            return RiskLimitTrip(
                account: account, limit: .dailyLoss, threshold: limit, equity: equity, reference: marks.dayStart)
        }
        if let limit = maxDrawdown, Self.loss(from: marks.peak, to: equity) >= limit {
            return RiskLimitTrip(
                account: account, limit: .drawdown, threshold: limit, equity: equity, reference: marks.peak)
        }
        return nil
    }

    /// `reference − equity`, saturating: equity is itself a saturated sum, so either may be an extreme.
    static func loss(from reference: Cents, to equity: Cents) -> Cents {
        let (difference, overflow) = reference.value.subtractingReportingOverflow(equity.value)
        guard overflow else { return Cents(difference) }
        return Cents(reference > equity ? .max : .min)
    }
}

/// The equity a watched account's losses are measured from: its peak, and its opening equity of the day.
struct EquityMarks: Sendable, Hashable {
    static let millisecondsPerDay: Int64 = 86_400_000

    var peak: Cents
    var dayStart: Cents
    /// Days since 1970-01-01 (UTC) by the venue's clock.
    var day: Int64

    /// Marks that start from `equity` now.
    init(startingAt equity: Cents, at time: Timestamp) {
        peak = equity
        dayStart = equity
        day = Self.day(of: time)
    }

    init(peak: Cents, dayStart: Cents, day: Int64) {
        self.peak = peak
        self.dayStart = dayStart
        self.day = day
    }

    static func day(of time: Timestamp) -> Int64 {
        time.millisecondsSinceEpoch.dividedRoundingDown(by: millisecondsPerDay)
    }

    /// The marks once `equity` is seen at `time`: a new day opens at it, and a new high raises the peak.
    func updated(with equity: Cents, at time: Timestamp) -> EquityMarks {
        var next = self
        let today = Self.day(of: time)
        if today != day {
            next.day = today
            next.dayStart = equity
        }
        next.peak = max(peak, equity)
        return next
    }
}

extension Int64 {
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

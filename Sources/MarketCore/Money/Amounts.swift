/// An amount of cash in the smallest currency unit (cents). Never a floating-point number.
public typealias Cents = Int64

/// A number of shares.
public typealias Shares = Int64

extension Int64 {
    /// `self × other`, or `nil` when the product does not fit.
    @inlinable
    func multipliedExactly(by other: Int64) -> Int64? {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? nil : product
    }

    /// `self + other`, or `nil` when the sum does not fit.
    @inlinable
    func addingExactly(_ other: Int64) -> Int64? {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? nil : sum
    }

    /// `self × other`, clamped to the representable range instead of trapping: for figures that are only
    /// shown or ranked (valuations, ratios), where an absurd holding must not crash the server.
    @inlinable
    public func saturatingMultiplied(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `self + other`, clamped to the representable range instead of trapping.
    @inlinable
    public func saturatingAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

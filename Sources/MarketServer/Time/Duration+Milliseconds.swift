extension Duration {
    /// The duration in whole milliseconds, rounded toward zero: how settings state their intervals.
    var wholeMilliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}

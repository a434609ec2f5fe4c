/// A fuzz input read as a stream of choices.
///
/// Every read succeeds: past the end of the input it reads zeros. So any byte string decodes to some
/// sequence of operations, and libFuzzer's mutations (flipping, inserting, cutting bytes) change the
/// choices locally instead of making the input unreadable.
public struct FuzzBytes {
    private let bytes: [UInt8]
    private var index = 0

    /// Numbers that break arithmetic: zero, one, small values, the neighbourhood of `Int64.max`, its
    /// halves and hundredths (cents and basis-point scaling), and negatives down to `Int64.min`.
    public static let extremes: [Int64] = [
        0, 1, 2, 3, 5, 7, 10, 99, 100, 101, 1_000, 9_999, 10_000, 100_000, 1_000_000_00,
        Int64(Int32.max), Int64(UInt32.max), 1 << 53, Int64.max / 10_000, Int64.max / 10_000 + 1,
        Int64.max / 100, Int64.max / 100 + 1, Int64.max / 2, Int64.max / 2 + 1, Int64.max - 100,
        Int64.max - 1, Int64.max, -1, -2, -100, -(1 << 53), Int64.min + 1, Int64.min,
    ]

    /// Reads `buffer`, copying it: libFuzzer owns the buffer only for the length of one call.
    public init(_ buffer: UnsafeRawBufferPointer) {
        bytes = Array(buffer)
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, or zero past the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A number in `0..<count`; `count` must be positive.
    public mutating func below(_ count: Int) -> Int {
        Int(byte()) % count
    }

    /// A coin toss.
    public mutating func bool() -> Bool {
        byte() & 1 == 1
    }

    /// One of `choices`, which must not be empty.
    public mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[below(choices.count)]
    }

    /// Eight bytes, little-endian, as any `Int64` at all.
    public mutating func raw64() -> Int64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
        return Int64(bitPattern: value)
    }

    /// A number drawn mostly from the edges: half the time one of ``extremes``, else a small positive or
    /// negative value, or any 64-bit value.
    public mutating func extreme() -> Int64 {
        let selector = byte()
        switch selector {
        case 0..<128: return Self.extremes[Int(selector) % Self.extremes.count]
        case 128..<192: return Int64(byte())
        case 192..<224: return -Int64(byte())
        default: return raw64()
        }
    }
}

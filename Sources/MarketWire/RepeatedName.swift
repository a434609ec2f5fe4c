/// Finds a name that one JSON object of a body gives twice (`{"quantity":5,"quantity":6}`).
///
/// JSON leaves such a body's meaning open and parsers disagree (Foundation keeps one value, others the
/// other), so a proxy or a client library could read another order than the exchange does. The API refuses
/// these bodies; this finds the name to say so. Names are compared as decoded text, so `"a"` and `"\u0061"`
/// are the same name. A body that is not valid JSON gives `nil`: the JSON reader explains that.
public enum RepeatedName {
    /// The first repeated name in `bytes`, or `nil` when there is none (or the body is not JSON).
    public static func first(in bytes: some Collection<UInt8>) -> String? {
        var scanner = Scanner(bytes: Array(bytes))
        return scanner.value(depth: 0)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var isMalformed = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Scans one value; returns the first repeated name inside it.
        mutating func value(depth: Int) -> String? {
            skipSpace()
            guard depth < 512, index < bytes.count else { return malformed() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""):
                return string() == nil ? malformed() : nil
            default:
                // A number or a literal: whatever it is, it ends at the next delimiter.
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
                return nil
            }
        }

        private mutating func object(depth: Int) -> String? {
            index += 1
            var names: Set<String> = []
            skipSpace()
            if take(UInt8(ascii: "}")) { return nil }
            repeat {
                skipSpace()
                guard let name = string() else { return malformed() }
                guard names.insert(name).inserted else { return name }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return malformed() }
                if let repeated = value(depth: depth + 1) { return repeated }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? nil : malformed()
        }

        private mutating func array(depth: Int) -> String? {
            index += 1
            skipSpace()
            if take(UInt8(ascii: "]")) { return nil }
            repeat {
                if let repeated = value(depth: depth + 1) { return repeated }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? nil : malformed()
        }

        /// Stops the scan: past a malformed part, no later name can be trusted.
        private mutating func malformed() -> String? {
            index = bytes.count
            isMalformed = true
            return nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard !isMalformed, index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string's decoded text; `nil` when it is not a well-formed JSON string.
        private mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var text: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let scalar = escaped() else { return nil }
                    text.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    text.append(byte)
                }
            }
            return nil
        }

        /// The character an escape stands for, a surrogate pair joined.
        private mutating func escaped() -> Unicode.Scalar? {
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "u"):
                guard let high = hexUnit() else { return nil }
                guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
                guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { return nil }
                index += 2
                guard let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            default: return Unicode.Scalar(byte)
            }
        }

        private mutating func hexUnit() -> UInt16? {
            guard index + 4 <= bytes.count,
                let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { return nil }
            index += 4
            return unit
        }

        private mutating func skipSpace() {
            while index < bytes.count, " \t\r\n".utf8.contains(bytes[index]) { index += 1 }
        }
    }
}

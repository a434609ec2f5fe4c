extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal, two digits each.
    var hexString: String {
        // Written digit by digit into one buffer: the journal hashes every event, and a string per byte showed
        // in the order path's profile.
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = (byte >> 4).hexDigit
                text[2 * index + 1] = (byte & 0x0f).hexDigit
            }
            return bytes.count * 2
        }
    }
}

extension UInt8 {
    /// The lowercase hexadecimal digit, as ASCII, of this value from 0 to 15.
    var hexDigit: UInt8 {
        self < 10 ? UInt8(ascii: "0") + self : UInt8(ascii: "a") + self - 10
    }
}

import Synchronization

/// Ids for requests that arrive without one: UUIDs in form (version 4, the RFC 9562 variant), made of a
/// random half drawn once per process and a counter.
///
/// `UUID()` read `/dev/urandom` through an open, a read and a close for every request; these need no
/// system call. A request id only has to tell one request from another in the logs, not be unguessable.
enum RequestID {
    private static let processHalf = UInt64.random(in: .min ... .max) & 0xffff_ffff_ffff_0fff | 0x4000
    private static let counter = Atomic<UInt64>(0)

    /// A new id, such as `6f1c03d2-9a4e-4b17-8000-00000000002a`.
    static func make() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue & 0x3fff_ffff_ffff_ffff | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<16 {
                if [4, 6, 8, 10].contains(index) {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                let half = index < 8 ? processHalf : count
                let byte = UInt8(truncatingIfNeeded: half >> (56 - 8 * (index % 8)))
                text[position] = (byte >> 4).hexDigit
                text[position + 1] = (byte & 0x0f).hexDigit
                position += 2
            }
            return position
        }
    }
}

/// Finds the NUL character (`\u0000`) in the strings of a JSON body.
///
/// JSON allows it, but PostgreSQL's text columns do not: a NUL in an audit reason made the journal's commit
/// fail, which stops every venue until a restart. No field of the API has a use for it, so the API refuses
/// such bodies before they reach anything that stores text. A raw NUL byte is invalid JSON already; this looks
/// for the escape, which is the only way a JSON string carries one.
public enum NulCharacter {
    /// Whether some string of the JSON text `bytes` holds a NUL.
    public static func isIn(_ bytes: some Collection<UInt8>) -> Bool {
        let backslash = UInt8(ascii: "\\")
        // Most bodies hold no escape at all.
        guard bytes.contains(backslash) else { return false }
        let text = Array(bytes)
        var index = 0
        while index < text.count {
            guard text[index] == backslash else {
                index += 1
                continue
            }
            // An escape: `\u0000` is a NUL; any other escape (`\\` included) is skipped whole.
            if index + 5 < text.count, text[index + 1] == UInt8(ascii: "u"),
                text[(index + 2)...(index + 5)].allSatisfy({ $0 == UInt8(ascii: "0") })
            {
                return true
            }
            index += 2
        }
        return false
    }
}

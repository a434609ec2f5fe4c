/// A configuration value that cannot be used; reported at start-up before anything listens.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidValue(variable: String, value: String, expected: String)
    case unreadableDotEnvLine(lineNumber: Int, line: String)

    public var description: String {
        switch self {
        case .invalidValue(let variable, let value, let expected):
            return "Invalid configuration: \(variable)=\(value.debugDescription) (expected \(expected))"
        case .unreadableDotEnvLine(let lineNumber, let line):
            return "Invalid .env line \(lineNumber): \(line.debugDescription) (expected NAME=value)"
        }
    }
}

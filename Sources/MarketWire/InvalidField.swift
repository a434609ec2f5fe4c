/// A field of a request body that breaks its rule, named with the rule: `quantity: must be a positive whole
/// number`. Each protocol's edge answers it in its own error shape (a 400 for the REST API).
public struct InvalidField: Error, Equatable, Sendable {
    /// The field's JSON name.
    public let field: String
    /// The rule it breaks, in words for the caller.
    public let reason: String

    public init(_ field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// Identifiers the application assigns to new rows (the schema has no auto-increment, so that the same SQL runs
/// on SQLite and PostgreSQL). Random positive 63-bit values: collisions are negligible and, if one ever happens,
/// the primary key rejects it rather than mixing two rows.
public enum RowID {
    public static func random() -> Int64 {
        Int64.random(in: 1...Int64.max)
    }
}

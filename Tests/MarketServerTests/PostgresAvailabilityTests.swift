import Testing

/// Makes a run without PostgreSQL visible: this test is reported as skipped, with the reason, when the
/// PostgreSQL variants of the suites are not running.
@Suite("PostgreSQL")
struct PostgresAvailabilityTests {
    @Test(
        .enabled(
            if: TestBackend.postgresURL != nil,
            "PostgreSQL variants skipped: MARKETSIM_TEST_POSTGRES_URL is not set (run .ci/postgres-start)"))
    func postgresVariantsRun() async throws {
        try await withScratchDatabase(.postgres) { scratch in
            let database = try await scratch.open()
            await database.close()
        }
    }
}

// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "MarketSim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MarketCore", targets: ["MarketCore"]),
        .library(name: "MarketServer", targets: ["MarketServer"]),
        .executable(name: "marketsim", targets: ["marketsim"]),
        // Fuzzers of the order path (docs/FUZZING.md, Tests/fuzz/run.sh).
        .executable(name: "order-fuzz-body", targets: ["OrderBodyFuzzer"]),
        .executable(name: "order-fuzz-venue", targets: ["VenueOrderFuzzer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        // The exchange as pure Swift: no I/O, no clock, no randomness of its own.
        .target(name: "MarketCore"),
        // The order routes' JSON bodies, read exactly: the server's order path and the body fuzzer share it.
        .target(name: "MarketWire", dependencies: ["MarketCore"]),
        // The shell: HTTP + WebSocket, auth, persistence, bots, venues.
        .target(
            name: "MarketServer",
            dependencies: [
                "MarketCore",
                "MarketWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "marketsim",
            dependencies: [
                "MarketServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // libFuzzer targets over the order body readers and the core's order path. A plain build makes
        // them replay inputs named on the command line; -sanitize=fuzzer -DFUZZING makes them fuzz.
        .target(name: "LibFuzzerDriver", path: "Sources/OrderFuzzer/Driver"),
        .target(name: "FuzzSupport", dependencies: ["LibFuzzerDriver"], path: "Sources/OrderFuzzer/Support"),
        .executableTarget(
            name: "OrderBodyFuzzer", dependencies: ["MarketWire", "FuzzSupport"], path: "Sources/OrderFuzzer/Body"),
        .executableTarget(
            name: "VenueOrderFuzzer", dependencies: ["MarketCore", "FuzzSupport"], path: "Sources/OrderFuzzer/Venue"),
        .testTarget(name: "MarketCoreTests", dependencies: ["MarketCore"]),
        .testTarget(
            name: "MarketServerTests",
            dependencies: [
                "MarketServer",
                "MarketWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
    ]
)

// `MARKETSIM_PACKAGE=core` leaves the package with the core and its tests only, so that the thread-sanitized
// run of the core's concurrency tests (.ci/run) builds nothing else: none of the server's dependencies.
// Run it with `--manifest-cache none`, so that no evaluation of the manifest is shared between the two shapes.
if ProcessInfo.processInfo.environment["MARKETSIM_PACKAGE"] == "core" {
    package.products = [.library(name: "MarketCore", targets: ["MarketCore"])]
    package.dependencies = []
    package.targets = package.targets.filter { ["MarketCore", "MarketCoreTests"].contains($0.name) }
}

// swift-tools-version: 6.1
import PackageDescription

// The benchmarks live in their own package so that the tests' debug build never compiles them;
// run them in release mode as the README shows.
let package = Package(
    name: "MarketSimBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "MarketSim", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmark",
            dependencies: [.product(name: "MarketCore", package: "MarketSim")]
        ),
        // 1,000 WebSocket subscribers on one trades channel while trades run at 1,000 a second.
        .executableTarget(
            name: "FeedBenchmark",
            dependencies: [
                .product(name: "MarketServer", package: "MarketSim"),
                .product(name: "MarketCore", package: "MarketSim"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)

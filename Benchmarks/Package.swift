// swift-tools-version: 6.1
import PackageDescription

// The benchmarks live in their own package so that the tests' debug build never compiles them;
// run them in release mode as the README shows.
let package = Package(
    name: "MarketSimBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "MarketSim", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmark",
            dependencies: [.product(name: "MarketCore", package: "MarketSim")]
        )
    ]
)

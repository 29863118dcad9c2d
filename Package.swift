// swift-tools-version:6.1
import PackageDescription

/// Pinwatch: a terminal dashboard for Pinterest ad campaigns.
///
/// Dependencies point one way:
/// PinterestAds → AdsCache → Dashboard → pinwatch, and ScreenGrid → Dashboard, Terminal → pinwatch.
/// ScreenGrid (cells, grid, style roles, themes, keys, display width) depends on nothing:
/// Dashboard draws into it and Terminal puts it on screen, so Terminal never sees the API, the
/// cache, SQLite or libcurl.
/// MetricsExport (`pinwatch exporter`) turns AdsCache's snapshots into Prometheus metrics.
/// PinterestSandbox is a local stand-in for the Pinterest API v5. pinwatch-bench (in Benchmarks/)
/// times the hot paths; it is an executable of its own so it never ships inside pinwatch.
let package = Package(
    name: "Pinwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pinwatch", targets: ["pinwatch"]),
        .library(name: "PinterestAds", targets: ["PinterestAds"]),
        .library(name: "AdsCache", targets: ["AdsCache"]),
        .library(name: "ScreenGrid", targets: ["ScreenGrid"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "PinterestSandbox", targets: ["PinterestSandbox"]),
        .library(name: "MetricsExport", targets: ["MetricsExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libcurl's easy interface, loaded at run time: no libcurl headers needed to build.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .target(
            name: "PinterestAds",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PinterestSandbox",
            dependencies: [
                "PinterestAds",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(name: "CMalloc"),
        // The allocator policy of a process that stays up all day; only the executables use it.
        .target(name: "AllocatorPolicy", dependencies: ["CMalloc"]),
        .target(
            name: "AdsCache",
            dependencies: [
                "PinterestAds",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ScreenGrid"),
        .target(
            name: "Dashboard",
            dependencies: [
                "ScreenGrid",
                "PinterestAds",
                "AdsCache",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // `pinwatch exporter`: the engine's snapshots as Prometheus metrics over HTTP.
        .target(
            name: "MetricsExport",
            dependencies: [
                "AdsCache",
                "PinterestAds",
                "ScreenGrid",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "Terminal",
            dependencies: ["CNCurses", "ScreenGrid"]
        ),
        .executableTarget(
            name: "pinwatch",
            dependencies: [
                "PinterestAds",
                "AdsCache",
                "Dashboard",
                "ScreenGrid",
                "Terminal",
                "PinterestSandbox",
                "AllocatorPolicy",
                "MetricsExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "pinwatch-bench",
            dependencies: [
                "PinterestAds",
                "AdsCache",
                "Dashboard",
                "PinterestSandbox",
                "AllocatorPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/pinwatch-bench"
        ),
        .target(
            name: "PinwatchTestSupport",
            dependencies: [
                "PinterestAds",
                "PinterestSandbox",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PinwatchTestSupport"
        ),
        .testTarget(
            name: "PinterestAdsTests",
            dependencies: ["PinterestAds", "PinterestSandbox", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "PinterestSandboxTests",
            dependencies: ["PinterestSandbox", "PinterestAds", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "AdsCacheTests",
            dependencies: ["AdsCache", "PinterestAds", "PinterestSandbox", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "ScreenGrid", "AdsCache", "PinterestAds", "PinwatchTestSupport"],
            exclude: ["__Golden__"]
        ),
        .testTarget(
            name: "MetricsExportTests",
            dependencies: ["MetricsExport", "AdsCache", "PinterestAds", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "ScreenGridTests",
            dependencies: ["ScreenGrid"]
        ),
        .testTarget(
            name: "TerminalTests",
            // Dashboard only to read the shipped theme files, whose colours the planner is tested on.
            dependencies: ["Terminal", "ScreenGrid", "Dashboard"]
        ),
        .testTarget(
            name: "PinwatchCLITests",
            dependencies: ["pinwatch", "Dashboard", "AdsCache", "PinterestAds", "PinterestSandbox", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["PinterestSandbox", "PinterestAds", "AdsCache", "PinwatchTestSupport"]
        ),
        .testTarget(
            name: "RobustnessTests",
            dependencies: ["PinterestSandbox", "PinterestAds", "AdsCache", "Dashboard", "ScreenGrid", "PinwatchTestSupport"]
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Solusi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "solusi", targets: ["solusi"]),
        .library(name: "SolusiKit", targets: ["SolusiKit"]),
        .library(name: "SolusiReport", targets: ["SolusiReport"]),
        .library(name: "IndonesianText", targets: ["IndonesianText"]),
        .library(name: "SolusiSQLite", targets: ["SolusiSQLite"]),
        .library(name: "SolusiPostgres", targets: ["SolusiPostgres"]),
        .library(name: "SolusiServer", targets: ["SolusiServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        .target(name: "IndonesianText"),
        .target(
            name: "SolusiKit",
            dependencies: [
                "IndonesianText",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(name: "SolusiReport", dependencies: ["SolusiKit", "IndonesianText"]),
        // The two stores, each in a module of its own beside the domain, opened the same way
        // (`Workspace.openFile`, `Workspace.openServer`): SolusiKit links neither GRDB nor the driver.
        .target(
            name: "SolusiSQLite",
            dependencies: [
                "SolusiKit", "IndonesianText", "SQLiteProcess",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Process-wide SQLite settings, in C: `sqlite3_config` is variadic.
        .target(name: "SQLiteProcess", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "SolusiPostgres",
            dependencies: ["SolusiKit", "IndonesianText", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // The agents' web console (`solusi serve`): Hummingbird, bcrypt, Prometheus.
        .target(
            name: "SolusiServer",
            dependencies: [
                "IndonesianText",
                "SolusiKit",
                "SolusiReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "solusi",
            dependencies: [
                "SolusiKit",
                "SolusiReport",
                "SolusiSQLite",
                "SolusiPostgres",
                "SolusiServer",
                "IndonesianText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share (scratch folders); never part of a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "IndonesianTextTests", dependencies: ["IndonesianText"]),
        .testTarget(
            name: "SolusiKitTests",
            dependencies: [
                "SolusiKit", "SolusiSQLite", "IndonesianText", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Read through #filePath by the tests; never bundled, never trained on.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SolusiStoreTests", dependencies: ["SolusiKit", "SolusiSQLite", "SolusiPostgres"]),
        .testTarget(
            name: "SolusiServerTests",
            dependencies: [
                "SolusiServer", "SolusiKit", "SolusiSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "SolusiReportTests",
            dependencies: ["SolusiReport", "SolusiSQLite", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "SolusiCLITests",
            dependencies: [
                "solusi", "SolusiKit", "SolusiSQLite", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)

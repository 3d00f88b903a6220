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
        .library(name: "SolusiPostgres", targets: ["SolusiPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "IndonesianText"),
        .target(
            name: "SolusiKit",
            dependencies: [
                "IndonesianText",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(name: "SolusiReport", dependencies: ["SolusiKit", "IndonesianText"]),
        // The PostgreSQL store, in a module of its own: the library's SQLite path never links the driver.
        .target(
            name: "SolusiPostgres",
            dependencies: ["SolusiKit", "IndonesianText", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .executableTarget(
            name: "solusi",
            dependencies: [
                "SolusiKit",
                "SolusiReport",
                "SolusiPostgres",
                "IndonesianText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "IndonesianTextTests", dependencies: ["IndonesianText"]),
        .testTarget(
            name: "SolusiKitTests",
            dependencies: ["SolusiKit", "IndonesianText", .product(name: "GRDB", package: "GRDB.swift")],
            // Read through #filePath by the tests; never bundled, never trained on.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SolusiStoreTests", dependencies: ["SolusiKit", "SolusiPostgres"]),
        .testTarget(
            name: "SolusiReportTests", dependencies: ["SolusiReport", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "SolusiCLITests",
            dependencies: ["solusi", "SolusiKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)

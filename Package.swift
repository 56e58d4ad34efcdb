// swift-tools-version:6.0
import PackageDescription

/// Lectern: a prefork FastCGI responder pool behind nginx, state in MariaDB.
///
/// C libraries come in through system-library targets (module map + a tiny shim header);
/// the domain (`LecternCore`) has no I/O; the edges (FastCGI, MariaDB, OpenSSL, libcurl)
/// each live in their own module.
let package = Package(
    name: "Lectern",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
        .executable(name: "lectern-sim", targets: ["lectern-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // The emulator's HTTP server only; production targets never depend on it.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CMariaDB", path: "Sources/CMariaDB", pkgConfig: "libmariadb",
                       providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLecternSys", path: "Sources/CLecternSys"),

        .target(name: "LecternCore"),
        .target(name: "LecternCrypto", dependencies: ["COpenSSL"]),
        .target(name: "LecternStore", dependencies: [
            "CMariaDB", "LecternCore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LecternFastCGI", dependencies: ["CFastCGI"]),
        .target(name: "LecternProcess", dependencies: [
            "CLecternSys", "LecternCore", "LecternFastCGI",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LecternAPI", dependencies: [
            "CLecternSys", "LecternCore", "LecternCrypto", "LecternStore", "LecternFastCGI", "LecternZoom",
            "LecternPool", "LecternHTTPClient", "LecternDrive",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.embedInCode("openapi.yaml")]),
        .target(name: "LecternHTTPClient", dependencies: ["CCurl"]),
        .target(name: "LecternSMTP", dependencies: ["CCurl", "LecternCore"]),
        .target(name: "LecternZoom", dependencies: ["LecternHTTPClient", "LecternCrypto", "LecternCore"]),
        .target(name: "LecternDrive", dependencies: ["LecternHTTPClient", "LecternCrypto"]),
        .target(name: "LecternPool", dependencies: [
            "LecternCore", "LecternCrypto", "LecternStore", "LecternHTTPClient", "LecternZoom",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LecternTransfer", dependencies: [
            "LecternCore", "LecternStore", "LecternProcess", "LecternZoom", "LecternCrypto", "LecternPool",
            "LecternHTTPClient", "LecternDrive", "LecternSMTP",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LecternCommands", dependencies: [
            "LecternCore", "LecternCrypto", "LecternStore", "LecternProcess", "LecternAPI",
            "LecternTransfer", "LecternZoom", "LecternPool", "LecternHTTPClient", "LecternDrive", "LecternSMTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "lectern", dependencies: ["LecternCommands"]),
        .target(name: "LecternSim", dependencies: [
            "LecternCrypto", "LecternHTTPClient", "LecternZoom",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(name: "lectern-sim", dependencies: [
            "LecternSim",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // What several test targets share: the test database, a scripted HTTP transport, RSA keys.
        .target(name: "LecternTestSupport", dependencies: [
            "LecternStore", "LecternHTTPClient",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/LecternTestSupport"),
        .testTarget(name: "LecternCoreTests", dependencies: ["LecternCore"]),
        .testTarget(name: "LecternCryptoTests", dependencies: ["LecternCrypto", "LecternTestSupport"]),
        .testTarget(name: "LecternStoreTests", dependencies: ["LecternStore", "LecternTestSupport"]),
        .testTarget(name: "LecternAPITests", dependencies: ["LecternAPI"]),
        .testTarget(name: "LecternProcessTests", dependencies: ["LecternProcess", "LecternCore"]),
        .testTarget(name: "LecternHTTPClientTests", dependencies: ["LecternHTTPClient"]),
        .testTarget(name: "LecternSMTPTests", dependencies: ["LecternSMTP", "LecternCore"]),
        .testTarget(name: "LecternZoomTests", dependencies: ["LecternZoom", "LecternTestSupport"]),
        .testTarget(name: "LecternDriveTests", dependencies: ["LecternDrive", "LecternTestSupport"]),
        .testTarget(name: "LecternSimTests", dependencies: ["LecternSim", "LecternCrypto", "LecternHTTPClient"]),
        .testTarget(name: "LecternCommandsTests", dependencies: [
            "LecternCommands", "LecternAPI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LecternTransferTests", dependencies: ["LecternTransfer", "LecternSMTP", "LecternTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)

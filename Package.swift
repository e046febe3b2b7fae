// swift-tools-version:6.0
import PackageDescription

// Release builds of the commands carry the Swift runtime and Foundation inside
// (`-static-stdlib`, as `swift build --static-swift-stdlib` does): loading and relocating a
// dozen shared libraries was a quarter of scoring the county sample (30 -> 22 ms a run;
// 2,000 units 159 -> 140 ms). Every module is compiled against the static libraries' modules,
// and each executable linked with them. Debug builds (and so `swift test`) link dynamically.
let staticStdlib: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
let staticLink: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]

let package = Package(
    name: "kaohe",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Kaohe", targets: ["Kaohe"]),
        .executable(name: "kaohe", targets: ["kaohe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // SHA-256 for the run's fingerprint: BoringSSL's hashing uses the CPU's SHA extensions,
        // several times faster than Swift code over the 260 MB of a province's ledgers.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // The engine: model, expression language, evaluation. No file or terminal I/O,
        // no third-party imports. Release builds leave out the run-time exclusivity checks of
        // class properties (the unit state's arrays are read millions of times a sweep); debug
        // builds, and so the tests, keep them.
        .target(name: "Kaohe", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))] + staticStdlib),
        // UTF-8 validation with vector instructions (AVX2), in C: Swift's SIMD types have no
        // byte shuffle. KaoheIO falls back to its Swift check on other CPUs.
        .target(name: "CKaoheSIMD"),
        // Loading: scheme YAML (with positions), text decoding, CSV, XLSX.
        .target(name: "KaoheIO", dependencies: [
            "Kaohe", "CKaoheSIMD",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: staticStdlib),
        // Rendering: terminal tables, JSON, CSV, Markdown.
        .target(name: "KaoheReports", dependencies: ["Kaohe"], swiftSettings: staticStdlib),
        // The commands, as a library tested in-process.
        .target(name: "KaoheCLI", dependencies: [
            "Kaohe", "KaoheIO", "KaoheReports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: staticStdlib),
        .executableTarget(name: "kaohe", dependencies: ["KaoheCLI"], swiftSettings: staticStdlib, linkerSettings: staticLink),
        // A deterministic generator of province-scale ledgers (for benchmarks and tests).
        .executableTarget(name: "kaohe-gen", dependencies: ["KaoheGen"], swiftSettings: staticStdlib, linkerSettings: staticLink),
        .target(name: "KaoheGen", dependencies: ["Kaohe", "KaoheIO"], swiftSettings: staticStdlib),
        // Times the phases of a run (release builds): read, aggregate, score, outcomes, render.
        .executableTarget(name: "kaohe-bench", dependencies: ["Kaohe", "KaoheIO", "KaoheReports"],
                          swiftSettings: staticStdlib, linkerSettings: staticLink),
        // (KaoheGen for its seeded generator, in the randomized tests.)
        .testTarget(name: "KaoheTests", dependencies: ["Kaohe", "KaoheGen"]),
        .testTarget(name: "KaoheIOTests", dependencies: ["KaoheIO", "KaoheGen"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KaoheReportsTests", dependencies: ["KaoheReports"]),
        .testTarget(name: "KaoheGenTests", dependencies: ["KaoheGen", "KaoheReports"]),
        .testTarget(name: "KaoheCLITests", dependencies: ["KaoheCLI", "KaoheIO", "Kaohe"], exclude: ["Golden"]),
    ]
)

// swift-tools-version:6.0
import PackageDescription

// Release builds of the commands carry the Swift runtime and Foundation inside
// (`-static-stdlib`): loading and relocating a dozen shared libraries was a quarter of scoring
// the county sample (30 -> 22 ms a run; 2,000 units 159 -> 140 ms). Only the executables are
// linked so; the modules are compiled as usual, so that the libraries and a release build of
// the tests (linked with the shared libraries) still link. Static Foundation's own libraries,
// which a module compiled for shared linking does not name, are named here (in a group: they
// refer to each other). Debug builds, and so `swift test`, link dynamically.
let staticLink: [LinkerSetting] = [.unsafeFlags([
    "-static-stdlib",
    "-Xlinker", "--start-group",
    "-Xlinker", "-lFoundation", "-Xlinker", "-lFoundationEssentials", "-Xlinker", "-lFoundationInternationalization",
    "-Xlinker", "-lCoreFoundation", "-Xlinker", "-l_FoundationICU", "-Xlinker", "-l_FoundationCShims",
    "-Xlinker", "-l_FoundationCollections",
    "-Xlinker", "--end-group",
], .when(platforms: [.linux], configuration: .release))]

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
        .target(name: "Kaohe", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // UTF-8 validation with vector instructions (AVX2), in C: Swift's SIMD types have no
        // byte shuffle. KaoheIO falls back to its Swift check on other CPUs.
        .target(name: "CKaoheSIMD"),
        // Loading: scheme YAML (with positions), text decoding, CSV, XLSX.
        .target(name: "KaoheIO", dependencies: [
            "Kaohe", "CKaoheSIMD",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Rendering: terminal tables, JSON, CSV, Markdown.
        .target(name: "KaoheReports", dependencies: ["Kaohe"]),
        // The commands, as a library tested in-process.
        .target(name: "KaoheCLI", dependencies: [
            "Kaohe", "KaoheIO", "KaoheReports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kaohe", dependencies: ["KaoheCLI"], linkerSettings: staticLink),
        // A deterministic generator of province-scale ledgers (for benchmarks and tests).
        .executableTarget(name: "kaohe-gen", dependencies: ["KaoheGen"], linkerSettings: staticLink),
        .target(name: "KaoheGen", dependencies: ["Kaohe", "KaoheIO"]),
        // Times the phases of a run (release builds): read, aggregate, score, outcomes, render.
        .executableTarget(name: "kaohe-bench", dependencies: ["Kaohe", "KaoheIO", "KaoheReports"],
                          linkerSettings: staticLink),
        // (KaoheGen for its seeded generator, in the randomized tests.)
        .testTarget(name: "KaoheTests", dependencies: ["Kaohe", "KaoheGen"]),
        .testTarget(name: "KaoheIOTests", dependencies: ["KaoheIO", "KaoheGen"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KaoheReportsTests", dependencies: ["KaoheReports"]),
        .testTarget(name: "KaoheGenTests", dependencies: ["KaoheGen", "KaoheReports"]),
        .testTarget(name: "KaoheCLITests", dependencies: ["KaoheCLI", "KaoheIO", "Kaohe"], exclude: ["Golden"]),
    ]
)

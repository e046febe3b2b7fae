// kaohe-bench: times the phases of `kaohe score --format json` in process (release builds).
//
//   swift build -c release --product kaohe-bench
//   .build/release/kaohe-bench SCHEME [--data DIR] [--runs 5]
//
// Prints, per phase (read + type each dataset, aggregate, score, outcomes, render JSON) and
// end to end, the median, min and max over the runs, and the peak resident memory.
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

final class Times: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var phases: [String: [Duration]] = [:]
    private(set) var order: [String] = []
    func add(_ name: String, _ d: Duration) {
        lock.lock(); defer { lock.unlock() }
        if phases[name] == nil { order.append(name) }
        phases[name, default: []].append(d)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
guard let schemePath = args.first, !schemePath.hasPrefix("-") else {
    fail("usage: kaohe-bench SCHEME [--data DIR] [--runs N]")
}
args.removeFirst()
var dataDir: String?
var runs = 5
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--data": dataDir = args.isEmpty ? nil : args.removeFirst()
    case "--runs": runs = Int(args.isEmpty ? "" : args.removeFirst()) ?? 0
    default: fail("unknown option \(a)")
    }
}
guard runs > 0 else { fail("--runs takes a positive number") }

let times = Times()
let clock = ContinuousClock()
var outputBytes = 0
for _ in 0..<runs {
    let start = clock.now
    var t = clock.now
    let loaded = SchemeLoader.load(path: schemePath)
    guard let scheme = loaded.scheme else { fail(loaded.diagnostics.description) }
    times.add("scheme", clock.now - t)
    var loader = LedgerLoader(scheme: scheme, dataDirectory: LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: dataDir),
                              schemeDirectory: loaded.directory)
    loader.phaseTimer = { times.add($0, $1) }
    t = clock.now
    let bytes = FileManager.default.contents(atPath: schemePath).map { [UInt8]($0) } ?? []
    let ledger: Ledger
    switch loader.load(schemeBytes: bytes) {
    case .failure(let d): fail(d.description)
    case .success(let l): ledger = l
    }
    times.add("load (all)", clock.now - t)
    var engine = Engine(scheme: scheme, ledger: ledger)
    engine.phaseTimer = { times.add($0, $1) }
    var d = Diagnostics()
    t = clock.now
    let aggregates = engine.aggregate(asOf: nil, &d)
    times.add("aggregate", clock.now - t)
    guard !d.hasErrors else { fail(d.description) }
    let assessment: Assessment
    switch engine.score(aggregates, asOf: nil) {
    case .failure(let e): fail(e.description)
    case .success(let a): assessment = a
    }
    t = clock.now
    let json = AssessmentJSON.renderBytes(assessment)
    outputBytes = json.count
    times.add("render json", clock.now - t)
    times.add("end to end", clock.now - start)
}

func ms(_ d: Duration) -> String {
    let c = d.components
    let v = Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    return String(format: "%9.1f", v)
}

func peakRSS() -> String {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    return s.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
}

print("phase                          median ms     min ms     max ms   (\(runs) runs)")
for name in times.order {
    let xs = (times.phases[name] ?? []).sorted()
    guard !xs.isEmpty else { continue }
    print(name.padding(toLength: 28, withPad: " ", startingAt: 0) + "  " + ms(xs[xs.count / 2]) + "  " + ms(xs[0]) + "  " + ms(xs[xs.count - 1]))
}
print("JSON output: \(outputBytes) bytes; peak RSS: \(peakRSS())")

/// The arguments of `kaohe-gen`.
///
/// ```
/// kaohe-gen --units 20000 --projects-per-unit 100 --seed 1 --out /tmp/province
/// ```
public struct GeneratorOptions: Sendable, Equatable {
    /// Number of units (townships).
    public var units: Int
    /// Average number of projects per unit (each unit gets 70–130% of it).
    public var projectsPerUnit: Int
    public var seed: UInt64
    /// The folder written to (created when missing; its ledger files are replaced).
    public var out: String
    /// No summary on stdout.
    public var quiet: Bool

    public init(units: Int = 60, projectsPerUnit: Int = 20, seed: UInt64 = 1, out: String, quiet: Bool = false) {
        self.units = units
        self.projectsPerUnit = projectsPerUnit
        self.seed = seed
        self.out = out
        self.quiet = quiet
    }

    /// What the command line asks for: options to run, or help to print.
    public enum Parsed: Equatable {
        case run(GeneratorOptions)
        case help
    }

    /// Parses the arguments (without the program name). Throws ``GeneratorError/usage(_:)``.
    public static func parse(_ arguments: [String]) throws(GeneratorError) -> Parsed {
        var units = 60, perUnit = 20, seed: UInt64 = 1, out: String?, quiet = false
        var i = 0
        func value(_ name: String) throws(GeneratorError) -> String {
            i += 1
            guard i < arguments.count else { throw .usage("missing value for \(name)") }
            return arguments[i]
        }
        func count(_ name: String, _ text: String, max: Int) throws(GeneratorError) -> Int {
            guard let v = Int(text), v >= 0, v <= max else {
                throw .usage("\(name) must be a whole number from 0 to \(max), not '\(text)'")
            }
            return v
        }
        while i < arguments.count {
            var arg = arguments[i]
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                inline = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            func next() throws(GeneratorError) -> String {
                if let inline { return inline }
                return try value(arg)
            }
            switch arg {
            case "-h", "--help": return .help
            case "-q", "--quiet": quiet = true
            case "--units": units = try count(arg, try next(), max: 10_000_000)
            case "--projects-per-unit": perUnit = try count(arg, try next(), max: 100_000)
            case "--seed":
                let t = try next()
                guard let v = UInt64(t) else { throw .usage("--seed must be a whole number ≥ 0, not '\(t)'") }
                seed = v
            case "--out": out = try next()
            default:
                throw .usage("unknown argument '\(arguments[i])'")
            }
            i += 1
        }
        guard let out, !out.isEmpty else { throw .usage("--out DIR is required") }
        if units == 0 { throw .usage("--units must be at least 1") }
        return .run(GeneratorOptions(units: units, projectsPerUnit: perUnit, seed: seed, out: out, quiet: quiet))
    }

    /// The `--help` text.
    public static let help = """
    kaohe-gen — 生成省级规模的模拟招商引资考核台账（确定性）
    Writes a complete synthetic data set for rules/province-2021.yaml.

    USAGE: kaohe-gen --units N --projects-per-unit M --seed S --out DIR

    OPTIONS:
      --units N                Units (townships) to assess. Default 60.
      --projects-per-unit M    Average projects per unit (each gets 70–130%). Default 20.
      --seed S                 Random seed. Default 1. The same arguments give
                               byte-identical files, on any machine.
      --out DIR                Folder to write (created if missing; files replaced).
      -q, --quiet              Print nothing.
      -h, --help               Show this help.

    FILES (UTF-8 CSV, CRLF):
      units.csv        单位, 所属县, 类别 (一类/二类/三类乡镇), 分团 (one per county,
                       8–12 units), 分团团长
      projects.csv     ≈ N×M projects; ≈2% credited to 2–3 units (甲镇 60%、乙镇 40%);
                       ≈2% signed in 2020 (left out); 亿元 and ≥10亿 projects, 境外 in 美元
      trips.csv        leader-led trips (党委书记, 镇长/乡长 count; deputies do not)
      reports.csv      12 monthly reports per unit, some late, some missing
      deposits.csv     2–4 risk deposits per unit, by role
      incidents.csv    数据造假 (veto), 较大 安全生产 (veto, zero), 一般 安全生产
      targets.csv      own targets for ≈3% of units (6亿, 4.5亿, 45000万, 亿元项目)
      adjustments.csv  招商活动 committee ratings for every unit; a few appeals

    Scores are spread on purpose: ≈12% of units miss the 50% floor of
    省外到位资金, ≈12% pass its 120% cap, 1 in 100 units has a twin with the
    same numbers (a shared rank), and some units are vetoed.

    EXAMPLES:
      kaohe-gen --units 60 --projects-per-unit 20 --seed 1 --out samples/province-small
      kaohe-gen --units 20000 --projects-per-unit 100 --seed 1 --out /tmp/province
      kaohe score rules/province-2021.yaml --data /tmp/province
    """
}

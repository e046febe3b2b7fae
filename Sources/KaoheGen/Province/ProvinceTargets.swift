/// The groups of `rules/province-2021.yaml` and their targets, which the generator shapes the
/// ledgers against (a unit planned at 135% of its target gets 省外到位资金 worth 135% of it).
///
/// Keep these equal to `groups:` in the scheme; a test compares them.
public enum ProvinceGroup: Int, CaseIterable, Sendable {
    case first = 0, second, third

    /// The group's name in the units file and the scheme.
    public var name: String {
        switch self {
        case .first: return "一类乡镇"
        case .second: return "二类乡镇"
        case .third: return "三类乡镇"
        }
    }

    var nameBytes: [UInt8] { Array(name.utf8) }

    /// 省外到位资金 target, in 万元.
    public var fundsTarget: Int {
        switch self {
        case .first: return 50_000
        case .second: return 30_000
        case .third: return 15_000
        }
    }

    /// 亿元项目 target (count).
    public var bigProjectsTarget: Int {
        switch self {
        case .first: return 3
        case .second: return 2
        case .third: return 1
        }
    }

    /// 主要领导外出招商 target (count).
    public var tripsTarget: Int {
        switch self {
        case .first: return 6
        case .second: return 4
        case .third: return 3
        }
    }

    /// 新入统项目 target (count).
    public var registeredTarget: Int {
        switch self {
        case .first: return 8
        case .second: return 5
        case .third: return 3
        }
    }
}

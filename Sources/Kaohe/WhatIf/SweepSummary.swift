/// A sweep reduced to what its summary table shows (the table of a sweep over many units):
/// each value's grade distribution and reward money, and at each tipping point how many units
/// change what and the first few units' changes.
///
/// It is made point by point as the points are scored (``add(_:)``, in their order), each
/// point compared with the one before it and then let go: a province sweep of a thousand
/// values holds one batch of points at a time instead of all of them, and its points need not
/// be made small to be kept (``SweepKernel/point(_:plan:values:gradeOrder:compact:)``). Made
/// from a whole ``SweepResult`` (``init(_:shownUnits:)``), it is the same.
public struct SweepSummary: Sendable {
    /// One value of the sweep.
    public struct Row: Sendable {
        public var values: [String]
        /// Units per grade, in the scheme's grade order.
        public var grades: [(grade: String, count: Int)]
        public var rewardTotal: Fixed
    }

    /// The paths varied, in `--vary` order.
    public let parameters: [String]
    /// How many units the points have (the first point's; before any, the base's).
    public private(set) var unitCount: Int
    public private(set) var rows: [Row] = []
    /// Summarised (``TippingPoint/summarised(firstUnits:)``).
    public private(set) var tippingPoints: [TippingPoint] = []
    /// How many units' changes each tipping point keeps.
    public let shownUnits: Int
    /// The last point added, which the next is compared with.
    private var last: SweepPoint?

    public init(parameters: [String], unitCount: Int, shownUnits: Int) {
        self.parameters = parameters
        self.unitCount = unitCount
        self.shownUnits = shownUnits
    }

    /// The summary of a whole sweep.
    public init(_ result: SweepResult, shownUnits: Int) {
        self.init(parameters: result.parameters, unitCount: result.points.first?.names.count ?? result.units.count,
                  shownUnits: shownUnits)
        rows = result.points.map(Self.row)
        tippingPoints = result.tippingPoints.map { $0.summarised(firstUnits: shownUnits) }
    }

    /// Adds the next points of the sweep, in order: their rows, and the tipping points between
    /// each and the one before it (worked out on all cores).
    public mutating func add(_ points: [SweepPoint]) {
        guard let first = points.first else { return }
        if last == nil && rows.isEmpty { unitCount = first.names.count }
        // The points compared in pairs: the last one added, then these.
        let chain = (last.map { [$0] } ?? []) + points
        // The index (in the sweep) of chain[0].
        let start = rows.count - (last == nil ? 0 : 1)
        let n = shownUnits
        let found = parallelMap(chain.count - 1) { k in
            SweepResult.tipping(chain[k], chain[k + 1], index: start + k + 1)?.summarised(firstUnits: n)
        }
        tippingPoints += found.compactMap { $0 }
        rows += points.map(Self.row)
        last = points.last
    }

    static func row(_ p: SweepPoint) -> Row { Row(values: p.values, grades: p.grades, rewardTotal: p.rewardTotal) }
}

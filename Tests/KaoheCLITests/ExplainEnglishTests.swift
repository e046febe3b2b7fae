import Testing
import Foundation
import Kaohe

/// `kaohe explain --lang en` (SPEC §10): the explanation's own words in English; the names from
/// the scheme and the data, and the money units (万, 亿, 元), as written.
@Suite struct ExplainEnglishTests {
    func explain(_ args: [String]) -> (status: Int32, out: String, err: String) { explainSample(args) }

    /// The English golden, reviewed by eye. Regenerate with KAOHE_UPDATE_GOLDEN=1 swift test.
    @Test func golden() throws {
        let r = explain(["--unit", "黄龙乡", "--records", "5", "--lang", "en"])
        #expect(r.status == 0)
        #expect(r.err == "")
        try expectGolden(r.out, "explain-黄龙乡.en.txt")
    }

    @Test func englishLines() {
        let r = explain(["--unit", "黄龙乡", "--records", "5", "--lang", "en"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        func has(_ s: String) -> Bool { lines.contains { $0.contains(s) } }
        #expect(lines.first == "黄龙乡 (二类乡镇, 第四分团)  total 80.40  rank 4  grade 良好")
        // The score formula, the target's source, the rate.
        #expect(has("├─ score = 30 × min(88.00%, 120.00%) = 26.40  [rules/county-2021.yaml:182]"))
        #expect(has("├─ target = 1.5亿 (target of 二类乡镇)  [rules/county-2021.yaml:166]"))
        #expect(has("├─ rate = 1.32亿 ÷ 1.5亿 = 88.00%  [rules/county-2021.yaml:182]"))
        #expect(has("省外到位资金 = sum(到位资金 + default(外资到位, 0)) (10 records of projects, by share) = 1.32亿; where 本年签约 and 资金来源 in ['省外', '境外']"))
        // What it would take.
        #expect(has("├─ Hint: 1,800万 more paid in would give full marks (30 points)"))
        #expect(has("└─ Hint: 4,800万 more paid in would give the most, 36 points (capped at 120.00%)"))
        #expect(has("└─ Hint: 3 more 高新技术项目 would give full marks (3 points)"))
        // Records left out, with the condition that was false (plain and through a computed column).
        #expect(has("└─ Records left out (10)"))
        #expect(has("├─ left out P2021-0013: 资金来源 = '省内'; needs 资金来源 in ['省外', '境外']  [samples/county-2021/projects.csv:24]"))
        #expect(has("left out P2021-0013: 亿元以上 is false (合同投资额 >= 1亿): 合同投资额 = 1,460万; needs 合同投资额 >= 1亿"))
        #expect(has("left out P2021-0013: 已开工 is false (开工日期 != none and 开工日期 <= as_of): 开工日期 = none; needs 开工日期 != none"))
        #expect(has("├─ counted P2021-0093  1,609.51万  [samples/county-2021/projects.csv:104]"))
        #expect(has("└─ … and 5 more"))
        // Rounding, adjustments, totals, rank, grade.
        #expect(has("└─ rounded to 2 places: 7.745859 → 7.75"))
        #expect(has("└─ adjustment +7.50: 参加县级招商活动，在谈项目跟踪情况较好 (县考核委员会)"))
        #expect(has("├─ base = 26.40 + 15.00 + 6.25 + 8.00 + 7.50 + 10.00 + 7.75 + 0.00 = 80.90"))
        #expect(has("├─ total = 80.90 + 0.00 − 0.50 = 80.40"))
        #expect(has("└─ 重大安全生产事故: value 0 > 0: not vetoed  [rules/county-2021.yaml:379]"))
        #expect(lines.contains("├─ ranked by total desc, 省外到位资金.rate desc, 亿元项目 desc: 4th of the 9 units of 二类乡镇 (12th of all units)  [rules/county-2021.yaml:401]"))
        #expect(has("├─ total >= 80 (80.4 >= 80) → 良好  [rules/county-2021.yaml:395]"))
        #expect(has("└─ Hint: 9.60 points short of 优秀 (a total of 90)"))
        // Deposits, rewards, penalties, titles.
        #expect(has("├─ 侯玉 (党委书记) paid 5000 元  [rules/county-2021.yaml:417]"))
        #expect(has("└─ 2021Q3 met 季度达标项目 == 0; 季度扣减[职务] deducted each time"))
        #expect(has("├─ applies: basis >= 80% (88.00% >= 80%)"))
        #expect(has("├─ 排名奖励: rank 4 → 0  [rules/county-2021.yaml:443]"))
        #expect(has("└─ over the maximum of 20万: 20万 counted"))
        #expect(has("└─ condition not met: grade == '优秀' ('良好' == '优秀')"))
        #expect(has("├─ 通报批评: total < 60 (80.4 < 60) → no  [rules/county-2021.yaml:469]"))
        #expect(has("└─ 招商引资优胜单位: rank_pct <= 50% and grade in ['优秀', '良好'] (44.44% <= 50% and '良好' in ['优秀', '良好']) → yes  [rules/county-2021.yaml:490]"))
        // The tree's headings.
        for heading in ["├─ Indicators", "├─ Bonuses", "├─ Deductions", "├─ Vetoes", "├─ Totals", "├─ Risk deposits", "├─ Rewards", "├─ Penalties", "└─ Titles"] {
            #expect(lines.contains(heading), "\(heading)")
        }
        // None of the program's Chinese words is left.
        for word in ["得分", "目标", "完成率", "完成值", "计入", "提示", "条记录", "要求", "不成立", "总分", "排名第", "  排名 ", "等次", "否决", "缴纳", "退还", "没收", "├─ 奖励", "条件", "→ 否", "→ 是", "空"] {
            #expect(!r.out.contains(word), "\(word)")
        }
    }

    @Test func vetoTiesAndVetoedDeposits() {
        let veto = explain(["--unit", "河口镇", "--records", "0", "--lang", "en"])
        #expect(veto.status == 0)
        #expect(veto.out.contains("├─ 数据造假: value 1 > 0: vetoed (lowest grade, no rewards, no titles, deposits forfeited)  [rules/county-2021.yaml:372]"))
        #expect(veto.out.contains(": 8th of the 8 units of 一类乡镇 (25th of all units)  [rules/county-2021.yaml:401]\n│  └─ vetoed units rank last\n"))
        #expect(veto.out.contains("├─ vetoed: the lowest grade (不合格)  [rules/county-2021.yaml:397]"))
        #expect(veto.out.contains("├─ the unit is vetoed: the whole deposit is forfeited, refund 0\n"))
        #expect(veto.out.contains("the unit is vetoed: no rewards"))
        let tie = explain(["--unit", "桃源乡", "--records", "0", "--lang", "en"])
        #expect(tie.out.contains(": 2nd of the 9 units of 二类乡镇 (7th of all units)  [rules/county-2021.yaml:401]\n│  └─ tied with 石门乡\n"))
    }

    @Test func asOfInEnglish() {
        let r = explain(["--unit", "黄龙乡", "--item", "省外到位资金", "--as-of", "2021-08-31", "--records", "1", "--lang", "en"])
        #expect(r.status == 0)
        #expect(r.out.contains("target = 1.5亿 (target of 二类乡镇) × progress 66.67% = 1亿  [rules/county-2021.yaml:166]"))
        #expect(r.out.contains("Records after the cut-off date, left out ("))
        #expect(r.out.contains(", after the cut-off date 2021-08-31  [samples/county-2021/projects.csv:"))
    }

    @Test func recordInEnglish() {
        let r = explain(["--record", "P2021-0013", "--lang", "en"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("P2021-0013  [samples/county-2021/projects.csv:24]\nCredited to: 黄龙乡\n\n黄龙乡\n"))
        #expect(r.out.contains("  签约项目: counted\n"))
        #expect(r.out.contains("  签约合同额: counted  1,460万\n"))
        #expect(r.out.contains("  省外到位资金: left out because 资金来源 = '省内'; needs 资金来源 in ['省外', '境外']\n"))
        #expect(r.out.contains("  新入统项目: left out because 入统 = no; needs 入统\n"))
        #expect(r.out.contains("  引荐项目: does not apply to this unit\n"))
        // The Chinese report is as it was.
        let zh = explain(["--record", "P2021-0013"])
        #expect(zh.out.contains("计入单位：黄龙乡\n"))
        #expect(zh.out.contains("  省外到位资金：未计入，资金来源 = '省内'，要求 资金来源 in ['省外', '境外']\n"))
    }

    @Test func markdownInEnglish() {
        let r = explain(["--unit", "黄龙乡", "--item", "省外到位资金", "--records", "0", "--format", "md", "--lang", "en"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "## 黄龙乡 (二类乡镇, 第四分团)  total 80.40  rank 4  grade 良好")
        #expect(lines.contains("- 省外到位资金  score 26.40  [rules/county-2021.yaml:182]"))
        #expect(lines.contains("  - score = 30 × min(88.00%, 120.00%) = 26.40  [rules/county-2021.yaml:182]"))
        #expect(lines.contains("  - Hint: 1,800万 more paid in would give full marks (30 points)"))
    }

    @Test func unknownLanguageIsWrongUsage() {
        let r = explain(["--unit", "黄龙乡", "--lang", "fr"])
        #expect(r.status == 2)
        #expect(r.err.contains("fr"))
    }

    /// The JSON of `--lang en` is the Chinese JSON's tree: the same keys in the same order, the
    /// same numbers, names, positions and records; only the words (labels, formulas, notes,
    /// reasons, hints) differ.
    @Test func jsonStructureIsUnchanged() throws {
        let zh = explain(["--unit", "黄龙乡", "--format", "json"])
        let en = explain(["--unit", "黄龙乡", "--format", "json", "--lang", "en"])
        #expect(zh.status == 0 && en.status == 0)
        let words: Set<String> = ["label", "formula", "notes", "reason", "to_take", "next_grade"]
        // Line by line: the keys and every value but the words are the same.
        let zl = zh.out.split(separator: "\n", omittingEmptySubsequences: false)
        let el = en.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(zl.count == el.count)
        func key(_ line: Substring) -> String? {
            let t = line.drop { $0 == " " }
            guard t.hasPrefix("\""), let end = t.dropFirst().firstIndex(of: "\""), t[t.index(after: end)...].hasPrefix(": ") else { return nil }
            return String(t[t.index(after: t.startIndex)..<end])
        }
        var inWords = false, differing = 0, same = 0
        for (a, b) in zip(zl, el) {
            #expect(key(a) == key(b))
            if inWords {
                // An element of notes or to_take (a string either way), or the array's end.
                if a.trimmingCharacters(in: .whitespaces).hasPrefix("]") {
                    inWords = false
                    #expect(a == b)
                } else {
                    #expect(a.trimmingCharacters(in: .whitespaces).hasPrefix("\"") && b.trimmingCharacters(in: .whitespaces).hasPrefix("\""))
                }
                continue
            }
            if let k = key(a), words.contains(k) {
                if a != b { differing += 1 }
                inWords = a.hasSuffix("[")
                continue
            }
            #expect(a == b)
            same += 1
        }
        #expect(differing > 100)
        #expect(same > 1000)
        // And the words are English.
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(en.out.utf8)) as? [[String: Any]])
        let unit = try #require(tree.first)
        #expect(unit["unit"] as? String == "黄龙乡")
        #expect(unit["next_grade"] as? String == "9.60 points short of 优秀 (a total of 90)")
        let rank = try #require(unit["rank"] as? [String: Any])
        #expect(rank["label"] as? String == "Rank")
        #expect(rank["value"] as? Int == 4)
        let items = try #require(unit["items"] as? [[String: Any]])
        let first = try #require(items.first)
        #expect(first["name"] as? String == "省外到位资金")
        let score = try #require(first["score"] as? [String: Any])
        #expect(score["label"] as? String == "Score")
        #expect(score["formula"] as? String == "score = 30 × min(88.00%, 120.00%) = 26.40")
        #expect(first["to_take"] as? [String] == ["1,800万 more paid in would give full marks (30 points)",
                                                  "4,800万 more paid in would give the most, 36 points (capped at 120.00%)"])
        let leftOut = try #require(first["left_out"] as? [[String: Any]])
        #expect(leftOut.first?["reason"] as? String == "资金来源 = '省内'; needs 资金来源 in ['省外', '境外']")
    }

    @Test func ordinals() {
        #expect([1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112, 122].map(ExplainFormat.ordinal)
                == ["1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th", "122nd"])
    }
}

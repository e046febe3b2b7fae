import Testing
@testable import KaoheReports

@Suite("Text table")
struct TextTableTests {
    /// A table with Chinese and ASCII rows, a section separator and a title.
    private func sample(border: TextTable.Border = .box, maxWidth: Int? = nil) -> TextTable {
        var table = TextTable(
            title: "XX县2021年度招商引资目标考核",
            columns: [
                .text("单位"), .text("分组"), .number("得分"), .number("排名"),
                TextTable.Column("等次", alignment: .center),
            ],
            border: border,
            maxWidth: maxWidth
        )
        table.addRow(["城关镇", "一类乡镇", "80.70", "2", "良好"])
        table.addRow(["Riverside Town", "一类乡镇", "1,234.50", "10", "A"])
        table.addSeparator()
        table.addRow(["合计", "", "1,315.20", "", ""])
        return table
    }

    /// The lines of a rendering, without the title line.
    private func tableLines(_ text: String) -> [String] {
        Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast()).map(String.init)
    }

    @Test("Box rendering: golden text, every line the same width")
    func box() {
        let text = sample().render()
        #expect(text == """
                         XX县2021年度招商引资目标考核
            ┌────────────────┬──────────┬──────────┬──────┬──────┐
            │ 单位           │ 分组     │     得分 │ 排名 │ 等次 │
            ├────────────────┼──────────┼──────────┼──────┼──────┤
            │ 城关镇         │ 一类乡镇 │    80.70 │    2 │ 良好 │
            │ Riverside Town │ 一类乡镇 │ 1,234.50 │   10 │  A   │
            ├────────────────┼──────────┼──────────┼──────┼──────┤
            │ 合计           │          │ 1,315.20 │      │      │
            └────────────────┴──────────┴──────────┴──────┴──────┘

            """)
        let lines = tableLines(text)
        #expect(lines.count == 8)
        #expect(Set(lines.map(displayWidth)) == [54])
    }

    @Test("ASCII rendering: golden text, every line the same width")
    func ascii() {
        let text = sample(border: .ascii).render()
        #expect(text == """
                         XX县2021年度招商引资目标考核
            +----------------+----------+----------+------+------+
            | 单位           | 分组     |     得分 | 排名 | 等次 |
            +----------------+----------+----------+------+------+
            | 城关镇         | 一类乡镇 |    80.70 |    2 | 良好 |
            | Riverside Town | 一类乡镇 | 1,234.50 |   10 |  A   |
            +----------------+----------+----------+------+------+
            | 合计           |          | 1,315.20 |      |      |
            +----------------+----------+----------+------+------+

            """)
        #expect(Set(tableLines(text).map(displayWidth)) == [54])
    }

    @Test("Plain rendering: no frame, no trailing spaces")
    func plain() {
        let text = sample(border: .plain).render()
        #expect(text == """
                     XX县2021年度招商引资目标考核
            单位            分组          得分  排名  等次
            --------------  --------  --------  ----  ----
            城关镇          一类乡镇     80.70     2  良好
            Riverside Town  一类乡镇  1,234.50    10   A
            --------------  --------  --------  ----  ----
            合计                      1,315.20

            """)
    }

    @Test("maxWidth truncates the widest text columns, never the numbers")
    func maxWidth() {
        let text = sample(maxWidth: 40).render()
        #expect(text == """
                  XX县2021年度招商引资目标考核
            ┌──────┬──────┬──────────┬──────┬──────┐
            │ 单位 │ 分组 │     得分 │ 排名 │ 等次 │
            ├──────┼──────┼──────────┼──────┼──────┤
            │ 城…  │ 一…  │    80.70 │    2 │ 良好 │
            │ Riv… │ 一…  │ 1,234.50 │   10 │  A   │
            ├──────┼──────┼──────────┼──────┼──────┤
            │ 合计 │      │ 1,315.20 │      │      │
            └──────┴──────┴──────────┴──────┴──────┘

            """)
        #expect(Set(tableLines(text).map(displayWidth)) == [40])
    }

    @Test("maxWidth narrows only the widest column when that is enough")
    func maxWidthNarrowsWidestFirst() {
        let text = sample(maxWidth: 50).render()
        let lines = tableLines(text)
        #expect(Set(lines.map(displayWidth)) == [50])
        #expect(lines[3] == "│ 城关镇     │ 一类乡镇 │    80.70 │    2 │ 良好 │")
        #expect(lines[4] == "│ Riverside… │ 一类乡镇 │ 1,234.50 │   10 │  A   │")
    }

    @Test("A table that cannot fit keeps its numeric columns whole")
    func cannotFit() {
        let table = TextTable(columns: [.text("名称"), .number("金额")], rows: [.cells(["城关镇人民政府", "1,234,567.89"])], maxWidth: 10)
        let text = table.render()
        #expect(text == """
            ┌─────┬──────────────┐
            │ 名… │         金额 │
            ├─────┼──────────────┤
            │ 城… │ 1,234,567.89 │
            └─────┴──────────────┘

            """)
    }

    @Test("Short rows, extra cells, line breaks and stray separators")
    func irregularRows() {
        var table = TextTable(columns: [.text("a"), .text("b")], border: .ascii)
        table.addSeparator()
        table.addRow(["x"])
        table.addSeparator()
        table.addSeparator()
        table.addRow(["1\n2", "y", "ignored"])
        table.addSeparator()
        #expect(table.render() == """
            +-----+---+
            | a   | b |
            +-----+---+
            | x   |   |
            +-----+---+
            | 1 2 | y |
            +-----+---+

            """)
    }

    @Test("A styled header keeps the lines aligned")
    func styledHeader() {
        let table = TextTable(columns: [.text("单位"), .number("得分")], rows: [.cells(["城关镇", "80.70"])])
        let text = table.render(style: TerminalStyle(enabled: true))
        #expect(text.contains("\u{1B}[1m单位\u{1B}[22m"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Set(lines.map(displayWidth)) == [18])
    }

    @Test("No columns gives just the title")
    func empty() {
        #expect(TextTable(columns: []).render() == "")
        #expect(TextTable(title: "空", columns: []).render() == "空\n")
    }
}

#!/usr/bin/env python3
"""Makes the XLSX fixtures of KaoheIOTests. Run from this folder: python3 make_xlsx_fixture.py

ledger.xlsx   written by openpyxl (3.1.5): shared strings, numbers, dates with a built-in and a
              custom Chinese format, a boolean, empty cells, a formula without a cached value.
handmade.xlsx written by hand with zipfile, for what openpyxl does not write: inline strings,
              rich-text shared strings with phonetic runs, formula cells with cached values,
              `t="str"`, `t="e"`, `t="d"`, errors, numbers in exponent notation, the 1904 date system,
              cells without `r` attributes and a namespace prefix on the sheet's elements.
Both files get a fixed timestamp, so that re-running the script changes nothing.
"""
import datetime
import zipfile

import openpyxl

FIXED = (2024, 1, 1, 0, 0, 0)


def fix_timestamps(path):
    """Rewrites a zip with every entry dated FIXED, for byte-identical output."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    write_zip(path, entries)


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def make_ledger():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目台账"
    # Row 1 is left empty: the header is the first non-empty row.
    ws.append([])
    ws.append(["项目编号", " 项目名称 ", "责任单位", "签约日期", "开工日期", "合同投资额", "到位资金", "比例", "入统", "备注"])
    ws.append(["P001", "年产10万吨新型建材项目", "城关镇", datetime.date(2024, 1, 1), datetime.date(2024, 3, 15),
               12000, 1234567.89, 0.1, True, "A&B <公司> \"引号\" 'x'"])
    ws.append(["P002", "  智能装备产业园  ", "河西镇 60%、城关镇 40%", datetime.date(2021, 6, 30), None,
               -350, 0.0001, 1.5, False, None])
    ws.append([])  # an empty row between data rows is skipped
    ws.append(["P003", "数据中心", "城关镇", datetime.date(1900, 1, 1), datetime.date(2024, 2, 29),
               100000000, 0, 12.5, True, "末行"])
    for row in (3, 4, 6):
        ws.cell(row=row, column=4).number_format = "yyyy-mm-dd"         # built-in 14 after openpyxl's mapping? see below
        ws.cell(row=row, column=5).number_format = 'yyyy"年"m"月"d"日"'  # a custom date format
    ws.cell(row=3, column=4).number_format = "mm-dd-yy"                 # built-in numFmtId 14
    other = wb.create_sheet("其他")
    other.append(["名称", "合计"])
    other.append(["甲", "=1+1"])  # openpyxl stores the formula without a cached value
    wb.save("ledger.xlsx")
    fix_timestamps("ledger.xlsx")


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/errors.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

# The data sheet is the SECOND sheet and its file is not named sheetN.xml: found through the rels.
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="封面" sheetId="1" r:id="rId1"/><sheet name="台账 &amp; 明细" sheetId="2" r:id="rId7"/><sheet name="错误" sheetId="3" r:id="rId10"/></sheets></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/errors.xml"/></Relationships>"""

# cellXfs: 0 general, 1 built-in date 14, 2 custom 176 (Chinese date), 3 custom 177 (time only),
# 4 custom 178 (quoted text "d" and a colour, not a date), 5 built-in 31 (zh-CN date).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="[$-F400]h:mm:ss\\ AM/PM"/><numFmt numFmtId="178" formatCode="[Red]0.00&quot;d&quot;;[Blue]\\-0.00"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="31"/></cellXfs></styleSheet>"""

# Shared strings: plain, rich text in runs, with a phonetic run (ignored), entities, and spaces.
SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7"><si><t>编号</t></si><si><t>名称</t></si><si><r><rPr><b/></rPr><t>金额</t></r><r><t xml:space="preserve">(万元)</t></r></si><si><t>日期</t></si><si><r><t>城关</t></r><r><rPr><i/></rPr><t>镇</t></r><rPh sb="0" eb="2"><t>chengguan</t></rPh></si><si><t>R&amp;D &lt;中心&gt; &#20013;&#x6587;</t></si><si><t/></si></sst>"""

COVER = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>封面</t></is></c></row></sheetData></worksheet>"""

# The data sheet uses the prefix x: for the main namespace, as some .NET writers do.
DATA = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A2:H9"/><x:sheetData>
<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="s"><x:v>2</x:v></x:c><x:c r="D2" t="s"><x:v>3</x:v></x:c><x:c r="E2" t="inlineStr"><x:is><x:t>时间</x:t></x:is></x:c><x:c r="F2" t="inlineStr"><x:is><x:r><x:t>备</x:t></x:r><x:r><x:t>注</x:t></x:r></x:is></x:c><x:c r="G2" t="inlineStr"><x:is><x:t>标志</x:t></x:is></x:c><x:c r="H2" t="inlineStr"><x:is><x:t>格式</x:t></x:is></x:c></x:row>
<x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c><x:c r="B3" t="s"><x:v>4</x:v></x:c><x:c r="C3"><x:f>1000*1.5E-3</x:f><x:v>1.5</x:v></x:c><x:c r="D3" s="1"><x:v>0</x:v></x:c><x:c r="E3" s="3"><x:v>0.75</x:v></x:c><x:c r="F3" t="str"><x:f>"合"&amp;"计"</x:f><x:v>合计</x:v></x:c><x:c r="G3" t="b"><x:v>1</x:v></x:c><x:c r="H3" s="4"><x:v>-2.5E-2</x:v></x:c></x:row>
<x:row r="4" spans="1:8"><x:c><x:v>2</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c><x:c><x:v>1E-3</x:v></x:c><x:c s="2"><x:v>7305.5</x:v></x:c><x:c s="3"><x:v>0.5</x:v></x:c><x:c t="s"><x:v>6</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c s="5"><x:v>6940</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5"><x:v>3</x:v></x:c><x:c r="C5"><x:v>1.5E+7</x:v></x:c><x:c r="D5" t="d"><x:v>2024-02-29T00:00:00</x:v></x:c><x:c r="G5" t="inlineStr"><x:is><x:t xml:space="preserve">  </x:t></x:is></x:c><x:c r="H5"><x:v>0.30000000000000004</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6"><x:v>4</x:v></x:c><x:c r="C6" s="0"/><x:c r="D6" s="1"><x:v>45292.999999999</x:v></x:c></x:row>
<x:row r="7"/><x:row r="9"><x:c r="C9" t="s"><x:v>6</x:v></x:c></x:row>
</x:sheetData></x:worksheet>"""


# Every error a sheet can hold: header names empty and repeated, an error value, a formula
# without a cached value, a number that is not one, a value right of the header, a shared
# string index beyond the table.
ERRORS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1" t="inlineStr"><is><t>值</t></is></c><c r="D1" t="inlineStr"><is><t>名称</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3"><f>SUM(X1:X9)</f></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>丙</t></is></c><c r="B4"><v>12abc</v></c><c r="E4"><v>5</v></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>丁</t></is></c><c r="B5" t="s"><v>99</v></c></row>
</sheetData></worksheet>"""


def make_handmade():
    write_zip("handmade.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", SHARED),
        ("xl/worksheets/sheet1.xml", COVER),
        ("xl/worksheets/data.xml", DATA),
        ("xl/worksheets/errors.xml", ERRORS),
    ])


if __name__ == "__main__":
    make_ledger()
    make_handmade()

/// The vocabulary the ledgers are written with, as UTF-8 bytes ready to append.
///
/// Place, firm and person names are made up from syllable lists; none contains `"`, `,`
/// or a line break, so no field needs quoting.
enum Words {
    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func list(_ s: String) -> [[UInt8]] { s.split(separator: " ").map { Array($0.utf8) } }
    static func chars(_ s: String) -> [[UInt8]] { s.map { Array(String($0).utf8) } }

    static let nian = b("年"), yue = b("月"), ri = b("日")
    static let xian = b("县"), zhen = b("镇"), xiang = b("乡"), chengguan = b("城关")
    static let xiangmu = b("项目"), percent = b("%"), dun = b("、"), space = b(" ")

    // MARK: Places

    /// First and second characters of county names (no 县 among them; 3000 two-character names).
    static let countyFirst = chars("青白云龙凤金银石清平安永长新东西南北丰宁和兴华泰康乐德福文武桃柳松梅兰竹鹤雁燕溪湖江川峰岭阳明正玉紫朝嘉")
    static let countySecond = chars("山水河江川原泉源城林谷宁平丰昌远华州陵门口桥坪塘湾岗台田沙岩丘浦渡滨洲溪峪阳岳屏霞兴")
    /// A third character, for provinces with more counties than two characters can name.
    static let countyThird = chars("东西南北中上下新")
    /// Township name stems: first × second characters (20 × 20 = 400, none is 城关).
    static let townFirst = chars("高双马黄杨柳云石桃三杜李汪柏茶花古大小白")
    static let townSecond = chars("坪河溪桥庙寨铺店集场坝湾冲垭岭沟坊埠渡营")

    /// Where investors come from (省外), with their province.
    static let cities = list("深圳 东莞 佛山 宁波 温州 苏州 无锡 上海 厦门 泉州 青岛 杭州 广州 合肥 长沙 成都 重庆 郑州 天津 北京 台州 常州 中山 珠海")
    static let cityProvince = list("广东 广东 广东 浙江 浙江 江苏 江苏 - 福建 福建 山东 浙江 广东 安徽 湖南 四川 - 河南 - - 浙江 江苏 广东 广东")
    static let foreign = list("香港 新加坡 台湾 澳门 韩国 日本")

    static let firms = list("恒达 华瑞 鑫源 宏远 天成 金泰 博锐 中科 瑞丰 永兴 嘉禾 盛世 东方 海川 润达 立信 佳美 新宇 汇通 银河 腾飞 康达 正邦 远景 万邦 明阳 凯盛 安泰 德润 华骏")

    static let industries = list("装备制造 新材料 电子信息 农产品加工 文化旅游 现代物流 纺织服装 新能源 生物医药")
    static let products: [[[UInt8]]] = [
        list("智能装备制造 汽车零部件生产 精密机械加工 输变电设备制造"),
        list("新型建材 功能膜材料 高性能复合材料 环保涂料"),
        list("电子元器件 智能终端组装 LED照明 线路板生产"),
        list("茶叶精深加工 粮油加工 果蔬冷链仓储 生猪屠宰及肉制品加工"),
        list("乡村旅游综合开发 康养小镇 民宿集群 花海观光旅游"),
        list("商贸物流园 农产品冷链物流中心 电商仓储分拨中心"),
        list("针织服饰加工 家纺生产 功能性面料"),
        list("光伏发电 储能电池 生物质发电"),
        list("中药材种植及饮片加工 医疗器械生产 保健食品"),
    ]

    // MARK: Project columns

    /// 资金来源, in the order of ``ProjectSource``.
    static let sources = list("省外 境外 省内 县内")
    static let yes = b("是"), no = b("否")
    static let tagWorld500 = b("世界500强"), tagHighTech = b("高新技术")
    static let tagOther = list("中国500强 专精特新 总部经济 民营500强")

    // MARK: People

    static let surnames = chars("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = chars("建国志强海军红梅丽华明伟文静秀英玉兰春燕晓东立新永刚德胜桂芳雪峰家辉庆卫振俊杰思远宏")

    static let secretary = b("党委书记"), townHead = b("镇长"), villageHead = b("乡长")
    static let deputies = list("人大主席 党委副书记")
    static let deputyTown = b("副镇长"), deputyVillage = b("副乡长")
    static let inCharge = b("分管领导"), office = b("招商办主任")
    static let countySecretary = b("县委书记 ")

    // MARK: Other ledgers

    static let tripNotes = list("拜访在外乡贤 参加投资推介会 回访签约企业 对接产业链龙头 考察产业园区")
    static let tripNoteLastYear = b("上年度外出，不计入本年度")
    static let monthNames: [[UInt8]] = (1...12).map { b("2021年\($0)月") }
    static let ratingReasons = list("参加省市招商活动，在谈项目跟踪情况较好 组织招商推介活动，客商接待记录完整 在谈项目明细表更新及时，活动组织一般 招商活动开展较少，在谈项目跟踪不够 举办专场招商推介会，签约项目跟踪服务到位")
    static let ratingItem = b("招商活动"), committee = b("省考核委员会")
    static let ratingExtra = b("承办全县招商引资现场推进会，经考核委员会研究加1分（本项最高10分）")
    static let appealItem = b("亿元项目"), leadingGroup = b("省招商引资工作领导小组")
    static let appealReason = b("申诉更正：经复核补计亿元以上项目1个，本项加5分")
}

"""Scanned pages, gazettes, minutes and ceremony scripts, as their texts are saved.

- An OCR engine's look-alikes are read as the one thing they can be: "3月l6曰" is 3月16日,
  "2O22年" 2022年, "己于" 已于, "区入民政府" 区人民政府, and "签署成渝…备忘录》" lost its 《;
  "O3" (ozone), "O2O" and "自己" stay. A title in "<<…>>" may run over two lines.
- A printed page's number and its running header on the next page ("— 2 —", "四川日报
  2022年5月6日 星期五 第3版") are no part of the story, which goes on past them; two
  columns read across, line by line, are read one after the other.
- A gazette's contents ("…签署一体化发展合作协议 ......(21)") are its pieces' titles, not
  its news; its publisher's line dates it, and its title names the body of its "市政府".
- A ceremony's host calls up the signers ("有请A副区长某、B副区长某上台签约") and names the
  document ("双方签署的是《…》"); a live blog's or a live stream's signings happened that day.
- Signed nothing: a request to hold a ceremony with its draft script, a rehearsal, a template
  of scripts with "XX" for the names, a minute's "审定后,以区政府名义与…签署"; a notice
  updated after its event ("会后更新") tells what was signed.
- A signing list's date and status columns date each row and leave out the unsigned.
- A firm's filing places it: its address under its name ("住所:成都高新区…"), "公司为总部位于
  乐山市的…".
"""

from __future__ import annotations

import pytest

from pipeline.normalise import normalise
from tests.evaluation.reports import found_in_text as analysed


@pytest.mark.parametrize(
    ("scanned", "read"),
    [
        ("3月l6曰,两镇签订了《合作协议》", "3月16日,两镇签订了《合作协议》"),
        (
            "《方案(2O22—2O24年)》,总第5l期,第l0版,l0O%",
            "《方案(2022—2024年)》,总第51期,第10版,100%",
        ),
        ("此前两地己联合发布", "此前两地已联合发布"),
        ("开州区入民政府相关负责同志", "开州区人民政府相关负责同志"),
        (
            "在成都签署成渝地区交通一体化发展合作备忘录》。",
            "在成都签署《成渝地区交通一体化发展合作备忘录》。",
        ),
        ("PM2.5和O3协同控制,O2O模式,G2O峰会", "PM2.5和O3协同控制,O2O模式,G2O峰会"),
        ("做好自己经手的事,纳入民生实事", "做好自己经手的事,纳入民生实事"),
    ],
)
def test_a_scanners_look_alikes_are_read_as_the_one_thing_they_can_be(
    scanned: str, read: str
) -> None:
    assert normalise(scanned) == read


def test_a_scanned_paper_page_goes_on_past_its_page_break() -> None:
    found = analysed(
        "四川日报 2022年5月6日 星期五 第2版\n要 闻\n\n川渝签署汽车产业协同发展合作协议\n\n"
        "  本报讯(记者 周思远)5月5日,四川省经济和信息化厅与重庆市经济和信息化委员会在成都签署"
        "<<成渝地区双城经济圈汽车产业协\n同发展合作协议>>。根据协议,双方将聚焦新能源汽车和智能网联"
        "汽车,推动两地整车与零部件企业配套对接。\n"
        "  签约仪式上,省经济和信息化厅相关负责人介绍,两地汽车产业互补性强,四川在动力电池、\n"
        "(下转第3版)\n\n— 2 —\n四川日报 2022年5月6日 星期五 第3版\n要 闻\n\n"
        "(上接第2版)车规级芯片等领域基础较好。\n"
    )
    assert found == [
        (
            "成渝地区双城经济圈汽车产业协同发展合作协议",
            ("四川省经济和信息化厅", "重庆市经济和信息化委员会"),
            ("四川省", "重庆市"),
            "2022-05-05",
        )
    ]
    # a title the page's footer and the next page's header cut in two
    found = analysed(
        "重庆三峡学院报\n2023年5月15日 第1期(总第412期) 第1版\n\n"
        "我校与四川文理学院签署战略合作协议\n\n"
        "  本报讯(通讯员 张雪)5月10日,重庆三峡学院与四川文理学院在达州签署《万达开高校协同发展\n"
        "— 1 —\n重庆三峡学院报  2023年5月15日  第1版\n战略合作协议》。两校校长代表双方签字。\n"
    )
    assert [title for title, *_ in found] == ["万达开高校协同发展战略合作协议"]


def test_two_columns_read_across_are_read_one_after_the_other() -> None:
    left = [
        "本报讯(记者 李明杰)11月19日",
        ",荣昌区人民政府与四川省隆昌市人民",
        "政府在隆昌签署《共建荣隆夏布产业协",
        "作区合作框架协议》。根据协议,两地",
        "将联合制定夏布产业发展规划,共建夏",
        "布原料种植基地和设计研发中心,共同",
    ]
    right = [
        "本报讯(记者 周雨)记者11月1",
        "9日从市交通局获悉,渝昆高铁川渝",
        "段建设正加快推进,目前全线桥梁、",
        "隧道工程已完成总工程量的六成。按",
        "照《成渝地区双城经济圈综合交通运",
        "输发展规划》,渝昆高铁建成后,重",
    ]
    across = "\n".join(f"{a}  {b}" for a, b in zip(left, right, strict=True))
    found = analysed(
        "重庆日报 2020年11月20日 星期五 第3版 区县新闻\n\n"
        f"荣昌隆昌携手共建夏布产业协作区      渝昆高铁川渝段建设提速\n{across}\n"
        "申报夏布织造技艺保护传承项目,推动\n夏布品牌联合推广。\n"
    )
    assert found == [
        (
            "共建荣隆夏布产业协作区合作框架协议",
            ("荣昌区人民政府", "四川省隆昌市人民政府"),
            ("重庆市荣昌区", "四川省内江市隆昌市"),
            "2020-11-19",
        )
    ]


def test_a_gazettes_contents_publisher_and_body() -> None:
    found = analysed(
        "重庆市开州区人民政府公报\n2022年第3期(总第51期)\n"
        "重庆市开州区人民政府办公室 主办          2022年6月30日\n\n目    录\n【区政府文件】\n"
        "重庆市开州区人民政府关于印发〈开州区推动万达开川渝统筹发展示范区建设三年行动方案"
        "(2022—2024年)〉的通知 …………(3)\n【政务要闻】\n开州开江签署一体化发展合作协议 ………………(21)\n\n"
        "— 21 —\n政务要闻\n\n开州开江签署一体化发展合作协议\n\n"
        "  5月12日,重庆市开州区人民政府与四川省开江县人民政府在开江县签署《开州开江一体化发展"
        "合作协议》。开州区委书记、区长,开江县委书记、县长等出席签约仪式。\n"
    )
    assert found == [
        (
            "开州开江一体化发展合作协议",
            ("重庆市开州区人民政府", "四川省开江县人民政府"),
            ("重庆市开州区", "四川省达州市开江县"),
            "2022-05-12",
        )
    ]
    chronicle = analysed(
        "重庆市人民政府公报\n2022年第14期(总第719期)\n"
        "重庆市人民政府办公厅主办  2022年7月25日出版\n\n"
        "市政府大事记\n(2022年6月)\n\n"
        "6月9日  市政府与中国华能集团有限公司在成都签署《深化战略合作协议》。双方将在新能源开发"
        "等领域深化合作。\n"
    )
    assert [(parties, regions) for _, parties, regions, _ in chronicle] == [
        (("市政府", "中国华能集团有限公司"), ("重庆市",))
    ]


def test_a_hosts_script_names_the_signers_and_the_document() -> None:
    found = analysed(
        "沙坪坝区融媒体中心 | 直播回放\n成渝两地国际铁路港协同发展合作签约仪式\n"
        "直播时间:2021-11-26 10:00—10:38  视频时长 38:12\n\n(以下为现场实录,根据直播音频整理)\n\n"
        "主持人:下面进行第三项议程,签署合作协议。有请重庆市沙坪坝区人民政府副区长李林峰、"
        "成都市青白江区人民政府副区长唐宏伟上台签约。\n(签约,现场掌声)\n\n"
        "主持人:双方签署的是《成渝两地国际铁路港协同发展合作协议》。根据协议,两地将在中欧班列"
        "开行、多式联运等方面加强协作。\n"
    )
    assert found == [
        (
            "成渝两地国际铁路港协同发展合作协议",
            ("重庆市沙坪坝区人民政府", "成都市青白江区人民政府"),
            ("重庆市沙坪坝区", "四川省成都市青白江区"),
            "2021-11-26",
        )
    ]
    # the signers a town's script calls up, over the names its document's title runs together
    towns = analysed(
        "塘河镇与合江县白鹿镇签约(附签约仪式主持词)\n2021-10-27 09:12 来源:江津网\n\n"
        "附:签约仪式主持词\n下面进行第三项议程,签约。有请江津区塘河镇人民政府镇长刘明、"
        "合江县白鹿镇人民政府镇长李国华上台签约。双方签署的是《塘河镇 白鹿镇川渝毗邻镇协同发展"
        "合作协议》。\n"
    )
    assert [parties for _, parties, _, _ in towns] == [
        ("江津区塘河镇人民政府", "合江县白鹿镇人民政府")
    ]


def test_a_live_blogs_signings_happened_that_day() -> None:
    found = analysed(
        "【图文直播】万达开川渝统筹发展示范区2025年党政联席会议\n"
        "2025-04-17 14:20 来源:开州网\n\n"
        "14:30 各位网友下午好!我们正在开州区汉丰湖国际会议中心,为您带来联席会议现场图文直播。\n"
        "14:32 会议开始。开州区委书记王立平主持会议。\n"
        "15:10 签约环节开始。\n"
        "15:12 开州区人民政府与开江县人民政府签署《开州区 开江县跨界河流联防联治合作协议》。\n"
        "15:20 签约环节结束。\n16:40 会议结束。本场直播结束,感谢关注!\n"
    )
    assert [(title, day) for title, _, _, day in found] == [
        ("开州区 开江县跨界河流联防联治合作协议", "2025-04-17")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a request to hold a ceremony, with its draft script
        "关于举办潼南区 安岳县农旅融合发展合作签约仪式的请示\n\n区政府:\n拟于2023年3月中旬在崇龛镇"
        "举办签约仪式。\n附件:签约仪式主持词(初稿)\n下面进行第二项议程,签约。有请潼南区人民政府"
        "副区长XXX、安岳县人民政府副县长XXX上台签约,双方签署的是《潼南区 安岳县农旅融合发展合作框架"
        "协议》。\n",
        # a rehearsal
        "梁平 大竹共建明月山绿色发展示范带合作签约仪式进行全流程彩排\n"
        "2024-05-09 18:35 来源:大竹县融媒体中心\n\n"
        "“有请梁平区、大竹县签约代表上台签约,双方签署的是《梁平区 大竹县共建明月山绿色发展示范带"
        "合作协议》……”5月9日下午,由工作人员扮演的“签约代表”走上签约台,模拟签字、交换文本。\n",
        # scripts to fill in
        "签约仪式主持词范文(通用5篇)\n时间:2024-03-12 08:21:05 作者:范文君\n\n签约仪式主持词 篇2\n"
        "今天我们在这里举行XX大学与XX区人民政府校地合作签约仪式。有请XX大学副校长XXX、XX区人民政府"
        "副区长XXX签署《XX大学 XX区人民政府校地合作协议》。\n",
        # a minute's decision
        "区政府第二十九次常务会议纪要\n\n2022年6月10日,区长主持召开区政府第二十九次常务会议。\n"
        "一、审议《江津区人民政府 合江县人民政府共建泸永江融合发展示范区毗邻地区合作协议》"
        "(送审稿)\n"
        "会议原则同意《协议》(送审稿)。由区发展改革委根据会议意见修改完善,按程序提请区委常委会会议"
        "审定后,以区政府名义与合江县人民政府签署。\n",
        # a meeting hearing how a trip went, days after it
        "市委常委会召开会议 听取党政代表团赴永川学习考察情况汇报\n"
        "2023-04-04 07:50 来源:泸州日报\n\n"
        "本报讯 4月3日,市委书记主持召开市委常委会会议,听取我市党政代表团赴重庆市永川区学习考察"
        "情况汇报。\n会议指出,3月28日至29日,市党政代表团赴永川学习考察,两地在考察期间签署了"
        "《泸州市 永川区共建泸永江融合发展示范区深化合作协议》。\n",
        # a year told before: "当年4月"
        "川渝跨界河流国考断面水质优良比例连续三年保持100%\n2024-01-18 09:03 来源:中国水利网\n\n"
        "川渝跨界河流联防联控工作始于2020年。当年4月,川渝两省市河长办联合签署《川渝跨界河流联防"
        "联控合作协议》,此后两地毗邻区县先后签订了一批河流管护协议。\n",
    ],
)
def test_what_was_not_signed_at_the_event(text: str) -> None:
    assert analysed(text) == []


def test_a_notice_updated_after_its_event() -> None:
    found = analysed(
        "第五届川陕渝毗邻地区文旅合作交流会会议议程\n发布时间:2024-11-06 来源:局办公室\n\n"
        "【会后更新 2024年11月9日】本次交流会已于11月8日在广元市顺利举行。会上签署以下合作协议:\n"
        "1.《剑门蜀道 米仓古道联合保护与旅游开发合作协议》\n"
        "签约单位:广元市文化广播电视和旅游局、巴中市文化广播电视和旅游局\n\n会议议程\n四、合作签约\n"
    )
    assert [(title, day) for title, _, _, day in found] == [
        ("剑门蜀道 米仓古道联合保护与旅游开发合作协议", "2024-11-08")
    ]


def test_a_signing_lists_date_and_status_columns() -> None:
    found = analysed(
        "射洪市2022年上半年招商引资项目签约情况公示\n"
        "发布时间:2022-07-12 信息来源:射洪市投资促进局\n\n"
        "现将2022年1—6月我市招商引资项目签约情况公示如下:\n"
        "序号 | 项目名称 | 签约单位(甲方) | 投资企业(乙方) | 协议投资额(亿元) | 签约时间"
        " | 签约状态\n"
        "1 | 年产5万吨锂电池正极材料项目 | 射洪经济技术开发区管理委员会"
        " | 重庆锐锂新能源科技有限公司 | 30 | 2022.02.18 | 已签约\n"
        "2 | 电子元器件产业园项目 | 射洪经济技术开发区管理委员会 | 深圳市联拓电子有限公司"
        " | 15 | — | 待签约\n"
        "3 | 白酒配套包装材料项目 | 射洪市人民政府 | 遂宁华彩包装有限公司 | 3.2"
        " | 2022.05.30 | 已签约\n"
    )
    assert [(parties[1], day) for _, parties, _, day in found] == [
        ("重庆锐锂新能源科技有限公司", "2022-02-18"),
        ("遂宁华彩包装有限公司", "2022-05-30"),
    ]


def test_where_a_firm_sits() -> None:
    filing = analysed(
        "四川锐腾智能装备股份有限公司\n关于与成都市新津区人民政府签署项目投资协议的公告\n\n"
        "一、协议签署概况\n2024年3月18日,四川锐腾智能装备股份有限公司与成都市新津区人民政府签署了"
        "《锐腾智能西南智能装备制造基地项目投资协议》。\n三、协议的主要内容\n"
        "甲方:成都市新津区人民政府\n乙方:四川锐腾智能装备股份有限公司\n"
        "住所:成都高新区天府大道中段1366号\n"
    )
    itself = analysed(
        "四川蜀硅绿色能源股份有限公司关于签署合作框架协议的公告\n\n"
        "2025年10月22日,四川蜀硅绿色能源股份有限公司与乐山市五通桥区人民政府签署了《绿色硅材料产业链"
        "协同发展合作框架协议》。\n公司为总部位于乐山市的多晶硅生产企业。\n"
    )
    assert [regions for _, _, regions, _ in filing + itself] == [
        ("四川省成都市", "四川省成都市新津区"),
        ("四川省乐山市", "四川省乐山市五通桥区"),
    ]


def test_a_lists_impossible_day_dates_nothing() -> None:
    found = analysed(
        "签约项目公示\n序号 | 项目名称 | 签约单位(甲方) | 投资企业(乙方) | 签约时间\n"
        "1 | 年产5万吨锂电池项目 | 射洪市人民政府 | 重庆锐锂新能源科技有限公司 | 2022.02.30\n"
    )
    assert [(parties, day) for _, parties, _, day in found] == [
        (("射洪市人民政府", "重庆锐锂新能源科技有限公司"), None)
    ]

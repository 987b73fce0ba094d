"""Signing dates: years across New Year, relative days, impossible dates."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.agreements.dates import (
    Day,
    cn_number,
    day_of_month,
    latest_date,
    make_day,
    relative_offset,
    spoken_day,
)
from pipeline.normalise import normalise


def signed_on(text: str, published: date | None) -> list[str | None]:
    return [a.signed_on for a in recognise("", normalise(text), published).agreements]


@pytest.mark.parametrize(
    ("month", "day", "published", "expected"),
    [
        (12, 28, date(2021, 1, 5), "2020-12-28"),  # across New Year
        (1, 3, date(2021, 1, 5), "2021-01-03"),
        (1, 30, date(2021, 1, 5), "2021-01-30"),  # within 31 days ahead: this year
        (5, 27, None, "05-27"),
        (2, 29, None, "02-29"),
    ],
)
def test_year_from_publication(month: int, day: int, published: date | None, expected: str) -> None:
    found = make_day(None, month, day, published)
    assert found is not None
    assert found.iso() == expected


@pytest.mark.parametrize(("month", "day"), [(2, 30), (13, 1), (4, 31), (0, 5)])
def test_impossible_dates_are_none(month: int, day: int) -> None:
    assert make_day(None, month, day, date(2025, 6, 1)) is None
    assert make_day(None, month, day, None) is None


def test_chinese_numerals() -> None:
    assert [cn_number(x) for x in ("十二", "二十八", "十", "两", "7")] == [12, 28, 10, 2, 7]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("两天后,", 2),
        ("签署后两天,", 2),
        ("次日,", 1),
        ("当天,", 0),
        ("签约仪式上,", 0),
        ("会后", None),
    ],
)
def test_relative_expressions(text: str, days: int | None) -> None:
    assert relative_offset(text) == days


def test_relative_date_follows_the_previous_one() -> None:
    text = (
        "6月20日,攀枝花市人民政府与重庆市巴南区人民政府签署《攀巴战略合作框架协议》。\n"
        "两天后,攀枝花市农业农村局与巴南区农业农村委员会签订《特色农产品产销合作协议》。"
    )
    assert signed_on(text, date(2025, 6, 30)) == ["2025-06-20", "2025-06-22"]


def test_signed_after_a_named_agreement() -> None:
    text = (
        "4月15日,北碚区招商投资促进局与绵阳市经济合作局签署《产业协同招商合作协议》。\n"
        "4月16日,两地召开座谈会。\n"
        "就在《产业协同招商合作协议》签署后两天,北碚区生态环境局与绵阳市生态环境局又签署了"
        "《生态环境保护合作框架协议》。"
    )
    assert signed_on(text, date(2020, 4, 29)) == ["2020-04-15", "2020-04-17"]


def test_dateline_is_not_the_signing_date() -> None:
    text = "华龙网10月8日10时讯 今年以来,重庆两江新区与万州区签署《对口协同发展工作协议》。"
    assert signed_on(text, date(2021, 10, 8)) == [None]


def test_no_year_without_publication_date_and_none_for_february_30() -> None:
    assert signed_on("6月5日,秀山县与酉阳县签署《文旅合作协议》。", None) == ["06-05"]
    assert signed_on("2月30日,内江市与重庆市大足区签署《合作协议》。", date(2025, 3, 3)) == [None]


def test_explicit_year_wins() -> None:
    text = "2025年12月30日,四川省人社厅与重庆市人社局签署《社保合作协议》。"
    assert signed_on(text, date(2026, 1, 4)) == ["2025-12-30"]


def test_old_signing_is_background_not_news() -> None:
    text = "文化节源于2020年5月1日大足区与安岳县签署《文旅合作协议》,此后每年举办。"
    result = recognise("巴蜀非遗文化节开幕", normalise(text), date(2025, 10, 15))
    assert not result.is_agreement
    assert result.agreements == ()


def test_a_signing_after_a_past_told_on_the_line_before_is_background() -> None:
    text = (
        "回望新区起步,2020年12月,川渝两省市政府批复《川渝高竹新区总体方案》;\n"
        "随后,广安市与渝北区签署《关于合作共建川渝高竹新区的协议》,明确双方共建新区。"
    )
    result = recognise("高竹新区三周年", normalise(text), date(2025, 12, 3))
    assert not result.is_agreement
    # after today's meeting, a signing is today's news
    today = "6月18日,两地联席会议在广安召开。\n随后,广安市与渝北区签署《共建产业园区协议》。"
    assert [
        a.title for a in recognise("两地签约", normalise(today), date(2025, 6, 20)).agreements
    ] == ["共建产业园区协议"]


def test_a_signing_told_by_its_month_months_ago_is_background() -> None:
    text = (
        "昨天下午,合江县人民政府与江津区人民政府签署《毗邻地区协同发展合作框架协议》。"
        "今年7月,合江县已与江津区签署《川渝毗邻地区农业产业合作协议》。"
    )
    result = recognise("两地签约", normalise("本报讯 " + text), date(2020, 12, 4))
    assert [(a.title, a.signed_on) for a in result.agreements] == [
        ("毗邻地区协同发展合作框架协议", "2020-12-03")
    ]
    # a month of last year, with no publication date to compare: background all the same
    undated = recognise(
        "联席会议协议落实情况",
        normalise("去年12月,联席会议在重庆召开,会上川渝两省市有关部门签署了《金融合作协议》。"),
        None,
    )
    assert not undated.is_agreement
    # last month's, told in a report of this month's first days, is still the news
    late = recognise(
        "两地签约", normalise("11月,合江县与江津区签署《农业合作协议》。"), date(2020, 12, 4)
    )
    assert [a.title for a in late.agreements] == ["农业合作协议"]


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("四川省水利厅和重庆市水利局21日", date(2020, 5, 21), Day(2020, 5, 21)),
        ("双方28日", date(2020, 5, 3), Day(2020, 4, 28)),  # still to come: last month's
        ("双方31日", date(2020, 5, 3), None),  # April has no 31st
        ("5月21日", date(2020, 5, 21), None),  # a full date is find_dates' job
        ("6月1日讯 双方", date(2020, 6, 1), None),
        ("双方21日", None, None),
    ],
)
def test_a_bare_day_of_the_month_takes_the_publication_month(
    text: str, published: date | None, day: Day | None
) -> None:
    assert day_of_month(text, published) == day


def test_yesterday_without_a_dateline_counts_from_publication() -> None:
    text = "本报讯 昨日,南充市与合川区签订了全面合作框架协议。"
    assert signed_on(text, date(2024, 12, 5)) == ["2024-12-04"]
    assert signed_on(text.replace("昨日", "今天"), date(2024, 12, 5)) == ["2024-12-05"]
    assert signed_on(text, None) == [None]  # nothing to count from


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前天,", "2025-06-18"),  # published on Friday 2025-06-20
        ("大前天上午,", "2025-06-17"),
        ("本月18日,", "2025-06-18"),
        ("周三上午,", "2025-06-18"),
        ("星期五,", "2025-06-20"),
        ("2025-06-18,", "2025-06-18"),
        ("2025/6/18", "2025-06-18"),
        ("副市长周一鸣与", None),  # 周 is a surname, not a week
        ("下周三,", None),
        ("上周五,", "2025-06-13"),
        ("上星期一上午,", "2025-06-09"),
        ("前日,", "2025-06-18"),
        ("日前,", None),  # some day before, not the day before yesterday
        ("上月28日,", "2025-05-28"),
    ],
)
def test_days_said_the_way_people_speak(text: str, expected: str | None) -> None:
    day = spoken_day(text, date(2025, 6, 20))
    assert (day.iso() if day else None) == expected


def test_a_spoken_day_dates_the_signing() -> None:
    text = "前天,泸州市与永川区签署了《泸永合作协议》。"
    found = recognise("泸永合作", normalise(text), date(2025, 6, 20)).agreements
    assert [a.signed_on for a in found] == ["2025-06-18"]


def test_last_week_is_news_unless_before_the_visit_the_lead_reports() -> None:
    news = "上周五,泸州市与永川区签署了《泸永合作协议》。"
    found = recognise("泸永签约", normalise(news), date(2025, 6, 20)).agreements
    assert [a.signed_on for a in found] == ["2025-06-13"]
    visit = "6月18日,永川区党政代表团赴泸州市考察。上周,两地签署了《泸永合作协议》。"
    assert not recognise("泸永合作", normalise(visit), date(2025, 6, 20)).is_agreement


def test_a_plain_texts_stand_in_date_reads_a_pages_stamp() -> None:
    assert latest_date("2023-07-21 09:33 来源:达州日报\n2020年7月,三地签署了协议。") == date(
        2023, 7, 21
    )
    assert latest_date("编号2023-13-45,2021年6月8日签署") == date(2021, 6, 8)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a reprint's "昨日" counts from the day its story first ran
        (
            "本文原载于2024年3月12日《重庆日报》\n本报讯 昨日,永川区人民政府与泸州市江阳区人民政府"
            "签署《职业教育协同发展示范区共建协议》。",
            date(2024, 3, 15),
            ["2024-03-11"],
        ),
        (
            "(转载自《泸州日报》3月11日A1版)\n本报讯 昨日,合江县人民政府与重庆市江津区人民政府"
            "签署《生态环境联防联治合作协议》。",
            date(2021, 3, 15),
            ["2021-03-10"],
        ),
        # the note may close the story: "(本文原载于…,转载请注明出处)"
        (
            "前日,四川省医疗保障局与重庆市医疗保障局签署《异地就医直接结算合作协议》。\n"
            "(本文原载于2024年4月19日《四川日报》第3版,转载请注明出处)",
            None,
            ["2024-04-17"],
        ),
        # a marked caption: "(图片说明)11月3日,…现场。", "(图:4月22日,三地签约现场。…供图)"
        (
            "日前,大足区文旅委与安岳县文旅局签署《石刻文化旅游协同发展合作协议》。\n"
            "(图片说明)11月3日,石刻文化旅游合作推进会现场。 记者 邓林 摄",
            date(2023, 11, 7),
            ["2023-11-03"],
        ),
        (
            "日前,我县与赤水市签署《赤水河流域生态保护合作协议》。\n(图:4月22日,两地签约现场。县生态"
            "环境局供图)",
            date(2023, 4, 25),
            ["2023-04-22"],
        ),
        # an unmarked caption of who did what at the ceremony, at the story's end
        (
            "宜宾港(集团)有限公司与重庆港务物流集团有限公司日前在重庆签署《集装箱班轮合作协议》。\n"
            "4月28日,集团董事长与重庆港务物流集团董事长在签约仪式上握手。\n签约仪式现场。",
            date(2021, 4, 30),
            ["2021-04-28"],
        ),
        # the end of a span told before is no day anything happened on
        (
            "9月18日晚,第二届成渝双城消费节在观音桥商圈启幕。\n本届消费节持续至10月31日,两地将"
            "联动开展主题活动120余场。\n启动仪式上,江北区人民政府与成都市锦江区人民政府签署"
            "《商圈协同发展合作协议》。",
            date(2021, 9, 19),
            ["2021-09-18"],
        ),
        # a day of the month told before, in the clause of the meeting that signed
        (
            "6月22日至24日,临安区党政代表团到泸定县考察。23日下午召开的联席会议上,杭州市临安区与"
            "泸定县签订了《东西部协作框架协议》。",
            None,  # (no page date to read "23日" in)
            ["06-23"],
        ),
        # "原发于": the reprint's note of its first run
        (
            "今天上午,宜宾市叙州区人民政府与重庆交通大学签署《校地合作协议》。\n(本文转载自重庆日报"
            "客户端,原发于2024年12月6日)",
            date(2024, 12, 9),
            ["2024-12-06"],
        ),
        # signings at a meeting the story dates after them
        (
            "会上,川渝16个区县两两结对,签署8份文化旅游合作协议。其中,渝中区与成都市锦江区、大足区与"
            "乐山市市中区分别签署协议。\n6月28日,巴蜀文化旅游走廊建设推进会在武隆举行。",
            date(2024, 6, 30),
            ["2024-06-28", "2024-06-28"],
        ),
        # a paper's "昨(12)日" states its day
        (
            "本报讯 昨(12)日,隆昌市人民医院与荣昌区人民医院签订《医疗协作框架协议》。",
            date(2024, 3, 15),
            ["2024-03-12"],
        ),
        # "次日" after a dated visit, the meeting at which they signed
        (
            "10月12日,桐梓县党政代表团到綦江区考察交流。次日上午,两地召开座谈会。会上,綦江区人民政府"
            "与桐梓县人民政府签署《毗邻地区一体化发展合作协议》。",
            date(2023, 10, 14),
            ["2023-10-13"],
        ),
        # a day of the month in the month the sentence before states
        (
            "4月24日至25日,宁波市党政代表团来凉考察。25日上午,联席会议在西昌召开,会上,凉山州人民政府"
            "与宁波市人民政府签署《东西部协作协议》。",
            date(2024, 4, 26),
            ["2024-04-25"],
        ),
        # "近日" in the body, the day in a caption or in a sentence on the ceremony
        (
            "近日,A医院与重庆医科大学附属儿童医院签订《儿科专科联盟合作协议》。\n(图为6月30日签约现场)",
            date(2022, 7, 5),
            ["2022-06-30"],
        ),
        (
            "日前,重庆银行股份有限公司与遂宁市人民政府签署战略合作协议。\n"
            "6月18日,签约仪式现场。记者 王宇 摄",
            date(2021, 6, 24),
            ["2021-06-18"],
        ),
        (
            "日前,德阳市人民医院与重庆医科大学附属第二医院签署专科联盟合作协议。据悉,此次签约仪式于"
            "10月12日在德阳举行。",
            date(2024, 10, 16),
            ["2024-10-12"],
        ),
    ],
)
def test_a_signing_day_told_by_the_page_around_it(
    text: str, published: date | None, expected: list[str | None]
) -> None:
    assert signed_on(text, published) == expected


def test_the_eve_of_the_signing_told_before() -> None:
    text = (
        "昨日,内江市人民政府与重庆市铜梁区人民政府签署《内江铜梁全面深化战略合作协议》。"
        "在此前一天,内江经济技术开发区管理委员会与重庆铜梁高新技术产业开发区管理委员会签订"
        "《内江经开区 铜梁高新区园区合作协议》。"
    )
    assert sorted(signed_on("本报讯 " + text, date(2024, 5, 23))) == ["2024-05-21", "2024-05-22"]


def test_an_undated_pages_years_are_not_its_targets_or_a_meetings_name() -> None:
    # no page date: the years the text tells stand in for it, but not a target's
    # ("力争到2027年") and not the one in a meeting's name ("2024年联席会议")
    text = (
        "新华社成都5月17日电 截至今年4月底,川渝两省市间已建成高速公路通道21条。2020年以来,"
        "两地交通部门建立了联席会议机制。\n16日,在广安召开的川渝交通一体化发展2024年联席会议上,"
        "四川省交通运输厅与重庆市交通运输委员会签署《川渝省际毗邻地区公路互联互通建设合作协议》。"
        "根据协议,双方力争到2027年实现毗邻区县之间至少有2条公路连通。\n联席会议还通报了2023年"
        "重点任务完成情况。"
    )
    result = recognise("川渝毗邻地区“断头路”加速打通", normalise(text), None)
    assert result.is_agreement
    assert [a.title for a in result.agreements] == ["川渝省际毗邻地区公路互联互通建设合作协议"]


def test_a_signing_a_book_records_is_history_on_an_undated_page() -> None:
    text = (
        "4月22日,世界读书日前夕,《双城往事:川渝合作口述史(1997—2022)》新书首发式在重庆书城"
        "举行。\n该书讲述了川渝两地合作的故事。书中专门用一个章节记录了2020年川渝两省市签署"
        "《关于推动成渝地区双城经济圈建设的合作协议》前后,两地工作人员连夜对接文本的幕后细节。\n"
        "活动当天,现场签售图书300余册。"
    )
    title = "新书《双城往事:川渝合作口述史(1997—2022)》首发暨签售会在渝举行"
    assert not recognise(title, normalise(text), None).is_agreement

"""A reprint's "昨日" counts from the day its original ran, which its source line gives;
and `reanalyze` reads again what the page tells beyond the stored columns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from pipeline.extract.metadata import credited_day
from pipeline.models import Agreement
from pipeline.page import read_html, read_plain_text
from pipeline.understand import understand

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAD = "昨日,重庆市江北区人民政府与成都市锦江区人民政府签署《消费中心城市战略合作协议》。"


@pytest.mark.parametrize(
    ("window", "day"),
    [
        ("发布时间:2021-04-06 14:33:20 阅读(512) 来源:重庆日报 2021-03-31", date(2021, 3, 31)),
        ("信息来源:《四川日报》2023年5月8日 第3版", date(2023, 5, 8)),
        ("稿源:华西都市报(2022/6/1) 编辑:李明", date(2022, 6, 1)),
        ("来源:重庆日报 编辑:王欢 2021-04-06", None),  # the page's own time, not the outlet's
        ("发布时间:2021-04-06 来源:重庆日报", None),
    ],
)
def test_the_day_a_source_line_gives_its_outlet(window: str, day: date | None) -> None:
    assert credited_day(window, SHANGHAI) == day


def _signed_on(text: str) -> list[str | None]:
    analysis = understand(read_plain_text(text.encode())).analysis
    assert analysis is not None and analysis.agreements
    return [a.signed_on for a in analysis.agreements]


@pytest.mark.parametrize(
    ("byline", "signed"),
    [
        ("发布时间:2021-04-06 14:33:20  阅读(512)\n来源:重庆日报 2021-03-31", "2021-03-30"),
        ("发布时间:2021-04-06 14:33:20  来源:重庆日报", "2021-04-05"),  # no earlier day given
        ("发布时间:2021-04-06 14:33:20  来源:重庆日报 2021-04-08", "2021-04-05"),  # not earlier
    ],
)
def test_a_reprints_yesterday_is_the_day_before_its_original(byline: str, signed: str) -> None:
    text = f"城市资讯网 > 川渝 > 正文\n江北锦江签署合作协议\n{byline}\n{LEAD}\n两地将深化合作。"
    assert _signed_on(text) == [signed]


SITE_PAGE = """<html><head><title>我校与林芝市签署协议-成都理工大学新闻网</title>
<meta property="og:site_name" content="成都理工大学"></head><body>
<div class="nav">首页 理工要闻 综合新闻</div><h1>我校与林芝市签署协议</h1>
<div class="info">发布时间:2023-10-16 09:00 来源:党委宣传部 2023-10-13</div>
<div class="content"><p>昨日,我校与林芝市人民政府签署战略合作协议,双方将在地质灾害防治、
生态保护、人才培养等领域开展合作。</p><p>学校党委书记出席签约仪式并讲话。林芝市有关负责人介绍了
林芝市经济社会发展情况。双方表示,将以此次签约为契机,推动合作落地见效。</p></div>
</body></html>"""


def test_an_html_reprint_and_its_site_are_read_again_by_reanalyze(url: str, engine: object) -> None:
    from pactwatch.core.config import Config
    from pactwatch.tasks.understand import reanalyze
    from pipeline.db import make_engine
    from pipeline.ingest import Fetched, ingest

    fetched = datetime(2023, 10, 16, 2, tzinfo=UTC)
    page = read_html(SITE_PAGE.encode(), "text/html; charset=utf-8", "https://news.cdut.edu.cn/1")
    assert (page.site, page.reported_on) == ("成都理工大学", date(2023, 10, 13))
    body = SITE_PAGE.encode()
    assert ingest(Fetched("s", "https://news.cdut.edu.cn/1", body, None, fetched), url).article_id

    def stored() -> list[tuple[str | None, list[str]]]:
        store = make_engine(url)
        with Session(store) as session:
            rows = session.exec(select(Agreement)).all()
            found = [(a.signed_on, a.regions) for a in rows]
        store.dispose()
        return found

    expected = [("2023-10-12", ["四川省成都市", "西藏自治区林芝市"])]
    assert stored() == expected
    reanalyze(url, Config(), "Asia/Shanghai", None)
    assert stored() == expected

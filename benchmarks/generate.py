"""Deterministic generator of large campaign files for the benchmarks (and for tests).

    python benchmarks/generate.py                  # writes benchmarks/out/province.toml and national.toml
    python benchmarks/generate.py --units 500 --tasks 16 --seed 7 -o /tmp/x.toml

The files have the shape of the shipped campaign.toml: [campaign] (2024, Asia/Shanghai),
[kinds], [calendar], a few [themes], tasks with deadlines and applies_to by kind, then units
`u0001`, `u0002`, ... with Chinese-looking names. About 70% of the units have a liaison table
(those whose 回执 arrived), about half of the applicable (unit, task) pairs are done, a few are
waived, and each unit's liaison and progress tables follow its own [units.ID] table, as
`qmonth done/receipt` would leave them. Evidence is always a URL, so no files are needed and
`qmonth check` has nothing to flag.

Only the standard library is used, so tests can import this module from anywhere:

    from benchmarks.generate import generate          # (repository root on sys.path)
    text = generate(units=3000, tasks=12, seed=2024)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NATIONAL", "OUT", "PROVINCE", "SIZES", "ensure", "generate", "main", "write"]

OUT = Path(__file__).resolve().parent / "out"

#: name → (units, tasks); the issue's "province-sized" and "national-sized" campaigns.
PROVINCE = (150, 12)
NATIONAL = (3000, 12)
SIZES: dict[str, tuple[int, int]] = {"province": PROVINCE, "national": NATIONAL}
DEFAULT_SEED = 2024

START = dt.date(2024, 9, 1)
END = dt.date(2024, 9, 30)
ISSUED = dt.date(2024, 9, 7)
#: Progress is "as it might stand on" this day (run.py uses it as --today).
AS_OF = dt.date(2024, 9, 20)

KINDS = {
    "county": "县（市、区）住建部门",
    "centre": "建设工程质量监督机构",
    "association": "行业协会",
    "enterprise": "参建企业",
}
#: How often each kind occurs among the generated units.
KIND_WEIGHTS = {"county": 0.55, "centre": 0.08, "association": 0.12, "enterprise": 0.25}

THEMES = [
    ("publicity", "（一）", "", "广泛开展主题活动宣传"),
    ("policy", "（二）", "", "积极开展政策法规宣贯"),
    ("site-visit", "（三）", "", "精心组织现场观摩活动"),
    ("inspection", "（四）", "", "认真开展监督执法检查"),
    ("contest", "（五）", "", "严密组织行业比武竞赛"),
    ("training", "（六）", "", "扎实开展工程质量教育培训"),
    ("service", "（七）", "", "用心办好便民质量服务"),
    ("reporting", "四", "要求", "有关要求：组织领导与总结报告"),
]

C, T, A, E = "county", "centre", "association", "enterprise"


@dataclass(frozen=True)
class TaskSpec:
    id: str
    theme: str
    title: str
    applies_to: tuple[str, ...]
    deadline: dt.date | None = None  # always a working day (check warns on a rest-day deadline)
    evidence: tuple[str, ...] = ("照片",)


# The first 12 are the national campaign's tasks; more are taken in order when asked for.
# Deadlines are 2024 working days (2024-09-14 was a make-up working day, 09-15..17 were rest days).
TASK_POOL: list[TaskSpec] = [
    TaskSpec("receipt", "reporting", "报送联络员回执", (C, T, A, E), dt.date(2024, 9, 10), ("联络员回执（盖公章）",)),
    TaskSpec("work-plan", "reporting", "制定“质量月”活动工作方案，细化任务分工", (C, T), dt.date(2024, 9, 13), ("工作方案",)),
    TaskSpec(
        "publicity-media",
        "publicity",
        "以专栏、专版、专访、专题片等方式展示质量提升成果",
        (C, T, A),
        None,
        ("照片", "链接"),
    ),
    TaskSpec("publicity-banners", "publicity", "在办公场所和施工现场悬挂张贴标语", (C, E)),
    TaskSpec(
        "policy-briefing",
        "policy",
        "通过集中宣讲、辅导培训、座谈研讨等形式宣贯工程质量政策法规",
        (C, T, A),
        dt.date(2024, 9, 19),
    ),
    TaskSpec("site-visit-attend", "site-visit", "组织人员参加“质量月”现场观摩交流活动", (C,), dt.date(2024, 9, 19)),
    TaskSpec(
        "inspection-random",
        "inspection",
        "以“双随机、一公开”方式开展质量检查检测",
        (C, T),
        dt.date(2024, 9, 27),
        ("总结材料",),
    ),
    TaskSpec("contest-skills", "contest", "配合开展工程技能大比武活动", (A, E)),
    TaskSpec("training-lecture", "training", "集中举办“质量大讲堂”", (C, E), dt.date(2024, 9, 25), ("照片", "视频")),
    TaskSpec("service-consultation", "service", "开展“群众咨询日”活动，走进社区、走入工地宣传答疑", (C, T, A)),
    TaskSpec("inspection-cases", "inspection", "依法查处并公开通报一批典型案例", (C, T), None, ("通报文件",)),
    TaskSpec(
        "summary",
        "reporting",
        "报送“质量月”活动总结材料及佐证材料",
        (C, T),
        dt.date(2024, 10, 9),
        ("总结材料", "视频", "照片"),
    ),
    # beyond 12
    TaskSpec("publicity-materials", "publicity", "制作“质量月”活动专题宣传资料", (C, E)),
    TaskSpec("publicity-window", "publicity", "设置质量专题宣传橱窗", (C, E)),
    TaskSpec("site-visit-local", "site-visit", "举办本辖区项目质量样板观摩、经验交流活动", (C,), None, ("照片", "视频")),
    TaskSpec("inspection-sand-concrete", "inspection", "加强工程用砂和预拌混凝土质量管理", (C, T), None, ("总结材料",)),
    TaskSpec("contest-cement", "contest", "组织业务骨干参加水泥检测比对试验活动", (A, E)),
    TaskSpec("training-cloud", "training", "依托线上云观摩平台开展质量标杆经验交流", (C, T), None, ("链接",)),
    TaskSpec("service-grassroots", "service", "开展“送服务下基层”活动", (C, T, A)),
    TaskSpec("service-petition", "service", "推动工程质量信访矛盾化解", (C, T, A), None, ("总结材料",)),
]

# ── names ────────────────────────────────────────────────────────────────────

_PLACE_CHARS = (
    "安宁平和兴华阳江山城东西南北新丰泰德永昌长明清泉石林云海湖河川源金银玉龙凤鹤松柏桂"
    "梅兰竹荷桃李春秋宜顺嘉福寿康乐广通盛隆远定临高沙溪岭峰田原庆武文化鸿瑞"
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红建国海燕文斌俊峰晓东婷雪梅鹏飞宇浩然子涵欣怡"
_POSITIONS = ("科员", "一级科员", "四级主任科员", "副股长", "股长", "副科长", "科长", "副主任", "部门经理", "质量员")
_OFFICES = ("质量安全股", "建筑业管理股", "质安科", "综合科", "建设工程股", "质量管理部", "秘书处", "监督一科")
_ENTERPRISE = ("建设集团有限公司", "建筑工程有限公司", "市政工程有限公司", "建工集团股份有限公司", "工程检测有限公司")
_COUNTY_SUFFIX = ("县", "区", "市")
_WAIVE_REASONS = ("辖区内暂无符合条件的在建项目", "本单位不承担该项职能", "已由上级单位统一组织")
_NOTES = ("电话催报后补报", "材料经粤政易报送", "原件随总结材料报送", "[注意] 照片为手机翻拍")  # brackets: never markup


def _place_names(rng: random.Random, n: int) -> list[str]:
    """`n` distinct two-character place names, in a seeded random order."""
    chars = list(_PLACE_CHARS)
    pairs = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(pairs)
    if n > len(pairs):  # more units than pairs: add a third character
        pairs += [p + c for p in pairs for c in chars][: n - len(pairs)]
    return pairs[:n]


def _unit_names(kind: str, place: str, rng: random.Random) -> tuple[str, str]:
    if kind == "county":
        suffix = rng.choice(_COUNTY_SUFFIX)
        return f"{place}{suffix}住房和城乡建设局", f"{place}{suffix}"
    if kind == "centre":
        return f"{place}市建设工程质量事务中心", f"{place}质量中心"
    if kind == "association":
        return f"{place}市建筑业协会", f"{place}建协"
    company = rng.choice(_ENTERPRISE)
    return f"{place}{company}", f"{place}{company[:2]}"


def _person(rng: random.Random) -> tuple[str, str]:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given, rng.choice("男女")


# ── TOML text ────────────────────────────────────────────────────────────────


def _s(text: str) -> str:
    """A TOML basic string. JSON's escapes (\\" \\\\ \\n \\uXXXX) are all valid TOML."""
    return json.dumps(text, ensure_ascii=False)


def _strs(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_s(i) for i in items) + "]"


def _tasks(n: int) -> list[TaskSpec]:
    specs = TASK_POOL[:n]
    kinds = (C, T, A, E)
    for i in range(len(specs), n):  # synthetic extras, cycling over themes and kinds
        theme = THEMES[i % (len(THEMES) - 1)][0]
        applies = (kinds[i % 4], kinds[(i + 1) % 4])
        specs.append(TaskSpec(f"extra-{i + 1:03d}", theme, f"专项任务第{i + 1}项", applies))
    return specs


def _done_date(rng: random.Random, deadline: dt.date) -> dt.date:
    """A report date between the notice and AS_OF, clustered just before the deadline."""
    latest = min(AS_OF, deadline + dt.timedelta(days=3))  # a few come in late
    earliest = ISSUED + dt.timedelta(days=1)
    if latest <= earliest:
        return earliest
    span = (latest - earliest).days
    return earliest + dt.timedelta(days=round(span * rng.triangular(0, 1, 0.8)))


def generate(units: int = NATIONAL[0], tasks: int = NATIONAL[1], seed: int = DEFAULT_SEED) -> str:
    """The text of a campaign file with `units` units and `tasks` tasks; same arguments, same text."""
    if units < 1 or tasks < 1:
        raise ValueError("units and tasks must be at least 1")
    rng = random.Random(seed)
    specs = _tasks(tasks)
    used_themes = {s.theme for s in specs}
    out: list[str] = []
    w = out.append

    w(f"# qmonth campaign file — BENCHMARK, generated by benchmarks/generate.py (units={units}, tasks={tasks}, seed={seed}).")
    w("# Every name, liaison and progress record is invented. Do not edit: regenerate instead.")
    w("")
    w("[campaign]")
    w(f"title = {_s(f'2024年住房城乡建设系统“质量月”活动（基准测试，{units}个单位）')}")
    w(f"issuer = {_s('某省住房和城乡建设厅')}")
    w(f"document = {_s('关于组织开展2024年住房城乡建设系统“质量月”活动的通知')}")
    w(f"issued = {ISSUED.isoformat()}")
    w(f"basis = {_strs(['《质量强国建设纲要》'])}")
    w(f"theme = {_s('加强质量支撑 共建质量强国')}")
    w(f"start = {START.isoformat()}")
    w(f"end = {END.isoformat()}")
    w('timezone = "Asia/Shanghai"')
    w('language = "zh"')
    w("warn_days = 3")
    w(f"disclosure = {_s('依申请公开')}")
    w("")
    w("[campaign.contact]")
    w(f"name = {_s('钟苗萃')}")
    w(f"office = {_s('质安科')}")
    w('phone = "020-88880000"')
    w(f"messaging = {_s('粤政易（同名）')}")
    w("")
    w("[kinds]")
    for k, v in KINDS.items():
        w(f"{k} = {_s(v)}")
    w("")
    w("[calendar]")
    w("holidays = []")
    w("workdays = []")
    w("")
    for tid, number, short, title in THEMES:
        if tid not in used_themes:
            continue
        w(f"[themes.{tid}]")
        w(f"number = {_s(number)}")
        if short:
            w(f"short = {_s(short)}")
        w(f"title = {_s(title)}")
        w("")
    w("# ── Tasks " + "─" * 70)
    for s in specs:
        w(f"[tasks.{s.id}]")
        w(f'theme = "{s.theme}"')
        w(f"title = {_s(s.title)}")
        if s.deadline is not None:
            w(f"deadline = {s.deadline.isoformat()}")
        w(f"applies_to = {_strs(list(s.applies_to))}")
        w(f"evidence = {_strs(list(s.evidence))}")
        w("")
    w("# ── Units " + "─" * 70)

    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    places = _place_names(rng, units)
    width = max(4, len(str(units)))
    for n in range(1, units + 1):
        uid = f"u{n:0{width}d}"
        kind = rng.choices(kinds, weights)[0]
        name, short = _unit_names(kind, places[n - 1], rng)
        w("")
        w(f"[units.{uid}]")
        w(f"name = {_s(name)}")
        w(f"short = {_s(short)}")
        w(f'kind = "{kind}"')

        diligence = rng.betavariate(2, 2)  # mean 0.5: about half the applicable pairs done
        applicable = [s for s in specs if kind in s.applies_to]
        receipt_in = rng.random() < min(1.0, diligence + 0.25)  # ≈ 70% of units
        if receipt_in:
            person, gender = _person(rng)
            area = f"0{rng.randint(20, 999):d}"
            w("")
            w(f"[units.{uid}.liaison]")
            w(f"name = {_s(person)}")
            w(f"gender = {_s(gender)}")
            w(f"workplace = {_s(name + rng.choice(_OFFICES))}")
            w(f"position = {_s(rng.choice(_POSITIONS))}")
            w(f'phone = "{area}-{rng.randint(2000000, 8999999)}"')
            w(f'mobile = "1{rng.choice("3589")}{rng.randint(0, 999999999):09d}"')
        for s in applicable:
            key = f"[units.{uid}.progress.{s.id}]"
            due = s.deadline or END
            done = receipt_in if s.id == "receipt" else rng.random() < diligence
            if not done:
                if rng.random() < 0.03:
                    w("")
                    w(key)
                    w(f"waived = {_s(rng.choice(_WAIVE_REASONS))}")
                continue
            day = _done_date(rng, due)
            w("")
            w(key)
            # A few dates are entered as an office writes them, as the format allows.
            w(f"done = {_s(f'{day.year}年{day.month}月{day.day}日') if rng.random() < 0.05 else day.isoformat()}")
            refs = [f"https://example.com/qm2024/{uid}/{s.id}-{i + 1}" for i in range(rng.choice((0, 1, 1, 1, 2)))]
            if refs:
                w(f"evidence = {_strs(refs)}")
            if rng.random() < 0.1:
                w(f"note = {_s(rng.choice(_NOTES))}")
    w("")
    return "\n".join(out)


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def write(path: Path, units: int, tasks: int, seed: int = DEFAULT_SEED) -> Path:
    """Generate and write (through a temporary file); returns the path."""
    return _write_text(path, generate(units, tasks, seed))


def ensure(name: str, seed: int = DEFAULT_SEED, out: Path = OUT) -> Path:
    """OUT/NAME.toml for a size in SIZES, rewritten only if it differs from what we would write."""
    units, tasks = SIZES[name]
    path = out / f"{name}.toml"
    text = generate(units, tasks, seed)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        _write_text(path, text)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    p.add_argument("--units", type=int, help="with --tasks and -o: one custom file instead of province + national")
    p.add_argument("--tasks", type=int, default=12)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("-o", "--output", type=Path)
    args = p.parse_args(argv)
    if args.units is not None:
        path = args.output or OUT / f"custom-{args.units}x{args.tasks}.toml"
        written = [write(path, args.units, args.tasks, args.seed)]
    else:
        written = [ensure(name, args.seed) for name in SIZES]
    for path in written:
        print(f"{path}  ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

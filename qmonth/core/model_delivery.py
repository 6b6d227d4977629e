"""The delivery and serve tables of a campaign, as Pydantic models: `[notify.NAME]` channels,
`[reminders]` and its message templates, `[serve]`. Never endpoints or secrets: those come from
the environment (notify/endpoints.py). Re-exported by core/model.py, where `Campaign` holds them.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from qmonth.core.model_types import STRICT


class _Model(BaseModel):
    model_config = STRICT

Level = Literal["warn", "chase", "escalate"]
LEVELS: tuple[Level, ...] = ("warn", "chase", "escalate")


WEBHOOK_PLACEHOLDERS = ("title", "text", "today", "mentions")


class Channel(_Model):
    """A `[notify.NAME]` channel. Its URL and secret come from the environment, never the file."""

    # the platform: WeCom, DingTalk or Feishu robots, mail, or a plain JSON webhook
    kind: Literal["wecom", "dingtalk", "feishu", "mail", "webhook"]
    levels: list[Level] = list(LEVELS)  # which levels this channel receives (warn, chase, escalate)
    # webhook: the JSON body, its strings holding the placeholders {title} {text} {today} {mentions};
    # headers: header name → the environment variable holding its value (never the value itself)
    body: str = ""
    # webhook: header name → the environment variable holding its value
    headers: dict[str, Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]*$")]] = {}

    @model_validator(mode="after")
    def _webhook_body(self) -> "Channel":
        if self.kind != "webhook":
            return self
        import json
        import string

        try:
            data = json.loads(self.body)
        except ValueError as exc:
            raise PydanticCustomError("webhook_body", "body: not JSON ({detail})", {"detail": str(exc)}) from None

        def strings(v: Any) -> list[str]:
            if isinstance(v, str):
                return [v]
            if isinstance(v, dict):
                return [s for k, x in v.items() for s in (*strings(k), *strings(x))]
            if isinstance(v, list):
                return [s for x in v for s in strings(x)]
            return []

        for text in strings(data):
            try:
                names = [f for _, f, spec, conv in string.Formatter().parse(text) if f is not None and (f or spec or conv)]
            except ValueError as exc:
                raise PydanticCustomError("webhook_body", "body: {detail}", {"detail": str(exc)}) from None
            bad = [n for n in names if n not in WEBHOOK_PLACEHOLDERS]
            if bad:
                raise PydanticCustomError(
                    "webhook_body",
                    "body: unknown placeholder {detail} (known: {{title}} {{text}} {{today}} {{mentions}})",
                    {"detail": "{" + bad[0] + "}"},
                )
        return self

    format: Literal["text", "markdown"] = "text"  # robots: the message type
    mention: bool = True  # robots: @-mention the liaisons' mobiles where the platform can
    to_units: bool = True  # mail: also mail each unit (liaison or office address) its own reminders


class Templates(_Model):
    """Per-campaign overrides of the message texts, with named placeholders ({units}, {task}, ...)."""

    header: str | None = None  # the digest's first line
    warn: str | None = None  # a unit's items due soon
    chase: str | None = None  # a unit's overdue items
    escalate: str | None = None  # items overdue more than escalate_after working days (通报)
    more: str | None = None  # the line for what did not fit
    contact: str | None = None  # the coordinator's contact line


class Reminders(_Model):
    escalate_after: Annotated[int, Field(ge=0, le=60, strict=True)] = 3  # working days overdue before a 通报
    # overrides of the message texts ([reminders.templates])
    templates: Templates = Field(default_factory=lambda: Templates.model_construct())


class ServeConfig(_Model):
    """[serve]: how `qmonth serve` takes reports (the manual, docs/en/guide/serve.md)."""

    review: bool = True  # false: a unit's report is written at once, without the coordinator's 采纳
    upload_mb: Annotated[int, Field(ge=1, le=100, strict=True)] = 20  # largest photo or document
    video_mb: Annotated[int, Field(ge=1, le=2000, strict=True)] = 200  # largest video
    files: Annotated[int, Field(ge=1, le=50, strict=True)] = 9  # files per report
    author: str = ""  # the git author of the commits serve makes ("Name <mail>"; default: git's own)
    # where the units reach serve ("https://qm.example.gov.cn"): a unit's own letter names it; never a
    # secret link (links are stored as hashes, README "qmonth serve")
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s?#\"'<>\\]+$")] | None = None

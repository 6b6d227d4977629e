"""Render the status screen of the demo to docs/status.png, the README's and the manual's picture.

    .venv/bin/python docs/screenshot.py          # needs /usr/bin/chromium and fonts-noto-cjk

qmonth's own modules never make a Console below cli/; this script is outside the package: it runs
`qmonth status` on the demo (colour forced, 80 columns), records it with Rich as HTML in a monospace
font whose Chinese characters are exactly two columns wide (Noto Sans Mono CJK SC), and has headless
Chromium take its picture.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #fbfbf8; }}
pre {{ margin: 0; padding: 14px 16px; color: #1e1e1e; background: #fbfbf8;
       font: 14px/1.35 "Noto Sans Mono CJK SC", monospace; font-kerning: none;
       font-variant-east-asian: full-width; }}
</style></head><body><pre><code>{code}</code></pre></body></html>"""


def main() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "80", "LINES": "40", "TTY_COMPATIBLE": "1"}
    env.pop("NO_COLOR", None)
    qmonth = Path(sys.executable).with_name("qmonth")
    done = subprocess.run(
        [str(qmonth), "status", "-f", "examples/demo-campaign.toml", "--today", "2024-09-20"],
        cwd=ROOT, capture_output=True, text=True, env=env, check=True,
    )
    with open(os.devnull, "w") as nowhere:
        console = Console(record=True, width=80, force_terminal=True, color_system="truecolor", file=nowhere)
        console.print(Text.from_ansi(done.stdout.rstrip("\n")))
    html = console.export_html(code_format=PAGE, inline_styles=True)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "status.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--screenshot={ROOT / 'docs' / 'status.png'}", "--window-size=760,572", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


if __name__ == "__main__":
    main()

"""The chart of the 监控总报告: 各部门预算执行率 and 资金到位率 against 序时进度, a PNG for the Word report.

Only this module touches matplotlib (imported when a chart is drawn, never at start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for candidate in (
        "Noto Sans CJK SC",
        "Noto Serif CJK SC",
        "Source Han Sans SC",
        "SimHei",
        "Microsoft YaHei",
        "WenQuanYi Zen Hei",
        "Droid Sans Fallback",
    ):
        if candidate in names:
            return candidate
    return None


def execution_chart(chart: dict[str, Any], target: Path) -> Path:
    """各部门预算执行率 and 资金到位率 as bars, 序时进度 as a dashed line; a PNG at 200 dpi."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font()
    labels = list(chart.get("labels") or [])
    execution = list(chart.get("execution") or [])
    arrival = list(chart.get("arrival") or [])
    progress = float(chart.get("time_progress") or 0)
    rc: dict[str, Any] = {
        "font.family": [font, "sans-serif"] if font else ["sans-serif"],
        "axes.unicode_minus": False,
        "font.size": 9,
    }
    with plt.rc_context(rc):  # type: ignore[arg-type]
        height = max(2.6, 0.32 * len(labels) + 1.2)
        fig, ax = plt.subplots(figsize=(6.3, height), dpi=200)
        positions = list(range(len(labels)))
        ax.barh([p + 0.2 for p in positions], execution, height=0.38, color="#c0392b", label="预算执行率")
        if arrival:  # none when the form does not collect 已到位资金 (national 监控表)
            ax.barh([p - 0.2 for p in positions], arrival, height=0.38, color="#95a5a6", label="资金到位率")
        ax.axvline(progress, color="#2c3e50", linestyle="--", linewidth=1, label=f"序时进度 {progress:.2f}%")
        ax.set_yticks(positions, [_short(label) for label in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, max([100.0, progress, *execution, *arrival]) * 1.05)
        ax.set_xlabel("%")
        for p, value in zip(positions, execution, strict=False):
            ax.text(value + 0.8, p + 0.2, f"{value:.1f}", va="center", fontsize=7)
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18 if len(labels) < 8 else -0.08),
            ncol=3,
            fontsize=7,
            frameon=False,
        )
        ax.spines[["top", "right"]].set_visible(False)
        if not labels:
            ax.text(0.5, 0.5, "暂无数据", transform=ax.transAxes, ha="center")
        fig.tight_layout()
        fig.savefig(target, format="png")
        plt.close(fig)
    return target


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

"""perfcli packs: list the form packs (表样包) and show which one the config selects."""

from __future__ import annotations

import typer

from perfcli.cli.console import out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt

app = typer.Typer()


@app.command("packs")
def packs(config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """列出表样包（内置的常州新北 附表1–3、全国监控表，以及配置文件指定的自备表样包）。

    用 perfcli init 目录 --pack national 建立使用全国监控表的工作目录；自备表样包的做法见 docs/packs.md。

    示例：
    perfcli packs
    perfcli packs --json
    """
    from perfcli import api

    listing = api.packs(config)
    if as_json:
        print_json(listing.to_json())
        return
    for pack in listing.packs:
        mark = "（当前使用）" if pack.name == listing.selected else ""
        where = f"内置，{pack.folder}" if pack.builtin else str(pack.folder)
        out.print(f"{pack.name}{mark}  {pack.title}  [{where}]", markup=False, soft_wrap=True)
        if pack.description:
            out.print(f"    {pack.description}", markup=False, soft_wrap=True)
        forms = "；".join(f"{s.code} {s.title}" for s in pack.specs)
        out.print(f"    表样：{forms}", markup=False, soft_wrap=True)
    if listing.yearly:  # the 绩效目标申报表 and the 自评表: generate --stage targets | self-evaluation
        out.print("年度的表（不论选用哪个表样包都可生成、识别）：", markup=False, soft_wrap=True)
        for spec in listing.yearly:
            stage = "targets" if spec.stage == "target" else "self-evaluation"
            out.print(
                f"    {spec.code}（{spec.form}） {spec.title}（generate --stage {stage}）",
                markup=False,
                soft_wrap=True,
            )
    if listing.read_only:  # other systems' and provinces' forms: read when they come in, never issued
        out.print("只读取、不下发的表样（收回时不论选用哪个表样包都能识别）：", markup=False, soft_wrap=True)
        for spec in listing.read_only:
            out.print(f"    {spec.code}（{spec.form}） {spec.title}", markup=False, soft_wrap=True)

"""perfcli — 预算绩效运行监控 (budget performance monitoring) toolkit.

The library lives in perfcli.core (usable from Python); perfcli.cli is the command line over it.
"""

__version__ = "0.1.0"
TEMPLATE_VERSION = "2026.1"  # bump when the layout of the generated forms changes

"""`python -m perfcli`: the same command line as the perfcli script (useful where Scripts\\ is not on PATH)."""

from perfcli.cli.main import run

if __name__ == "__main__":
    run()

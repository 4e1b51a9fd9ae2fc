"""``python -m noshow``."""

from noshow.cli.main import main

main()

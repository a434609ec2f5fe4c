"""The tournament example, run as the README says: it ends with frozen standings that list every agent."""
import os
import subprocess
import sys

from conftest import ADMIN, PACKAGE


def test_the_tournament_script_finishes_with_every_agent_in_the_frozen_standings(server):
    environment = {**os.environ, "MARKETSIM_ADMIN_USERNAME": ADMIN[0], "MARKETSIM_ADMIN_PASSWORD": ADMIN[1]}
    completed = subprocess.run(
        [sys.executable, str(PACKAGE / "sdk/python/examples/run_tournament.py"), str(PACKAGE / "tournaments/classroom-sprint.json"),
         "--url", server.url, "--agents", "6", "--start-in", "2", "--duration", "12"],
        env=environment, capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "final standings" in completed.stdout and "(frozen)" in completed.stdout
    ranked = [line for line in completed.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert len(ranked) == 6

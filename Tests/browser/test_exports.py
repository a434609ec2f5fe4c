"""CSV exports built in the browser from the server's routes: a finished tournament's results, every
equity snapshot, each account's activity and one student's report, for its host; a student's own
trades, for the student. Each file is read through its download link and checked against the server."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import csv_rows, download_text, find, open_as, text_appears, wait
from test_host_console import as_admin


def finished_tournament(server):
    """A tournament two students entered and traded in, the second given a prize, with equity snapshots,
    then ended."""
    tournament = server.create_tournament()
    students = [server.register(), server.register()]
    for student in students:
        status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, student["token"])
        assert status == 200, answer
    server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    server.market_order(students[0], "OWL", "buy", 5, venue=tournament)
    server.market_order(students[0], "OWL", "sell", 2, venue=tournament)
    server.market_order(students[1], "OWL", "buy", 3, venue=tournament)
    server.give_cash(students[1], 250, tournament)
    time.sleep(2.5)
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")
    return tournament, students


def export(browser, button, file):
    find(browser, f"#{button}").click()
    return csv_rows(download_text(browser, f'#exports-links a[data-file="{file}"]'))


def test_the_host_exports_results_equity_activity_and_a_report(live_server, browser):
    server = live_server
    tournament, students = finished_tournament(server)
    results = server.call("GET", f"/api/tournaments/{tournament}/results")[1]["standings"]
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    text_appears(browser, "#host-standings-title", "Final results")

    rows = export(browser, "export-results", f"{tournament}-results.csv")
    assert rows[0][:8] == ["rank", "username", "user_id", "total_value", "cash", "pnl", "adjustments", "dividends"]
    assert [(r[0], r[1], float(r[3]), float(r[5]), float(r[6]), float(r[7])) for r in rows[1:]] == \
        [(str(s["rank"]), s["username"], s["total_value"], s["pnl"], s["adjustments"], s["dividends"]) for s in results]
    assert sorted(float(r[6]) for r in rows[1:]) == [0, 250]

    equity = server.call("GET", f"/api/tournaments/{tournament}/equity")[1]["series"]
    rows = export(browser, "export-equity", f"{tournament}-equity.csv")
    assert rows[0] == ["username", "user_id", "time", "total_value"]
    assert len(rows) - 1 == sum(len(s["points"]) for s in equity) > 2

    rows = export(browser, "export-activity", f"{tournament}-activity.csv")
    assert {r[0] for r in rows[1:]} >= {s["username"] for s in students}

    student = students[0]
    Select(find(browser, "#report-student")).select_by_value(student["username"])
    rows = export(browser, "export-report", f"{tournament}-report-{student['username']}.csv")
    report = {r[0]: r[1] for r in rows if len(r) == 2}
    mine = next(s for s in results if s["user_id"] == student["user_id"])
    assert report["final"] == "true" and report["username"] == student["username"]
    assert float(report["total_value"]) == mine["total_value"]
    assert float(report["adjustments"]) == mine["adjustments"] == 0
    points = next(s["points"] for s in equity if s["user_id"] == student["user_id"])
    series = rows[rows.index(["time", "total_value"]) + 1:]
    assert [(r[0], float(r[1])) for r in series] == [(p["time"], p["total_value"]) for p in points]
    screenshot(browser, "host-exports")


def test_a_student_downloads_their_own_trades(live_server, browser):
    server = live_server
    tournament, students = finished_tournament(server)
    student = students[0]
    open_as(browser, server, student, f"/tournaments/{tournament}")
    text_appears(browser, "#standings-title", "Final results")
    find(browser, "#my-trades").click()
    rows = csv_rows(download_text(browser, "#my-trades-download a.download-link"))
    trades = server.call("GET", f"/api/venues/{tournament}/trades", token=student["token"])[1]
    assert rows[0][:5] == ["created_at", "ticker", "side", "quantity", "price"]
    assert sorted(r[6] for r in rows[1:]) == sorted(str(t["trade_id"]) for t in trades)
    assert {r[2] for r in rows[1:]} == {"buy", "sell"}
    wait(browser).until(lambda d: d.find_element(By.ID, "my-trades").is_enabled())

"""The benchmark's own arithmetic: reading wrk and judging the targets (no timing here)."""

from bench.run import parse_wrk, table

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.20ms  80.00ms   90.00%
    Req/Sec   331.00     20.00   400.00     70.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   15.00ms
     99%    1.20s
  5300 requests in 8.00s, 100.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    662.50
Transfer/sec:     12.50MB
"""


def test_reads_rate_percentiles_and_errors():
    rate, p50, p99, ok = parse_wrk(WRK_OUTPUT)
    assert (rate, p50, p99, ok) == (662.5, 11.5, 1200.0, False)


def test_table_judges_queries_and_ratio():
    rows = [
        {
            "name": "Fichier statique",
            "path": "/s.css",
            "static": True,
            "rate": 1000,
            "p50": 1,
            "p99": 2,
            "ok": True,
        },
        {"name": "Accueil", "path": "/", "queries": 9, "rate": 80, "p50": 5, "p99": 9, "ok": True},
        {
            "name": "Édition",
            "path": "/e/",
            "queries": 15,
            "rate": 20,
            "p50": 5,
            "p99": 9,
            "ok": True,
        },
    ]
    report = table(rows, scale=0, database="SQLite", seconds=8, static_rate=1000)
    home, edition = report.splitlines()[5:7]
    assert home.endswith("| 8.0% | 5.0 | 9.0 | PASS | PASS |")
    assert edition.endswith("| 2.0% | 5.0 | 9.0 | FAIL | FAIL |")


def test_growth_compares_shares_of_the_static_file_and_admin_times():
    from bench.run import growth

    base = {
        "rows": [
            {"name": "Fichier statique", "rate": 1000},
            {"name": "Accueil", "rate": 100},
        ],
        "admin": [{"name": "Admin : inscriptions", "path": "/admin/inscriptions/", "ms": 50}],
    }
    rows = [{"name": "Fichier statique", "rate": 500}, {"name": "Accueil", "rate": 45}]
    admin = [{"name": "Admin : inscriptions", "path": "/admin/inscriptions/", "ms": 120}]
    lines = growth(rows, admin, base)
    assert lines[2] == "| Accueil | 10.0% | 9.0% | 90% | ≥ 80% PASS |"
    assert lines[3] == "| Admin : inscriptions | 50 ms | 120 ms | ×2.4 | ≤ ×2 FAIL |"
    assert "run `make bench` first" in growth(rows, admin, None)[0]

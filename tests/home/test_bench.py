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


def test_reads_rate_percentiles_errors_and_page_cache_hits():
    rate, p50, p99, ok, hits = parse_wrk(WRK_OUTPUT)
    assert (rate, p50, p99, ok, hits) == (662.5, 11.5, 1200.0, False, None)
    assert parse_wrk(WRK_OUTPUT + "PAGE-CACHE-HITS 990 1000\n")[4] == 0.99


def _row(name, path, rate, cached_rate, writes_rate=None, **extra):
    return {
        "name": name,
        "path": path,
        "rate": rate,
        "p50": 5,
        "p99": 9,
        "cached_rate": cached_rate,
        "cached_p50": 1,
        "cached_p99": 2,
        "cached_hits": 1.0,
        "writes_rate": cached_rate if writes_rate is None else writes_rate,
        "writes_p50": 1,
        "writes_p99": 2,
        "writes_hits": 0.995,
        "ok": True,
        **extra,
    }


def test_table_judges_queries_every_round_and_freshness():
    rows = [
        _row("Fichier statique", "/s.css", 1000, 2000, static=True, cache="static"),
        _row("Accueil", "/", 80, 1700, queries=9, cache="stored"),
        _row("Édition", "/e/", 20, 600, 500, queries=15, cache="stored"),
        _row("Communauté", "/c/x/", 60, 1800, 900, queries=9, cache="stored", writes_hits=0.5),
        _row("Candidature", "/f/", 60, 60, queries=11, cache="never"),
    ]
    writes = {
        "registrations": 50,
        "refused": 0,
        "per_second": 2.0,
        "checks": 100,
        "stale": 0,
        "paths": ["/c/x/", "/c/"],
    }
    report = table(rows, scale=0, database="SQLite", seconds=8, writes=writes)
    home, edition, community, call = report.splitlines()[5:9]
    assert home.endswith(
        "| 8.0% | 9.0 | 1700 | 85.0% | 2.0 | 100.0% | 1700 | 100% | 99.5% "
        "| PASS | PASS | PASS | PASS |"
    )
    assert edition.endswith("| FAIL | FAIL | FAIL | FAIL |")  # kept 83% under writes
    assert community.endswith("| PASS | PASS | PASS | — (shows the community) |")
    assert call.endswith("| PASS | PASS | never stored (form) | never stored (form) |")
    assert report.rstrip().endswith("never stale: PASS")
    writes["stale"] = 1
    assert (
        table(rows, scale=0, database="SQLite", seconds=8, writes=writes)
        .rstrip()
        .endswith("never stale: FAIL")
    )


def test_growth_compares_pages_measured_side_by_side_and_admin_times():
    from bench.run import growth

    base_rows = [
        {"name": "Fichier statique", "rate": 1000, "static": True},
        {"name": "Accueil", "rate": 100, "bytes": 11_600},
        {"name": "Actualités", "rate": 200, "bytes": 14_000},
    ]
    rows = [
        {"name": "Fichier statique", "rate": 980, "static": True},
        {"name": "Accueil", "rate": 90, "bytes": 11_800},
        {"name": "Actualités", "rate": 150, "bytes": 16_200},
        {"name": "Nouvelle page", "rate": 10},  # not at scale 0: nothing to compare
    ]
    # The largest edition is another page at each scale: views are matched by key.
    base_admin = [
        {"key": "registrations", "name": "Admin : inscriptions", "ms": 50},
        {
            "key": "largest-edition",
            "name": "Admin : édition 2024 (10 éléments)",
            "ms": 100,
            "items": 10,
        },
    ]
    admin = [
        {"key": "registrations", "name": "Admin : inscriptions", "ms": 120},
        {
            "key": "largest-edition",
            "name": "Admin : édition 2023 (40 éléments)",
            "ms": 320,
            "items": 40,
        },
    ]
    lines = growth(rows, admin, base_rows, base_admin, scale=1)
    assert lines[0] == (
        "| measured side by side, every cache off | scale 0 | scale 1 | kept "
        "| page size, scale 0 → 1 | target |"
    )
    assert lines[2].startswith("| Fichier statique | 1000 req/s | 980 req/s | 98% | — | — ")
    assert lines[3] == "| Accueil | 100 req/s | 90 req/s | 90% | 12 → 12 KB | ≥ 80% PASS |"
    assert lines[4] == "| Actualités | 200 req/s | 150 req/s | 75% | 14 → 16 KB | ≥ 80% FAIL |"
    assert lines[5] == "| Admin : inscriptions | 50 ms | 120 ms | ×2.4 | — | ≤ ×2 FAIL |"
    assert lines[6] == (
        "| Admin : édition 2023 (40 éléments) | 100 ms | 320 ms | ×3.2 | — "
        "| — (not a listing: 10 then 40 items, 10 then 8 ms each) |"
    )
    assert len(lines) == 7


def test_each_scale_has_its_own_database(monkeypatch):
    from bench.run import VAR, database_url

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(1) == f"sqlite:///{VAR / 'scale-1' / 'bench.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    assert database_url(0) == "postgres://postgres@127.0.0.1:5432/bench_bench_scale_0"
    assert database_url(0.5) == "postgres://postgres@127.0.0.1:5432/bench_bench_scale_0_5"


def test_weight_sums_bytes_and_finds_third_parties():
    from bench.weight import summarize

    requests = {
        "1": "http://127.0.0.1:8000/",
        "2": "http://127.0.0.1:8000/static/css/site.css",
        "3": "https://fonts.example.com/font.woff2",
        "4": "data:image/png;base64,AAAA",
        "5": "http://127.0.0.1:8000/media/never-finished.avif",
    }
    finished = {"1": 12000, "2": 4000, "3": 30000, "4": 0}
    assert summarize(requests, finished, "http://127.0.0.1:8000") == {
        "bytes": 46000,
        "requests": 4,
        "third_party": ["https://fonts.example.com/font.woff2"],
    }


def test_audit_judges_every_category():
    from bench.audit import passed, table

    good = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
    rows = [
        {"name": "Accueil", "path": "/", **good},
        {"name": "Édition", "path": "/e/", **good, "seo": 92},
    ]
    assert passed(rows[0]) and not passed(rows[1])
    home, edition = table(rows).splitlines()[4:6]
    assert home.endswith("| 95 | 100 | 95 | 100 | PASS |")
    assert edition.endswith("| 95 | 100 | 95 | 92 | FAIL |")


def test_each_page_is_a_share_of_the_static_file_measured_beside_it():
    rows = [
        _row("Fichier statique", "/s.css", 1000, 2000, static=True, cache="static"),
        # The machine ran 20 % slower while this page was measured, static file included.
        _row(
            "Accueil",
            "/",
            80,
            1400,
            1360,
            queries=9,
            cache="stored",
            static_rate=800,
            cached_static_rate=1600,
            writes_static_rate=1600,
        ),
        _row("Partenaires", "/p/", 40, 1800, queries=9, cache="stored"),  # the round's
    ]
    home, partners = table(rows, scale=0, database="SQLite", seconds=8).splitlines()[5:7]
    assert "| 80 | 10.0% |" in home and "| 1400 | 87.5% |" in home
    assert home.endswith("| 1360 | 97% | 99.5% | PASS | PASS | PASS | PASS |")
    assert "| 40 | 4.0% |" in partners and "| 1800 | 90.0% |" in partners

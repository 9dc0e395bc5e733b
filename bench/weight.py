"""How heavy the home page is on a phone: bytes on the wire, requests, third parties.

``home_page_weight(base_url)`` loads the home page once in Debian's chromium (Playwright,
never a downloaded browser) as a phone would, with an empty cache, and counts what crossed
the network through the DevTools protocol. Used by `make bench`.
"""

from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
MAX_BYTES = 150 * 1024
# A phone: its width, and a 3x screen, since that picks which image candidate is fetched.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
}


def summarize(requests, finished, base_url):
    """Totals from CDP events: ``requests`` maps requestId to URL (requestWillBeSent),
    ``finished`` maps requestId to encodedDataLength (loadingFinished)."""
    host = urlsplit(base_url).hostname
    urls = [url for url in requests.values() if not url.startswith("data:")]
    third_party = sorted({url for url in urls if urlsplit(url).hostname != host})
    return {
        # encodedDataLength: bytes as received, compressed, headers included.
        "bytes": int(sum(finished.get(request_id, 0) for request_id in requests)),
        "requests": len(urls),
        "third_party": third_party,
    }


def home_page_weight(base_url):
    from playwright.sync_api import sync_playwright

    requests, finished = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # A new context starts with an empty cache. The header is what production's TLS
            # proxy adds: without it the production settings redirect to https.
            context = browser.new_context(
                **PHONE, extra_http_headers={"X-Forwarded-Proto": "https"}
            )
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.on(
                "Network.requestWillBeSent",
                lambda event: requests.setdefault(event["requestId"], event["request"]["url"]),
            )
            cdp.on(
                "Network.loadingFinished",
                lambda event: finished.__setitem__(event["requestId"], event["encodedDataLength"]),
            )
            cdp.send("Network.enable")
            page.goto(base_url.rstrip("/") + "/", wait_until="load")
            page.wait_for_load_state("networkidle")  # late requests count too
        finally:
            browser.close()
    return summarize(requests, finished, base_url)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(home_page_weight(sys.argv[1]), indent=1))

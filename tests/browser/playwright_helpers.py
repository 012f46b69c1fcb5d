"""What the browser tests share: Debian's Chromium, headless, and signing in through the real form.

    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    log_in(page, live_server.url, "kepatuhan1")
"""
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = "rahasia-123"   # tests.outreach.factories.make_user's


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in on /masuk/ and wait until the app has left the sign-in page."""
    page.goto(f"{base_url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/masuk/" not in url)

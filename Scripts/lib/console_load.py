"""Agents working the console over HTTP, for Scripts/bench-console.

    python3 console_load.py BASE_URL AGENTS SECONDS NAME

Agent i logs in as `agen{i}` (password `sandi-agen-{i}`); once all are in, each loops until
SECONDS have passed:
every fifth round opens the queue; "next" claims a ticket (303 to its page); the ticket page is
read for its form token and the suggestion shown; then accept (three rounds in four) or relabel to
"other", which answers 303 to the agent's next ticket. Latency is kept per route pattern; an
answer other than the one expected is an error.
"""
import asyncio
import re
import sys
import time

import aiohttp

base, agents, seconds, name = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
latency = {}
errors = []
labels = 0
csrf_pattern = re.compile(r'name="csrf" value="([0-9a-f]+)"')
shown_pattern = re.compile(r'name="shown" value="([^"]*)"')


async def timed(route, call, expected):
    start = time.perf_counter()
    async with call() as response:
        body = await response.text()
        latency.setdefault(route, []).append(time.perf_counter() - start)
        if response.status != expected:
            errors.append(f"{route}: {response.status}")
            return None, None
        return response, body


async def login(http, number):
    """Logs agent `number` in; the form token of its pages, or None."""
    _, page = await timed("GET /login", lambda: http.get("/login"), 200)
    token = csrf_pattern.search(page).group(1)
    response, _ = await timed(
        "POST /login",
        lambda: http.post("/login", data={"name": f"agen{number}", "password": f"sandi-agen-{number}", "csrf": token},
                          allow_redirects=False), 303)
    if response is None:
        return None
    _, page = await timed("GET /", lambda: http.get("/"), 200)
    return csrf_pattern.search(page).group(1)


async def work(http, token, deadline):
    """The agent's loop until `deadline`."""
    global labels
    location = None
    round_number = 0
    while time.perf_counter() < deadline:
        round_number += 1
        if round_number % 5 == 0:
            await timed("GET /", lambda: http.get("/"), 200)
        if location is None:
            response, _ = await timed(
                "POST /next", lambda: http.post("/next", data={"csrf": token, "filter": "all"}, allow_redirects=False), 303)
            if response is None:
                continue
            location = response.headers["Location"]
            if not location.startswith("/tickets/"):
                return  # the queue is empty
        path = location.split("?")[0]
        _, page = await timed("GET /tickets/{key}", lambda: http.get(path), 200)
        if page is None:
            location = None
            continue
        shown = shown_pattern.search(page).group(1)
        if round_number % 4:
            route, form = "accept", {"csrf": token, "filter": "all", "shown": shown}
        else:
            route, form = "relabel", {"csrf": token, "filter": "all", "issue": "other", "note": "uji beban"}
        response, _ = await timed(
            f"POST /tickets/{{key}}/{route}", lambda: http.post(f"{path}/{route}", data=form, allow_redirects=False), 303)
        if response is None:
            location = None
            continue
        labels += 1
        location = response.headers["Location"]
        if not location.startswith("/tickets/"):
            location = None


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main():
    sessions = [aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(agents)]
    try:
        # Everyone logs in first (bcrypt at cost 12 takes a while); the clock starts after.
        start = time.perf_counter()
        tokens = await asyncio.gather(*(login(http, number) for number, http in enumerate(sessions, 1)))
        print(f"{name}: {agents} logins in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(*(work(http, token, deadline) for http, token in zip(sessions, tokens) if token))
        elapsed = time.perf_counter() - start
    finally:
        for http in sessions:
            await http.close()
    print(f"{name}: {labels} labels in {elapsed:.1f} s = {labels / elapsed:.0f} labels/s; {len(errors)} errors")
    for error in sorted(set(errors))[:10]:
        print(f"{name}:   error {error} ({errors.count(error)}x)")
    print(f"{name}: {'route':<34} {'count':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for route, values in sorted(latency.items()):
        print(f"{name}: {route:<34} {len(values):>7} {percentile(values, 0.5) * 1000:>8.1f} {percentile(values, 0.99) * 1000:>8.1f}")


asyncio.run(main())

#!/usr/bin/env python3
"""slow_clients.py URL TOKEN LOG - slow and greedy clients against a running
server (issue 20), run by test_slow_clients.sh. Loopback only.

The server runs with --header-timeout 5 --body-timeout 5 --per-ip 512.
 1. Slowloris: 3,000 connections from six addresses (127.0.0.2-7, 500 each)
    send a partial request line and then a header byte every half second;
    200 more from 127.0.0.8 send whole headers and trickle their bodies.
    While they are held, normal GETs from 127.0.0.1 must all be answered 200
    (their times are printed: the 100 ms target is a benchmark's, not a test's).
    Then, after the deadlines, every slow connection must have been closed by
    the server although none ever fell silent.
 2. Per address: 700 connections from 127.0.0.9: at most 512 stay open.
 3. 1,000 and 3,000 query parameters: an answer, 400.
 4. Failed API tokens: 10 answered 401, then 429 with Retry-After; the log
    names the address.
 5. Expensive requests (--max-expensive 1): 8 exports at once each answer
    200, or 503 with Retry-After; at least one 200.
Exits 1 on any failed check.
"""
import concurrent.futures
import http.client
import resource
import socket
import statistics
import sys
import time

URL, TOKEN, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
HOST, PORT = URL.split("//")[1].rstrip("/").split(":")
PORT = int(PORT)
failures = 0


def check(ok, msg):
    global failures
    if not ok:
        failures += 1
        print("FAIL:", msg, file=sys.stderr)


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = 5000
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
SCALE = 1.0 if soft >= want else max(0.1, (soft - 200) / want)


def connect_from(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(2)
    s.connect((HOST, PORT))
    s.setblocking(False)
    return s


def is_closed(s):
    """True when the server closed s (end of stream or reset)."""
    try:
        d = s.recv(4096)
        return d == b"" or is_closed_after(s, d)
    except BlockingIOError:
        return False
    except OSError:
        return True


def is_closed_after(s, _data):
    # an error answer may come before the close: read on
    try:
        while True:
            d = s.recv(65536)
            if d == b"":
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def get(path, headers=None, method="GET", body=None, timeout=10):
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    t0 = time.monotonic()
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    ms = (time.monotonic() - t0) * 1000
    c.close()
    return r.status, dict(r.getheaders()), data, ms


# ---- 1. slowloris and slow bodies -------------------------------------------
per_addr = int(500 * SCALE)
slow = []
t_open = time.monotonic()
for a in range(2, 8):
    for _ in range(per_addr):
        try:
            s = connect_from(f"127.0.0.{a}")
            s.send(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        except OSError as e:
            check(False, f"cannot open a slow connection from 127.0.0.{a}: {e}")
            break
bodies = []
for _ in range(int(200 * SCALE)):
    s = connect_from("127.0.0.8")
    s.send(b"POST /api/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
    bodies.append(s)
print(f"opened {len(slow)} slowloris and {len(bodies)} slow-body connections in {time.monotonic() - t_open:.1f} s")

times = []
codes = []
t_start = time.monotonic()
last_trickle = 0.0
while time.monotonic() - t_start < 1.5:
    if time.monotonic() - last_trickle >= 0.5:  # a byte on every connection: never idle
        for s in slow:
            try:
                s.send(b"X")
            except OSError:
                pass
        for s in bodies:
            try:
                s.send(b" ")
            except OSError:
                pass
        last_trickle = time.monotonic()
    try:
        st, _, _, ms = get("/api/entities/co-a", timeout=10)
    except OSError as e:
        st, ms = f"error {e}", 10000.0
    codes.append(st)
    times.append(ms)
    time.sleep(0.05)
held = sum(1 for s in slow + bodies if not is_closed(s))
print(f"while {held} slow connections were held: {len(codes)} normal GETs, "
      f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
check(held >= len(slow) // 2, f"only {held} slow connections were held open: the test shows nothing")
check(all(c == 200 for c in codes), f"normal GETs during the slowloris: {sorted(set(map(str, codes)))}")
# keep trickling past the deadlines: the server must close them anyway
t_trickle = time.monotonic()
while time.monotonic() - t_trickle < 6.0:
    for s in slow + bodies:
        try:
            s.send(b"X")
        except OSError:
            pass
    time.sleep(0.5)
open_left = sum(1 for s in slow + bodies if not is_closed(s))
print(f"after the deadlines: {open_left} of {len(slow) + len(bodies)} slow connections still open")
check(open_left == 0, f"{open_left} slow connections outlived their deadline")
for s in slow + bodies:
    s.close()
st, _, _, ms = get("/api/entities/co-a")
check(st == 200, f"a GET after the slowloris answered {st}")

# ---- 2. per address ----------------------------------------------------------
many = []
for _ in range(int(700 * SCALE)):
    try:
        many.append(connect_from("127.0.0.9"))
    except OSError:
        break
time.sleep(0.5)
open_now = sum(1 for s in many if not is_closed(s))
print(f"per address: {open_now} of {len(many)} connections from one address stay open")
check(open_now <= 512, f"{open_now} connections from one address stay open, above --per-ip 512")
st, _, _, _ = get("/api/entities/co-a")
check(st == 200, f"a GET from another address while one is at its limit answered {st}")
for s in many:
    s.close()

# ---- 3. many parameters --------------------------------------------------------
for n in (1000, 3000):
    q = "&".join(f"p{i}=1" for i in range(n))
    try:
        st, _, _, _ = get("/api/search?" + q, timeout=10)
    except OSError as e:
        st = f"no answer ({e})"
    check(st == 400, f"{n} query parameters answered {st}, expected 400")

# ---- 4. failed tokens ------------------------------------------------------------
got = []
retry = None
for i in range(13):
    st, h, _, _ = get("/api/load", headers={"Authorization": f"Bearer ovt_wrong{i}"}, method="POST", body=b"{}")
    got.append(st)
    if st == 429:
        retry = h.get("Retry-After")
print("failed tokens answered:", got)
check(got[:10] == [401] * 10, f"the first 10 wrong tokens: {got[:10]}")
check(all(c == 429 for c in got[10:]), f"wrong tokens past the burst: {got[10:]}")
check(retry is not None and retry.isdigit(), f"429 without Retry-After ({retry})")
with open(LOG) as f:
    log = f.read()
check("rejected an API token from 127.0.0.1" in log, "the log does not name the address of failed tokens")

# ---- 5. expensive requests --------------------------------------------------------
with concurrent.futures.ThreadPoolExecutor(8) as ex:
    answers = list(ex.map(lambda _: get("/api/export", timeout=60), range(8)))
ec = [a[0] for a in answers]
print("8 exports at once answered:", ec)
check(all(c in (200, 503) for c in ec), f"exports at once: {ec}")
check(ec.count(200) >= 1, "no export answered 200")
check(all("Retry-After" in a[1] for a in answers if a[0] == 503), "a 503 without Retry-After")

print(f"{failures} failed checks")
sys.exit(1 if failures else 0)

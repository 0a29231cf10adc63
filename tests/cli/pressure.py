#!/usr/bin/env python3
"""pressure.py URL - slow clients from several addresses, each under the
per-address cap, together above the connection limit (issue 20), run by
test_slow_clients.sh against a server with --max-connections 600 --per-ip 512
--header-timeout 30. 800 slowloris connections from 127.0.0.2 and .3 (400
each), reopened as soon as the server closes one; meanwhile normal GETs from
127.0.0.1 must all be answered 200 (near the limit the server gives headers
1 s, so the listen queue moves). Times printed, not asserted. Exits 1 on a
failed check."""
import http.client
import resource
import socket
import sys
import threading
import time

HOST, PORT = sys.argv[1].split("//")[1].rstrip("/").split(":")
PORT = int(PORT)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < 2000:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(2000, hard), hard))


def slow(i):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i // 400), 0))
    s.setblocking(False)
    try:
        s.connect((HOST, PORT))
    except (BlockingIOError, OSError):
        pass
    return s


socks = [slow(i) for i in range(800)]
stop = threading.Event()
reopened = [0]


def flood():
    while not stop.is_set():
        for i, s in enumerate(socks):
            try:
                s.send(b"GET /api/stats HTTP/1.1\r\nX: ")
            except OSError:
                s.close()
                socks[i] = slow(i)
                reopened[0] += 1
        stop.wait(0.3)


th = threading.Thread(target=flood)
th.start()
time.sleep(1.5)
codes, times = [], []
for _ in range(8):
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection(HOST, PORT, timeout=20)
        c.request("GET", "/api/entities/co-a")
        r = c.getresponse()
        r.read()
        codes.append(r.status)
    except OSError as e:
        codes.append(f"error {e}")
    times.append((time.monotonic() - t0) * 1000)
    time.sleep(0.2)
stop.set()
th.join()
for s in socks:
    s.close()
print(f"800 slow connections above a limit of 600 (reopened {reopened[0]} times): GETs {codes}, "
      f"max {max(times):.0f} ms")
if all(c == 200 for c in codes):
    sys.exit(0)
print("FAIL: a normal GET was not answered near the connection limit", file=sys.stderr)
sys.exit(1)

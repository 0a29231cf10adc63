#!/usr/bin/env python3
"""slowloris.py HOST PORT N - holds N slowloris connections (a partial request,
then a header byte per connection every half second, never idle) from 500 per
source address (127.0.0.20, .21, ...; loopback only) until stdin closes;
connections the server closes (at its header deadline) are opened again.
Prints 'ready N' once they are open, and at the end how many were reopened."""
import select
import socket
import sys
import threading
import time

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()


def open_one(i):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (20 + i // 500), 0))
    s.connect((host, port))
    s.setblocking(False)
    s.send(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
    return s


socks = [open_one(i) for i in range(n)]
print("ready %d" % len(socks), flush=True)
reopened = 0
while not stop.is_set():
    for i, s in enumerate(socks):
        try:
            s.send(b"X")
        except OSError:
            s.close()
            try:
                socks[i] = open_one(i)
                reopened += 1
            except OSError:
                pass
    stop.wait(0.5)
for s in socks:
    s.close()
print("reopened %d" % reopened, flush=True)

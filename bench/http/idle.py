#!/usr/bin/env python3
"""idle.py HOST PORT N - holds N idle connections to HOST:PORT open until
stdin closes (prints 'ready N'). They come from 500 per source address
(127.0.0.2, .3, ...; loopback only), under the server's per-address cap."""
import socket
import sys

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
for i in range(n):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i // 500), 0))
    s.connect((host, port))
    socks.append(s)
print("ready %d" % len(socks), flush=True)
sys.stdin.read()
for s in socks:
    s.close()

#!/usr/bin/env python3
"""Holds N idle connections to HOST:PORT open until stdin closes (prints 'ready N')."""
import socket
import sys

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
for _ in range(n):
    socks.append(socket.create_connection((host, port)))
print("ready %d" % len(socks), flush=True)
sys.stdin.read()
for s in socks:
    s.close()

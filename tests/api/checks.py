"""What the HTTP test scripts (api_test.py, yente_test.py) share: counted checks,
and requests to the server under test over loopback. Standard library only."""
import json
import sys
import urllib.error
import urllib.request

BASE = ""          # set by init()
TIMEOUT = 30
passed = failed = 0


def init(base, timeout=30):
    global BASE, TIMEOUT
    BASE, TIMEOUT = base.rstrip("/"), timeout
    return BASE


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def req(path, method="GET", body=None, headers=None):
    r = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(r, timeout=TIMEOUT) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(path, on_bad=None, **kw):
    """(status, headers, document); a body that is not JSON is a failed check and on_bad."""
    status, headers, body = req(path, **kw)
    try:
        return status, headers, json.loads(body)
    except ValueError:
        check(False, "%s: not JSON: %r" % (path, body[:200]))
        return status, headers, on_bad


def finish():
    """Prints the tally and exits 1 on any failure."""
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)

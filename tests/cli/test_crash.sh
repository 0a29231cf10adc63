#!/bin/sh
# Crash tests (issue 20): kill -9 at random points of first and later loads,
# 20 times; after each, with no write in between, every read command works
# and shows the store before or after the load (never a mix), integrity_check
# is ok, the journal mode is still WAL, and the load run again completes.
# The driver is tests/cli/crash.py (OV_CRASH_SEED repeats a run).
. "$(dirname "$0")/lib.sh"
python3 "$(dirname "$0")/crash.py"

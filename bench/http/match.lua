-- match.lua - wrk script: POST /api/match with one yente-style query (a
-- company name in Chinese and its country), the same every time.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"queries": {"q1": {"schema": "Company", "properties": {"name": ["海康威视"], "country": ["cn"]}}}}'

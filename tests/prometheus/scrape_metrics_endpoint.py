#!/usr/bin/env python3
"""Runs the metrics_endpoint example against TYPEDIS_TEST_URL, scrapes its /metrics over HTTP and
checks the counts of what it did on one connection: 3 SET, 2 GET, 1 INCR failing with ERR, a
pipeline (SET, GET), a transaction (MULTI, INCR, EXEC) and 1 DEL; pipelined and transaction
commands count one by one.

  scrape_metrics_endpoint.py PATH_OF_prometheus_metrics_endpoint
"""
import os
import re
import subprocess
import sys
import urllib.request

SAMPLE = re.compile(r'^(?P<name>[a-zA-Z_:][\w:]*)(?:\{(?P<labels>[^}]*)\})?\s+(?P<value>\S+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{(name, frozenset(labels)): value} of a Prometheus text exposition."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise ValueError("not a sample line: %r" % line)
        labels = frozenset(LABEL.findall(m.group("labels") or ""))
        samples[(m.group("name"), labels)] = float(m.group("value"))
    return samples


def main(argv):
    url = os.environ.get("TYPEDIS_TEST_URL")
    if not url:
        print("TYPEDIS_TEST_URL is not set (scripts/test sets it)", file=sys.stderr)
        return 1
    proc = subprocess.Popen([argv[1], url, "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        metrics_url = None
        for line in proc.stdout:
            print("example: " + line.rstrip())
            if line.startswith("metrics: "):
                metrics_url = line.split(" ", 1)[1].strip()
                break
        if metrics_url is None or not metrics_url.startswith("http://127.0.0.1:"):
            print("the example printed no loopback metrics URL", file=sys.stderr)
            return 1
        # No proxy: the endpoint is on loopback whatever http_proxy says.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(metrics_url, timeout=10) as response:
            text = response.read().decode()
    finally:
        proc.stdin.close()
        rc = proc.wait(timeout=30)
    samples = parse(text)

    def value(name, **labels):
        return samples.get((name, frozenset(labels.items())))

    expected = [
        ("typedis_commands_total", {"command": "SET", "outcome": "ok"}, 4),
        ("typedis_commands_total", {"command": "GET", "outcome": "ok"}, 3),
        ("typedis_commands_total", {"command": "INCR", "outcome": "server_error"}, 1),
        ("typedis_commands_total", {"command": "INCR", "outcome": "ok"}, 1),
        ("typedis_commands_total", {"command": "MULTI", "outcome": "ok"}, 1),
        ("typedis_commands_total", {"command": "EXEC", "outcome": "ok"}, 1),
        ("typedis_commands_total", {"command": "DEL", "outcome": "ok"}, 1),
        ("typedis_command_errors_total", {"command": "INCR", "error": "ERR"}, 1),
        ("typedis_command_duration_seconds_count", {"command": "SET", "outcome": "ok"}, 4),
        ("typedis_command_duration_seconds_count", {"command": "GET", "outcome": "ok"}, 3),
        ("typedis_command_duration_seconds_count", {"command": "INCR", "outcome": "server_error"}, 1),
        ("typedis_connection_events_total", {"event": "connect"}, 1),
        # Reply bytes: +OK\r\n (5) per SET; $2\r\nv2\r\n (8) twice and $5\r\npiped\r\n (11) for GET;
        # the queued INCR's +QUEUED\r\n (9) plus the refused one's error reply.
        ("typedis_command_bytes_received_total", {"command": "SET"}, 4 * 5),
        ("typedis_command_bytes_received_total", {"command": "GET"}, 2 * 8 + 11),
    ]
    problems = []
    for name, labels, want in expected:
        got = value(name, **labels)
        if got != want:
            problems.append("%s%s: %s, expected %s" % (name, labels, got, want))
    for outcome in ("io_error", "other_error", "aborted"):
        for command in ("SET", "GET", "INCR", "MULTI", "EXEC", "DEL"):
            if value("typedis_commands_total", command=command, outcome=outcome) not in (None, 0):
                problems.append("%s counted as %s" % (command, outcome))
    if not (value("typedis_command_bytes_sent_total", command="SET") or 0) > 0:
        problems.append("no bytes sent counted for SET")
    if not (value("typedis_command_bytes_received_total", command="INCR") or 0) > 9:
        problems.append("bytes received for INCR: %s, expected QUEUED and an error reply"
                        % value("typedis_command_bytes_received_total", command="INCR"))
    if rc != 0:
        problems.append("the example exited with %d" % rc)
    if problems:
        print("metrics scraped from %s:\n%s" % (metrics_url, text), file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    print("scraped %s: %d samples, counts as expected" % (metrics_url, len(samples)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

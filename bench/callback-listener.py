"""A minimal loopback HTTP listener for OAuth redirects, used by the benchmarks.

    python3 bench/callback-listener.py COUNT

Binds 127.0.0.1 on an ephemeral port, prints the port on the first stdout
line, then answers up to COUNT requests with a short 200 page and prints the
query string of each request target on its own line (flushed), and exits.

- bench/manual-login.sh runs it with COUNT=1 as the hand-written client's
  redirect receiver: the one line it prints is the authorization response.
- scripts/bench runs one with a large COUNT for the whole run as the dummy
  callback of the "browser driver + provider alone" baseline, so that
  baseline pays for the callback request but not for starting a listener.

Plain sockets rather than http.server: importing http.server alone costs more
than the rest of this script, and a hand-written client would not pay it
either. It gives up after IDLE_TIMEOUT seconds without a request, so a
forgotten listener never outlives the benchmark by much.
"""

import socket
import sys

IDLE_TIMEOUT = 120
PAGE = b"<!doctype html><title>done</title>You can close this window."


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(IDLE_TIMEOUT)
    print(srv.getsockname()[1], flush=True)
    for _ in range(count):
        try:
            conn, _addr = srv.accept()
        except socket.timeout:
            return 1
        with conn:
            conn.settimeout(10)
            head = b""
            # Only the request head matters (a callback is a GET); stop at its
            # end, or at 64 KiB, whichever comes first.
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                head += chunk
            target = head.split(b"\r\n", 1)[0].split(b" ")
            query = target[1].partition(b"?")[2] if len(target) > 1 else b""
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                b"Content-Length: " + str(len(PAGE)).encode() + b"\r\n\r\n" + PAGE
            )
        print(query.decode("latin-1"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

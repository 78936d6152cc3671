#!/usr/bin/python3
"""A loopback SMTP server for the email tests (Debian's python3-aiosmtpd).

Stores each message it accepts as DIR/NNN.eml with its envelope in
DIR/NNN.json, writes the port it listens on to --port-file once it accepts
connections, and runs until SIGTERM. --cert/--key enable STARTTLS (required
then); --user with the password in the environment variable SMTP_TEST_PASSWORD
requires AUTH. --refuse answers every message with 554; --refuse-rcpt ADDRESS
(repeatable) answers RCPT TO that address with 550 5.1.1; --defer-data N
answers the first N messages with 451 4.3.0 after their data.
"""
import argparse
import json
import os
import signal
import socket
import ssl
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory, refuse, refuse_rcpt=(), defer_data=0):
        self.directory = Path(directory)
        self.refuse = refuse
        self.refuse_rcpt = {address.lower() for address in refuse_rcpt}
        self.defer_data = defer_data
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse_rcpt:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 message refused by the test server"
        with self.lock:
            if self.defer_data > 0:
                self.defer_data -= 1
                return "451 4.3.0 try again later"
        with self.lock:
            n = len(list(self.directory.glob("*.eml"))) + 1
            stem = self.directory / f"{n:03}"
            stem.with_suffix(".eml.part").write_bytes(envelope.original_content)
            stem.with_suffix(".json").write_text(json.dumps(
                {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}))
            os.replace(stem.with_suffix(".eml.part"), stem.with_suffix(".eml"))
        return f"250 2.0.0 stored as {n:03}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--refuse", action="store_true")
    parser.add_argument("--refuse-rcpt", action="append", default=[])
    parser.add_argument("--defer-data", type=int, default=0)
    args = parser.parse_args()

    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user:
        password = os.environ["SMTP_TEST_PASSWORD"].encode()
        user = args.user.encode()

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=bool(args.cert))
    port = args.port or free_port()
    controller = Controller(Store(args.dir, args.refuse, args.refuse_rcpt, args.defer_data), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    Path(args.port_file + ".part").write_text(str(port))
    os.replace(args.port_file + ".part", args.port_file)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

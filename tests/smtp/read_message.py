#!/usr/bin/python3
"""Prints a stored message as JSON, parsed by Python's email package: its
headers (decoded), envelope, text body and attachments (name, type, size,
SHA-256); with --save DIR, writes each attachment there under its name."""
import argparse
import hashlib
import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("message")
parser.add_argument("--save")
args = parser.parse_args()

path = Path(args.message)
message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
body = message.get_body(preferencelist=("plain",))
attachments = []
for part in message.iter_attachments():
    payload = part.get_payload(decode=True)
    attachments.append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                        "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
    if args.save:
        (Path(args.save) / part.get_filename()).write_bytes(payload)
print(json.dumps({
    "subject": str(message["subject"]),
    "from": str(message["from"]),
    "to": str(message.get("to", "")),
    "cc": str(message.get("cc", "")),
    "bcc": str(message.get("bcc", "")),
    "message_id": str(message["message-id"]),
    "date": str(message.get("date", "")),
    "body": body.get_content() if body is not None else "",
    "attachments": attachments,
    "envelope": json.loads(path.with_suffix(".json").read_text()),
}, indent=1))

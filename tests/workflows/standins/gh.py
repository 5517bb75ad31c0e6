"""The GitHub CLI as a workflow step uses it, answering from the stand-in's record of earlier runs.

$STANDIN_STATE/runs.json lists the runs the test has made so far, newest first (databaseId, headSha,
status, conclusion, headBranch); artifacts are those the upload-artifact stand-in stored. Supported:

    gh run list [--workflow W] [--branch B] [--status S] [--limit N] --json FIELDS [--jq EXPR]
    gh run download RUN_ID --name NAME --dir DIR

--jq understands the two forms workflows use: `.[0].FIELD // ""` and `.[].FIELD`. Fault point "api":
"error-502" (or any "error-NNN") makes the call fail as the real CLI does when the API answers so.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

from artifacts import run_folder
from fault import state, take


def jq(data, expression: str) -> list[str]:
    if match := re.fullmatch(r'\.\[0\]\.(\w+) // ""', expression):
        return [str(data[0].get(match[1], "")) if data else ""]
    if match := re.fullmatch(r"\.\[\]\.(\w+)", expression):
        return [str(item[match[1]]) for item in data]
    raise SystemExit(f"gh stand-in: --jq {expression!r} is not one of the forms it understands")


def run_list(args) -> int:
    runs = json.loads((state() / "runs.json").read_text()) if (state() / "runs.json").exists() else []
    if args.branch:
        runs = [r for r in runs if r["headBranch"] == args.branch]
    if args.status in ("success", "failure", "cancelled", "skipped"):
        runs = [r for r in runs if r["conclusion"] == args.status]
    elif args.status:
        runs = [r for r in runs if r["status"] == args.status]
    fields = args.json.split(",")
    data = [{f: r.get(f) for f in fields} for r in runs[:args.limit]]
    lines = jq(data, args.jq) if args.jq else [json.dumps(data)]
    print("\n".join(lines))
    return 0


def run_download(args) -> int:
    source = run_folder(str(args.run)) / args.name
    if not source.is_dir():
        print("no artifact matches any of the names or patterns provided", file=sys.stderr)
        return 1
    shutil.copytree(source, Path(args.dir), dirs_exist_ok=True)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gh")
    sub = parser.add_subparsers(dest="group", required=True).add_parser("run").add_subparsers(dest="command")
    listing = sub.add_parser("list")
    listing.add_argument("--workflow")
    listing.add_argument("--branch")
    listing.add_argument("--status")
    listing.add_argument("--limit", type=int, default=20)
    listing.add_argument("--json", required=True)
    listing.add_argument("--jq")
    download = sub.add_parser("download")
    download.add_argument("run")
    download.add_argument("--name", required=True)
    download.add_argument("--dir", default=".")
    args = parser.parse_args(argv)
    mode = take("api", call=" ".join(argv[:2]))
    if mode.startswith("error-"):
        repo = os.environ.get("GITHUB_REPOSITORY", "")
        print(f"HTTP {mode[6:]} (https://api.github.com/repos/{repo}/actions/runs)", file=sys.stderr)
        return 1
    return run_list(args) if args.command == "list" else run_download(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

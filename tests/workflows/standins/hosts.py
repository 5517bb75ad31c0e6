"""The CDN hosts mirror.yml deploys to, played on this machine; each call is checked against what the real
tool documents and logged (standins/fault.py's events.jsonl) with what it was asked.

    hosts.py wrangler                   cloudflare/wrangler-action (its inputs as INPUT_* variables)
    hosts.py netlify ARGS...            `npx netlify-cli@VERSION ARGS...` (standins/bin/npx)
    hosts.py aws-credentials            aws-actions/configure-aws-credentials (INPUT_* variables)
    hosts.py aws ARGS...                the runner image's AWS CLI (standins/bin/aws)

Cloudflare Pages and Netlify put the deployed folder live in $STANDIN_STATE/mirror, swapped whole as
their atomic deploys are (the test serves it on 127.0.0.1 as the mirror's address). The S3 bucket BUCKET
is $STANDIN_STATE/s3/BUCKET, each object's headers beside it in $STANDIN_STATE/s3-headers/BUCKET.
A call the real tool would refuse fails here with its kind of message, so a wrong input fails the run.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from fault import log, state

ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+")
REGION = re.compile(r"[a-z]{2}(-gov)?-[a-z]+-\d")
# The secrets of each host: a deploy step must see its own and no other host's.
SECRETS = ("CLOUDFLARE_API_TOKEN", "NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID", "AWS_ACCESS_KEY_ID")


def fail(text: str, code: int = 1) -> int:
    print(text, file=sys.stderr)
    return code


def seen_secrets() -> list[str]:
    """The host secrets present in this process's environment (names only)."""
    return sorted(name for name in SECRETS if os.environ.get(name))


def publish(folder: Path) -> int:
    """Put a copy of `folder` live as the mirror, whole: the old site until the new one is complete."""
    live = state() / "mirror"
    staging = Path(tempfile.mkdtemp(prefix=".mirror-", dir=state()))
    shutil.copytree(folder, staging, dirs_exist_ok=True)
    old = state() / f".mirror-old-{os.getpid()}"
    if live.exists():
        live.rename(old)
    staging.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in live.rglob("*") if p.is_file())


def wrangler() -> int:
    env = os.environ
    token, account = env.get("INPUT_APITOKEN", ""), env.get("INPUT_ACCOUNTID", "")
    command = shlex.split(env.get("INPUT_COMMAND", ""))
    if not token:
        return fail("✘ [ERROR] In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN "
                    "environment variable for wrangler to work (the apiToken input is empty)")
    if not re.fullmatch(r"[0-9a-f]{32}", account):
        return fail(f"✘ [ERROR] accountId must be the account's 32-hex-digit id, not {account!r}")
    if command[:2] != ["pages", "deploy"] or len(command) < 3 or command[2].startswith("-"):
        return fail(f"✘ [ERROR] this stand-in plays `pages deploy DIR ...` only, not {command!r}")
    options = dict(arg[2:].split("=", 1) if "=" in arg else (arg[2:], "") for arg in command[3:])
    folder = Path(env.get("INPUT_WORKINGDIRECTORY") or ".") / command[2]
    if not options.get("project-name"):
        return fail("✘ [ERROR] Must specify a project name (--project-name=...)")
    if not folder.is_dir():
        return fail(f"✘ [ERROR] ENOENT: no such file or directory, scandir '{folder}'")
    files = publish(folder)
    log("wrangler", command=command, options=options, account=account, version=env.get("INPUT_WRANGLERVERSION"),
        secrets=seen_secrets(), files=files, sha=env.get("GITHUB_SHA", ""))
    print(f"✨ Success! Uploaded {files} files\n🌎 Deploying...\n✨ Deployment complete! "
          f"Take a peek over at https://{options['project-name']}.pages.dev")
    return 0


def netlify(args: list[str]) -> int:
    if not os.environ.get("NETLIFY_AUTH_TOKEN"):
        return fail("Error: Not logged in. Please log in to deploy to a site (NETLIFY_AUTH_TOKEN is empty)")
    if not os.environ.get("NETLIFY_SITE_ID"):
        return fail("Error: No site id specified, please run `netlify link` or set NETLIFY_SITE_ID")
    if not args or args[0] != "deploy":
        return fail(f"Error: this stand-in plays `netlify deploy` only, not {args!r}")
    flags, values, rest = set(), {}, args[1:]
    while rest:
        arg = rest.pop(0)
        if arg in ("--dir", "--message", "-d", "-m"):
            values[arg.lstrip("-")[0]] = rest.pop(0) if rest else ""
        elif arg.startswith("--"):
            flags.add(arg)
        else:
            return fail(f"Error: unexpected argument {arg!r}")
    folder = Path(values.get("d", ""))
    if not values.get("d") or not folder.is_dir():
        return fail(f"Error: Deploy path does not exist: {folder}")
    files = publish(folder) if "--prod" in flags else 0  # a draft deploy never touches the live site
    log("netlify", args=args, flags=sorted(flags), message=values.get("m", ""), secrets=seen_secrets(),
        files=files, sha=os.environ.get("GITHUB_SHA", ""))
    print(f"Deploy path: {folder.resolve()}\nDeploying to main site URL...\n✔ Finished uploading {files} assets\n"
          "Deploy is live!")
    return 0


def aws_credentials() -> int:
    env = os.environ
    role, region = env.get("INPUT_ROLE_TO_ASSUME", ""), env.get("INPUT_AWS_REGION", "")
    if env.get("INPUT_AWS_ACCESS_KEY_ID") or env.get("INPUT_AWS_SECRET_ACCESS_KEY"):
        return fail("::error::this repository assumes its role through OIDC: no stored keys")
    if not REGION.fullmatch(region):
        return fail(f"::error::Region is not valid: {region}")
    if not ARN.fullmatch(role):
        return fail(f"::error::Could not assume role with OIDC: role-to-assume is not a role ARN: {role!r}")
    log("aws-credentials", role=role, region=region, audience=env.get("INPUT_AUDIENCE", ""), secrets=seen_secrets())
    with open(env["GITHUB_ENV"], "a", encoding="utf-8") as out:
        for name, value in (("AWS_ACCESS_KEY_ID", "ASIASTANDIN"), ("AWS_SECRET_ACCESS_KEY", "standin"),
                            ("AWS_SESSION_TOKEN", f"session-for-{role}"), ("AWS_REGION", region),
                            ("AWS_DEFAULT_REGION", region)):
            print(f"::add-mask::{value}")
            out.write(f"{name}={value}\n")
    print(f"Authenticated as assumedRoleId STANDIN:GitHubActions for {role} in {region}")
    return 0


def _object(url: str) -> tuple[str, str]:
    match = re.fullmatch(r"s3://([a-z0-9.-]{3,63})/(.*)", url)
    if not match:
        raise ValueError(f"not an S3 address: {url}")
    return match[1], match[2]


def _put(bucket: str, key: str, source: Path, headers: dict) -> None:
    target = state() / "s3" / bucket / key
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    meta = state() / "s3-headers" / bucket / (key + ".json")
    meta.parent.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps(headers), encoding="utf-8")


def aws(args: list[str]) -> int:
    if not (os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SESSION_TOKEN")):
        return fail("Unable to locate credentials. You can configure credentials by running \"aws configure\".", 253)
    # As statusgen calls it: the command and its addresses first, then options, each with its values.
    first = next((i for i, arg in enumerate(args) if arg.startswith("--")), len(args))
    words, options, current = args[:first], {}, ""
    for arg in args[first:]:
        if arg.startswith("--"):
            current = arg[2:]
            options[current] = []
        else:
            options[current].append(arg)
    try:
        if words[:2] == ["s3", "cp"]:
            return _copy(words[2], words[3], options)
        if words[:2] == ["s3", "rm"]:
            bucket, key = _object(words[2])
            (state() / "s3" / bucket / key).unlink(missing_ok=True)
            log("aws", call="rm", bucket=bucket, key=key)
            return 0
        if words[:2] == ["cloudfront", "create-invalidation"]:
            distribution, paths = options.get("distribution-id", [""])[0], options.get("paths", [])
            if not distribution or not paths or any(not p.startswith("/") for p in paths):
                return fail("An error occurred (InvalidArgument) when calling the CreateInvalidation operation", 254)
            log("aws", call="invalidate", distribution=distribution, paths=paths)
            print(json.dumps({"Invalidation": {"Id": "I2STANDIN", "Status": "InProgress"}}))
            return 0
    except (ValueError, IndexError) as exc:
        return fail(f"aws: error: {exc}", 252)
    return fail(f"aws: error: this stand-in does not play {' '.join(args)}", 252)


def _copy(source: str, dest: str, options: dict) -> int:
    headers = {"Cache-Control": (options.get("cache-control") or [""])[0],
               "Content-Type": (options.get("content-type") or [""])[0]}
    if source.startswith("s3://") and dest == "-":
        bucket, key = _object(source)
        path = state() / "s3" / bucket / key
        found = path.is_file()
        log("aws", call="get", bucket=bucket, key=key, found=found,
            body=path.read_text(encoding="utf-8", errors="replace") if found else None)
        if not found:
            return fail(f"download failed: {source} to - An error occurred (404) when calling the HeadObject "
                        f"operation: Not Found", 1)
        sys.stdout.buffer.write(path.read_bytes())
        return 0
    bucket, prefix = _object(dest)
    local = Path(source)
    if "recursive" in options:
        keys = []
        for path in sorted(p for p in local.rglob("*") if p.is_file()):
            key = prefix + path.relative_to(local).as_posix()
            _put(bucket, key, path, headers)
            keys.append(key)
        log("aws", call="put", bucket=bucket, keys=keys, **headers)
        return 0
    if not local.is_file():
        return fail(f"The user-provided path {source} does not exist.", 255)
    _put(bucket, prefix, local, headers)
    log("aws", call="put", bucket=bucket, keys=[prefix], **headers)
    return 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "wrangler":
        sys.exit(wrangler())
    if command == "aws-credentials":
        sys.exit(aws_credentials())
    sys.exit({"netlify": netlify, "aws": aws}[command](rest))

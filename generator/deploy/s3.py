"""Publishing a site built for `hosting: s3` to a bucket behind CloudFront, with the AWS CLI.

The build's manifest (.statusgen-s3.json, generator.hosting.files) lists every object with its headers
and digest. The deploy compares it with the manifest the previous deploy left in the bucket, then:

1. uploads only what changed, each group of objects with its own Cache-Control and Content-Type:
   assets and data first, then the pages, then build.json, which tells open pages and
   `statusgen due` that a new build is live, so nothing announces it before its pages are up;
2. reads build.json back from the bucket: the origin serves the new build before anything is purged;
3. deletes the objects the new build no longer has, and leaves the new manifest for the next deploy;
4. invalidates at CloudFront the addresses of what changed or went: each one when they are few,
   else the site's path with one wildcard (CloudFront bills a wildcard as one path).

Credentials are the AWS CLI's own (in the workflow: a role assumed through OIDC); nothing here reads them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..hosting.files import S3_MANIFEST

BUILD_INFO = "build.json"
MOST_PATHS = 100  # more changed addresses than this: one wildcard instead


class DeployError(Exception):
    """The deploy stopped; the message says where and what to do."""


@dataclass
class Plan:
    uploads: list[tuple[tuple[str, str], list[str]]]  # ((Cache-Control, Content-Type), keys), in upload order
    removed: list[str]
    invalidate: list[str]
    first: bool = False  # no earlier manifest in the bucket: everything is uploaded
    notes: list[str] = field(default_factory=list)


def plan(new: dict, old: dict | None) -> Plan:
    """What to upload, delete and invalidate to go from the `old` manifest (None: none) to `new`."""
    objects = new["objects"]
    before = (old or {}).get("objects", {})
    changed = sorted(key for key, entry in objects.items() if before.get(key) != entry)
    removed = sorted(set(before) - set(objects))
    groups: dict[tuple[str, str], list[str]] = {}
    for key in changed:
        entry = objects[key]
        groups.setdefault((entry["Cache-Control"], entry["Content-Type"]), []).append(key)

    # Assets and data, then pages; build.json (which shares its headers with other data) alone, last.
    info_keys = [key for key in changed if key == BUILD_INFO or key.endswith("/" + BUILD_INFO)]
    uploads = []
    for headers, keys in sorted(groups.items(), key=lambda item: (item[0][1].startswith("text/html"), item[0])):
        rest = [key for key in keys if key not in info_keys]
        if rest:
            uploads.append((headers, rest))
    for key in info_keys:
        uploads.append(((objects[key]["Cache-Control"], objects[key]["Content-Type"]), [key]))
    addresses = sorted({address for key in changed for address in new.get("paths", {}).get(key, [])}
                       | {address for key in removed for address in (old or {}).get("paths", {}).get(key, [])})
    result = Plan(uploads, removed, addresses, first=old is None)
    if old is None or len(addresses) > MOST_PATHS:
        result.invalidate = [new.get("site_root", "/") + "*"] if (changed or removed) else []
    return result


# -- running it ---------------------------------------------------------------------------------------------

def _aws(args: list[str], *, capture: bool = False) -> subprocess.CompletedProcess:
    command = ["aws", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=not capture, timeout=900)
    except FileNotFoundError:
        raise DeployError("the AWS CLI (aws) is not installed or not on PATH; GitHub's ubuntu runners have it") \
            from None
    except subprocess.TimeoutExpired:
        raise DeployError(f"`{' '.join(command[:4])} …` took more than 15 minutes; run the deploy again") from None
    if done.returncode != 0:
        error = done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8", "replace")
        raise DeployError(f"`{' '.join(command[:4])} …` failed: {error.strip() or 'exit ' + str(done.returncode)}")
    return done


def _previous(bucket: str, key: str) -> dict | None:
    try:
        done = _aws(["s3", "cp", f"s3://{bucket}/{key}", "-", "--only-show-errors"], capture=True)
    except DeployError:
        return None  # none yet (a first deploy), or unreadable: upload everything, invalidate everything
    try:
        data = json.loads(done.stdout)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("objects"), dict) else None


def read_manifest(site: Path) -> dict:
    path = site / S3_MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeployError(f"{path} is missing: build the site for S3 first (hosting: s3 in mkdocs.yml, or "
                          f"statusgen build --hosting s3)") from None
    except ValueError as exc:
        raise DeployError(f"{path} is not a manifest statusgen wrote ({exc}); build the site again") from None
    if data.get("version") != 1 or not isinstance(data.get("objects"), dict):
        raise DeployError(f"{path} is not a manifest this statusgen reads; build the site again")
    return data


def deploy(site: Path, bucket: str, distribution: str | None, *, dry_run: bool = False, say=print) -> Plan:
    manifest = read_manifest(site)
    prefix = manifest["site_root"].lstrip("/")
    old = _previous(bucket, prefix + S3_MANIFEST)
    steps = plan(manifest, old)
    count = sum(len(keys) for _headers, keys in steps.uploads)
    say(f"statusgen: {count} of {len(manifest['objects'])} object(s) changed, {len(steps.removed)} gone"
        + (" (no earlier deploy found: uploading everything)" if steps.first else ""))
    if dry_run:
        for (cache, kind), keys in steps.uploads:
            say(f"  upload {len(keys)} with Cache-Control: {cache}; Content-Type: {kind}")
        say(f"  delete {len(steps.removed)}; invalidate {', '.join(steps.invalidate) or 'nothing'}")
        return steps
    for (cache, kind), keys in steps.uploads:
        _upload(site, prefix, bucket, keys, cache, kind)
    info = prefix + BUILD_INFO
    if info in manifest["objects"]:
        live = _aws(["s3", "cp", f"s3://{bucket}/{info}", "-", "--only-show-errors"], capture=True).stdout
        if live != (site / BUILD_INFO).read_bytes():
            raise DeployError(f"s3://{bucket}/{info} does not hold the new build after the upload; nothing was "
                              f"invalidated: run the deploy again")
    for key in steps.removed:
        _aws(["s3", "rm", f"s3://{bucket}/{key}", "--only-show-errors"])
    _aws(["s3", "cp", str(site / S3_MANIFEST), f"s3://{bucket}/{prefix}{S3_MANIFEST}", "--only-show-errors",
          "--cache-control", "no-store", "--content-type", "application/json"])
    if distribution and steps.invalidate:
        _aws(["cloudfront", "create-invalidation", "--distribution-id", distribution, "--paths", *steps.invalidate])
        say(f"statusgen: invalidated {len(steps.invalidate)} path(s) at CloudFront {distribution}")
    elif steps.invalidate:
        say("statusgen: no CloudFront distribution given: nothing invalidated")
    return steps


def _upload(site: Path, prefix: str, bucket: str, keys: list[str], cache: str, kind: str) -> None:
    """One `aws s3 cp --recursive` per group of headers, from a folder holding links to just those files."""
    with tempfile.TemporaryDirectory(prefix="statusgen-s3-") as stage:
        for key in keys:
            source = site / key[len(prefix):]
            target = Path(stage) / key
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # another file system: a copy does as well
                shutil.copyfile(source, target)
        _aws(["s3", "cp", stage, f"s3://{bucket}/", "--recursive", "--only-show-errors",
              "--cache-control", cache, "--content-type", kind])

"""A status page project in its own git repository, for the changes and notify tests."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner
from sample import Project, write_project

from generator.cli import main

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}
TARGET_VARIABLES = ("STATUSGEN_WEBHOOK_URL", "STATUSGEN_SLACK_WEBHOOK_URL", "STATUSGEN_SMTP_URL", "STATUSGEN_EMAIL_FROM",
                    "STATUSGEN_EMAIL_TO", "STATUSGEN_AUDIT_LOG", "STATUSGEN_RECORD", "STATUSGEN_RECORD_BRANCH",
                    "STATUSGEN_TEAM_CHAT_URL", "STATUSGEN_MASTODON_TOKEN", "STATUSGEN_MASTODON_URL",
                    "STATUSGEN_MASTODON_VISIBILITY", "STATUSGEN_BLUESKY_APP_PASSWORD", "STATUSGEN_BLUESKY_HANDLE",
                    "STATUSGEN_BLUESKY_SERVICE", "STATUSGEN_LISTMONK_USER", "STATUSGEN_LISTMONK_TOKEN",
                    "STATUSGEN_BUTTONDOWN_API_KEY")


class GitProject:
    """A sample project (sample.write_project) committed to its own git repository."""

    def __init__(self, root: Path, incidents: dict[str, str] | None = None, **layout):
        self.project: Project = write_project(root, incidents, **layout)
        self.root = self.project.root
        self.config = self.project.mkdocs
        self.git("init", "-q", "-b", "main")
        self.commit("initial")

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def write(self, name: str, text: str) -> None:
        self.project.write_incident(name, text)

    def remove(self, name: str) -> None:
        (self.project.incidents / name).unlink()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def run(self, *args: str, env: dict | None = None):
        """Run statusgen in-process; target variables are unset unless given."""
        full_env = {name: None for name in TARGET_VARIABLES}
        full_env.update(env or {})
        return CliRunner().invoke(main, [args[0], "-f", str(self.config), *args[1:]], env=full_env,
                                  catch_exceptions=False)

"""`statusgen deploy-s3`: publish a site built for S3 to its bucket and invalidate CloudFront (generator.deploy)."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("deploy-s3")
@click.argument("site_dir", type=click.Path(file_okay=False, exists=True), default="site")
@click.option("--bucket", required=True, help="The S3 bucket the site is served from (its name, no s3://).")
@click.option("--distribution", help="The CloudFront distribution in front of it: what changed is invalidated "
                                     "there, after the bucket serves the new build.")
@click.option("--dry-run", is_flag=True, help="Say what would be uploaded, deleted and invalidated; change nothing.")
def deploy_s3_command(site_dir, bucket, distribution, dry_run):
    """Upload what changed since the last deploy, each object with its headers, then invalidate.

    SITE_DIR (default: site) is a site built with hosting: s3 (or statusgen build --hosting s3):
    its .statusgen-s3.json lists every object's Cache-Control and Content-Type. Uses the AWS CLI
    and its credentials (in the workflow: a role assumed through OIDC). See docs/hosting.md.

    \b
    Example:
      statusgen build --hosting s3 --site-dir site
      statusgen deploy-s3 site --bucket status-acme --distribution E2EXAMPLE
    """
    from ..deploy.s3 import DeployError, deploy

    try:
        deploy(Path(site_dir), bucket.removeprefix("s3://").strip("/"), distribution, dry_run=dry_run, say=click.echo)
    except DeployError as exc:
        click.echo(f"statusgen: {exc}", err=True)
        raise SystemExit(1) from None

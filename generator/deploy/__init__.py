"""Deploying a built site to a host that needs statusgen to upload it (S3 behind CloudFront: s3.py).

Cloudflare Pages and Netlify take the site folder as it is, through their own tools (the deploy
workflows, docs/hosting.md); an S3 bucket needs each object's headers set as it is uploaded.
"""

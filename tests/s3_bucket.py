"""An S3 API on loopback for the tests of private storage in a bucket: moto's standalone
server, a real HTTP S3 API (the same calls reach AWS, MinIO or Ceph). Import the fixtures
`s3_endpoint` and `bucket` into a test module; `keys(client)` lists the bucket."""

import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from tests.processes import free_port

BUCKET = "talent-private"
MOTO = Path(sys.executable).parent / "moto_server"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen([str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a safety net, not a timing assertion
    while True:
        try:
            requests.get(url, timeout=2)
            break
        except requests.RequestException:
            assert server.poll() is None and time.monotonic() < deadline, "moto did not start"
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    client.create_bucket(Bucket=BUCKET)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "worker-disk"
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
            "access_key": "test", "secret_key": "test", "default_acl": "private",
            "querystring_auth": True, "file_overwrite": False}}}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]

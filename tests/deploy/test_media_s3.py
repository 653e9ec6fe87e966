"""Media on S3-compatible storage (django-storages, settings when AWS_STORAGE_BUCKET_NAME is set), against a local
S3 fake: moto's server on a free port, spoken to over HTTP like MinIO or S3 would be."""

import json
import socket
import urllib.request

import boto3
import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

BUCKET = "platform-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/media/*"}
    ],
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    s3.create_bucket(Bucket=BUCKET)
    # Media is public, as deploy/ sets up the real bucket: anyone may read under media/, nobody else may write.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield endpoint
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint):
    """The STORAGES["default"] that config/settings/base.py builds for a bucket, pointed at the fake."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "k",
                "secret_key": "s",
                "location": "media",
                "default_acl": None,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return s3_endpoint


def test_files_go_to_the_bucket_and_are_served_from_it(s3_media):
    name = default_storage.save("docs/plan.txt", ContentFile("планировка".encode()))
    assert default_storage.exists(name)
    url = default_storage.url(name)
    assert url == f"{s3_media}/{BUCKET}/media/{name}"
    with urllib.request.urlopen(url) as response:  # public, unsigned: what a CDN would fetch
        assert response.read().decode() == "планировка"
    again = default_storage.save("docs/plan.txt", ContentFile(b"v2"))
    assert again != name  # no overwrite: an old URL keeps its file
    default_storage.delete(name)
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_an_uploaded_image_and_its_rendition_live_in_the_bucket(s3_media):
    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("fill-120x80")
    keys = {
        item["Key"]
        for item in boto3.client(
            "s3", endpoint_url=s3_media, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
        ).list_objects_v2(Bucket=BUCKET, Prefix="media/")["Contents"]
    }
    assert f"media/{image.file.name}" in keys and f"media/{rendition.file.name}" in keys
    assert rendition.url.startswith(f"{s3_media}/{BUCKET}/media/images/")

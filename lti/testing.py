"""A stand-in LTI 1.3 platform for tests: its RSA key, its registration, its launches, its endpoints."""
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


class StandInPlatform:
    """A Moodle as far as LTI goes: signs id_tokens with its own key."""

    def __init__(self, issuer="https://moodle.ntt.example", client_id="lokadaya-ntt", deployment_id="1"):
        self.issuer, self.client_id, self.deployment_id = issuer, client_id, deployment_id
        self.kid = "platform-" + uuid.uuid4().hex[:8]
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    def jwks(self, private_key=None):
        key = private_key or self.private_key
        pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        jwk = json.loads(JWK.from_pem(pem).export_public())
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def register(self, network=None, **fields):
        from .models import Platform

        values = {"name": "Moodle NTT", "issuer": self.issuer, "client_id": self.client_id,
                  "deployment_ids": [self.deployment_id], "auth_login_url": self.issuer + "/mod/lti/auth.php",
                  "access_token_url": self.issuer + "/mod/lti/token.php",
                  "key_set_url": self.issuer + "/mod/lti/certs.php", "jwks": self.jwks(), "network": network}
        values.update(fields)
        return Platform.objects.create(**values)

    def id_token(self, nonce, *, course=None, sub="moodle-user-7", signing_key=None, lineitem=None, **overrides):
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "iat": now, "exp": now + 300, "nonce": nonce,
            "given_name": "Maria", "family_name": "Bunga", "email": "maria@example.org",
            CLAIM + "message_type": "LtiResourceLinkRequest", CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "https://lokadaya.example/lti/launch/",
            CLAIM + "resource_link": {"id": "activity-42", "title": "Belajar di Lokadaya"},
            CLAIM + "context": {"id": "course-3", "title": "Penguatan OMS NTT"},
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "launch_presentation": {"locale": "id"},
        }
        if course is not None:
            claims[CLAIM + "custom"] = {"course": str(course)}
        if lineitem:
            claims[AGS] = {"scope": [SCORE_SCOPE], "lineitem": lineitem}
        for key, value in overrides.items():
            if value is None:
                claims.pop(key, None)
            else:
                claims[key] = value
        key = signing_key or self.private_pem
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})


def login_initiation(client, platform, **params):
    """Drive the OIDC login step; return (response, state, nonce) from the redirect to the platform."""
    query = {"iss": platform.issuer, "login_hint": "7", "target_link_uri": "https://lokadaya.example/lti/launch/",
             "client_id": platform.client_id, "lti_deployment_id": platform.deployment_id, **params}
    response = client.get("/lti/login/", query, secure=True)
    if response.status_code != 302:
        return response, None, None
    redirect = parse_qs(urlparse(response["Location"]).query)
    return response, redirect["state"][0], redirect["nonce"][0]


class FakeMoodle:
    """A loopback HTTP server standing in for a Moodle's token, score and key set endpoints."""

    def __init__(self, fail_times=0, keys=None):
        self.requests = []
        self.fail_times = fail_times
        self.keys = keys or {"keys": []}
        self.token = "token-" + uuid.uuid4().hex
        moodle = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body=b"", content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                moodle.requests.append(("GET", self.path, dict(self.headers), b""))
                self._answer(200, json.dumps(moodle.keys).encode())

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                moodle.requests.append(("POST", self.path, dict(self.headers), body))
                if moodle.fail_times > 0:
                    moodle.fail_times -= 1
                    return self._answer(503, b'{"error": "maintenance"}')
                if self.path.endswith("/token"):
                    return self._answer(200, json.dumps({"access_token": moodle.token, "token_type": "Bearer",
                                                         "expires_in": 3600}).encode())
                self._answer(200, b"")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def make_course(home_page, slug="menggalang-dana", lessons=2):
    """A live course (Belajar → course → one module → ``lessons`` lessons) without a certificate."""
    from learning.aspects import Aspect
    from learning.models import CourseModulePage, CoursePage, LearningIndexPage, LessonPage

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    index = LearningIndexPage.objects.filter(slug="belajar").first() or publish(
        home_page, LearningIndexPage(title="Belajar", slug="belajar"))
    course = publish(index, CoursePage(title="Menggalang dana lokal", slug=slug, issues_certificate=False,
                                       aspect=Aspect.FINANCIAL_RESILIENCE))
    module = publish(course, CourseModulePage(title="Modul 1", slug="modul-1"))
    for number in range(1, lessons + 1):
        publish(module, LessonPage(title=f"Pelajaran {number}", slug=f"pelajaran-{number}"))
    return course

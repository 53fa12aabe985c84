"""Packaged e-learning: upload checks (each refusal explained, nothing kept), kind detection, safe
unpacking, the runtime endpoint (CSRF, enrolment, completion into the lesson) and who gets the files."""
import io
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from elearning import checks
from elearning.models import Package, PackageAttempt
from elearning.packages import inspect_archive, safe_member_path
from elearning.progress import incomplete_packages
from elearning.samples import build
from elearning.testing import make_lesson, make_package
from learning.models import Enrolment, LessonProgress

pytestmark = pytest.mark.django_db
User = get_user_model()

MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="o"><organization identifier="o"><title>Satu</title>
    <item identifier="i" identifierref="r"><title>Satu</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}"/></resources>
</manifest>"""


def zip_bytes(members, symlink=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def elearning_root(settings, tmp_path):
    settings.ELEARNING_ROOT = str(tmp_path / "elearning")
    return tmp_path / "elearning"


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def trainer(db):
    """A member of the training team whose admin is in English, so the reasons below read as written."""
    from wagtail.users.models import UserProfile

    user = User.objects.create_user("pelatih", password="rahasia-123")
    user.groups.add(Group.objects.get(name="Tim Pelatihan"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def test_the_reason_is_given_in_the_editors_language(client, trainer, elearning_root):
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=trainer).update(preferred_language="id")
    client.force_login(trainer)
    response = post_upload(client, "paket.zip", b"ini bukan zip")
    assert "Berkas bukan arsip zip: unggah paket SCORM (.zip) atau berkas H5P (.h5p)." in response.content.decode()
    assert Package.objects.count() == 0


def post_upload(client, name, data, title="Paket"):
    return client.post(reverse("wagtailsnippets_elearning_package:add"),
                       {"title": title, "file": SimpleUploadedFile(name, data)})


BAD = {
    "not_zip": ("paket.zip", b"ini bukan zip", "is not a zip archive"),
    "extension": ("paket.txt", build("scorm12"), "Upload a SCORM package (.zip) or an H5P file (.h5p)."),
    "no_manifest": ("paket.zip", zip_bytes({"index.html": "<p>hai</p>"}), "No imsmanifest.xml (SCORM) or h5p.json"),
    "no_launch_file": ("paket.zip", zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="hilang.html")}),
                       "is not in the package"),
    "no_resource": ("paket.zip", zip_bytes({"imsmanifest.xml": MANIFEST_12.replace(' href="{href}"', "")}),
                    "names no launch file"),
    "bad_xml": ("paket.zip", zip_bytes({"imsmanifest.xml": "<manifest"}), "is not valid XML"),
    "entities": ("paket.zip", zip_bytes({"imsmanifest.xml": '<!DOCTYPE m [<!ENTITY a "aaaa">]><manifest>&a;'
                                                            "</manifest>"}), "is not valid XML"),
    "zip_slip": ("paket.zip", zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="index.html"),
                                         "index.html": "x", "../../evil.html": "x"}), "unsafe path"),
    "absolute": ("paket.zip", zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="index.html"),
                                         "index.html": "x", "/etc/evil": "x"}), "unsafe path"),
    "symlink": ("paket.zip", zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="index.html"),
                                        "index.html": "x"}, symlink="link.html"), "symbolic link"),
    "h5p_no_content": ("paket.h5p", zip_bytes({"h5p.json": json.dumps({"mainLibrary": "H5P.X"})}),
                       "has no content/content.json"),
    "h5p_no_library": ("paket.h5p", zip_bytes({
        "h5p.json": json.dumps({"mainLibrary": "H5P.X", "preloadedDependencies": [
            {"machineName": "H5P.X", "majorVersion": 1, "minorVersion": 0}]}),
        "content/content.json": "{}"}), "does not contain its main library"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_package_is_refused_with_its_reason_and_nothing_is_kept(client, trainer, elearning_root, case):
    name, data, message = BAD[case]
    client.force_login(trainer)
    response = post_upload(client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Package.objects.count() == 0
    assert stored_files(elearning_root) == []


@pytest.mark.parametrize("setting, value, message", [
    ("ELEARNING_MAX_UPLOAD_BYTES", 100, "The file is larger than"),
    ("ELEARNING_MAX_FILES", 1, "too many files (at most 1)"),
    ("ELEARNING_MAX_UNPACKED_BYTES", 1000, "unpacks to more than"),
])
def test_limits_refuse_big_packages_and_zip_bombs(client, trainer, settings, elearning_root, setting, value, message):
    setattr(settings, setting, value)
    bomb = zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="index.html"), "index.html": "0" * 50_000})
    assert len(bomb) < 2000  # 50 kB of zeros compress to little: only the unpacked size catches it
    client.force_login(trainer)
    response = post_upload(client, "paket.zip", bomb)
    assert message in response.content.decode()
    assert Package.objects.count() == 0
    assert stored_files(elearning_root) == []


def test_a_member_that_lies_about_its_size_stops_the_unpacking(elearning_root):
    from django.core.exceptions import ValidationError

    from elearning.packages import extract

    data = bytearray(zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="a.html"), "a.html": "A" * 5000}))
    # Make the central directory and the local header of a.html claim 10 bytes instead of 5000.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at:name_at + 6] == b"a.html":
                data[start + offset:start + offset + 4] = (10).to_bytes(4, "little")
            start += 4
    with pytest.raises((ValidationError, zipfile.BadZipFile)):
        extract(io.BytesIO(bytes(data)), elearning_root / "packages" / "x")
    assert not (elearning_root / "packages" / "x").exists()


def test_kinds_titles_and_launch_files_are_read_from_the_manifests():
    kinds = {name: inspect_archive(io.BytesIO(build(name))) for name in ("scorm12", "scorm2004", "h5p")}
    assert kinds["scorm12"].kind == "scorm12" and kinds["scorm12"].launch_path == "index.html"
    assert kinds["scorm2004"].kind == "scorm2004" and kinds["scorm2004"].title.startswith("Contoh SCORM 2004")
    assert kinds["h5p"].kind == "h5p" and kinds["h5p"].manifest["library"] == "H5P.LokadayaCheck-1.0"
    # Without a schemaversion the namespaces decide; xml:base and item parameters make the launch URL.
    manifest_2004 = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">'
        '<organizations default="o"><organization identifier="o"><title>Dua</title>'
        '<item identifier="i" identifierref="r" parameters="?bab=2"/></organization></organizations>'
        '<resources xml:base="isi/"><resource identifier="r" adlcp:scormType="sco" href="mulai.html"/></resources>'
        "</manifest>")
    found = inspect_archive(io.BytesIO(zip_bytes({"imsmanifest.xml": manifest_2004, "isi/mulai.html": "x"})))
    assert (found.kind, found.title, found.launch_path) == ("scorm2004", "Dua", "isi/mulai.html?bab=2")
    found = inspect_archive(io.BytesIO(zip_bytes({"imsmanifest.xml": MANIFEST_12.format(href="a.html"),
                                                  "a.html": "x"})))
    assert found.kind == "scorm12"


def test_member_paths_are_normalised_or_refused():
    assert safe_member_path("a/./b//c.html") == "a/b/c.html"
    assert safe_member_path("a\\b.html") == "a/b.html"
    for bad in ("../x", "a/../../x", "/etc/passwd", "C:\\x", "a\x00b", "a/../b"):
        assert safe_member_path(bad) is None


def test_a_trainer_uploads_a_package_which_is_unpacked_under_its_own_directory(client, trainer, elearning_root):
    client.force_login(trainer)
    response = post_upload(client, "contoh.zip", build("scorm2004"), title="")
    assert response.status_code == 302
    package = Package.objects.get()
    assert package.kind == "scorm2004" and package.title.startswith("Contoh SCORM 2004")
    assert package.uploaded_by == trainer and package.launch_path == "index.html"
    directory = elearning_root / package.extracted_path
    assert sorted(p.name for p in directory.iterdir()) == ["imsmanifest.xml", "index.html", "sco.js"]
    assert package.unpacked_bytes == sum(p.stat().st_size for p in directory.iterdir())
    # Replacing the upload unpacks it anew and removes the old files once committed.
    old = directory
    with pytest.MonkeyPatch.context() as patch:
        from django.db import transaction
        patch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
        response = client.post(reverse("wagtailsnippets_elearning_package:edit", args=[package.pk]),
                               {"title": "Baru", "file": SimpleUploadedFile("baru.h5p", build("h5p"))})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.kind == "h5p" and not old.exists()
    assert (elearning_root / package.extracted_path / "h5p.json").is_file()


def test_only_the_training_team_manages_packages(client, trainer):
    url = reverse("wagtailsnippets_elearning_package:add")
    outsider = User.objects.create_user("orang", password="rahasia-123")
    from django.contrib.auth.models import Permission
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    assert post_upload(client, "p.zip", build("scorm12")).status_code in (302, 403)
    assert Package.objects.count() == 0
    client.force_login(trainer)
    assert client.get(url).status_code == 200


@pytest.fixture
def course(home_page):
    packages = [make_package("scorm12"), make_package("scorm2004"), make_package("h5p")]
    course, lesson, block_ids = make_lesson(home_page, packages)
    return {"course": course, "lesson": lesson, "blocks": dict(zip(("scorm12", "scorm2004", "h5p"), block_ids)),
            "packages": packages}


@pytest.fixture
def learner(course):
    user = User.objects.create_user("pelajar", password="rahasia-123", first_name="Sari", last_name="Dewi")
    Enrolment.objects.create(user=user, course=course["course"])
    return user


def runtime_url(course, kind):
    return reverse("elearning:runtime", args=[course["lesson"].pk, course["blocks"][kind]])


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client, course, kind):
    response = client.get(reverse("elearning:player", args=[course["lesson"].pk, course["blocks"][kind]]))
    assert response.status_code == 200
    return json.loads(re.search(r'id="elearning-config" type="application/json">(.*?)</script>',
                                response.content.decode()).group(1))


def test_the_runtime_endpoint_needs_the_csrf_token(course, learner):
    client = csrf_client(learner)
    url = runtime_url(course, "scorm12")
    assert post_json(client, url, {"cmi": {"cmi.core.lesson_status": "passed"}}).status_code == 403
    assert not PackageAttempt.objects.exists()
    config = csrf_token(client, course, "scorm12")
    response = post_json(client, url, {"cmi": {"cmi.core.lesson_status": "incomplete"}},
                         HTTP_X_CSRFTOKEN=config["csrfToken"])
    assert response.status_code == 200 and response.json()["recorded"] is True


def test_people_not_enrolled_are_refused_and_nothing_is_recorded(client, course):
    url = runtime_url(course, "scorm12")
    assert post_json(client, url, {"cmi": {"cmi.core.lesson_status": "passed"}}).status_code == 404
    stranger = User.objects.create_user("asing", password="rahasia-123")
    client.force_login(stranger)
    assert post_json(client, url, {"cmi": {"cmi.core.lesson_status": "passed"}}).status_code == 404
    player = reverse("elearning:player", args=[course["lesson"].pk, course["blocks"]["scorm12"]])
    assert client.get(player).status_code == 404
    assert not PackageAttempt.objects.exists()


def test_an_editor_previews_without_anything_recorded(client, course):
    admin = User.objects.create_superuser("admin", password="rahasia-123")
    client.force_login(admin)
    config = csrf_token(client, course, "scorm12")
    assert config["record"] is False and config["cmi"]["cmi.core.lesson_mode"] == "browse"
    response = post_json(client, runtime_url(course, "scorm12"), {"cmi": {"cmi.core.lesson_status": "passed"}})
    assert response.json() == {"recorded": False}
    assert not PackageAttempt.objects.exists()


def lesson_done(user, course):
    return LessonProgress.objects.filter(enrolment__user=user, lesson=course["lesson"],
                                         completed_at__isnull=False).exists()


def test_completing_every_package_completes_the_lesson(client, course, learner):
    client.force_login(learner)
    lesson = course["lesson"]
    assert incomplete_packages(learner, lesson) == list(course["blocks"].values())

    # SCORM 1.2: incomplete with a bookmark, then passed.
    url = runtime_url(course, "scorm12")
    answer = post_json(client, url, {"cmi": {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "hal-2",
                                             "cmi.core.lesson_location": "2",
                                             "cmi.core.student_id": "someone-else"}}).json()
    assert answer["completed"] is False
    attempt = PackageAttempt.objects.get(user=learner, block_id=course["blocks"]["scorm12"])
    assert (attempt.suspend_data, attempt.location, attempt.status) == ("hal-2", "2", "incomplete")
    assert "cmi.core.student_id" not in attempt.cmi  # read-only values never come from the browser
    # Re-launch resumes: the runtime starts with the bookmark.
    config = csrf_token(client, course, "scorm12")
    assert config["cmi"]["cmi.core.entry"] == "resume" and config["cmi"]["cmi.suspend_data"] == "hal-2"
    assert config["cmi"]["cmi.core.student_name"] == "Dewi, Sari"
    answer = post_json(client, url, {"cmi": {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80",
                                             "cmi.core.score.max": "100"}}).json()
    assert answer["completed"] is True and answer["lessonCompleted"] is False
    attempt.refresh_from_db()
    assert attempt.status == "passed" and attempt.score == 80 and attempt.completed_at
    # A later "incomplete" does not undo the completion; a retry does not add an attempt.
    post_json(client, url, {"cmi": {"cmi.core.lesson_status": "incomplete"}})
    attempt.refresh_from_db()
    assert attempt.is_complete and PackageAttempt.objects.count() == 1
    assert incomplete_packages(learner, lesson) == [course["blocks"]["scorm2004"], course["blocks"]["h5p"]]

    # SCORM 2004: completion_status completed.
    answer = post_json(client, runtime_url(course, "scorm2004"),
                       {"cmi": {"cmi.completion_status": "completed", "cmi.score.scaled": "0.5"}}).json()
    assert answer["completed"] is True and not lesson_done(learner, course)

    # H5P: a question inside the content does not count; the content's completed statement does.
    url = runtime_url(course, "h5p")
    child = {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": {"completion": True},
             "context": {"contextActivities": {"parent": [{"id": "x"}]}}}
    assert post_json(client, url, {"statement": child}).json()["completed"] is False
    statement = {"verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                 "result": {"completion": True, "success": True, "score": {"scaled": 1, "raw": 1, "max": 1}}}
    answer = post_json(client, url, {"statement": statement}).json()
    assert answer["completed"] is True and answer["lessonCompleted"] is True
    assert incomplete_packages(learner, lesson) == []
    assert lesson_done(learner, course)
    h5p = PackageAttempt.objects.get(user=learner, block_id=course["blocks"]["h5p"])
    assert (h5p.status, h5p.score) == ("passed", 100)


def test_scorm_2004_success_passed_completes_and_bad_data_is_refused(client, course, learner):
    client.force_login(learner)
    url = runtime_url(course, "scorm2004")
    assert post_json(client, url, {"cmi": "rusak"}).status_code == 400
    assert client.post(url, "{", content_type="application/json").status_code == 400
    assert not PackageAttempt.objects.exists()
    answer = post_json(client, url, {"cmi": {"cmi.completion_status": "incomplete",
                                             "cmi.success_status": "passed"}}).json()
    assert answer["completed"] is True and answer["status"] == "passed"


def content_url(course, kind, path):
    return reverse("elearning:content", args=[course["lesson"].pk, course["blocks"][kind], path])


def test_package_files_go_only_to_those_who_may_play_them(client, course, learner):
    url = content_url(course, "scorm12", "index.html")
    assert client.get(url).status_code == 404  # signed out
    client.force_login(User.objects.create_user("asing", password="rahasia-123"))
    assert client.get(url).status_code == 404  # not enrolled
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b"sco.js" in b"".join(response.streaming_content)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    assert "nonce-" not in policy
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(content_url(course, "scorm12", "sco.js"))["Content-Type"].startswith("text/javascript")
    h5p = client.get(content_url(course, "h5p", "H5P.LokadayaCheck-1.0/library.json"))
    assert h5p.status_code == 200 and h5p["Content-Type"] == "application/json"
    for bad in ("../imsmanifest.xml", "a/../../x", "%2e%2e/%2e%2e/settings.py", "nothing.html", "/etc/passwd"):
        assert client.get(content_url(course, "scorm12", "x").rstrip("x") + bad).status_code == 404
    # A block id of another lesson, or none, gives nothing.
    assert client.get(reverse("elearning:content", args=[course["lesson"].pk, "nope", "index.html"])).status_code == 404


def test_a_draft_lesson_is_not_played_by_learners(client, course, learner):
    course["lesson"].unpublish()
    client.force_login(learner)
    assert client.get(content_url(course, "scorm12", "index.html")).status_code == 404


def test_the_player_pages_frame_only_within_the_site(client, course, learner):
    client.force_login(learner)
    scorm = client.get(reverse("elearning:player", args=[course["lesson"].pk, course["blocks"]["scorm12"]]))
    assert "frame-ancestors 'self'" in scorm["Content-Security-Policy"] and scorm["X-Frame-Options"] == "SAMEORIGIN"
    assert "nonce-" in scorm["Content-Security-Policy"]
    h5p = client.get(reverse("elearning:player", args=[course["lesson"].pk, course["blocks"]["h5p"]]))
    assert "h5p-standalone/main.bundle.js" in h5p.content.decode()
    assert "frame-ancestors 'self'" in h5p["Content-Security-Policy"]


def test_the_lesson_shows_the_player_frame_to_learners_only(client, course, learner):
    players = [reverse("elearning:player", args=[course["lesson"].pk, block_id])
               for block_id in course["blocks"].values()]
    client.force_login(learner)
    page = client.get(course["lesson"].url).content.decode()
    assert all(f'src="{player}"' in page for player in players), page[page.find("lesson-body"):][:3000]
    client.force_login(User.objects.create_user("asing", password="rahasia-123"))
    page = client.get(course["lesson"].url).content.decode()
    assert not any(player in page for player in players)
    assert "enrol in the course to play" in page or "daftar di kursus untuk memainkan" in page


def test_a_missing_h5p_player_is_a_system_warning(settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path]
    from django.contrib.staticfiles import finders
    finders.get_finder.cache_clear()
    try:
        assert [w.id for w in checks.h5p_player_present()] == ["elearning.W001"]
    finally:
        finders.get_finder.cache_clear()


def test_the_demo_uploads_the_samples_and_places_them_once(home_page, elearning_root):
    from elearning import demo

    _course, lesson, _ids = make_lesson(home_page, [], slug="rencana-coba-refleksi")
    for _run in range(2):
        lines = demo.seed(home_page, {})
    assert Package.objects.count() == 3 and "Pelajaran paket" in lines[-1]
    lesson.refresh_from_db()
    kinds = [child.value["package"].kind for child in lesson.body if child.block_type == "package"]
    assert kinds == ["scorm12", "scorm2004", "h5p"]
    assert len(stored_files(elearning_root / "packages")) == sum(
        len([f for f in (elearning_root / p.extracted_path).rglob("*") if f.is_file()]) for p in Package.objects.all())


def test_the_training_team_chooses_and_deletes_packages_and_the_files_go(client, trainer, elearning_root):
    package = make_package("h5p")
    directory = elearning_root / package.extracted_path
    assert directory.is_dir() and stored_files(elearning_root / "uploads")
    client.force_login(trainer)
    chooser = client.get(reverse("wagtailsnippetchoosers_elearning_package:choose"))
    assert chooser.status_code == 200 and package.title in chooser.content.decode()
    with pytest.MonkeyPatch.context() as patch:
        from django.db import transaction
        patch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
        response = client.post(reverse("wagtailsnippets_elearning_package:delete", args=[package.pk]))
    assert response.status_code == 302 and not Package.objects.exists()
    assert stored_files(elearning_root) == []

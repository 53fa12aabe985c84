"""Reading an uploaded package: checks, kind, manifest, and unpacking.

Invariants:
- ``inspect_archive`` reads only the zip's directory and its manifest; it raises a translated
  ``ValidationError`` for anything it refuses and never writes a file.
- ``extract`` writes only inside the directory it is given, never follows or creates a symlink,
  and stops (removing what it wrote) as soon as the bytes actually read pass the limits: a member's
  declared size is not trusted.
- Every member name is checked the same way (``safe_member_path``) by both.
"""
import json
import posixpath
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import conf

SCORM_12, SCORM_2004, H5P = "scorm12", "scorm2004", "h5p"

#: Content-packaging and ADL namespaces that name a version (the manifest's schemaversion wins).
NAMESPACES_2004 = ("http://www.imsglobal.org/xsd/imscp_v1p1", "http://www.adlnet.org/xsd/adlcp_v1p3",
                   "http://www.adlnet.org/xsd/adlseq_v1p3", "http://www.adlnet.org/xsd/imsss")
NAMESPACES_12 = ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "http://www.adlnet.org/xsd/adlcp_rootv1p2")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
CHUNK = 64 * 1024


@dataclass
class Inspection:
    kind: str
    title: str
    launch_path: str
    manifest: dict = field(default_factory=dict)


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child(element, name):
    found = children(element, name)
    return found[0] if found else None


def attr(element, name):
    """An attribute by local name, whatever its namespace (adlcp:scormtype vs adlcp:scormType)."""
    for key, value in element.attrib.items():
        if local(key).lower() == name.lower():
            return value
    return None


def safe_member_path(name):
    """The normalised relative path of a zip member, or ``None`` when it would leave its folder."""
    if not name or "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None
    return "/".join(parts)


def is_symlink(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def check_members(archive):
    """The archive's files by safe path; raises for unsafe, encrypted or oversized content."""
    infos = archive.infolist()
    if len(infos) > conf.max_files():
        raise ValidationError(_("The package has too many files (at most %(count)s).") % {"count": conf.max_files()},
                              code="too_many_files")
    total, files = 0, {}
    for info in infos:
        path = safe_member_path(info.filename)
        if path is None:
            raise ValidationError(_("The package contains a file with an unsafe path: %(name)s")
                                  % {"name": info.filename[:200]}, code="unsafe_path")
        if is_symlink(info):
            raise ValidationError(_("The package contains a symbolic link (%(name)s); links are not allowed.")
                                  % {"name": info.filename[:200]}, code="symlink")
        if info.flag_bits & 0x1:
            raise ValidationError(_("The package contains an encrypted file; upload it without a password."),
                                  code="encrypted")
        if info.is_dir():
            continue
        total += info.file_size
        if total > conf.max_unpacked_bytes():
            raise ValidationError(_("The package unpacks to more than %(size)s.")
                                  % {"size": filesizeformat(conf.max_unpacked_bytes())}, code="too_big_unpacked")
        files[path] = info
    return files


def read_member(archive, info, limit=5 * 1024 * 1024):
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("%(name)s is too big.") % {"name": info.filename}, code="manifest_too_big")
    return data


def inspect_archive(fileobj):
    """Check an uploaded file and tell what it is; raise ``ValidationError`` when it cannot be used."""
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, 2)
        size = fileobj.tell()
    if size > conf.max_upload_bytes():
        raise ValidationError(_("The file is larger than %(size)s.") % {"size": filesizeformat(conf.max_upload_bytes())},
                              code="too_big")
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            files = check_members(archive)
            if "imsmanifest.xml" in files:
                return inspect_scorm(archive, files)
            if "h5p.json" in files:
                return inspect_h5p(archive, files)
    except zipfile.BadZipFile:
        raise ValidationError(_("The file is not a zip archive: upload a SCORM package (.zip) or an H5P file (.h5p)."),
                              code="not_zip") from None
    finally:
        fileobj.seek(0)
    raise ValidationError(_("No imsmanifest.xml (SCORM) or h5p.json (H5P) at the top of the package."),
                          code="no_manifest")


def scorm_version(root):
    metadata = child(root, "metadata")
    version = child(metadata, "schemaversion") if metadata is not None else None
    text = (version.text or "").strip().lower() if version is not None else ""
    if text == "1.2":
        return SCORM_12
    if "2004" in text or "cam 1.3" in text:
        return SCORM_2004
    namespaces = {element.tag.split("}")[0].lstrip("{") for element in root.iter() if isinstance(element.tag, str)}
    namespaces |= {key.split("}")[0].lstrip("{") for element in root.iter() for key in element.attrib if "}" in key}
    if namespaces & set(NAMESPACES_2004):
        return SCORM_2004
    return SCORM_12


def first_launch_item(items):
    """The first item (depth first) pointing at a resource: the one a learner starts with."""
    for item in items:
        if attr(item, "identifierref"):
            return item
        found = first_launch_item(children(item, "item"))
        if found is not None:
            return found
    return None


def inspect_scorm(archive, files):
    try:
        root = ElementTree.fromstring(read_member(archive, files["imsmanifest.xml"]))
    except ElementTree.ParseError:
        raise ValidationError(_("imsmanifest.xml is not valid XML."), code="bad_manifest") from None
    except Exception as error:  # defusedxml refuses entities and DTDs
        if isinstance(error, ValidationError):
            raise
        raise ValidationError(_("imsmanifest.xml is not valid XML."), code="bad_manifest") from None
    if local(root.tag) != "manifest":
        raise ValidationError(_("imsmanifest.xml is not a SCORM manifest."), code="bad_manifest")
    kind = scorm_version(root)
    organizations = child(root, "organizations")
    organization, title = None, ""
    if organizations is not None:
        default = attr(organizations, "default")
        candidates = children(organizations, "organization")
        organization = next((org for org in candidates if attr(org, "identifier") == default), None)
        organization = organization or (candidates[0] if candidates else None)
    if organization is not None:
        title_element = child(organization, "title")
        title = (title_element.text or "").strip() if title_element is not None else ""
    resources_element = child(root, "resources")
    resources = children(resources_element, "resource") if resources_element is not None else []
    by_id = {attr(resource, "identifier"): resource for resource in resources}
    item = first_launch_item(children(organization, "item")) if organization is not None else None
    resource = by_id.get(attr(item, "identifierref")) if item is not None else None
    if resource is None or not attr(resource, "href"):
        resource = next((r for r in resources if (attr(r, "scormtype") or "").lower() == "sco" and attr(r, "href")),
                        None) or next((r for r in resources if attr(r, "href")), None)
    if resource is None:
        raise ValidationError(_("The manifest names no launch file (no resource with an href)."), code="no_launch")
    base = "".join(element.get(XML_BASE, "") for element in (root, resources_element, resource)
                   if element is not None)
    href = attr(resource, "href")
    parameters = (attr(item, "parameters") or "") if item is not None and resource is by_id.get(
        attr(item, "identifierref")) else ""
    launch_file = safe_member_path(posixpath.join(base, href.split("?")[0].split("#")[0]))
    if not launch_file or launch_file not in files:
        raise ValidationError(_("The launch file %(name)s named in the manifest is not in the package.")
                              % {"name": href[:200]}, code="no_launch")
    query = href[len(href.split("?")[0].split("#")[0]):]
    if parameters:
        query = (query + ("&" if "?" in query else "?") + parameters.lstrip("?&")) if not parameters.startswith("#") \
            else query + parameters
    return Inspection(kind=kind, title=title[:255], launch_path=launch_file + query,
                      manifest={"title": title, "launch": launch_file + query, "resource": attr(resource, "identifier")})


def inspect_h5p(archive, files):
    try:
        h5p = json.loads(read_member(archive, files["h5p.json"]))
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("h5p.json is not valid JSON."), code="bad_manifest") from None
    if not isinstance(h5p, dict) or not h5p.get("mainLibrary"):
        raise ValidationError(_("h5p.json names no main library."), code="no_launch")
    if "content/content.json" not in files:
        raise ValidationError(_("The H5P file has no content/content.json."), code="no_launch")
    main = h5p["mainLibrary"]
    dependencies = h5p.get("preloadedDependencies") or []
    library = next((d for d in dependencies if isinstance(d, dict) and d.get("machineName") == main), None)
    if library is None:
        raise ValidationError(_("h5p.json does not list its main library %(name)s as a dependency.")
                              % {"name": str(main)[:100]}, code="no_launch")
    folder = f"{main}-{library.get('majorVersion')}.{library.get('minorVersion')}"
    if f"{folder}/library.json" not in files:
        raise ValidationError(_("The H5P file does not contain its main library (%(name)s); export it with its "
                                "libraries.") % {"name": folder[:100]}, code="no_launch")
    title = str(h5p.get("title") or "")[:255]
    return Inspection(kind=H5P, title=title, launch_path="",
                      manifest={"title": title, "mainLibrary": main, "library": folder})


def extract(fileobj, target):
    """Unpack a checked archive into the new directory ``target``; remove it again on any error."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    written = 0
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            for path, info in check_members(archive).items():
                destination = target.joinpath(*path.split("/"))
                if target.resolve() not in destination.resolve().parents:
                    raise ValidationError(_("The package contains a file with an unsafe path: %(name)s")
                                          % {"name": info.filename[:200]}, code="unsafe_path")
                destination.parent.mkdir(parents=True, exist_ok=True)
                member_bytes = 0
                with archive.open(info) as source, open(destination, "xb") as out:
                    while chunk := source.read(CHUNK):
                        member_bytes += len(chunk)
                        written += len(chunk)
                        if member_bytes > info.file_size or written > conf.max_unpacked_bytes():
                            raise ValidationError(_("The package unpacks to more than %(size)s.")
                                                  % {"size": filesizeformat(conf.max_unpacked_bytes())},
                                                  code="too_big_unpacked")
                        out.write(chunk)
    except zipfile.BadZipFile:
        shutil.rmtree(target, ignore_errors=True)
        raise ValidationError(_("The file is not a zip archive: upload a SCORM package (.zip) or an H5P file (.h5p)."),
                              code="not_zip") from None
    except FileExistsError:
        shutil.rmtree(target, ignore_errors=True)
        raise ValidationError(_("The package contains the same file twice."), code="duplicate") from None
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        fileobj.seek(0)
    return written

"""What a PDF may hold before we publish it: pages, not programs.

PDFs are refused, not rewritten, when they carry JavaScript, actions other than moving within
the document or following an ordinary web link (opening actions, automatic actions, launching
programs, submitting forms, links to other files or to javascript: and file: addresses),
attached files, or another file joined to them (a web page before or after the document).
Rewriting would mean publishing a document that differs from the one staff chose, silently:
links that no longer work, attachments gone. Refusing says what was found, and the author
exports the PDF again without it (Print to PDF does) and knows what readers get.

The file is parsed by qpdf (through pikepdf), which decodes what a pattern over the raw bytes
cannot see: #-escaped names (/Java#53cript is /JavaScript) and objects packed into compressed
object streams. Every object in the file is looked at, reachable or not.
"""

import re
from io import BytesIO

import pikepdf
from django.core.exceptions import ValidationError

#: Actions that only move the reader within the document.
HARMLESS_ACTIONS = {"/GoTo"}
#: A report's references link to the web: a /URI action is harmless when it goes to one of these.
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")

#: Keys that make a dictionary active whatever it is.
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "actions that run by themselves",
    "/XFA": "XFA forms, which run scripts",
    "/EmbeddedFiles": "attached files",
    "/EF": "attached files",
}

ACTION_NAMES = {
    "/JavaScript": "JavaScript",
    "/Launch": "actions that open other programs",
    "/SubmitForm": "actions that send form data",
    "/ImportData": "actions that read other files",
    "/URI": "links to addresses other than web pages or email",
    "/GoToR": "links to other files",
    "/GoToE": "links to attached files",
}

ATTACHING_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}

# What a browser sniffing the file would take for a web page. Hex strings (<48656C6C6F>) and
# dictionaries (<<) never spell one of these names.
HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|img|meta|object|embed|style)(?=[\s/>])",
    re.IGNORECASE,
)
FIRST_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
END_PADDING = b"\x00\t\n\f\r "

PROBLEMS = {
    "format": "This file is not a PDF.",
    "damaged": (
        "This PDF is incomplete or damaged and cannot be read. Export it again and upload "
        "the new file."
    ),
    "polyglot": (
        "This file is a PDF joined to something else (a web page or other data before or "
        "after the document). Export the PDF again and upload that."
    ),
    "password": (
        "This PDF is protected with a password, so we cannot check it. Export it again "
        "without a password and upload that."
    ),
}


def check_pdf(content):
    """Raise a ValidationError saying what is wrong with these bytes as a PDF to publish."""
    if not content.startswith(b"%PDF-"):
        raise _problem("format")
    end = content.rfind(b"%%EOF")
    if end < 0:
        raise _problem("damaged")
    first_object = FIRST_OBJECT.search(content)
    head = content[: first_object.start() if first_object else len(content)]
    if HTML_MARKUP.search(head) or content[end + len(b"%%EOF") :].strip(END_PADDING):
        raise _problem("polyglot")
    try:
        with pikepdf.open(BytesIO(content)) as pdf:
            found = active_content(pdf)
    except pikepdf.PasswordError:
        raise _problem("password") from None
    except Exception:  # whatever a damaged file makes qpdf raise
        raise _problem("damaged") from None
    if found:
        raise ValidationError(
            f"This PDF contains active content ({', '.join(sorted(found))}), which we do not "
            "publish. Export it again without them, for example with Print to PDF, and "
            "upload that.",
            code="pdf_active_content",
        )


def _problem(kind):
    return ValidationError(PROBLEMS[kind], code=f"pdf_{kind}")


def active_content(pdf):
    """The kinds of active content anywhere in the file, in words staff understand."""
    found = set()
    pending = list(pdf.objects)
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Array):
            children = list(item)
        elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
            # Read once into a Python dict: each lookup on the PDF object is a call into qpdf.
            entries = dict(item.items())
            found |= _findings(entries)
            children = entries.values()
        else:
            continue
        # Indirect objects are in pdf.objects already: only nested ones need following.
        pending.extend(
            child
            for child in children
            if isinstance(child, (pikepdf.Array, pikepdf.Dictionary)) and not child.is_indirect
        )
    return found


def _name(value):
    return str(value) if isinstance(value, pikepdf.Name) else None


def _findings(entries):
    found = {ACTIVE_KEYS[key] for key in entries.keys() & ACTIVE_KEYS.keys()}
    if (
        _name(entries.get("/Type")) == "/EmbeddedFile"
        or _name(entries.get("/Subtype")) in ATTACHING_SUBTYPES
    ):
        found.add("attached files")
    # A destination array only says where the document opens; a dictionary is an action.
    if isinstance(entries.get("/OpenAction"), pikepdf.Dictionary):
        found.add("an action run on opening")
    for action in _actions_of(entries):
        kind = _name(action.get("/S"))
        if kind and kind not in HARMLESS_ACTIONS and not _is_web_link(kind, action):
            found.add(ACTION_NAMES.get(kind, f"{kind[1:]} actions"))
    return found


def _is_web_link(kind, action):
    target = action.get("/URI")
    return (
        kind == "/URI"
        and isinstance(target, pikepdf.String)
        and str(target).strip().lower().startswith(SAFE_LINK_SCHEMES)
    )


def _actions_of(entries):
    """The action dictionaries these entries hold or are. /S alone means other things
    elsewhere (a transparency group, a page label style), so only these places count."""
    if _name(entries.get("/Type")) == "/Action":
        yield entries
    # In a tagged PDF's structure tree, /A holds layout attributes, not an action.
    places = ["/Next"] if "/K" in entries else ["/A", "/Next"]
    for key in places:
        value = entries.get(key)
        candidates = value if isinstance(value, pikepdf.Array) else [value]
        yield from (item for item in candidates if isinstance(item, pikepdf.Dictionary))

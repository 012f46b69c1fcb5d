"""Every <form> of a page with the stdlib html.parser: method, action, enctype and its fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text | hidden | number | date | month | file | choice | checkbox | textarea
    default: str = ""
    choices: list[str] = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def multipart(self) -> bool:
        return "multipart" in self.enctype or any(f.kind == "file" for f in self.fields.values())


NAME_HINTS = (("date", ("as_of", "due", "tanggal", "date")), ("month", ("month", "bulan", "months")),
              ("number", ("pct", "count", "amount", "income", "budget", "limit", "jumlah", "upah", "iuran")))
SKIP_NAMES = {"csrfmiddlewaretoken"}


def _kind(tag: str, type_: str, name: str) -> str:
    if tag == "select":
        return "choice"
    if tag == "textarea":
        return "textarea"
    type_ = (type_ or "text").lower()
    if type_ in ("radio",):
        return "choice"
    if type_ in ("checkbox", "file", "hidden", "number", "date", "month"):
        return type_
    if type_ in ("submit", "button", "reset", "image"):
        return "submit"
    for kind, hints in NAME_HINTS:
        if any(h in name.lower() for h in hints):
            return kind
    return "text"


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.form = Form(method=(a.get("method") or "get").lower(), action=a.get("action", ""),
                             enctype=a.get("enctype", ""))
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name", "")
        if tag in ("input", "select", "textarea", "button") and name and name not in SKIP_NAMES:
            kind = _kind(tag, a.get("type", "text" if tag != "button" else "submit"), name)
            if kind == "submit":
                f = self.form.fields.setdefault(name, Field(name, "choice"))
                f.choices.append(a.get("value", ""))
                f.default = f.default or a.get("value", "")
                return
            f = self.form.fields.get(name)
            if f is None:
                f = self.form.fields[name] = Field(name, kind, required="required" in a)
            if kind == "choice" and tag == "input":  # radio
                f.choices.append(a.get("value", "on"))
                if "checked" in a or not f.default:
                    f.default = a.get("value", "on")
            elif kind == "checkbox":
                f.default = a.get("value", "on") if "checked" in a else f.default
            elif tag == "input":
                f.default = a.get("value", "")
            if tag == "select":
                self.select = f
            if tag == "textarea":
                self.textarea = f
        elif tag == "option" and self.select is not None:
            self.option = a.get("value")
            if self.option is not None:
                self._option(self.option, "selected" in a)
            else:
                self._pending_selected = "selected" in a

    def _option(self, value, selected):
        s = self.select
        s.choices.append(value)
        if selected or (not s.default and value):
            s.default = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.default += data
        elif self.select is not None and self.option is None and getattr(self, "_pending_selected", None) is not None:
            self._option(data.strip(), self._pending_selected)
            self._pending_selected = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "option":
            self.option = None
            self._pending_selected = None


def forms_of(html: str) -> list[Form]:
    p = _Parser()
    p.feed(html)
    return p.forms

"""Every form of the project, found by walking every page of the authorization matrix as
every role that may open it (tests/core/form_crawl.py), not a chosen list:

- a page has no duplicate ids and every control has a name a screen reader reads out;
- a form posted with one invalid field comes back with everything else as it was entered,
  the error at the field (aria-invalid and its message), and an error summary linking to it.
"""

from collections import defaultdict

from tests.core.form_crawl import controls, pages, post_forms, today, visible_controls
from tests.html_tree import Node, parse
from tests.test_authorization_matrix import world  # noqa: F401  (the fixture)

TEXT = "Proefwaarde zeven"
# The login refuses as a whole ("name or password wrong"), never at a field: at a field it
# would tell whether an account exists. Its error summary is still required.
REFUSED_AS_A_WHOLE = {"/account/inloggen/"}
# At least this many distinct forms are exercised (a guard against a crawl that finds none).
MIN_FORMS = 40


def _accessible_name(control: Node, tree_labels: dict[str, str], ids: dict[str, Node]) -> str:
    for attribute in ("aria-label", "title"):
        if (control.get(attribute) or "").strip():
            return control.get(attribute) or ""
    labelled_by = (control.get("aria-labelledby") or "").split()
    if labelled_by:
        return " ".join(ids[i].text() for i in labelled_by if i in ids).strip()
    if control.get("id") and tree_labels.get(control.get("id") or "", "").strip():
        return tree_labels[control.get("id") or ""]
    for ancestor in control.ancestors():
        if ancestor.tag == "label":
            return ancestor.text().strip()
    return ""


def test_every_page_has_unique_ids_and_every_control_a_name(users, world):  # noqa: F811
    problems = []
    for page, _client in pages(users, world):
        ids: dict[str, Node] = {}
        duplicates = set()
        for node in page.tree.iter():
            if node.get("id"):
                if node.get("id") in ids:
                    duplicates.add(node.get("id"))
                ids[node.get("id") or ""] = node
        if duplicates:
            problems.append(f"{page.role:<12} {page.url}: duplicate ids {sorted(duplicates)}")
        labels: dict[str, str] = defaultdict(str)
        for label in page.tree.iter("label"):
            if label.get("for"):
                labels[label.get("for") or ""] += label.text()
        for form in page.tree.iter("form"):
            for control in visible_controls(form):
                if not _accessible_name(control, labels, ids):
                    problems.append(
                        f"{page.role:<12} {page.url}: <{control.tag} name={control.get('name')}>"
                        " has no accessible name"
                    )
    assert not problems, "\n".join(sorted(set(problems)))


# --- a refused form keeps what was entered ----------------------------------------------


def _options(select: Node) -> list[str]:
    return [o.get("value", o.text().strip()) or "" for o in select.iter("option")]


def _fill(form: Node) -> tuple[dict[str, list[str]], dict[str, list[str]], list[Node]]:
    """(data to post, what must come back per field, controls that can be made invalid)."""
    data: dict[str, list[str]] = defaultdict(list)
    expected: dict[str, list[str]] = {}
    invalidable: list[Node] = []
    radios: dict[str, list[str]] = defaultdict(list)
    for control in controls(form):
        name = control.get("name")
        if not name or "disabled" in control.attrs:
            continue
        kind = (control.get("type") or "text").lower() if control.tag == "input" else control.tag
        if kind in ("submit", "button", "reset", "image", "file"):
            continue
        if kind == "hidden":
            data[name].append(control.get("value") or "")
            continue
        if kind == "radio":
            radios[name].append(control.get("value") or "on")
            continue
        if kind == "checkbox":
            data[name].append(control.get("value") or "on")
            expected.setdefault(name, []).append(control.get("value") or "on")
            continue
        if kind == "select":
            values = [v for v in _options(control) if v]
            if not values:
                continue
            chosen = values[:1] if "multiple" in control.attrs else values[-1:]
            data[name].extend(chosen)
            expected[name] = chosen
            if "multiple" not in control.attrs:
                invalidable.append(control)
            continue
        value = {
            "date": today().isoformat(),
            "time": "10:30",
            "datetime-local": f"{today().isoformat()}T10:30",
            "number": control.get("min") if control.get("min") not in (None, "0") else "3",
            "email": "proef@example.org",
            "url": "https://example.org/",
            "tel": "0612345678",
            "password": "Proef-wachtwoord-123",
        }.get(kind, TEXT)
        if control.get("maxlength") and kind not in ("date", "number"):
            value = value[: int(control.get("maxlength") or 0)]
        data[name].append(value or "")
        if kind != "password":
            expected[name] = [value or ""]
        if kind in ("date", "number") or control.get("maxlength"):
            invalidable.append(control)
    for name, values in radios.items():
        data[name] = values[-1:]
        expected[name] = values[-1:]
    return data, expected, invalidable


def _invalid_value(control: Node) -> str:
    kind = (control.get("type") or "text").lower() if control.tag == "input" else control.tag
    if kind == "select":
        return "999999999"
    if kind == "date":
        return "31-02-geen-datum"
    if kind == "number":
        return "geen getal"
    return "x" * (int(control.get("maxlength") or 0) + 1)


def _values_in(form: Node) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for control in controls(form):
        name = control.get("name") or ""
        kind = (control.get("type") or "text").lower() if control.tag == "input" else control.tag
        if kind in ("radio", "checkbox"):
            if "checked" in control.attrs:
                values[name].append(control.get("value") or "on")
        elif kind == "select":
            values[name].extend(
                o.get("value", o.text().strip()) or ""
                for o in control.iter("option")
                if "selected" in o.attrs
            )
        elif kind == "textarea":
            values[name].append(control.text().strip())
        else:
            values[name].append(control.get("value") or "")
    return values


def _same_form(tree: Node, action: str, names: set[str]) -> Node | None:
    for form in tree.iter("form"):
        if (form.get("action") or "") == action and names <= {
            c.get("name") for c in controls(form)
        }:
            return form
    return None


def _marked(form: Node, tree: Node, control_name: str) -> bool:
    for control in controls(form):
        if control.get("name") != control_name:
            continue
        if control.get("aria-invalid") == "true":
            return True
        if control.get("id") and any(
            n.get("id") == f"{control.get('id')}_error" for n in tree.iter()
        ):
            return True
    return False


def test_every_form_keeps_what_was_entered_and_marks_the_field(users, world):  # noqa: F811
    problems = []
    seen = set()
    for page, client in pages(users, world):
        for form, action in post_forms(page.tree, page.url):
            data, expected, invalidable = _fill(form)
            if not invalidable:
                continue
            target = invalidable[0]
            name = target.get("name") or ""
            key = (page.name, action.split("?")[0], name)
            if key in seen:
                continue
            seen.add(key)
            data[name] = [_invalid_value(target)]
            response = client.post(action, data, follow=True)
            where = f"{page.role:<12} {page.url} → {action} ({name} invalid)"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            tree = parse(response.content.decode())
            again = _same_form(tree, form.get("action") or "", set(expected) | {name})
            if again is None:
                problems.append(f"{where}: the form is not shown again after the refusal")
                continue
            if not _marked(again, tree, name) and action not in REFUSED_AS_A_WHOLE:
                problems.append(f"{where}: no error at the field")
            if not any(n.get("data-error-summary") is not None for n in again.iter()) and not any(
                n.get("data-error-summary") is not None for n in tree.iter()
            ):
                problems.append(f"{where}: no error summary")
            kept = _values_in(again)
            for field, values in expected.items():
                if field == name:
                    continue
                if sorted(kept.get(field, [])) != sorted(values):
                    problems.append(
                        f"{where}: {field} came back as {kept.get(field)}, entered {values}"
                    )
    assert not problems, "\n".join(problems)
    assert len(seen) >= MIN_FORMS, f"only {len(seen)} forms were exercised"


# --- nothing destructive or backward is preselected (issue 11, item 7) ----------------------

# Choices that undo, refuse or stop: a form may show them, never choose them by itself. A
# select without a `selected` option chooses its first option, so that counts too.
RISKY_VALUES = {"rejected", "stopped", "idea", "withdrawn", "delete", "deleted", "closed"}


def test_no_form_preselects_a_destructive_or_backward_choice(users, world):  # noqa: F811
    problems = set()
    for page, _client in pages(users, world):
        for form, action in post_forms(page.tree, page.url):
            for select in form.iter("select"):
                options = list(select.iter("option"))
                if not options or "multiple" in select.attrs:
                    continue
                explicit = [o for o in options if "selected" in o.attrs]
                if explicit:
                    continue  # the current state, shown as it is
                first = options[0].get("value", options[0].text().strip())
                if first in RISKY_VALUES:
                    problems.add(f"{page.url} → {action}: {select.get('name')} starts at {first}")
            for name in {r.get("name") for r in form.iter("input") if r.get("type") == "radio"}:
                checked = [
                    r.get("value")
                    for r in form.iter("input")
                    if r.get("name") == name and "checked" in r.attrs
                ]
                if set(checked) & RISKY_VALUES:
                    problems.add(f"{page.url} → {action}: {name} starts at {checked}")
    assert not problems, "\n".join(sorted(problems))

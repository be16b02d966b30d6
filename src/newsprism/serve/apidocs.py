"""``/api/v1/docs``: the OpenAPI description rendered as a plain page.

Swagger UI and ReDoc load their scripts from a CDN and run inline code; this page needs neither and keeps
the Content-Security-Policy strict. The machine-readable schema is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from newsprism.serve.pages import render

router = APIRouter(include_in_schema=False)
CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`")


def prose(text: str) -> Markup:
    """A description as HTML: the docstrings mark code with backticks, shown as ``<code>`` (escaped first)."""
    return Markup(CODE_SPAN.sub(lambda m: f"<code>{m[1] or m[2]}</code>", str(escape(text))))


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("format") or schema.get("type") or "any")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the schema with its parameters, body and answers, in path order."""
    found = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": prose(op.get("description") or op.get("summary", "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": prose(
                                p.get("description") or p.get("schema", {}).get("description", "")
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": [
                        {"media": media, "type": _type(content.get("schema", {}))}
                        for media, content in body.items()
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": prose(answer.get("description", "")),
                            "type": ", ".join(
                                _type(c.get("schema", {})) for c in answer.get("content", {}).values()
                            ),
                        }
                        for status, answer in op.get("responses", {}).items()
                    ],
                }
            )
    return found


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    schemas = {
        name: [
            {"name": field, "type": _type(prop), "description": prose(prop.get("description", ""))}
            for field, prop in schema.get("properties", {}).items()
        ]
        for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items())
    }
    info = {**spec["info"], "summary": prose(spec["info"].get("summary", ""))}
    context = {"operations": operations(spec), "schemas": schemas, "info": info}
    return HTMLResponse(render(request, "api_docs.html", context))

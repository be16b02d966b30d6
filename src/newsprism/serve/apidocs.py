"""``/api/v1/docs``: the OpenAPI description rendered as a plain page.

Swagger UI and ReDoc load their scripts from a CDN and run inline code; this page needs neither and keeps
the Content-Security-Policy strict. The machine-readable schema is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsprism.serve.pages import render

router = APIRouter(include_in_schema=False)


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
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
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
                            "description": answer.get("description", ""),
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
            {"name": field, "type": _type(prop), "description": prop.get("description", "")}
            for field, prop in schema.get("properties", {}).items()
        ]
        for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items())
    }
    return HTMLResponse(
        render(
            request,
            "api_docs.html",
            {"operations": operations(spec), "schemas": schemas, "info": spec["info"]},
        )
    )

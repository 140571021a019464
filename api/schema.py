"""The OpenAPI schema says how the API refuses: every operation's 4XX answers are RFC
9457 problem documents (SCIM's are SCIM error documents), so a client, and schemathesis
in the tests, can check them like any other answer."""

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "properties": {
                "field": {"type": "string"}, "message": {"type": "string"},
                "row": {"type": "integer"}, "column": {"type": "string"}}}},
    },
}
SCIM_ERROR = {
    "type": "object",
    "required": ["schemas", "status", "detail"],
    "properties": {
        "schemas": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string"}, "scimType": {"type": "string"},
        "detail": {"type": "string"},
    },
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM
    components["ScimError"] = SCIM_ERROR
    for path, item in result.get("paths", {}).items():
        scim = path.startswith("/scim/")
        media = "application/scim+json" if scim else "application/problem+json"
        ref = {"$ref": f"#/components/schemas/{'ScimError' if scim else 'Problem'}"}
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("4XX", {
                    "description": "Refused: SCIM error" if scim else "Refused: problem details",
                    "content": {media: {"schema": ref}},
                })
    return result

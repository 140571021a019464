"""Writing a checked organisation file (talent/org_import.py plans it; this applies the
plan, in bulk, inside the caller's transaction): departments and positions first, as a
tree, parents before children, then employees, then their logins (talent/accounts.py).
"""

from django.db import connection

from . import accounts
from .models import Department, Employee, Position

BATCH_SIZE = 1000
# The fields of an employee and a position that an organisation file sets.
EMPLOYEE_FIELDS = ["name", "email", "department", "position", "manager", "active", "hire_date"]
POSITION_FIELDS = ["title", "function", "need_execution", "need_compression"]


def position_fields(plan):
    """The position's fields this file sets: the Chinese title only with its column."""
    if "position_title_zh" in plan.optional_columns:
        return [*POSITION_FIELDS, "title_zh"]
    return POSITION_FIELDS

def apply(plan):
    """Write a checked plan (org_import.ImportPlan), inside the caller's transaction."""
    department_ids = _write_departments(plan)
    position_ids = _write_positions(plan, department_ids)
    _write_employees(plan, department_ids, position_ids)


def _create_in_layers(new, parent_of, make, known_ids):
    """bulk_create rows that point at each other (a tree), parents first.

    Each layer's ids are known once it is created, so children are created with their
    parent already set: no second pass of updates. `known_ids` maps keys to ids and is
    extended with the new rows.
    """
    pending = dict(new)
    while pending:
        layer = [key for key in pending if parent_of(pending[key]) not in pending]
        if not layer:  # a loop: planning refuses those, so this is a bug, not bad input
            raise RuntimeError(f"Loop among new rows: {sorted(pending)[:5]}")
        objects = [make(key, pending[key], known_ids) for key in layer]
        created = type(objects[0]).objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if any(obj.pk is None for obj in created):  # a backend that returns no ids
            key_field = _key_field(type(objects[0]))
            known_ids.update(type(objects[0]).objects.filter(
                **{f"{key_field}__in": layer}).values_list(key_field, "pk"))
        else:
            known_ids.update(zip(layer, (obj.pk for obj in created), strict=True))
        for key in layer:
            del pending[key]


def _key_field(model):
    return "employee_id" if model is Employee else "code"


def _write_departments(plan):
    ids = dict(Department.objects.values_list("code", "pk"))

    def make(code, values, ids):
        return Department(code=code, name=values["name"], name_zh=values.get("name_zh", ""),
                          parent_id=ids.get(values["parent"]))

    _create_in_layers(plan.new_departments, lambda values: values["parent"], make, ids)
    if "department_name_zh" in plan.optional_columns:
        _update_rows(Department, ["name", "parent", "name_zh"], [
            (ids[code], values["name"], ids.get(values["parent"]), values["name_zh"])
            for code, values in plan.changed_departments.items()
        ])
    else:
        _update_rows(Department, ["name", "parent"], [
            (ids[code], values["name"], ids.get(values["parent"]))
            for code, values in plan.changed_departments.items()
        ])
    return ids


def _write_positions(plan, department_ids):
    fields = position_fields(plan)
    Position.objects.bulk_create(
        [Position(code=code, department_id=department_ids[values["department"]],
                  **{name: values[name] for name in fields})
         for code, values in plan.new_positions.items()],
        batch_size=BATCH_SIZE,
    )
    ids = dict(Position.objects.values_list("code", "pk"))
    _update_rows(Position, fields, [
        (ids[code], *(values[name] for name in fields))
        for code, values in plan.changed_positions.items()
    ])
    return ids


def _write_employees(plan, department_ids, position_ids):
    current = {employee_id: (pk, active) for employee_id, pk, active
               in Employee.objects.values_list("employee_id", "pk", "active")}
    ids = {employee_id: pk for employee_id, (pk, _active) in current.items()}

    def make(employee_id, values, ids):
        return Employee(employee_id=employee_id, **_employee_fields(values, department_ids,
                                                                    position_ids, ids))

    _create_in_layers(plan.new_employees, lambda values: values["manager"], make, ids)
    _update_rows(Employee, EMPLOYEE_FIELDS, [
        (ids[employee_id],
         *_employee_fields(values, department_ids, position_ids, ids).values())
        for employee_id, values in plan.changed_employees.items()
    ])
    _update_logins(plan, current, ids)


def _update_logins(plan, current, ids):
    """Leavers lose their login and sessions, returners get them back, and new people
    get a login (talent/accounts.py owns all three), in the import's transaction."""
    leavers, returners = [], []
    for employee_id, values in plan.changed_employees.items():
        pk, was_active = current[employee_id]
        if was_active and not values["active"]:
            leavers.append(pk)
        elif values["active"] and not was_active:
            returners.append(pk)
    # The rows already say active or not; this brings the logins and sessions in line.
    accounts.set_employees_active(leavers, False)
    accounts.set_employees_active(returners, True)
    plan.deactivated, plan.reactivated = len(leavers), len(returners)
    candidates = [ids[employee_id] for employee_id, values in plan.new_employees.items()
                  if values["active"] and values["email"]]
    candidates += [ids[employee_id] for employee_id, values in plan.changed_employees.items()
                   if values["active"] and values["email"]]
    plan.provisioned_user_ids = [user.pk for user in accounts.provision_logins(candidates)]
    accounts.follow_email_changes([ids[employee_id] for employee_id, values
                                   in plan.changed_employees.items() if values["email"]])


def _update_rows(model, field_names, rows):
    """Update many rows by primary key: one prepared UPDATE, executed for each row.

    Not `bulk_update`: building its CASE WHEN expressions took 7.7 s for 10,000 rows on
    PostgreSQL; this executemany, pipelined by psycopg, takes 5 s for 100,000.
    Each row is (pk, value for each field, in order); values are prepared by the fields.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 (names from _meta)
           f"WHERE {quote(model._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [
                (*(f.get_db_prep_save(value, connection) for f, value in zip(fields, row[1:],
                                                                           strict=True)),
                 row[0])
                for row in rows[start:start + BATCH_SIZE]
            ])


def _employee_fields(values, department_ids, position_ids, employee_ids):
    return {
        "name": values["name"],
        "email": values["email"],
        "department_id": department_ids[values["department"]],
        "position_id": position_ids.get(values["position"]),
        "manager_id": employee_ids.get(values["manager"]),
        "active": values["active"],
        "hire_date": values["hire_date"],
    }

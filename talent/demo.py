"""Demo organisation for `seed_demo`: deterministic, idempotent, fast."""

import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from . import stamps
from .models import Department, Employee, Position, User
from .roles import BANK_ADMIN_GROUP, HR_GROUP

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (printed in the README; demo only)

# (code, name, Chinese name, parent code)
DEPARTMENTS = [
    ("HQ", "Head office", "总部", None),
    ("OPS", "Operations", "运营部", "HQ"),
    ("UW", "Underwriting", "核保部", "OPS"),
    ("CLM", "Claims", "理赔部", "OPS"),
    ("DLV", "Delivery", "交付部", "OPS"),
    ("INV", "Investment", "投资部", "HQ"),
    ("CAP", "Capital allocation", "资本配置部", "INV"),
    ("RES", "Research", "研究部", "INV"),
    ("STR", "Strategy and brand", "战略与品牌部", "HQ"),
    ("FIN", "Finance", "财务部", "HQ"),
    ("PPL", "People", "人力资源部", "HQ"),
]

# (code, title, Chinese title, department, function, need execution, need compression)
POSITIONS = [
    ("UW-ANL", "Underwriting analyst", "核保分析师", "UW", "operations", 3, 1),
    ("UW-LEAD", "Head of underwriting", "核保负责人", "UW", "operations", 3, 2),
    ("CLM-HND", "Claims handler", "理赔专员", "CLM", "operations", 3, 1),
    ("DLV-ENG", "Delivery engineer", "交付工程师", "DLV", "operations", 3, 1),
    ("DLV-LEAD", "Delivery lead", "交付负责人", "DLV", "operations", 3, 2),
    ("CAP-MGR", "Portfolio manager", "投资组合经理", "CAP", "capital_allocation", 2, 3),
    ("RES-ANL", "Research analyst", "研究分析师", "RES", "capital_allocation", 2, 3),
    ("STR-LEAD", "Strategy lead", "战略负责人", "STR", "both", 2, 3),
    ("BRAND", "Brand manager", "品牌经理", "STR", "capital_allocation", 1, 3),
    ("FIN-ACC", "Accountant", "会计", "FIN", "operations", 3, 1),
    ("FIN-CTRL", "Financial controller", "财务总监", "FIN", "both", 3, 2),
    ("PPL-HRBP", "HR business partner", "人力资源业务伙伴", "PPL", "operations", 2, 2),
]

SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
            "Smith", "Jones", "Taylor", "Brown", "Garcia", "Müller", "Rossi", "Kim", "Sato"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Hao", "Xin", "Ying", "Tao",
         "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas"]

# The cast of named demo logins, one per role (README lists them).
ROLE_USERS = {
    "employee": ("E00001", None),
    "employee2": ("E00002", None),
    "manager": ("E00003", None),
    "hr": ("E00004", HR_GROUP),
    "bankadmin": ("E00005", BANK_ADMIN_GROUP),
    "admin": (None, None),
}


@transaction.atomic
def seed_organisation(n_employees=300, seed=2026):
    rng = random.Random(seed)
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 300 times takes minutes
    hr_group, _ = Group.objects.get_or_create(name=HR_GROUP)
    bank_group, _ = Group.objects.get_or_create(name=BANK_ADMIN_GROUP)

    departments = {}
    for code, name, name_zh, parent in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_zh": name_zh, "parent": departments.get(parent)},
        )
    positions = {}
    for code, title, title_zh, dept, function, need_exe, need_cmp in POSITIONS:
        positions[code], _ = Position.objects.update_or_create(
            code=code,
            defaults={"title": title, "title_zh": title_zh, "department": departments[dept],
                      "function": function,
                      "need_execution": need_exe, "need_compression": need_cmp},
        )

    position_list = list(positions.values())
    existing = set(Employee.objects.values_list("employee_id", flat=True))
    users = {u.username: u for u in User.objects.all()}
    new_users, new_employees = [], []
    for i in range(1, n_employees + 1):
        employee_id = f"E{i:05d}"
        position = rng.choice(position_list)
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        if employee_id in existing:
            continue
        username = employee_id.lower()
        if username not in users:
            users[username] = User(username=username, password=password,
                                   first_name=name.split()[0], last_name=name.split()[1])
            new_users.append(users[username])
        new_employees.append(Employee(
            employee_id=employee_id, name=name, email=f"{username}@example.com",
            department_id=position.department_id, position=position,
            hire_date=None,
        ))
    User.objects.bulk_create(new_users)
    users = {u.username: u for u in User.objects.all()}
    for employee in new_employees:
        employee.user = users[employee.employee_id.lower()]
    Employee.objects.bulk_create(new_employees)

    # Managers: the first employee of each department heads it and manages its people.
    heads = {}
    for dept in departments.values():
        first = Employee.objects.filter(department=dept).order_by("employee_id").first()
        heads[dept.code] = first
    manager_employee = Employee.objects.get(employee_id=ROLE_USERS["manager"][0])
    heads["UW"] = manager_employee
    if manager_employee.department_id != departments["UW"].pk:
        manager_employee.department = departments["UW"]
        manager_employee.position = positions["UW-LEAD"]
        manager_employee.save(update_fields=["department", "position"])
    for code, head in heads.items():
        if head is not None and departments[code].head_id != head.pk:
            departments[code].head = head
            departments[code].save(update_fields=["head"])
    for employee in Employee.objects.filter(manager__isnull=True).select_related("department"):
        head = heads.get(employee.department.code)
        if head is not None and head.pk != employee.pk:
            employee.manager = head
            employee.save(update_fields=["manager"])

    # The named cast: plain employees must not head anything.
    for username in ("employee", "employee2"):
        emp = Employee.objects.get(employee_id=ROLE_USERS[username][0])
        Department.objects.filter(head=emp).update(head=manager_employee)

    for username, (employee_id, group) in ROLE_USERS.items():
        user = users.get(username) or User.objects.create(username=username, password=password)
        if username == "admin":
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
            continue
        if group:
            user.is_staff = True  # the Django admin is where HR and bank admins work
            user.save(update_fields=["is_staff"])
            user.groups.add(hr_group if group == HR_GROUP else bank_group)
        employee = Employee.objects.get(employee_id=employee_id)
        user.first_name, _, user.last_name = employee.name.partition(" ")
        user.save(update_fields=["first_name", "last_name"])
        if employee.user_id != user.pk:
            old = employee.user
            employee.user = user
            employee.save(update_fields=["user"])
            if old is not None and old.username != username:
                old.delete()
    # Staff roles are not department heads in the demo, so each role is seen on its own.
    for username in ("hr", "bankadmin"):
        Department.objects.filter(head__user__username=username).update(head=manager_employee)
    stamps.bump(stamps.ORGANISATION)  # bulk writes send no signals
    return {"departments": len(departments), "positions": len(positions),
            "employees": Employee.objects.count()}

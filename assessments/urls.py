

app_name = "assessments"

urlpatterns: list = [
    # Bank preview, campaigns, scoring progress, item analysis are added here.
]

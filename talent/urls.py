

app_name = "talent"

urlpatterns: list = [
    # Organisation pages (import upload etc.) are added here.
]

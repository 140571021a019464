from django.conf import settings
from django.urls import path

from .views import (
    access,
    answering,
    bank_editor,
    banks,
    campaigns,
    dashboards,
    evidence,
    my_data,
    people,
    report,
    reviews,
    trend,
)

app_name = "assessments"

urlpatterns = [
    path("banks/<int:version_id>/preview/", banks.preview, name="bank_preview"),
    # The bank editor for question-bank admins (views/bank_editor.py).
    path("banks/", bank_editor.bank_list, name="bank_list"),
    path("banks/<int:version_id>/", bank_editor.version_page, name="bank_version"),
    path("banks/<int:version_id>/new-draft/", bank_editor.start_draft,
         name="bank_start_draft"),
    path("banks/<int:version_id>/changes/", bank_editor.version_changes,
         name="bank_changes"),
    path("banks/<int:version_id>/checks/", bank_editor.publish_checks, name="bank_checks"),
    path("banks/<int:version_id>/publish/", bank_editor.publish, name="bank_publish"),
    path("banks/<int:version_id>/items/<int:item_id>/", bank_editor.item_row,
         name="bank_item"),
    path("banks/<int:version_id>/items/<int:item_id>/edit/", bank_editor.item_edit,
         name="bank_item_edit"),
    path("banks/<int:version_id>/items/<int:item_id>/save/", bank_editor.item_save,
         name="bank_item_save"),
    path("banks/<int:version_id>/items/<int:item_id>/move/", bank_editor.item_move,
         name="bank_item_move"),
    path("banks/<int:version_id>/pairs/", bank_editor.pair_add, name="bank_pair_add"),
    path("banks/<int:version_id>/pairs/<int:pair_id>/remove/", bank_editor.pair_remove,
         name="bank_pair_remove"),
    path("banks/<int:version_id>/export.json", banks.export, name="bank_export"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/audience-preview/", campaigns.audience_preview, name="audience_preview"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("norm-groups/<int:pk>/", campaigns.norm_group_detail, name="norm_group"),
    path("campaigns/<int:pk>/score/", campaigns.score_campaign, name="score_campaign"),
    path("campaigns/<int:pk>/runs/<int:run_id>/", campaigns.run_progress, name="run_progress"),
    path("campaigns/<int:pk>/item-analysis/", campaigns.item_analysis, name="item_analysis"),
    path("campaigns/<int:pk>/launch/", campaigns.launch_campaign, name="launch_campaign"),
    path("campaigns/<int:pk>/close/", campaigns.close_campaign, name="close_campaign"),
    path("campaigns/<int:pk>/remind/", campaigns.remind_campaign, name="remind_campaign"),
    path("campaigns/<int:pk>/invite/", campaigns.invite_campaign, name="invite_campaign"),
    path("campaigns/<int:pk>/share/", campaigns.share_campaign, name="share_campaign"),
    path("campaigns/<int:pk>/dashboard/", dashboards.campaign_dashboard,
         name="campaign_dashboard"),
    path("campaigns/<int:pk>/dashboard/units/", trend.unit_trend, name="unit_trend"),
    path("campaigns/<int:pk>/retest/<int:other>/", evidence.retest, name="retest"),
    # Evidence that the labels mean something (views/evidence.py): HR only.
    path("evidence/", evidence.evidence_index, name="evidence"),
    path("evidence/criteria/<int:pk>/", evidence.criterion_evidence, name="criterion_evidence"),
    path("evidence/outcomes/import/", evidence.import_outcomes, name="import_outcomes"),
    path("evidence/outcomes/import/confirm/", evidence.confirm_outcome_import,
         name="confirm_outcome_import"),
    path("my-units/", dashboards.manager_dashboard, name="manager_dashboard"),
    path("campaigns/<int:pk>/assignments/", campaigns.assignment_list, name="assignment_list"),
    path("people/", people.people_list, name="people"),
    path("people/export.csv", people.people_export, {"fmt": "csv"}, name="people_export_csv"),
    path("people/export.xlsx", people.people_export, {"fmt": "xlsx"},
         name="people_export_xlsx"),
    path("people/exports/<int:pk>/", people.export_progress, name="export_progress"),
    path("people/exports/<int:pk>/download/", people.export_download, name="export_download"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/erase/", people.erase_person, name="erase_person"),
    path("have-need/", people.have_need_index, name="have_need"),
    path("have-need/positions/<int:pk>/", people.position_have_need, name="position_have_need"),
    path("two-functions/", people.two_functions, name="two_functions"),
    path("assignments/<int:pk>/", answering.assignment_entry, name="assignment"),
    path("assignments/<int:pk>/notice/", answering.notice, name="assignment_notice"),
    path("assignments/<int:pk>/page/<int:number>/", answering.page, name="assignment_page"),
    path("assignments/<int:pk>/autosave/", answering.autosave, name="assignment_autosave"),
    path("assignments/<int:pk>/submit/", answering.submit, name="assignment_submit"),
    path("assignments/<int:pk>/submitted/", answering.submitted,
         name="assignment_submitted"),
    path("assignments/<int:pk>/report/", report.my_report, name="my_report"),
    path("assignments/<int:pk>/report/contest/", report.contest, name="contest_result"),
    # HR's review of results (views/reviews.py).
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/bulk/", reviews.bulk_preview, name="review_bulk_preview"),
    path("reviews/bulk/confirm/", reviews.bulk_confirm, name="review_bulk_confirm"),
    path("reviews/results/<int:pk>/", reviews.review_result, name="review_result"),
    path("reviews/results/<int:pk>/decide/", reviews.decide, name="review_decide"),
    # The person's own data (views/my_data.py): no id, always the logged-in person's.
    # The access trail (views/access.py): the privacy officer.
    path("access-records/", access.access_records, name="access_records"),
    path("access-records.csv", access.access_records_csv, name="access_records_csv"),
    path("me/data.json", my_data.my_data_json, name="my_data_json"),
    path("me/data.csv", my_data.my_data_csv, name="my_data_csv"),
]

if settings.ANSWERS_BENCH_VIEW:
    # scripts/bench_answers.py's baseline: off unless the benchmark's server turns it on.
    from .views import bench

    urlpatterns.append(path("bench/bare/<int:pk>/", bench.bare, name="bench_bare"))

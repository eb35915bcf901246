from django.urls import path

from . import paper_views, views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("petitions/new", views.petition_create, name="petition_create"),
    path("petitions/<int:petition_id>", views.petition_detail, name="petition"),
    path("petitions/<int:petition_id>/edit", views.petition_edit, name="petition_edit"),
    path("petitions/<int:petition_id>/open", views.petition_open, name="petition_open"),
    path("petitions/<int:petition_id>/close", views.petition_close, name="petition_close"),
    path("petitions/<int:petition_id>/closing-date", views.petition_closing_date, name="petition_closing_date"),
    path("petitions/<int:petition_id>/signatures.csv", views.petition_export, name="petition_export"),
    path("petitions/<int:petition_id>/breakdowns", views.petition_breakdowns, name="petition_breakdowns"),
    path(
        "petitions/<int:petition_id>/breakdowns/<str:dimension>.csv",
        views.petition_breakdown_csv,
        name="petition_breakdown_csv",
    ),
    path("petitions/<int:petition_id>/paper", paper_views.petition_paper, name="petition_paper"),
    path("petitions/<int:petition_id>/paper/log-request", paper_views.pack_log, name="paper_pack_log"),
    path("petitions/<int:petition_id>/paper/print", paper_views.packs_print, name="paper_print"),
    path("petitions/<int:petition_id>/paper/tell-closing-date", paper_views.packs_tell, name="paper_tell"),
    path(
        "petitions/<int:petition_id>/paper/closing-date-letters.pdf",
        paper_views.closing_date_letters,
        name="paper_closing_date_letters",
    ),
    path("petitions/<int:petition_id>/paper/chasers.csv", paper_views.chasers_csv, name="paper_chasers"),
    path("petitions/<int:petition_id>/paper/review", paper_views.review_queue, name="paper_review"),
    path("petitions/<int:petition_id>/paper/review/<int:row_id>", paper_views.review_decide, name="paper_decide"),
    path(
        "petitions/<int:petition_id>/paper/batches/<int:batch_id>/packs.pdf",
        paper_views.batch_pdf,
        name="paper_batch_pdf",
    ),
    path(
        "petitions/<int:petition_id>/paper/batches/<int:batch_id>/labels.pdf",
        paper_views.batch_labels,
        name="paper_batch_labels",
    ),
    path("petitions/<int:petition_id>/paper/packs/<int:pack_id>.pdf", paper_views.pack_pdf_view, name="paper_pack_pdf"),
    path("petitions/<int:petition_id>/paper/packs/<int:pack_id>/move", paper_views.pack_move, name="paper_pack_move"),
    path("paper/", paper_views.key_home, name="paper_key"),
    path("paper/sheets/<str:code>", paper_views.sheet_key, name="paper_sheet"),
    path("paper/sheets/<str:code>/rows/<int:number>", paper_views.sheet_row, name="paper_row"),
    path("paper/sheets/<str:code>/tally", paper_views.sheet_tally, name="paper_tally"),
    path("paper/sheets/<str:code>/second-keying", paper_views.sheet_second_keying, name="paper_second_keying"),
    path("paper/sheets/<str:code>/compare", paper_views.sheet_compare, name="paper_compare"),
]

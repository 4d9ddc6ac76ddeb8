from django.urls import path

from permanence.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("callbacks/", views.call_backs, name="call_backs"),
    path("my-day/", views.my_day, name="my_day"),
    path("sessions/<int:session_id>/", views.board, name="board"),
    path("sessions/<int:session_id>/arrivals/", views.arrival_add, name="arrival_add"),
    path(
        "sessions/<int:session_id>/appointments/<uuid:appointment_id>/arrived/",
        views.appointment_arrived,
        name="appointment_arrived",
    ),
    path("sessions/<int:session_id>/summary/", views.summary, name="summary"),
    path("sessions/<int:session_id>/close/", views.session_close, name="close"),
    path("sessions/<int:session_id>/rota/", views.rota, name="rota"),
    path(
        "sessions/<int:session_id>/rota/<int:slot_id>/withdraw/",
        views.rota_withdraw,
        name="rota_withdraw",
    ),
    path("arrivals/<uuid:arrival_id>/take/", views.arrival_take, name="take"),
    path("arrivals/<uuid:arrival_id>/status/", views.arrival_move, name="move"),
    path("arrivals/<uuid:arrival_id>/link/", views.arrival_link, name="link"),
    path("arrivals/<uuid:arrival_id>/called-back/", views.arrival_called_back, name="called_back"),
]

from io import StringIO
from django.core.management import call_command, CommandError
from permanence.directory.tests.test_data_inclusion import write, v1_structure, v1_service, V0_STRUCTURE, V0_SERVICE

def test_peek(db, tmp_path):
    bad = v1_service(id="abc", code_insee="99999")
    path = write(tmp_path, {"structures": [v1_structure(latitude=50.1, longitude=None)], "services": [v1_service(), bad]})
    out, err = StringIO(), StringIO()
    try:
        call_command("import_data_inclusion", path, stdout=out, stderr=err)
    except CommandError as e:
        print("CommandError:", e)
    print(out.getvalue()); print(err.getvalue())
    out = StringIO()
    call_command("import_data_inclusion", path, "--skip-invalid", stdout=out, stderr=err)
    print(out.getvalue())
    path = write(tmp_path, [V0_STRUCTURE, V0_SERVICE], "v0.json")
    out = StringIO()
    call_command("import_data_inclusion", path, stdout=out, stderr=err)
    print(out.getvalue())
    from permanence.directory.models import Desk
    d = Desk.objects.get(slug="di-soliguide-svc-9")
    print(d.summary, "|", d.description, "|", d.how_to_come, d.topics, d.category)

"""Models exercising the encrypted fields and storage in tests only."""

from django.db import models

from permanence.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from permanence.core.storage import get_private_storage


class Person(models.Model):
    name = EncryptedTextField()
    notes = EncryptedTextField(blank=True, null=True)
    birth_date = EncryptedDateField(blank=True, null=True)
    spellings = EncryptedJSONField(default=list, blank=True)
    name_index = models.CharField(max_length=32, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Person #{self.pk}"


class Document(models.Model):
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE)
    title = EncryptedTextField(purpose="core_testapp.document.display_name")
    file = models.FileField(storage=get_private_storage)

    def __str__(self) -> str:
        return f"Document #{self.pk}"

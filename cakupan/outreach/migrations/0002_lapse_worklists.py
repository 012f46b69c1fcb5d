"""Lapse follow-up as work (issue 15, part 5): a worklist kind (enrol | lapse), the reason and
lapse month of a lapse worklist's items, and the outcome 'membayar' (the member paid)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='worklist',
            name='kind',
            field=models.CharField(choices=[('enrol', 'Pendaftaran'), ('lapse', 'Tindak lanjut nonaktif')], default='enrol', max_length=8),
        ),
        migrations.AddField(
            model_name='worklistitem',
            name='lapse_month',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='worklistitem',
            name='reason',
            field=models.CharField(blank=True, choices=[('akan_nonaktif', 'Akan nonaktif'), ('baru_nonaktif', 'Baru nonaktif')], default='', max_length=16),
        ),
        migrations.AlterField(
            model_name='worklistitem',
            name='outcome',
            field=models.CharField(blank=True, choices=[('dihubungi', 'Dihubungi'), ('terdaftar', 'Terdaftar'), ('menolak', 'Menolak'), ('tidak ditemukan', 'Tidak ditemukan'), ('pindah', 'Pindah'), ('meninggal', 'Meninggal'), ('membayar', 'Membayar')], default='', max_length=16),
        ),
        migrations.AddConstraint(
            model_name='worklist',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['enrol', 'lapse'])), name='worklist_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='worklistitem',
            constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['', 'akan_nonaktif', 'baru_nonaktif'])), name='worklist_item_reason_known'),
        ),
    ]

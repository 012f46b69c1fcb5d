"""Reports' writes: the monthly report's recipients and its sending (with the archive record).

    recipient_add(area_code="34.02", email="bupati@bantulkab.go.id", name="Bupati")
    recipient_remove(recipient_id=3)
    monthly_report_send(run=run)              the kabupaten and every area with recipients
    monthly_reports_send_due()                what the daily timer runs (cakupan report send-monthly)
"""
from .recipients import recipient_add, recipient_remove
from .sending import SendResult, monthly_report_send, monthly_reports_send_due

__all__ = ["SendResult", "monthly_report_send", "monthly_reports_send_due", "recipient_add", "recipient_remove"]

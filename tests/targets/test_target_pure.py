import subprocess
import sys


def test_math_modules_import_no_django():
    code = ("import sys; import cakupan.targets.forecast, cakupan.targets.backtest, "
            "cakupan.targets.allocation, cakupan.targets.tracking; "
            "print('django' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

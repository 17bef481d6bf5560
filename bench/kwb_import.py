"""One KWB import, timed, in a process of its own (bench.meten.meet_kwb measures its memory).

    python -m bench.kwb_import GM7001 kwb.csv 2016

Prints the seconds the import took, the number of figures written and the process's peak
memory in MB (VmHWM: this program's own, not what a fork carried over from its parent). The
figures are removed again afterwards, so that every run imports the same file into the same
state.
"""

import sys
import time

import django


def main(cbs: str, pad: str, jaar: int) -> None:
    django.setup()
    from analyses.importers import importeer
    from analyses.models import Bevolkingscijfer, Huishoudens
    from woonzorg.models import Gemeente

    gemeente = Gemeente.objects.get(cbs_code=cbs)
    with open(pad, "rb") as bestand:
        begin = time.perf_counter()
        plan = importeer(bestand, pad, gemeente=gemeente, jaar=jaar, bron="Bench")
        seconden = time.perf_counter() - begin
    if not plan.geldig:
        sys.exit("\n".join(str(fout) for fout in plan.fouten[:20]))
    for model in (Bevolkingscijfer, Huishoudens):
        model.objects.filter(gebied__gemeente=gemeente, jaar=jaar).delete()
    print(seconden, plan.nieuw + plan.gewijzigd, piek_mb())


def piek_mb() -> float:
    with open("/proc/self/status") as status:
        regel = next(r for r in status if r.startswith("VmHWM:"))
    return int(regel.split()[1]) / 1024  # kB


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
